"""Facts as the next build checks them: what a fact (generator.tracking) reads in the briefing
now, stored as JSON between builds, and the fingerprints that tell whether it changed.

A fact from a damaged cache can do nothing worse than read as changed: only public fields and
methods are ever read, and a read that fails is a value of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from itertools import chain, repeat
from operator import attrgetter
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
        kind = step[0]  # the most common steps first
        if kind == "a":
            value = getattr(value, _public(step[1]))
        elif kind == "k":
            value = value.get(step[1], _MISSING) if _is_mapping(value) else _MISSING
        elif kind == "g":
            value = tuple(map(value.get, step[1], repeat(_MISSING))) if _is_mapping(value) else _MISSING
        elif kind == "c":
            if value is not briefing:
                raise Unfingerprintable("a call of something other than the briefing's methods")
            value = getattr(value, _public(step[1]))(*step[2])
        elif kind == "f":
            value = tuple(getattr(value, _public(name)) for name in step[1])
        elif kind == "i":
            value = value[step[1]]
        elif kind == "s":
            value = value[step[1]:step[2]:step[3]]
        elif kind == "n":
            value = len(value)
        elif kind == "t":
            value = _type_name(type(value))
        else:
            raise Unfingerprintable("a read that cannot be replayed")
    return value


def _is_mapping(value: Any) -> bool:
    kind = type(value)
    return kind is MappingProxyType or kind is dict or isinstance(value, Mapping)


def _public(name: Any) -> str:
    if not isinstance(name, str) or name.startswith("_"):
        raise Unfingerprintable("not a public name")
    return name


class Fingerprints:
    """Fingerprints of values, each frozen object (an article, an actor, a picture) hashed once.

    A value is written out as text that no other value writes out alike (each piece tagged with
    its kind, and with its length where it could run into the next), then hashed in one go: one
    call of blake2b per value rather than one per piece. How a type is written out is decided
    once per type (``_writer``), not by a chain of checks per value."""

    def __init__(self) -> None:
        self._objects: dict[int, tuple[Any, str]] = {}  # id -> (the object, kept alive; its digest)
        # fact -> (the fact, as the one instance kept of it; its fingerprint)
        self._facts: dict[Fact, tuple[Fact, str | None]] = {}
        self._writers: dict[type, Callable[[list[str], Any], None]] = {}

    def of(self, value: Any) -> str:
        if type(value) is str:
            return _digest(value, b"s")
        parts: list[str] = []
        self._put(parts, value)
        return _digest("".join(parts))

    def fact(self, briefing: Any, fact: Fact) -> str | None:
        """The fingerprint of what ``fact`` reads in ``briefing`` now; None when it has none."""
        known = self._facts.get(fact)
        if known is None:
            known = self._fingerprint(briefing, fact)
        return known[1]

    def learn(self, found: Mapping[Fact, str | None]) -> None:
        """Fingerprints of facts found by another process of this build, which forked with the
        same briefing: each the one this process would find."""
        for fact, digest in found.items():
            self._facts.setdefault(fact, (fact, digest))

    def replayable(self, briefing: Any, facts: Iterable[Fact]) -> tuple[Fact, ...] | None:
        """``facts``, or None if any has no fingerprint. Each fact is given as the instance kept
        of it here: a page's facts arrive from a worker process as copies of their own (a third
        of a million at 10,000 articles, 85,000 of them distinct), which the build's records
        would otherwise hold until it ends."""
        kept = []
        for fact in facts:
            known = self._facts.get(fact)
            if known is None:
                known = self._fingerprint(briefing, fact)
            if known[1] is None:
                return None
            kept.append(known[0])
        return tuple(kept)

    def _fingerprint(self, briefing: Any, fact: Fact) -> tuple[Fact, str | None]:
        try:
            found: str | None = self.of(fact_value(briefing, fact))
        except Unfingerprintable:
            found = None
        except Exception as exc:  # the read fails now (an id that is gone): a value of its own
            found = self.of(("<error>", type(exc).__name__))
        known = self._facts[fact] = (fact, found)
        return known

    def _put(self, parts: list[str], value: Any) -> None:
        """Append ``value``, written out, to ``parts``. Text and sequences, by far the most common
        values, are written here; anything else by the writer of its type."""
        kind = type(value)
        if kind is str:
            parts.append(f"s{len(value)}:{value}")
        elif kind is tuple or kind is list:
            parts.append(f"{'t' if kind is tuple else 'l'}{len(value)}:")
            self._put_all(parts, value)
        else:
            writer = self._writers.get(kind)
            if writer is None:
                writer = self._writers[kind] = self._writer(kind)
            writer(parts, value)

    def _put_all(self, parts: list[str], values: Iterable[Any]) -> None:
        """Append each of ``values`` as _put does; text and numbers, the most common items,
        written here without a call each."""
        append, put = parts.append, self._put
        for value in values:
            kind = type(value)
            if kind is str:
                append(f"s{len(value)}:{value}")
            elif kind in _SCALARS:
                append(f"{kind.__name__}({value!r});")  # as _put_scalar writes them
            else:
                put(parts, value)

    def _writer(self, kind: type) -> Callable[[list[str], Any], None]:
        """How a value of type ``kind`` (other than str, tuple and list) is written out."""
        if kind in _SCALARS:
            return _put_scalar
        if kind is dict or kind is MappingProxyType:
            return self._put_mapping
        if dataclasses.is_dataclass(kind) and not issubclass(kind, type):
            frozen = kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
            return self._object_writer(kind, _field_names(kind), frozen)
        if issubclass(kind, BaseModel):
            return self._put_model
        if issubclass(kind, str):  # Markup and other text
            tag = "S" + _type_name(kind)
            return lambda parts, value: parts.append(f"{tag}s{len(value)}:{value}")
        if issubclass(kind, bytes):
            return lambda parts, value: parts.append(f"b{len(value)}:{value.hex()}")
        if issubclass(kind, (dt.date, dt.datetime, dt.time)):
            tag = "d" + _type_name(kind)
            return lambda parts, value: parts.append(f"{tag}{value.isoformat()};")
        if issubclass(kind, (set, frozenset)):
            return self._put_set
        if issubclass(kind, Mapping):
            return self._put_mapping
        if kind is object:
            return _put_missing
        if kind.__module__.startswith("generator."):
            return self._plain_writer(kind)
        return _refuse

    def _put_mapping(self, parts: list[str], value: Mapping[Any, Any]) -> None:
        parts.append(f"m{len(value)}:")
        self._put_all(parts, chain.from_iterable(value.items()))  # key, item, key, item...

    def _put_set(self, parts: list[str], value: Any) -> None:
        # In no order of iteration: by the sorted fingerprints of the items.
        parts.append(f"{{{len(value)}:")
        parts.extend(sorted(self.of(item) for item in value))

    def _object_writer(self, kind: type, names: tuple[str, ...], frozen: bool) -> Callable[[list[str], Any], None]:
        """A dataclass, by its type and fields: "o:" and the digest of those (a fixed length, so
        it cannot run into what follows); a frozen one is hashed once per build."""
        header = "o" + _type_name(kind)
        objects, put_all = self._objects, self._put_all
        fields: Callable[[Any], tuple[Any, ...]] = (attrgetter(*names) if len(names) > 1
                                                    else lambda value: tuple(getattr(value, n) for n in names))

        def write(parts: list[str], value: Any) -> None:
            known = objects.get(id(value))
            if known is not None:
                parts.append(known[1])
                return
            inner = [header]
            put_all(inner, fields(value))
            digest = "o:" + _digest("".join(inner))
            if frozen:
                objects[id(value)] = (value, digest)
            parts.append(digest)
        return write

    def _put_model(self, parts: list[str], value: BaseModel) -> None:
        """A pydantic model, by its type, fields and extra fields; hashed every time, since it may
        be changed in place."""
        fields = tuple(type(value).model_fields)
        inner = [f"o{_type_name(type(value))}{len(fields)}:"]
        for name in fields:
            self._put(inner, getattr(value, name))
        self._put(inner, value.model_extra or {})
        parts.append("o:" + _digest("".join(inner)))

    def _plain_writer(self, kind: type) -> Callable[[list[str], Any], None]:
        """An instance of a class of briefing's own (``generator.*``) that holds only values (the
        link helpers of a page): by its attributes. It is not changed during a build, which is as
        long as these fingerprints live, so it is hashed once. Functions, modules and the like
        are not fingerprinted."""
        header, slots = "o" + _type_name(kind), _slots(kind)

        def write(parts: list[str], value: Any) -> None:
            known = self._objects.get(id(value))
            if known is not None:
                parts.append(known[1])
                return
            has_dict = hasattr(value, "__dict__")
            if not (has_dict or slots):
                raise Unfingerprintable(kind.__qualname__)
            inner = [header]
            for name in sorted(vars(value)) if has_dict else sorted(slots):
                self._put(inner, name)
                self._put(inner, getattr(value, name))
            digest = "o:" + _digest("".join(inner))
            self._objects[id(value)] = (value, digest)
            parts.append(digest)
        return write


def _digest(text: str, person: bytes = b"") -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16, person=person).hexdigest()


_SCALARS = frozenset({int, bool, float, type(None)})  # written as their type's name and repr


def _put_scalar(parts: list[str], value: Any) -> None:
    parts.append(f"{type(value).__name__}({value!r});")


def _put_missing(parts: list[str], value: Any) -> None:
    if value is not _MISSING:
        raise Unfingerprintable("object")
    parts.append("<missing>")


def _refuse(parts: list[str], value: Any) -> None:
    raise Unfingerprintable(type(value).__qualname__)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _slots(kind: type) -> tuple[str, ...]:
    return tuple(name for cls in kind.__mro__ for name in getattr(cls, "__slots__", ()) if not name.startswith("__"))


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def _type_name(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__};"
