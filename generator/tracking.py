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
# ("s", start, stop, step) a slice, ("n",) the length. A fact ends with one of these, or with
# ("f", names): the fields of an object that were read, ("g", keys): the items of a mapping that
# were looked up, ("t",): the type (what a template learns from `is none` or `if x` about an
# object it reads nothing else of).
Step = tuple[Any, ...]
Fact = tuple[Step, ...]
MODEL_MODULE = "generator.model"
_PLAIN = (str, int, type(None))
# A read that cannot be replayed: the page is rendered on every build.
UNVERIFIABLE: Fact = (("?",),)


class Unfingerprintable(Exception):
    """A value with no reliable fingerprint."""


class Reads:
    """What one page read: whole values, and the fields and items read of each object and mapping
    (grouped: an object whose title and date are shown is one fact, not two)."""

    __slots__ = ("whole", "fields", "keys", "objects")

    def __init__(self) -> None:
        self.whole: set[Fact] = set()
        self.fields: dict[Fact, set[str]] = {}
        self.keys: dict[Fact, set[Any]] = {}
        self.objects: set[Fact] = set()  # every object, sequence or mapping handed out

    def field(self, path: Fact, name: str) -> None:
        found = self.fields.get(path)
        if found is None:
            self.fields[path] = {name}
        else:
            found.add(name)

    def key(self, path: Fact, key: Any) -> None:
        found = self.keys.get(path)
        if found is None:
            self.keys[path] = {key}
        else:
            found.add(key)

    def facts(self) -> frozenset[Fact]:
        facts = set(self.whole)
        facts.update((*path, ("f", tuple(sorted(names)))) for path, names in self.fields.items())
        facts.update((*path, ("g", tuple(sorted(keys, key=repr)))) for path, keys in self.keys.items())
        # An object of which nothing was read: the page still depends on its being there.
        prefixes = {fact[:end] for fact in facts for end in range(1, len(fact))}
        facts.update((*path, ("t",)) for path in self.objects if path not in prefixes and path not in facts)
        return frozenset(facts)


def track(briefing: Any, reads: Reads) -> Any:
    """The briefing as a template may read it, each read noted in ``reads``."""
    return _Tracked(briefing, (), reads)


def track_coarsely(briefing: Any, reads: Reads, *, fine_lookups: bool = False) -> Any:
    """The briefing with each list or object taken from it noted as one fact, whole: far fewer
    facts, and less to note them, than track(), for pages that may change more often than they
    need to (a first build, whose pages will mostly be kept as they are), and for code that
    reads every field of what it takes anyway (an export). Mappings (``mentions``) are noted item
    by item still; ``fine_lookups`` notes what is read of the objects looked up by id
    (``briefing.article(id)``) field by field, as track() does."""
    return _Coarse(briefing, (), reads, fine_lookups)


def wrap_lookup(value: Any, method: str, key: str, reads: Reads, *, fine: bool) -> Any:
    """``value``, which the briefing's ``method(key)`` returns, as if the template had looked it
    up (see generator.pagedata): read field by field when ``fine``, else whole."""
    path: Fact = (("c", method, (key,)),)
    if fine:
        return _wrap(value, path, reads)
    reads.whole.add(path)
    return value


def untracked(value: Any) -> Any:
    return value._t_value if isinstance(value, _Whole) else value


# What a value is to the tracking, by type: a plain value (read whole), an object of the model,
# a sequence or a mapping (handed out wrapped).
_PLAIN_VALUE, _OBJECT, _SEQUENCE, _MAPPING = range(4)
_KINDS: dict[type, int] = {str: _PLAIN_VALUE, int: _PLAIN_VALUE, bool: _PLAIN_VALUE, type(None): _PLAIN_VALUE,
                           float: _PLAIN_VALUE, tuple: _SEQUENCE, list: _SEQUENCE, dict: _MAPPING,
                           MappingProxyType: _MAPPING}


def _kind_of(value: Any) -> int:
    kind = type(value)
    found = _KINDS.get(kind)
    if found is None:
        if kind.__module__ == MODEL_MODULE and dataclasses.is_dataclass(kind):
            found = _OBJECT
        elif issubclass(kind, Mapping):
            found = _MAPPING
        else:
            found = _PLAIN_VALUE
        _KINDS[kind] = found
    return found


def _is_model_object(value: Any) -> bool:
    return _kind_of(value) == _OBJECT


def _wraps(value: Any) -> bool:
    """Whether ``value`` is handed out wrapped (else its reading is one fact, whole)."""
    kind = _kind_of(value)
    return kind == _OBJECT or kind == _MAPPING or (kind == _SEQUENCE and bool(value) and _is_model_object(value[0]))


def _wrap(value: Any, path: Fact, reads: Reads) -> Any:
    """``value`` as found at ``path``: an object, sequence or mapping of the model wrapped (what is
    read of it is noted then), anything else noted as read whole."""
    kind = _kind_of(value)
    if kind == _OBJECT:
        wrapped: Any = _Tracked(value, path, reads)
    elif kind == _SEQUENCE and value and _is_model_object(value[0]):
        wrapped = _TrackedSequence(value, path, reads)
    elif kind == _MAPPING:
        wrapped = _TrackedMapping(value, path, reads)
    else:
        reads.whole.add(path)
        return value
    if path[-1][0] != "i":  # the items of a sequence of the model are all of one kind
        reads.objects.add(path)
    return wrapped


class _Whole:
    """What every wrapper does when it is used as a whole: the whole value is the fact."""

    __slots__ = ("_t_value", "_t_path", "_t_reads")

    def __init__(self, value: Any, path: Fact, reads: Reads):
        self._t_value, self._t_path, self._t_reads = value, path, reads

    def _t_whole(self) -> Any:
        self._t_reads.whole.add(self._t_path)
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


_get = object.__getattribute__


class _Tracked(_Whole):
    """The briefing, or an object of the model in it. Attribute reads go through
    __getattribute__ (not __getattr__, which Python calls only after a failed lookup, at three
    times the cost: a page reads hundreds of attributes)."""

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("_t_"):
            return _get(self, name)
        target = _get(self, "_t_value")
        value = getattr(target, name)
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:  # the common case, first
            pass
        elif kind is MethodType and value.__self__ is target:
            if not _get(self, "_t_path"):
                return _TrackedMethod(name, value, _get(self, "_t_reads"))
            self._t_whole()  # a method of an object of the model: it may read any of it
            return value
        elif _wraps(value) and name[0] != "_":
            return _wrap(value, (*_get(self, "_t_path"), ("a", name)), _get(self, "_t_reads"))
        path = _get(self, "_t_path")
        if name[0] == "_":
            self._t_whole()
        elif path:
            _get(self, "_t_reads").field(path, name)
        else:
            _get(self, "_t_reads").whole.add((("a", name),))
        return value

    def __bool__(self) -> bool:
        return True  # an object of the model (that it is there is a fact already)

    def __getitem__(self, key: Any) -> Any:
        raise TypeError(f"{type(self._t_value).__name__} has no items")


class _Coarse(_Whole):
    """The briefing whose attributes and method results are each one fact (see track_coarsely)."""

    __slots__ = ("_t_fine",)

    def __init__(self, value: Any, path: Fact, reads: Reads, fine: bool):
        super().__init__(value, path, reads)
        self._t_fine = fine

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("_t_"):
            return _get(self, name)
        target = _get(self, "_t_value")
        value = getattr(target, name)
        if type(value) is MethodType and value.__self__ is target:
            return _TrackedMethod(name, value, _get(self, "_t_reads"), _wrap if _get(self, "_t_fine") else _wrap_mapping)
        return _wrap_mapping(value, (("a", name),), _get(self, "_t_reads"))

    def __bool__(self) -> bool:
        return True


def _wrap_mapping(value: Any, path: Fact, reads: Reads) -> Any:
    if _kind_of(value) == _MAPPING:
        reads.objects.add(path)
        return _TrackedMapping(value, path, reads)
    reads.whole.add(path)
    return value


class _TrackedMethod:
    __slots__ = ("name", "method", "reads", "wrap")

    def __init__(self, name: str, method: Callable[..., Any], reads: Reads,
                 wrap: Callable[[Any, Fact, Reads], Any] | None = None):
        self.name, self.method, self.reads, self.wrap = name, method, reads, wrap or _wrap

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs or self.name[0] == "_" or not all(type(a) is str or isinstance(a, _PLAIN) for a in args):
            self.reads.whole.add(UNVERIFIABLE)
            return self.method(*(untracked(a) for a in args), **{k: untracked(v) for k, v in kwargs.items()})
        return self.wrap(self.method(*args), (("c", self.name, args),), self.reads)


class _TrackedSequence(_Whole):
    """A tuple of objects of the model: its length is one fact, each item's reads are others."""

    __slots__ = ()

    def __len__(self) -> int:
        self._t_reads.whole.add((*self._t_path, ("n",)))
        return len(self._t_value)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Any]:
        self._t_reads.whole.add((*self._t_path, ("n",)))
        path, reads = self._t_path, self._t_reads
        return (_Tracked(item, (*path, ("i", i)), reads) if _is_model_object(item) else _wrap(item, (*path, ("i", i)), reads)
                for i, item in enumerate(self._t_value))

    def __reversed__(self) -> Iterator[Any]:
        self._t_reads.whole.add((*self._t_path, ("n",)))
        path, reads, count = self._t_path, self._t_reads, len(self._t_value)
        return (_wrap(self._t_value[i], (*path, ("i", i)), reads) for i in range(count - 1, -1, -1))

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            if not all(isinstance(v, (int, type(None))) for v in (index.start, index.stop, index.step)):
                return self._t_whole()[index]
            path = (*self._t_path, ("s", index.start, index.stop, index.step))
            part = self._t_value[index]
            if part and _is_model_object(part[0]):
                self._t_reads.objects.add(path)
                return _TrackedSequence(part, path, self._t_reads)
            self._t_reads.whole.add(path)
            return part
        if isinstance(index, int) and not isinstance(index, bool):
            return _wrap(self._t_value[index], (*self._t_path, ("i", index)), self._t_reads)
        return self._t_whole()[index]

    def __contains__(self, item: object) -> bool:
        return untracked(item) in self._t_whole()


class _TrackedMapping(_Whole):
    """A mapping of the briefing (``mentions``): looking up one item depends on that item only;
    iterating or counting depends on the whole mapping."""

    __slots__ = ()

    def _t_item(self, key: Any) -> Any:
        value = self._t_value[key]
        if _wraps(value):
            return _wrap(value, (*self._t_path, ("k", key)), self._t_reads)
        self._t_reads.key(self._t_path, key)
        return value

    def __getitem__(self, key: Any) -> Any:
        key = untracked(key)
        if not isinstance(key, _PLAIN):
            return self._t_whole()[key]
        if key not in self._t_value:
            self._t_reads.key(self._t_path, key)
            raise KeyError(key)
        return self._t_item(key)

    def get(self, key: Any, default: Any = None) -> Any:
        key = untracked(key)
        if not isinstance(key, _PLAIN):
            return self._t_whole().get(key, default)
        if key not in self._t_value:
            self._t_reads.key(self._t_path, key)
            return default
        return self._t_item(key)

    def __contains__(self, key: object) -> bool:
        key = untracked(key)
        if not isinstance(key, _PLAIN):
            return key in self._t_whole()
        self._t_reads.key(self._t_path, key)
        return key in self._t_value

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
        elif _plain_object(value):
            digest.update(self._object(value))
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
