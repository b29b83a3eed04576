"""What a page reads of the briefing, so that a rebuild renders again exactly the pages whose
reads changed.

Templates see the briefing through ``track()``: every value a template (or the Python code it
calls) takes from it is noted as a *fact*, the path that leads to the value from the briefing:
``briefing.latest_date``, ``briefing.article("x").title``, ``briefing.events[3].title``,
``len(briefing.articles)``, ``briefing.mentions["x"]["asif"]``. Objects of the model (articles,
actors, events...) and sequences and mappings of them are handed out wrapped, so that reading
one field of one article is a fact about that field only: a page that lists an article's title
does not depend on its text.

After a build each fact is stored with a fingerprint of its value. On the next build a page is
kept only if every one of its facts still has the same fingerprint (and the page itself, its
data, the site's settings and the templates are the same): a page is a function of what it read,
so it would come out the same. This is exact, not guessed: a template that starts showing
something new reads it, and the page depends on it from then on, with no list of dependencies to
keep up to date by hand.

A value with no reliable fingerprint, or a read that cannot be replayed, makes its page render on
every build: a page is never wrongly kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType, MethodType
from typing import Any

from pydantic import BaseModel

# One step from a value to another: ("a", name) an attribute, ("c", name, args) a call of a
# method of the briefing, ("i", index) an item of a sequence, ("k", key) an item of a mapping,
# ("s", start, stop, step) a slice, ("n",) the length, ("t",) the type (what a template learns
# from `is none` or `if x` about an object whose fields it does not read).
Step = tuple[Any, ...]
Fact = tuple[Step, ...]
MODEL_MODULE = "generator.model"
_PLAIN = (str, int, type(None))
# A read that cannot be replayed: the page is rendered on every build.
UNVERIFIABLE: Fact = (("?",),)


class Unfingerprintable(Exception):
    """A value with no reliable fingerprint."""


def track(briefing: Any, facts: set[Fact]) -> Any:
    """The briefing as a template may read it, each read noted in ``facts``."""
    return _Tracked(briefing, (), facts)


def untracked(value: Any) -> Any:
    return value._t_value if isinstance(value, (_Tracked, _TrackedSequence, _TrackedMapping)) else value


def _is_model_object(value: Any) -> bool:
    kind = type(value)
    return kind.__module__ == MODEL_MODULE and dataclasses.is_dataclass(kind)


def _wrap(value: Any, path: Fact, facts: set[Fact]) -> Any:
    if _is_model_object(value):
        wrapped: Any = _Tracked(value, path, facts)
    elif (type(value) is tuple or type(value) is list) and value and _is_model_object(value[0]):
        wrapped = _TrackedSequence(value, path, facts)
    elif isinstance(value, Mapping):
        wrapped = _TrackedMapping(value, path, facts)
    else:
        facts.add(path)
        return value
    if path[-1][0] != "i":  # the items of a sequence of the model are all of one kind
        facts.add((*path, ("t",)))
    return wrapped


class _Whole:
    """What every wrapper does when it is used as a whole: the whole value is the fact."""

    __slots__ = ("_t_value", "_t_path", "_t_facts")

    def __init__(self, value: Any, path: Fact, facts: set[Fact]):
        self._t_value, self._t_path, self._t_facts = value, path, facts

    def _t_whole(self) -> Any:
        self._t_facts.add(self._t_path)
        return self._t_value

    def __eq__(self, other: object) -> bool:
        return bool(self._t_whole() == (other._t_whole() if isinstance(other, _Whole) else other))

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._t_whole())

    def __str__(self) -> str:
        return str(self._t_whole())

    def __repr__(self) -> str:
        return repr(self._t_whole())


class _Tracked(_Whole):
    """The briefing, or an object of the model in it."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._t_value, name)
        if isinstance(value, MethodType) and value.__self__ is self._t_value:
            if not self._t_path:
                return _TrackedMethod(name, value, self._t_facts)
            self._t_facts.add(self._t_path)  # a method of an object of the model: it may read any of it
            return value
        return _wrap(value, (*self._t_path, ("a", name)), self._t_facts)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _Whole.__slots__:
            object.__setattr__(self, name, value)
        else:
            raise AttributeError(f"{type(self._t_value).__name__} is read-only")

    def __bool__(self) -> bool:
        return True  # an object of the model (its type is a fact already)

    def __getitem__(self, key: Any) -> Any:
        raise TypeError(f"{type(self._t_value).__name__} has no items")


class _TrackedMethod:
    __slots__ = ("name", "method", "facts")

    def __init__(self, name: str, method: Callable[..., Any], facts: set[Fact]):
        self.name, self.method, self.facts = name, method, facts

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        args = tuple(untracked(a) for a in args)
        kwargs = {k: untracked(v) for k, v in kwargs.items()}
        if kwargs or not all(isinstance(a, _PLAIN) for a in args):
            self.facts.add(UNVERIFIABLE)
            return self.method(*args, **kwargs)
        return _wrap(self.method(*args), (("c", self.name, args),), self.facts)


class _TrackedSequence(_Whole):
    """A tuple of objects of the model: its length is one fact, each item's reads are others."""

    __slots__ = ()

    def __len__(self) -> int:
        self._t_facts.add((*self._t_path, ("n",)))
        return len(self._t_value)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Any]:
        self._t_facts.add((*self._t_path, ("n",)))
        path, facts = self._t_path, self._t_facts
        return (_wrap(item, (*path, ("i", i)), facts) for i, item in enumerate(self._t_value))

    def __reversed__(self) -> Iterator[Any]:
        self._t_facts.add((*self._t_path, ("n",)))
        path, facts, count = self._t_path, self._t_facts, len(self._t_value)
        return (_wrap(self._t_value[i], (*path, ("i", i)), facts) for i in range(count - 1, -1, -1))

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            if not all(isinstance(v, (int, type(None))) for v in (index.start, index.stop, index.step)):
                return self._t_whole()[index]
            return _wrap_slice(self._t_value[index], (*self._t_path, ("s", index.start, index.stop, index.step)),
                               self._t_facts)
        if isinstance(index, int) and not isinstance(index, bool):
            value = self._t_value[index]
            return _wrap(value, (*self._t_path, ("i", index)), self._t_facts)
        return self._t_whole()[index]

    def __contains__(self, item: object) -> bool:
        return untracked(item) in self._t_whole()


def _wrap_slice(value: Any, path: Fact, facts: set[Fact]) -> Any:
    if value and _is_model_object(value[0]):
        return _TrackedSequence(value, path, facts)
    facts.add(path)
    return value


class _TrackedMapping(_Whole):
    """A mapping of the briefing (``mentions``): reading one item depends on that item only;
    iterating or counting depends on the whole mapping."""

    __slots__ = ()

    def _t_item(self, key: Any, value: Any) -> Any:
        if not isinstance(key, _PLAIN):
            self._t_whole()
            return value
        return _wrap(value, (*self._t_path, ("k", key)), self._t_facts)

    def __getitem__(self, key: Any) -> Any:
        key = untracked(key)
        value = self._t_value[key]
        return self._t_item(key, value)

    def get(self, key: Any, default: Any = None) -> Any:
        key = untracked(key)
        if key not in self._t_value:
            if isinstance(key, _PLAIN):
                self._t_facts.add((*self._t_path, ("k", key)))
            else:
                self._t_whole()
            return default
        return self._t_item(key, self._t_value[key])

    def __contains__(self, key: object) -> bool:
        key = untracked(key)
        if isinstance(key, _PLAIN):
            self._t_facts.add((*self._t_path, ("k", key)))
            return key in self._t_value
        return key in self._t_whole()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._t_whole())

    def __len__(self) -> int:
        return len(self._t_whole())

    def keys(self) -> Any:
        return self._t_whole().keys()

    def items(self) -> Any:
        return self._t_whole().items()

    def values(self) -> Any:
        return self._t_whole().values()


Mapping.register(_TrackedMapping)


def fact_to_json(fact: Fact) -> list[Any]:
    return [[step[0], step[1], list(step[2])] if step[0] == "c" else list(step) for step in fact]


def fact_from_json(value: Any) -> Fact:
    """A fact as stored by fact_to_json; ValueError if it is not one."""
    if not isinstance(value, list) or not value:
        raise ValueError("not a fact")
    steps = []
    for step in value:
        if not isinstance(step, list) or not step or step[0] not in _STEP_SIZES or len(step) != _STEP_SIZES[step[0]]:
            raise ValueError("not a step")
        if step[0] == "c":
            if not isinstance(step[1], str) or not isinstance(step[2], list) or not all(isinstance(a, _PLAIN) for a in step[2]):
                raise ValueError("not a call")
            steps.append(("c", step[1], tuple(step[2])))
        elif all(isinstance(part, _PLAIN) for part in step):
            steps.append(tuple(step))
        else:
            raise ValueError("not a step")
    return tuple(steps)


_STEP_SIZES = {"a": 2, "c": 3, "i": 2, "k": 2, "s": 4, "n": 1, "t": 1, "?": 1}

_MISSING = object()


def fact_value(briefing: Any, fact: Fact) -> Any:
    """What ``fact`` reads in ``briefing`` now."""
    value = briefing
    for step in fact:
        kind = step[0]
        if kind == "a":
            value = getattr(value, step[1])
        elif kind == "c":
            value = getattr(value, step[1])(*step[2])
        elif kind == "i":
            value = value[step[1]]
        elif kind == "k":
            value = value.get(step[1], _MISSING) if isinstance(value, Mapping) else _MISSING
        elif kind == "s":
            value = value[step[1]:step[2]:step[3]]
        elif kind == "n":
            value = len(value)
        elif kind == "t":
            value = _type_name(type(value)).decode()
        else:
            raise Unfingerprintable("a read that cannot be replayed")
    return value


class Fingerprints:
    """Fingerprints of values, each frozen object (an article, an actor, a picture) hashed once."""

    def __init__(self) -> None:
        self._objects: dict[int, tuple[Any, bytes]] = {}  # id -> (the object, kept alive; its digest)
        self._facts: dict[Fact, str | None] = {}

    def of(self, value: Any) -> str:
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
            digest.update(b"t%d:" % len(value))
            for item in value:
                self._feed(digest, item)
        elif kind is dict or kind is MappingProxyType:
            self._feed_mapping(digest, value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            digest.update(self._object(value))
        elif isinstance(value, BaseModel):
            digest.update(self._object(value))
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
        else:
            for name in _field_names(type(value)):
                self._feed(digest, getattr(value, name))
            frozen = type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
        result = digest.digest()
        if frozen:
            self._objects[id(value)] = (value, result)
        return result


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def _type_name(kind: type) -> bytes:
    return f"{kind.__module__}.{kind.__qualname__};".encode()
