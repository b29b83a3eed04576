"""Facts as the next build checks them: what a fact (generator.tracking) reads in the briefing
now, stored as JSON between builds, and the fingerprints that tell whether it changed.

A fact from a damaged cache can do nothing worse than read as changed: only public fields and
methods are ever read, and a read that fails is a value of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from generator.tracking import Fact


class Unfingerprintable(Exception):
    """A value with no reliable fingerprint."""


def fact_to_json(fact: Fact) -> list[Any]:
    return [["c", step[1], list(step[2])] if step[0] == "c" else [step[0], list(step[1])] if step[0] in ("f", "g")
            else list(step) for step in fact]


def fact_from_json(value: Any) -> Fact:
    """A fact as stored by fact_to_json. No need to check it further: a fact that is not one
    only ever reads as changed (see fact_value)."""
    return tuple(("c", step[1], tuple(step[2])) if step[0] == "c"
                 else (step[0], tuple(step[1])) if step[0] in ("f", "g") else tuple(step) for step in value)


_MISSING = object()


def fact_value(briefing: Any, fact: Fact) -> Any:
    """What ``fact`` reads in ``briefing`` now. Only public fields and methods are ever read, so a
    fact from a damaged cache can do nothing worse than read as changed."""
    value = briefing
    for step in fact:
        kind = step[0]
        if kind == "a":
            value = getattr(value, _public(step[1]))
        elif kind == "c":
            if value is not briefing:
                raise Unfingerprintable("a call of something other than the briefing's methods")
            value = getattr(value, _public(step[1]))(*step[2])
        elif kind == "i":
            value = value[step[1]]
        elif kind == "k":
            value = value.get(step[1], _MISSING) if isinstance(value, Mapping) else _MISSING
        elif kind == "s":
            value = value[step[1]:step[2]:step[3]]
        elif kind == "n":
            value = len(value)
        elif kind == "f":
            value = tuple(getattr(value, _public(name)) for name in step[1])
        elif kind == "g":
            value = tuple(value.get(key, _MISSING) for key in step[1]) if isinstance(value, Mapping) else _MISSING
        elif kind == "t":
            value = _type_name(type(value)).decode()
        else:
            raise Unfingerprintable("a read that cannot be replayed")
    return value


def _public(name: Any) -> str:
    if not isinstance(name, str) or name.startswith("_"):
        raise Unfingerprintable("not a public name")
    return name


class Fingerprints:
    """Fingerprints of values, each frozen object (an article, an actor, a picture) hashed once."""

    def __init__(self) -> None:
        self._objects: dict[int, tuple[Any, bytes]] = {}  # id -> (the object, kept alive; its digest)
        self._facts: dict[Fact, str | None] = {}

    def of(self, value: Any) -> str:
        if type(value) is str:
            return hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=16, person=b"s").hexdigest()
        digest = hashlib.blake2b(digest_size=16)
        self._feed(digest, value)
        return digest.hexdigest()

    def fact(self, briefing: Any, fact: Fact) -> str | None:
        """The fingerprint of what ``fact`` reads in ``briefing`` now; None when it has none."""
        known = self._facts.get(fact, _MISSING)
        if known is not _MISSING:
            return known  # type: ignore[return-value]
        try:
            found: str | None = self.of(fact_value(briefing, fact))
        except Unfingerprintable:
            found = None
        except Exception as exc:  # the read fails now (an id that is gone): a value of its own
            found = self.of(("<error>", type(exc).__name__))
        self._facts[fact] = found
        return found

    def _feed(self, digest: Any, value: Any) -> None:
        kind = type(value)
        if kind is str:
            data = value.encode("utf-8", "surrogatepass")
            digest.update(b"s%d:" % len(data))
            digest.update(data)
        elif kind is int or kind is bool or kind is float or value is None:
            digest.update(b"%s(%s);" % (kind.__name__.encode(), repr(value).encode()))
        elif kind is tuple or kind is list:
            digest.update(b"%s%d:" % (b"t" if kind is tuple else b"l", len(value)))
            for item in value:
                self._feed(digest, item)
        elif kind is dict or kind is MappingProxyType:
            self._feed_mapping(digest, value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            digest.update(b"o:" + self._object(value))  # tagged: no other value encodes as these bytes
        elif isinstance(value, BaseModel):
            digest.update(b"o:" + self._object(value))
        elif isinstance(value, str):  # Markup and other text
            digest.update(b"S" + _type_name(kind))
            self._feed(digest, str(value))
        elif isinstance(value, bytes):
            digest.update(b"b%d:" % len(value))
            digest.update(value)
        elif isinstance(value, (dt.date, dt.datetime, dt.time)):
            digest.update(b"d" + _type_name(kind) + value.isoformat().encode())
        elif isinstance(value, (set, frozenset)):
            digest.update(b"{%d:" % len(value))
            for item_digest in sorted(self.of(item) for item in value):
                digest.update(item_digest.encode())
        elif isinstance(value, Mapping):
            self._feed_mapping(digest, value)
        elif value is _MISSING:
            digest.update(b"<missing>")
        elif _plain_object(value):
            digest.update(b"o:" + self._object(value))
        else:
            raise Unfingerprintable(kind.__qualname__)

    def _feed_mapping(self, digest: Any, value: Mapping[Any, Any]) -> None:
        digest.update(b"m%d:" % len(value))
        for key, item in value.items():
            self._feed(digest, key)
            self._feed(digest, item)

    def _object(self, value: Any) -> bytes:
        """The digest of a dataclass or pydantic object, by its type and fields; frozen ones are
        hashed once per build."""
        known = self._objects.get(id(value))
        if known is not None:
            return known[1]
        digest = hashlib.blake2b(digest_size=16)
        digest.update(b"o" + _type_name(type(value)))
        if isinstance(value, BaseModel):
            fields = tuple(type(value).model_fields)
            digest.update(b"%d:" % len(fields))
            for name in fields:
                self._feed(digest, getattr(value, name))
            self._feed(digest, value.model_extra or {})
            frozen = False  # pydantic models may be changed in place
        elif not dataclasses.is_dataclass(value):
            # Any other object (the link helpers of a page): by its attributes. It is not changed
            # during a build, which is as long as these fingerprints live.
            names = sorted(vars(value)) if hasattr(value, "__dict__") else sorted(_slots(type(value)))
            for name in names:
                self._feed(digest, name)
                self._feed(digest, getattr(value, name))
            frozen = True
        else:
            for name in _field_names(type(value)):
                self._feed(digest, getattr(value, name))
            frozen = type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
        result = digest.digest()
        if frozen:
            self._objects[id(value)] = (value, result)
        return result


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain_object(value: Any) -> bool:
    """An instance of a class of briefing's own (``generator.*``) that holds only values:
    fingerprinted by its attributes. Functions, modules and the like are not."""
    kind = type(value)
    return kind.__module__.startswith("generator.") and (hasattr(value, "__dict__") or bool(_slots(kind)))


def _slots(kind: type) -> tuple[str, ...]:
    return tuple(name for cls in kind.__mro__ for name in getattr(cls, "__slots__", ()) if not name.startswith("__"))


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def _type_name(kind: type) -> bytes:
    return f"{kind.__module__}.{kind.__qualname__};".encode()
