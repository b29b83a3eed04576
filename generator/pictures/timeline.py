"""The drawn timeline: one row per event on a time axis, honest about how well each date is known.

A dot is a day; a hollow dot an approximate day; a bar a range of days; a hatched bar a date
known only to its month (or part of it) or year; an arrow an event still going on. Where the
sources give an event different dates, each account's date is a diamond on the event's row,
linked to that account. Each row links to the event on the timeline page.

The chart tells the story: its axis runs from the first event dated to the day (or to part of a
month) to the last, so that an event known only as "October to November" is drawn across the
story rather than stretching it to the end of November; events long before it (the background,
years earlier) sit in a narrow stub before a break. Rows are grouped in lanes by kind of event
(clashes, strikes, talks...), each lane in time order, the events known only roughly last.

Two layouts of the same picture: ``wide`` (titles in a column beside the axis) and ``narrow``
(titles above their marks, legible on a phone); the stylesheet shows the one that fits. In both,
a date label goes beside the row's marks where there is room and on a line of its own below them
where there is not: no label ever covers a mark (``TimelineLayout`` holds every box, for tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.dates import PartialDate
from generator.eventkinds import EventKind
from generator.model import Briefing, Event
from generator.pictures.timeaxis import span_days
from generator.pictures.timeline_dates import (
    DatedAccount,
    anchor_days,
    dated_accounts,
    is_loose,
    mark_kind,
    precision_text,
    short_date,
)
from generator.pictures.timeline_draw import draw
from generator.pictures.timeline_layout import LAYOUTS, TimelineLayout, Variant
from generator.urls import Links

__all__ = ["LAYOUTS", "Lane", "TimelineLayout", "TimelinePicture", "dated_accounts", "is_loose", "precision_text",
           "short_date"]
MAX_EVENTS = 60  # a picture, not a database: the latest events when there are more


@dataclass(frozen=True)
class Lane:
    kind: EventKind | None  # None: events of no kind, or a timeline drawn without lanes
    events: tuple[Event, ...]  # in the order drawn


@dataclass(frozen=True)
class TimelinePicture:
    events: tuple[Event, ...]  # the events drawn, in time order
    total: int  # how many events the briefing has
    axis_days: tuple[tuple[int, int], ...]  # each drawn event's days, [first, end)
    as_of: int  # the day ongoing events are known to run to (exclusive): the horizon, or a later event's end
    horizon: int  # the day after the latest source (with none, after the last event): nothing is known beyond it
    lanes: tuple[Lane, ...]  # the rows, top to bottom: one lane without a heading, or a lane per kind

    @classmethod
    def of(cls, briefing: Briefing) -> TimelinePicture | None:
        if not briefing.events:
            return None
        events = briefing.events[-MAX_EVENTS:]
        days = tuple(span_days(e.when) for e in events)
        latest = briefing.latest_date
        ends = [end for _, end in days]
        horizon = latest.last_day.toordinal() + 1 if latest else max(ends)
        anchors = (anchor_days(e, d, horizon) for e, d in zip(events, days, strict=True))
        anchored = [a[1] for a in anchors if a is not None]
        as_of = max([horizon, *anchored]) if anchored else max([horizon, *ends])
        return cls(events, len(briefing.events), days, as_of, horizon, _lanes(briefing, events))

    @property
    def first(self) -> PartialDate:
        return self.events[0].when.start

    @property
    def last(self) -> PartialDate:
        """The latest date the drawn events reach (an event's end, or its start)."""
        return max((e.when.end or e.when.start for e in self.events), key=lambda d: d.last_day)

    @property
    def count_text(self) -> str:
        latest = "the latest " if self.total > len(self.events) else ""
        return latest + (f"{len(self.events)} events" if len(self.events) > 1 else "one event")

    @property
    def title(self) -> str:
        first, last = self.first, self.last
        span = first.human if first == last else f"{first.month_human} to {last.month_human}"
        return f"Timeline of {self.count_text}, {span}"

    @property
    def by_kind(self) -> bool:
        return any(lane.kind is not None for lane in self.lanes)

    @property
    def description(self) -> str:
        disputed = sum(1 for e in self.events if e.disputes)
        dated = sum(1 for e in self.events if dated_accounts(e))
        ongoing = sum(1 for e in self.events if e.when.ongoing)
        vague = sum(1 for e in self.events if mark_kind(e) == "vague")
        if len(self.events) > 1:
            counts = (f"Of the {self.count_text}, {_are(vague)} dated only to the month or year, "
                      f"{_are(ongoing)} ongoing and {_have(disputed)} differing accounts"
                      + (f" ({dated} of them on the date)." if dated else "."))
        else:
            counts = f"The event is dated {precision_text(self.events[0])}."
        kinds = ", ".join(lane.kind.label.lower() for lane in self.lanes if lane.kind)
        lanes = (f"Rows are grouped by kind of event ({kinds}), "
                 "each group in time order, events known only roughly last. " if self.by_kind else "")
        return (
            f"Each row is one event, placed on a time axis that runs from the first event to the last. {lanes}"
            "Events long before the others sit before a break in the axis. A dot is an event dated to the day; "
            "a hollow dot, an approximate day; a bar, a range of days; a hatched bar, an event dated only to its "
            "month or year; an arrow, an event still going on. Where the sources give different dates, a diamond "
            f"marks each account's date and links to that account. {counts} Every event links to its entry on the "
            "timeline, and every event is also listed in text on this page."
        )

    @staticmethod
    def precision(event: Event) -> str:
        return precision_text(event)

    @staticmethod
    def dated_accounts(event: Event) -> tuple[DatedAccount, ...]:
        return dated_accounts(event)

    def layout(self, variant: Variant = "wide") -> TimelineLayout:
        return TimelineLayout(self, LAYOUTS[variant])

    def svg(self, link: Links, variant: Variant = "wide", id_prefix: str = "timeline") -> Markup:
        return draw(self.layout(variant), link, f"{id_prefix}-{variant}")


def _lanes(briefing: Briefing, events: tuple[Event, ...]) -> tuple[Lane, ...]:
    """A lane per kind (in the vocabulary's order, events of no kind last) when the events are
    of two kinds or more; else one lane. In each, time order with the roughly known events last."""
    def ordered(items: list[Event]) -> tuple[Event, ...]:
        return tuple(sorted(items, key=lambda e: (is_loose(e), e.sort_key)))

    kinds = {e.kind for e in events}
    if len(kinds - {None}) < 2:
        return (Lane(None, ordered(list(events))),)
    lanes = [Lane(kind, ordered([e for e in events if e.kind == kind.id]))
             for kind in briefing.event_kinds if kind.id in kinds]
    if None in kinds:
        lanes.append(Lane(None, ordered([e for e in events if e.kind is None])))
    return tuple(lanes)


def _are(n: int) -> str:
    return f"{n} is" if n == 1 else f"{n} are"


def _have(n: int) -> str:
    return f"{n} has" if n == 1 else f"{n} have"
