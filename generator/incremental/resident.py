"""What ``briefing serve`` keeps in memory from one build to the next, so that a save costs what it
changed rather than what the site holds.

A rebuild must find which facts the pages read have changed (``generator.tracking``), and which
pages' keys have. Found by fingerprints, that is a hash of every fact read and of every page, on
every save: about 85,000 facts and 11,400 pages at 10,000 articles. A builder that stays up
can do better, because it still holds the last build's model:

- ``settle()`` puts, in the new briefing, the last build's object wherever the new one is the
  same value (``same``): an article whose file did not change is the very object it was. What
  the pages read of the briefing is then mostly *identical*, which is checked at once.
- ``changed_facts()`` groups the recorded facts by their first step (``briefing.article("x")``,
  ``briefing.events_of_actor("y")``, ``briefing.mentions``): where that value is the last build's
  object (or a sequence or mapping of the same objects), nothing read through it can differ, for
  the model is frozen. The facts under the other first steps are read in the last build's
  briefing too: the same value has the recorded fingerprint, a tuple of the model's objects
  holding another object is another value; only what neither settles is fingerprinted.
- ``page_keys()``: a page planned the same as last time (the same model objects, by identity; the
  same values otherwise), under the same settings, templates and addresses, has last time's key.

Nothing is found unchanged that a fingerprint would find changed: a value is "the same" only if
it is the same object, or of the same type with the same parts all the way down (``1``,
``True`` and ``1.0`` differ; so do two dicts in a different order). The other way round, a value
``same()`` is stricter about than a fingerprint (a date that is another object, a dict beside a
mapping proxy) may be found changed where a fingerprint would not: a page renders again, no more.
Serve's builds stay byte-identical to a clean build (the property test in
tests/test_incremental.py builds both ways).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from operator import attrgetter
from types import MappingProxyType
from typing import Any, TypeVar

from generator.facts import Fingerprints, fact_value
from generator.incremental.records import OutputRecords
from generator.model import Briefing
from generator.modelobject import ModelObject
from generator.pages import Page
from generator.tracking import Fact, Step
from generator.writer import FileStat

T = TypeVar("T")

_SCALARS = (str, int, bool, type(None))


def same(a: Any, b: Any, *, models_by_value: bool = False) -> bool:
    """Whether ``a`` and ``b`` are the same value to everything that reads them: the same object,
    or of exactly the same type with the same parts, in the same order. Objects of the model
    are the same only if they are one object, unless ``models_by_value``. Types not known here
    are the same only if they are one object."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind in _SCALARS:
        return bool(a == b)
    if kind is tuple or kind is list:
        return len(a) == len(b) and _all_same(a, b, models_by_value)
    if kind is dict or kind is MappingProxyType:
        return len(a) == len(b) and _all_same(a.keys(), b.keys(), False) and _all_same(a.values(), b.values(),
                                                                                       models_by_value)
    if kind is float:
        return repr(a) == repr(b) or (math.isnan(a) and math.isnan(b))
    shape = _shape(kind)
    if shape is not None:
        fields, model = shape
        if model and not models_by_value:
            return False
        return _all_same(fields(a), fields(b), models_by_value)
    if issubclass(kind, str):  # Markup
        return bool(a == b)
    return False


def _all_same(xs: Iterable[Any], ys: Iterable[Any], models_by_value: bool) -> bool:
    for x, y in zip(xs, ys, strict=True):
        if x is y:
            continue
        kind = type(x)
        if kind is not type(y):
            return False
        if kind is str or kind is int:  # the most common, compared here
            if x != y:
                return False
        elif not same(x, y, models_by_value=models_by_value):
            return False
    return True


# A dataclass's fields as a tuple (one call), and whether it is of the model; None: not a dataclass.
_SHAPES: dict[type, tuple[Callable[[Any], tuple[Any, ...]], bool] | None] = {}


def _shape(kind: type) -> tuple[Callable[[Any], tuple[Any, ...]], bool] | None:
    if kind in _SHAPES:
        return _SHAPES[kind]
    shape = None
    if dataclasses.is_dataclass(kind):
        names = tuple(f.name for f in dataclasses.fields(kind))
        getter: Callable[[Any], tuple[Any, ...]] = (
            attrgetter(*names) if len(names) > 1 else lambda value: tuple(getattr(value, n) for n in names))
        shape = (getter, issubclass(kind, ModelObject))
    _SHAPES[kind] = shape
    return shape


def _shallow_same(a: Any, b: Any) -> bool:
    """The same object, or a sequence or mapping holding the same objects (a first step's value:
    the tuples and mappings of the briefing's indexes are made anew by each build)."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is tuple:
        return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))
    if kind is dict or kind is MappingProxyType:
        return len(a) == len(b) and all(ka == kb and type(ka) is type(kb) and va is vb
                                        for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True))
    return same(a, b, models_by_value=True)


class ResidentModel:
    """The last good build's briefing, the first steps of its facts with their values, and its
    pages with their keys (see the module's docstring)."""

    def __init__(self) -> None:
        self._briefing: Briefing | None = None
        self._tag: FileStat | None = None  # the output whose records the values below go with
        self._roots: dict[Step, Any] = {}
        self._by_root: dict[Step, list[Fact]] = {}  # the recorded facts, by first step
        self._pages: dict[str, tuple[Page, str | None]] = {}
        self._page_base: tuple[str, str] | None = None  # (base key, addresses' fingerprint)
        self._frozen_digests: Mapping[int, tuple[Any, str]] = {}  # the last good build's (see Fingerprints)
        # The first steps' values in the build under way (found by changed_facts), and its briefing.
        self._values: dict[Step, Any] = {}
        self._values_of: Briefing | None = None

    # -- the model -------------------------------------------------------------------------

    def settle(self, briefing: Briefing) -> Briefing:
        """``briefing``, with the last build's object in place of every article, actor, event,
        outlet, mention table, key point and edition that is the same."""
        last = self._briefing
        if last is None:
            return briefing
        articles = _reuse(briefing.articles, {a.id: a for a in last.articles}, lambda a: a.id)
        actors = _reuse(briefing.actors, {a.id: a for a in last.actors}, lambda a: a.id)
        events = _reuse(briefing.events, {e.id: e for e in last.events}, lambda e: e.id)
        outlets = _reuse(briefing.outlets, {o.id: o for o in last.outlets}, lambda o: o.id)
        mentions = {article_id: _reused(counts, last.mentions.get(article_id))
                    for article_id, counts in briefing.mentions.items()}
        return dataclasses.replace(
            briefing, articles=articles, actors=actors, events=events, outlets=outlets, mentions=mentions,
            key_points=_reused(briefing.key_points, last.key_points), changes=_reused(briefing.changes, last.changes))

    # -- facts ---------------------------------------------------------------------------

    def fingerprints(self) -> Fingerprints:
        """Fingerprints for a new build, which take over the digests of the last one's frozen
        objects: most of them are in the new briefing again (see settle)."""
        return Fingerprints(self._frozen_digests)

    def changed_facts(self, previous: OutputRecords, tag: FileStat | None, briefing: Briefing,
                      fingerprints: Fingerprints) -> set[Fact]:
        """The facts of ``previous`` (the records of the output ``tag``) whose value in
        ``briefing`` is not the recorded one."""
        values = self._values = {}  # first step -> its value now, for remember()
        self._values_of = briefing
        if tag is None or tag != self._tag:  # records this builder did not make: each fact checked
            return previous.changed_facts(briefing, fingerprints)
        verdicts: dict[Step, bool] = {}  # first step -> nothing read through it can have changed
        changed: set[Fact] = set()
        recorded = previous.facts
        last = self._briefing
        for root, facts in self._by_root.items():
            value = values[root] = _root_value(briefing, root)
            unchanged = verdicts[root] = root in self._roots and _shallow_same(value, self._roots[root])
            if unchanged:
                continue
            for fact in facts:
                # Read in the last build's briefing too, where the recorded fingerprints come from:
                # the same value has the recorded fingerprint, and a sequence of the model's
                # objects holding another object has another. Neither is hashed then: the tuple
                # of 10,000 articles, one of them edited, took half a second to hash again in
                # serve at 10,000 articles, before the edited page could be written.
                verdict = _compared(briefing, last, fact) if last is not None else None
                if verdict is True:
                    fingerprints.learn({fact: recorded[fact]})
                elif verdict is False or fingerprints.fact(briefing, fact) != recorded[fact]:
                    changed.add(fact)
        # Whoever asks in this build for the fingerprint of a fact read through an unchanged first
        # step (the records, the exports) is given the recorded one.
        fingerprints.recorded = partial(_recorded, verdicts, previous.facts)
        return changed

    # -- page keys -------------------------------------------------------------------------

    def page_keys(self, pages: Iterable[Page], base: tuple[str, str],
                  compute: Callable[[Page], str | None]) -> dict[str, str | None]:
        """The key of each page (``compute(page)`` works one out): last build's, if the page is
        planned the same under the same ``base`` (settings and templates, addresses)."""
        last_pages = self._pages if base == self._page_base else {}
        keys = {}
        for page in pages:
            last = last_pages.get(page.path)
            keys[page.path] = (last[1] if last is not None and (last[0] is page or same(page, last[0]))
                               else compute(page))
        return keys

    # -- after a good build ------------------------------------------------------------------

    def remember(self, briefing: Briefing, tag: FileStat, facts: Mapping[Fact, str], pages: Iterable[Page],
                 keys: Mapping[str, str | None], base: tuple[str, str], fingerprints: Fingerprints) -> None:
        """After a good build: its briefing, the facts its records hold (with their fingerprints),
        its pages and their keys, and its fingerprints, for the next build."""
        self._briefing = briefing
        self._frozen_digests = fingerprints.frozen_digests
        self._tag = tag
        by_root: dict[Step, list[Fact]] = {}
        for fact in facts:
            group = by_root.get(fact[0])
            if group is None:
                by_root[fact[0]] = [fact]
            else:
                group.append(fact)
        values = self._values if briefing is self._values_of else {}
        roots = {root: values[root] if root in values else _root_value(briefing, root) for root in by_root}
        self._by_root = by_root
        self._roots = {root: value for root, value in roots.items() if value is not _UNREADABLE}
        self._pages = {page.path: (page, keys[page.path]) for page in pages if page.path in keys}
        self._page_base = base


_UNREADABLE = object()


def _recorded(verdicts: Mapping[Step, bool], recorded: Mapping[Fact, str], fact: Fact) -> str | None:
    return recorded.get(fact) if verdicts.get(fact[0]) else None


def _compared(briefing: Briefing, last: Briefing, fact: Fact) -> bool | None:
    """Whether ``fact`` reads the same value in ``briefing`` as in ``last`` (True), another value
    (False), or None: only fingerprints can tell."""
    try:
        now, then = fact_value(briefing, fact), fact_value(last, fact)
    except Exception:  # a read that fails in either (an id that is gone): compared by fingerprint
        return None
    if same(now, then, models_by_value=True):  # the same value: the same fingerprint
        return True
    if type(now) is tuple and type(then) is tuple and (
            len(now) != len(then)
            or all(isinstance(x, ModelObject) and isinstance(y, ModelObject)
                   for x, y in zip(now, then, strict=True) if x is not y)):
        # Objects of the model that differ in value (settle() made every other one the very
        # object it was): another value, whose fingerprint differs. Where same() is stricter than a
        # fingerprint (a value of a type it does not know), this only renders a page again.
        return False
    return None


def _root_value(briefing: Briefing, root: Step) -> Any:
    try:
        return fact_value(briefing, (root,))
    except Exception:  # a read that fails now (an id that is gone): compared by fingerprint
        return _UNREADABLE


def _reuse(items: tuple[T, ...], last: Mapping[str, T], ident: Callable[[T], str]) -> tuple[T, ...]:
    return tuple(_reused(item, last.get(ident(item))) for item in items)


def _reused(value: T, last: T | None) -> T:
    return last if last is not None and same(value, last, models_by_value=True) else value
