"""The drawn timeline: one row per event on a time axis, honest about how well each date is known.

A dot is a day; a hollow dot an approximate day; a bar a range of days; a hatched bar a date
known only to its month (or part of it) or year; an arrow an event still going on; a diamond an
event on which the sources' accounts differ. Each row links to the event on the timeline page.

Two layouts of the same picture: ``wide`` (titles in a column beside the axis) and ``narrow``
(titles above their marks, legible on a phone); the stylesheet shows the one that fits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from generator.dates import PartialDate
from generator.model import Briefing, Event
from generator.pictures.svg import el, join, num, path_data, text_width, wrap
from generator.pictures.timeaxis import MONTH_ABBR, MONTH_NAMES, TimeAxis, make_axis, span_days

Variant = Literal["wide", "narrow"]
MAX_EVENTS = 60  # a picture, not a database: the latest events when there are more
TITLE_SIZE = 13.0
DATE_SIZE = 11.0
LINE = 15.0
AXIS_HEIGHT = 34.0
_MONTH_NAME = re.compile("|".join(sorted(MONTH_NAMES[1:], key=len, reverse=True)))


@dataclass(frozen=True)
class _Layout:
    width: float
    label_width: float  # 0: the title goes above the mark, across the whole width
    plot_x0: float
    plot_x1: float


LAYOUTS: dict[Variant, _Layout] = {
    "wide": _Layout(width=720, label_width=280, plot_x0=300, plot_x1=700),
    "narrow": _Layout(width=360, label_width=0, plot_x0=14, plot_x1=340),
}


def short_date(event: Event) -> str:
    """The event's date as the timeline page words it, with months abbreviated."""
    return _MONTH_NAME.sub(lambda m: MONTH_ABBR[MONTH_NAMES.index(m.group())], event.when.text)


def precision_text(event: Event) -> str:
    """How well the sources date the event, in words (for the table beside the picture)."""
    when, start = event.when, event.when.start
    if start.precision == "year":
        text = "year only"
    elif start.precision == "month":
        text = f"{when.period} in the month" if when.period else "month only"
    elif when.end is not None and when.end != start:
        text = "a range of days" if when.end.precision == "day" else "from a day to a month"
    else:
        text = "to the day"
    if when.end is not None and start.precision != "day" and when.end != start:
        text = "a range of months" if when.end.precision == "month" else text
    if when.circa:
        text += ", approximate"
    if when.ongoing:
        text += ", ongoing"
    return text


def _mark_kind(event: Event) -> str:
    when = event.when
    day_precise = when.start.precision == "day" and (when.end is None or when.end.precision == "day") and not when.period
    if not day_precise:
        return "vague"
    single = when.end is None or when.end == when.start
    return ("dot" if single else "bar") + ("-approx" if when.circa else "")


@dataclass(frozen=True)
class TimelinePicture:
    events: tuple[Event, ...]  # the events drawn, in time order
    total: int  # how many events the briefing has
    axis_days: tuple[tuple[int, int], ...]  # each drawn event's days, [first, end)
    as_of: int  # the day ongoing events are known to run to (exclusive)

    @classmethod
    def of(cls, briefing: Briefing) -> TimelinePicture | None:
        if not briefing.events:
            return None
        events = briefing.events[-MAX_EVENTS:]
        days = tuple(span_days(e.when) for e in events)
        latest = briefing.latest_date
        as_of = max([end for _, end in days] + ([latest.last_day.toordinal() + 1] if latest else []))
        return cls(events, len(briefing.events), days, as_of)

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
    def description(self) -> str:
        disputed = sum(1 for e in self.events if e.disputes)
        ongoing = sum(1 for e in self.events if e.when.ongoing)
        vague = sum(1 for e in self.events if _mark_kind(e) == "vague")
        if len(self.events) > 1:
            counts = (f"Of the {self.count_text}, {_are(vague)} dated only to the month or year, "
                      f"{_are(ongoing)} ongoing and {_have(disputed)} differing accounts.")
        else:
            counts = f"The event is dated {precision_text(self.events[0])}."
        return (
            "Each row is one event, placed on a time axis that is broken where long gaps pass without "
            "events. A dot is an event dated to the day; a hollow dot, an approximate day; a bar, a range "
            "of days; a hatched bar, an event dated only to its month or year; an arrow, an event still "
            f"going on; a diamond, an event on which the sources' accounts differ. {counts} Every event "
            "links to its entry on the timeline, and every event is also listed in text on this page."
        )

    @staticmethod
    def precision(event: Event) -> str:
        return precision_text(event)

    def svg(self, event_link: Callable[[str], str], variant: Variant = "wide", id_prefix: str = "timeline") -> Markup:
        return _Drawing(self, LAYOUTS[variant], event_link, f"{id_prefix}-{variant}").svg()


def _are(n: int) -> str:
    return f"{n} is" if n == 1 else f"{n} are"


def _have(n: int) -> str:
    return f"{n} has" if n == 1 else f"{n} have"


@dataclass
class _Row:
    event: Event
    first: int
    end: int
    top: float
    lines: tuple[str, ...]
    height: float = 0.0

    @property
    def mark_y(self) -> float:
        return self.top + 12


class _Drawing:
    def __init__(self, picture: TimelinePicture, layout: _Layout, event_link: Callable[[str], str], ids: str):
        self.picture = picture
        self.layout = layout
        self.event_link = event_link
        self.ids = ids
        intervals = list(picture.axis_days)
        if any(e.when.ongoing for e in picture.events):
            intervals.append((picture.as_of - 1, picture.as_of))
        self.axis: TimeAxis = make_axis(intervals, layout.plot_x0, layout.plot_x1)
        self.rows = self._rows()
        self.height = (self.rows[-1].top + self.rows[-1].height if self.rows else AXIS_HEIGHT) + AXIS_HEIGHT - 8

    def _rows(self) -> list[_Row]:
        rows, top = [], AXIS_HEIGHT
        layout = self.layout
        for event, (first, end) in zip(self.picture.events, self.picture.axis_days, strict=True):
            indent = 13 if event.disputes else 0
            room = (layout.label_width or layout.width - 16) - indent
            row = _Row(event, first, end, top, wrap(event.title, TITLE_SIZE, room, 3 if layout.label_width else 2))
            if layout.label_width:
                row.height = 12 + LINE * len(row.lines)
            else:
                row.height = 12 + LINE * len(row.lines) + 20
            rows.append(row)
            top += row.height
        return rows

    def svg(self) -> Markup:
        layout, ids = self.layout, self.ids
        parts = [
            el("title", {"id": f"{ids}-title"}, self.picture.title),
            el("desc", {"id": f"{ids}-desc"}, self.picture.description),
            self._defs(),
            el("g", {"class": "zebra", "aria-hidden": "true"}, *self._zebra()),
            el("g", {"class": "axis", "aria-hidden": "true"}, *self._axis()),
            *(self._row(row) for row in self.rows),
        ]
        return el("svg", {
            "class": f"picture-svg timeline-svg timeline-{'wide' if layout.label_width else 'narrow'}",
            "viewBox": f"0 0 {num(layout.width)} {num(self.height)}",
            "width": layout.width, "height": self.height, "role": "group",
            "aria-labelledby": f"{ids}-title", "aria-describedby": f"{ids}-desc",
        }, "\n", join(parts), "\n")

    def _defs(self) -> Markup:
        hatch = el("pattern", {"id": f"{self.ids}-hatch", "patternUnits": "userSpaceOnUse", "width": 5, "height": 5,
                               "patternTransform": "rotate(45)"}, el("rect", {"class": "hatch", "width": 2, "height": 5}))
        arrow = el("marker", {"id": f"{self.ids}-arrow", "viewBox": "0 0 8 8", "refX": 7, "refY": 4, "markerWidth": 7,
                              "markerHeight": 7, "orient": "auto"}, el("path", {"class": "arrowhead", "d": "M0 0L8 4L0 8z"}))
        return el("defs", {}, hatch, arrow)

    def _zebra(self) -> list[Markup]:
        return [el("rect", {"class": "row-bg", "x": 0, "y": row.top, "width": self.layout.width, "height": row.height})
                for i, row in enumerate(self.rows) if i % 2 == 0]

    def _axis(self) -> list[Markup]:
        top, bottom = AXIS_HEIGHT - 4, self.height - AXIS_HEIGHT + 8
        out: list[Markup] = []
        for segment in self.axis.segments:
            boundaries, labels = segment.ticks()
            for tick in boundaries:
                cls = "grid" if tick.major else "grid grid-minor"
                out.append(el("line", {"class": cls, "x1": tick.x, "y1": top - (4 if tick.major else 0), "x2": tick.x, "y2": bottom}))
                if tick.label:
                    out.append(el("text", {"class": "tick-label tick-minor", "x": tick.x, "y": top - 3}, tick.label))
            for tick in labels:
                out.append(el("text", {"class": "tick-label", "x": tick.x, "y": 13}, tick.label))
                out.append(el("text", {"class": "tick-label", "x": tick.x, "y": self.height - 6}, tick.label))
            for y in (top, bottom):
                out.append(el("line", {"class": "axis-line", "x1": segment.x0, "y1": y, "x2": segment.x1, "y2": y}))
        for x in self.axis.breaks():
            for y in (top, bottom):
                d = path_data(("M", x - 5, y + 5), ("L", x - 1, y - 5), ("M", x + 1, y + 5), ("L", x + 5, y - 5))
                out.append(el("path", {"class": "axis-break", "d": d}))
        return out

    def _row(self, row: _Row) -> Markup:
        """The row as one link: its name is its visible text (title, date, "accounts differ"),
        all in one ``<text>`` so that assistive technology reads the words in order."""
        layout, event = self.layout, row.event
        date = short_date(event) + (" · accounts differ" if event.disputes else "")
        x_text = 8.0
        title_y = row.top + 16
        mark_y = row.mark_y if layout.label_width else row.top + 12 + LINE * len(row.lines) + 6
        parts = [el("rect", {"class": "hit", "x": 0, "y": row.top, "width": layout.width, "height": row.height})]
        if event.disputes:
            parts.append(el("path", {"class": "dispute-mark", "d": _diamond(x_text + 4.5, title_y - 4.5, 5)}))
            x_text += 13
        mark, x0, x1 = self._mark(row, mark_y)
        parts.append(mark)
        patch, date_span = self._date_text(date, x0, x1, mark_y)
        parts.append(patch)
        title = [el("tspan", {"x": x_text, "dy": 0 if i == 0 else LINE}, line + " ") for i, line in enumerate(row.lines)]
        parts.append(el("text", {"class": "row-title", "x": x_text, "y": title_y}, *title, date_span))
        return el("a", {"class": "row", "href": self.event_link(event.id)}, *parts)

    def _mark(self, row: _Row, y: float) -> tuple[Markup, float, float]:
        """The event's mark, and the x range it takes."""
        kind = _mark_kind(row.event)
        x0, x1 = self.axis.x(row.first), self.axis.x(row.end)
        shapes: list[Markup] = []
        if kind.startswith("dot"):
            cx = (x0 + x1) / 2
            cls = "mark mark-hollow" if kind.endswith("approx") else "mark mark-solid"
            shapes.append(el("circle", {"class": cls, "cx": cx, "cy": y, "r": 4.5}))
            x0, x1 = cx - 5, cx + 5
        else:
            if x1 - x0 < 4:
                x0, x1 = (x0 + x1) / 2 - 2, (x0 + x1) / 2 + 2
            cls = "mark mark-solid" if kind == "bar" else "mark mark-hatched"
            height = 9 if kind == "bar" else 11
            shapes.append(el("rect", {"class": cls, "x": x0, "y": y - height / 2, "width": x1 - x0, "height": height,
                                      "rx": 2, "fill": None if kind == "bar" else f"url(#{self.ids}-hatch)"}))
        if row.event.when.ongoing:
            tip = self.layout.plot_x1 + 12
            shapes.append(el("line", {"class": "ongoing", "x1": x1 + 1, "y1": y, "x2": tip, "y2": y,
                                      "marker-end": f"url(#{self.ids}-arrow)"}))
            x1 = tip
        return Markup("").join(shapes), x0, x1

    def _date_text(self, date: str, x0: float, x1: float, y: float) -> tuple[Markup, Markup]:
        """A patch to write on (or nothing) and the date as a ``tspan``: beside the mark where
        there is room, else over it."""
        parts = date.split(" · ")
        width = text_width(parts[0], DATE_SIZE) + sum(text_width(" · " + p, DATE_SIZE, bold=True) for p in parts[1:])
        left_limit = self.layout.plot_x0 if self.layout.label_width else 4
        patch = Markup("")
        if x1 + 6 + width <= self.layout.width - 4:
            x, anchor = x1 + 6, "start"
        elif x0 - 6 - width >= left_limit:
            x, anchor = x0 - 6, "end"
        else:
            x = min(max((x0 + x1) / 2, left_limit + width / 2), self.layout.width - 4 - width / 2)
            anchor = "middle"
            patch = el("rect", {"class": "date-patch", "x": x - width / 2 - 4, "y": y - 7, "width": width + 8,
                                "height": 14, "rx": 3})
        spans = [parts[0]] + [el("tspan", {"class": "row-dispute"}, " · " + part) for part in parts[1:]]
        return patch, el("tspan", {"class": "row-date", "x": x, "y": y + 3.8, "text-anchor": anchor}, *spans)

def _diamond(cx: float, cy: float, r: float) -> str:
    return path_data(("M", cx, cy - r), ("L", cx + r, cy), ("L", cx, cy + r), ("L", cx - r, cy)) + "z"
