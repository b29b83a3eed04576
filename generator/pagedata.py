"""A page's data as its key sees it and as its template reads it.

Pages carry the articles, actors, events and outlets they list in their data (``Page.data``).
Fingerprinting those objects whole would tie a page to everything about them: an outlet's page
that lists an article's title would render again whenever the article's text changed. Instead,
the page's key holds a *reference* to each such object (its kind and id), and the template reads
the object through the tracking view of the briefing (generator.tracking), as if it had looked it
up by id: what it reads of it becomes facts of the page like any other read, checked on the next
build. Both sides walk the data the same way (``_walk``), so every object that the key refers to
by id is an object whose reads are tracked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import is_
from types import MappingProxyType
from typing import Any

from generator.model import Actor, Article, Briefing, Event, Outlet
from generator.tracking import Reads, wrap_lookup

# The model's kinds that a page may list, with the Briefing method that finds one by id.
LOOKUPS: dict[type, str] = {Article: "article", Actor: "actor", Event: "event", Outlet: "outlet"}


def referenced(data: Any, briefing: Briefing) -> Any:
    """``data`` with each listed object of the model replaced by ``(kind, id)``: for the page key."""
    return _walk(data, briefing, lambda value, method: ("ref", method, value.id))


def tracked(data: Any, briefing: Briefing, reads: Reads, *, fine: bool) -> Any:
    """``data`` with each listed object of the model read through the tracking view: for the template."""
    return _walk(data, briefing, lambda value, method: wrap_lookup(value, method, value.id, reads, fine=fine))


def _walk(value: Any, briefing: Briefing, convert: Callable[[Any, str], Any]) -> Any:
    kind = type(value)
    if kind in _LEAVES:
        return value
    method = LOOKUPS.get(kind)
    if method is not None:
        # Only an object that the briefing hands out for its id stands for it (a page never holds
        # another, but then it is kept whole: fingerprinted by its content).
        try:
            found = getattr(briefing, method)(value.id)
        except LookupError:
            found = None
        return convert(value, method) if found is value else value
    if kind is tuple:
        items = [item if type(item) in _LEAVES else _walk(item, briefing, convert) for item in value]
        return value if all(map(is_, items, value)) else tuple(items)  # unchanged: the same tuple
    if kind is list:  # a list is always copied: a template may change its own
        return [_walk(item, briefing, convert) for item in value]
    if kind is dict or kind is MappingProxyType:
        return {key: _walk(item, briefing, convert) for key, item in value.items()}
    shape = _rebuildable(kind)
    if shape is not None:
        names, frozen = shape
        fields = [getattr(value, name) for name in names]
        walked = [_walk(item, briefing, convert) for item in fields]
        if frozen and all(map(is_, walked, fields)):
            return value  # nothing in it to convert: the same object
        return dataclasses.replace(value, **dict(zip(names, walked, strict=True)))
    return value


# Values that cannot hold an object of the model.
_LEAVES = frozenset({str, int, float, bool, type(None)})
_REBUILDABLE: dict[type, tuple[tuple[str, ...], bool] | None] = {}


def _rebuildable(kind: type) -> tuple[tuple[str, ...], bool] | None:
    """A dataclass of briefing's own that holds other values (a page of a listing, an excerpt, a
    pager, a picture) and can be made again from its fields, which are walked: its fields' names
    and whether it is frozen. None for any other type."""
    if kind in _REBUILDABLE:
        return _REBUILDABLE[kind]
    shape = None
    if (dataclasses.is_dataclass(kind) and kind.__module__.startswith("generator.")
            and kind.__module__ != "generator.model" and all(f.init for f in dataclasses.fields(kind))):
        shape = (tuple(f.name for f in dataclasses.fields(kind)), kind.__dataclass_params__.frozen)  # type: ignore[attr-defined]
    _REBUILDABLE[kind] = shape
    return shape
