"""How long listings are split over pages, so that no page grows with the size of the briefing.

A listing that fits on one page (``pagination`` in site.yaml says how much fits) stays on one
page, as a small briefing has it. A longer one continues on numbered pages (``ListPage``), each
linking to its neighbours with a ``Pager`` that names a bounded number of pages whatever the
length of the list: a page that linked to every other page of its list would make the whole
site grow with the square of the list.

The timeline and the disputes page hold the events themselves: where each event ends up is
decided here once (``lay_out``) and kept as ``Addresses``, which every link to an event uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Generic, TypeVar

from generator.dates import PartialDate
from generator.model import Briefing, Event
from generator.urls import SECTION_PATHS, Addresses, numbered, timeline_path

T = TypeVar("T")

PAGER_REACH = 2  # a pager names the pages this close to the current one, and the first and last


@dataclass(frozen=True)
class PagerLink:
    label: str
    path: str
    current: bool = False


@dataclass(frozen=True)
class Pager:
    """Links from one page of a listing to the others: previous, next, and a few page numbers
    (``None`` in ``pages`` stands for pages left out between them)."""

    label: str  # names the navigation landmark
    previous: PagerLink | None
    next: PagerLink | None
    pages: tuple[PagerLink | None, ...] = ()


def page_numbers(current: int, count: int, reach: int = PAGER_REACH) -> tuple[int | None, ...]:
    """The page numbers a pager shows: the first, the last and those within ``reach`` of the
    current page; None where numbers are left out. At most ``2 * reach + 5`` entries."""
    shown = sorted({1, count, *range(max(1, current - reach), min(count, current + reach) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] == 2:  # a gap of one page: name it rather than "…"
            numbers.append(number - 1)
        elif numbers and number - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(number)
    return tuple(numbers)


@dataclass(frozen=True)
class ListPage(Generic[T]):
    """One page of a listing split over numbered pages."""

    items: tuple[T, ...]
    path: str
    number: int  # from 1
    count: int  # pages in the listing
    first: int  # the position of the first item in the whole listing, from 1
    total: int  # items in the whole listing
    pager: Pager | None  # None when the listing fits on one page

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1


def paginate(items: Sequence[T], per_page: int, path: str, label: str) -> tuple[ListPage[T], ...]:
    """``items`` over pages of ``per_page``, the first at ``path``, the others numbered after it
    (``urls.numbered``); always at least one page. ``label`` names their pagers."""
    count = max(1, -(-len(items) // per_page))
    pages = []
    for number in range(1, count + 1):
        start = (number - 1) * per_page
        pager = None
        if count > 1:
            near = tuple(None if n is None else PagerLink(str(n), numbered(path, n), n == number)
                         for n in page_numbers(number, count))
            pager = Pager(label,
                          PagerLink("Previous page", numbered(path, number - 1)) if number > 1 else None,
                          PagerLink("Next page", numbered(path, number + 1)) if number < count else None,
                          near)
        pages.append(ListPage(tuple(items[start:start + per_page]), numbered(path, number), number, count, start + 1,
                              len(items), pager))
    return tuple(pages)


@dataclass(frozen=True)
class Excerpt(Generic[T]):
    """What a page shows of a listing that has pages of its own when it is long: all of it, or
    the first ``limit`` entries and a link to the whole listing (``more``)."""

    items: tuple[T, ...]
    total: int
    more: str | None  # the first page of the whole listing, when not all of it is shown


def excerpt(items: Sequence[T], limit: int, more: str, *, latest_last: bool = False) -> Excerpt[T]:
    """All of ``items`` when they fit within ``limit``, else the first ``limit`` of them (the last,
    with ``latest_last``: a list in time order shows its latest entries) and ``more``."""
    if len(items) <= limit:
        return Excerpt(tuple(items), len(items), None)
    shown = items[len(items) - limit:] if latest_last else items[:limit]
    return Excerpt(tuple(shown), len(items), more)


@dataclass(frozen=True)
class TimelinePage:
    """One page of a timeline split by month: a month's events, or part of them."""

    path: str
    month: PartialDate  # the first event's start: its month (or year) names the page
    part: int  # from 1
    parts: int  # pages of this month
    events: tuple[Event, ...]
    pager: Pager
    month_events: int  # events in the month, on all its pages

    @property
    def month_key(self) -> str:
        return self.month.month_key

    @property
    def label(self) -> str:
        """The page's name, as the overview and the neighbouring pages call it."""
        name = self.month.month_human if self.month.month else f"{self.month.year}, month not known"
        return name if self.parts == 1 else f"{name}, part {self.part} of {self.parts}"


@dataclass(frozen=True)
class Layout:
    timeline: tuple[TimelinePage, ...]  # empty: the whole timeline is on one page
    disputes: tuple[ListPage[Event], ...]  # the pages of the disputes listing (at least one)
    addresses: Addresses


def lay_out(briefing: Briefing) -> Layout:
    """Decide how the timeline and the disputes are split, and where each event ends up."""
    options = briefing.config.pagination
    timeline = _timeline_pages(briefing.events, options.timeline) if len(briefing.events) > options.timeline else ()
    disputes = paginate(disputes_in_order(briefing.disputed_events), options.lists, SECTION_PATHS["disputes"],
                        "Pages of the disagreements")
    return Layout(
        timeline=timeline,
        disputes=disputes,
        addresses=Addresses(
            event_pages={event.id: page.path for page in timeline for event in page.events},
            dispute_pages={event.id: page.path for page in disputes[1:] for event in page.items},
        ),
    )


def disputes_in_order(events: Sequence[Event]) -> tuple[Event, ...]:
    """The disputed events as the disputes page lists them: those whose accounts rest on the most
    articles first (a disagreement many sources take part in matters more than a reading of one
    clipping), then the latest first; events are in time order, so the sort is stable."""
    def sources(event: Event) -> int:
        return len({c.article_id for d in event.disputes for a in d.accounts for c in a.citations})
    latest_first = sorted(events, key=lambda e: e.when.sort_key, reverse=True)
    return tuple(sorted(latest_first, key=sources, reverse=True))


def _timeline_pages(events: Sequence[Event], per_page: int) -> tuple[TimelinePage, ...]:
    """A page per month (or per year, for events dated only to a year), in time order; a month
    with more than ``per_page`` events over several."""
    shells = []
    for key, group in groupby(events, key=lambda e: e.when.start.month_key):
        month = tuple(group)
        parts = -(-len(month) // per_page)
        for part in range(1, parts + 1):
            chunk = month[(part - 1) * per_page:part * per_page]
            shells.append(TimelinePage(numbered(timeline_path(key), part), month[0].when.start, part, parts, chunk,
                                       Pager("", None, None), len(month)))
    pages = []
    for i, page in enumerate(shells):
        before = shells[i - 1] if i > 0 else None
        after = shells[i + 1] if i + 1 < len(shells) else None
        pager = Pager("Timeline pages",
                      PagerLink(f"Earlier: {before.label}", before.path) if before else None,
                      PagerLink(f"Later: {after.label}", after.path) if after else None)
        pages.append(replace(page, pager=pager))
    return tuple(pages)
