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
every build: a page is never wrongly kept. Facts are replayed and fingerprinted by generator.facts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType, MethodType
from typing import Any

from generator.modelobject import ModelObject

# One step from a value to another: ("a", name) an attribute, ("c", name, args) a call of a
# method of the briefing, ("i", index) an item of a sequence, ("k", key) an item of a mapping,
# ("s", start, stop, step) a slice, ("n",) the length. A fact ends with one of these, or with
# ("f", names): the fields of an object that were read, ("g", keys): the items of a mapping that
# were looked up, ("t",): the type (what a template learns from `is none` or `if x` about an
# object it reads nothing else of).
Step = tuple[Any, ...]
Fact = tuple[Step, ...]
_PLAIN = (str, int, type(None))
# A read that cannot be replayed: the page is rendered on every build.
UNVERIFIABLE: Fact = (("?",),)


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
        if issubclass(kind, ModelObject):
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
    return kind in (_OBJECT, _MAPPING) or (kind == _SEQUENCE and bool(value) and _is_model_object(value[0]))


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

    # No __getitem__: an object of the model has no items, and Jinja's `is iterable` must say so
    # as it does of the object itself (the output never depends on how reads are noted).


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
            try:
                item = self._t_value[index]
            except IndexError:
                # Past the end (`seq[5] is defined`): what the page learnt is the length.
                self._t_reads.whole.add((*self._t_path, ("n",)))
                raise
            return _wrap(item, (*self._t_path, ("i", index)), self._t_reads)
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
