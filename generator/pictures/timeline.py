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

import re
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from generator.dates import PartialDate
from generator.eventkinds import EventKind
from generator.model import Account, Briefing, Event
from generator.pictures.svg import el, join, num, path_data, text_width, wrap
from generator.pictures.timeaxis import MONTH_ABBR, MONTH_NAMES, TimeAxis, make_axis, span_days
from generator.urls import Links

Variant = Literal["wide", "narrow"]
MAX_EVENTS = 60  # a picture, not a database: the latest events when there are more
TITLE_SIZE = 13.0
DATE_SIZE = 11.0
LANE_SIZE = 11.0
LINE = 15.0
AXIS_HEIGHT = 34.0
LANE_HEAD = 20.0  # the height of a lane's heading
GAP = 6.0  # between a mark and its date label
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
    return _abbreviated(event.when.text)


def _abbreviated(text: str) -> str:
    return _MONTH_NAME.sub(lambda m: MONTH_ABBR[MONTH_NAMES.index(m.group())], text)


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
    day_precise = (when.start.precision == "day" and (when.end is None or when.end.precision == "day")
                   and not when.period)
    if not day_precise:
        return "vague"
    single = when.end is None or when.end == when.start
    return ("dot" if single else "bar") + ("-approx" if when.circa else "")


def is_loose(event: Event) -> bool:
    """Known only to its month (with no early, mid or late) or its year: such an event does not
    set where the story starts or ends, and comes last in its lane."""
    return event.when.start.precision != "day" and not event.when.period


def _anchor_days(event: Event, days: tuple[int, int], horizon: int) -> tuple[int, int] | None:
    """The days that place the event in the story: its span, without an end known only to the
    month ("25 October to November": from the 25th) and, for a part of a month ("early November"),
    not beyond ``horizon``, the day after the latest source; none for an event known only roughly."""
    if is_loose(event):
        return None
    first, end = days
    if event.when.end is not None and event.when.end.precision != "day":
        end = min(end, max(first + 1, event.when.end.first_day.toordinal()))
    if event.when.period:
        end = min(end, max(first + 1, horizon))
    return first, end


@dataclass(frozen=True)
class DatedAccount:
    """An account of a dispute that gives the event a date of its own."""

    dispute: int  # from 1, in the event's disputes
    number: int  # from 1, in the dispute's accounts
    account: Account

    @property
    def date(self) -> PartialDate:
        assert self.account.date is not None
        return self.account.date


def dated_accounts(event: Event) -> tuple[DatedAccount, ...]:
    """The accounts that date the event differently: those of each dispute whose accounts give
    two or more different days (a dispute about the date). Accounts that differ on the month
    only are told in words: a mark in the middle of a month would claim a day nobody gave."""
    found: list[DatedAccount] = []
    for d, dispute in enumerate(event.disputes, start=1):
        dated = [DatedAccount(d, a, account) for a, account in enumerate(dispute.accounts, start=1)
                 if account.date and account.date.precision == "day"]
        if len({x.date for x in dated}) > 1:
            found += dated
    return tuple(found)


def _dates_text(dates: list[PartialDate]) -> str:
    """Several dates as one label: "11 or 19 Oct 2025", or "30 Sep or 2 Oct 2025"."""
    ordered = sorted(set(dates), key=lambda d: d.sort_key)
    if all(d.precision == "day" and (d.year, d.month) == (ordered[0].year, ordered[0].month) for d in ordered):
        return " or ".join(str(d.day) for d in ordered) + " " + _abbreviated(ordered[0].month_human)
    return " or ".join(_abbreviated(d.human) for d in ordered)


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
        anchors = (_anchor_days(e, d, horizon) for e, d in zip(events, days, strict=True))
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
        vague = sum(1 for e in self.events if _mark_kind(e) == "vague")
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
        return _draw(self.layout(variant), link, f"{id_prefix}-{variant}")


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


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


_HALF_HEIGHT = {"vague": 5.5, "ongoing": 3.5, "range": 1.0, "account": 5.0}  # else 4.5: dots and bars


@dataclass(frozen=True)
class Mark:
    """A shape on a row's mark line: the event's own mark (``account`` None), an ongoing
    arrow, a dashed line between differing dates, or an account's date."""

    shape: str  # dot, dot-approx, bar, bar-approx, vague, ongoing, range, account
    x0: float
    x1: float
    y: float
    account: DatedAccount | None = None

    @property
    def box(self) -> Box:
        half = _HALF_HEIGHT.get(self.shape, 4.5)
        return Box(self.x0, self.y - half, self.x1, self.y + half)


@dataclass(frozen=True)
class DateLabel:
    text: str
    x: float
    y: float  # the baseline
    anchor: str  # start or end
    width: float
    below: bool  # on a line of its own, under the marks

    @property
    def box(self) -> Box:
        x0 = self.x if self.anchor == "start" else self.x - self.width
        return Box(x0, self.y - DATE_SIZE * 0.85, x0 + self.width, self.y + DATE_SIZE * 0.25)


@dataclass(frozen=True)
class Row:
    event: Event
    top: float
    height: float
    lines: tuple[str, ...]
    marks: tuple[Mark, ...]
    date: DateLabel


@dataclass(frozen=True)
class LaneHead:
    lane: Lane
    top: float


class TimelineLayout:
    """Where everything goes in one layout of the picture: the axis, lane headings, rows."""

    def __init__(self, picture: TimelinePicture, layout: _Layout):
        self.picture, self.layout = picture, layout
        self.axis: TimeAxis = make_axis(_axis_intervals(picture), layout.plot_x0, layout.plot_x1)
        self.heads: list[LaneHead] = []
        self.rows: list[Row] = []
        days = dict(zip((e.id for e in picture.events), picture.axis_days, strict=True))
        top = AXIS_HEIGHT
        headed = picture.by_kind
        for lane in picture.lanes:
            if headed:
                self.heads.append(LaneHead(lane, top))
                top += LANE_HEAD
            for event in lane.events:
                row = self._row(event, days[event.id], top)
                self.rows.append(row)
                top += row.height
        self.height = top + AXIS_HEIGHT - 8

    def _row(self, event: Event, days: tuple[int, int], top: float) -> Row:
        layout = self.layout
        indent = 13 if event.disputes else 0
        room = (layout.label_width or layout.width - 16) - indent
        lines = wrap(event.title, TITLE_SIZE, room, 3 if layout.label_width else 2)
        mark_y = top + 12 if layout.label_width else top + 12 + LINE * len(lines) + 6
        marks = self._marks(event, days, mark_y)
        # Narrow: the title's last line ends where the date may go, when the marks leave no room.
        title_end = None if layout.label_width else 8 + indent + text_width(lines[-1] + " ", TITLE_SIZE)
        date = self._date(event, marks, mark_y, (title_end, top + 16 + LINE * (len(lines) - 1)))
        if layout.label_width:
            height = 12 + LINE * max(len(lines), 2 if date.below else 1)
        else:
            height = 12 + LINE * len(lines) + 20 + (LINE if date.below else 0)
        return Row(event, top, height, lines, marks, date)

    def _marks(self, event: Event, days: tuple[int, int], y: float) -> tuple[Mark, ...]:
        axis = self.axis
        accounts = dated_accounts(event)
        marks: list[Mark] = []
        kind = _mark_kind(event)
        x0, x1 = axis.x(days[0]), axis.x(days[1])
        own_day = event.when.start if kind.startswith("dot") else None
        if not (own_day is not None and any(a.date == own_day for a in accounts)):
            if kind.startswith("dot"):
                cx = (x0 + x1) / 2
                marks.append(Mark(kind, cx - 4.5, cx + 4.5, y))
            else:
                if x1 - x0 < 4:
                    x0, x1 = (x0 + x1) / 2 - 2, (x0 + x1) / 2 + 2
                marks.append(Mark(kind, x0, x1, y))
        if event.when.ongoing:
            end = max(m.x1 for m in marks) if marks else x1
            marks.append(Mark("ongoing", end + 1, self.layout.plot_x1 + 12, y))
        if accounts:
            centres = [axis.x((first + end) / 2) for first, end in (_date_days(a.date) for a in accounts)]
            if max(centres) - min(centres) > 10:
                marks.append(Mark("range", min(centres) + 5, max(centres) - 5, y))
            marks += [Mark("account", cx - 5, cx + 5, y, account)
                      for cx, account in zip(centres, accounts, strict=True)]
        return tuple(marks)

    def _date(self, event: Event, marks: tuple[Mark, ...], y: float,
              title_end: tuple[float | None, float]) -> DateLabel:
        """The date beside the marks where it fits (right, else left); else, in the narrow layout,
        at the end of the title's last line; else on a line of its own below the marks."""
        accounts = dated_accounts(event)
        text = _dates_text([a.date for a in accounts]) if accounts else short_date(event)
        if event.disputes:
            text += " · accounts differ"
        parts = text.split(" · ")
        width = text_width(parts[0], DATE_SIZE) + sum(text_width(" · " + p, DATE_SIZE, bold=True) for p in parts[1:])
        left_limit = self.layout.plot_x0 if self.layout.label_width else 4
        low, high = min(m.x0 for m in marks), max(m.x1 for m in marks)
        baseline = y + 3.8
        if high + GAP + width <= self.layout.width - 4:
            return DateLabel(text, high + GAP, baseline, "start", width, False)
        if low - GAP - width >= left_limit:
            return DateLabel(text, low - GAP, baseline, "end", width, False)
        end_x, title_baseline = title_end
        if end_x is not None and end_x + GAP + width <= self.layout.width - 4:
            return DateLabel(text, self.layout.width - 4, title_baseline, "end", width, False)
        x = min(max(low, left_limit), self.layout.width - 4 - width)
        return DateLabel(text, x, baseline + LINE, "start", width, True)


def _date_days(date: PartialDate) -> tuple[int, int]:
    return date.first_day.toordinal(), date.last_day.toordinal() + 1


def _axis_intervals(picture: TimelinePicture) -> list[tuple[int, int]]:
    """What the axis must show: the days that place each event in the story, each account's
    date, the present day if an event is ongoing; and, of the events known only roughly, those
    that lie wholly outside the story (the background), which get a stub of their own. When no
    event places itself, every event's whole span."""
    anchors: list[tuple[int, int]] = []
    for event, days in zip(picture.events, picture.axis_days, strict=True):
        anchor = _anchor_days(event, days, picture.horizon)
        if anchor is not None:
            anchors.append(anchor)
            anchors += [_date_days(a.date) for a in dated_accounts(event)]
    if any(e.when.ongoing for e in picture.events):
        anchors.append((picture.as_of - 1, picture.as_of))
    if not anchors:
        return list(picture.axis_days)
    first, end = min(a for a, _ in anchors), max(b for _, b in anchors)
    outside = [days for event, days in zip(picture.events, picture.axis_days, strict=True)
               if is_loose(event) and (days[1] <= first or days[0] >= end)]
    return anchors + outside


def _draw(drawing: TimelineLayout, link: Links, ids: str) -> Markup:
    layout = drawing.layout
    parts = [
        el("title", {"id": f"{ids}-title"}, drawing.picture.title),
        el("desc", {"id": f"{ids}-desc"}, drawing.picture.description),
        _defs(ids),
        el("g", {"class": "zebra", "aria-hidden": "true"}, *_zebra(drawing)),
        el("g", {"class": "axis", "aria-hidden": "true"}, *_axis(drawing)),
        *(_lane_head(drawing, head, link) for head in drawing.heads),
        *(_row(drawing, row, link, ids) for row in drawing.rows),
    ]
    return el("svg", {
        "class": f"picture-svg timeline-svg timeline-{'wide' if layout.label_width else 'narrow'}",
        "viewBox": f"0 0 {num(layout.width)} {num(drawing.height)}",
        "width": layout.width, "height": drawing.height, "role": "group",
        "aria-labelledby": f"{ids}-title", "aria-describedby": f"{ids}-desc",
    }, "\n", join(parts), "\n")


def _defs(ids: str) -> Markup:
    hatch = el("pattern", {"id": f"{ids}-hatch", "patternUnits": "userSpaceOnUse", "width": 5, "height": 5,
                           "patternTransform": "rotate(45)"}, el("rect", {"class": "hatch", "width": 2, "height": 5}))
    arrow = el("marker", {"id": f"{ids}-arrow", "viewBox": "0 0 8 8", "refX": 7, "refY": 4, "markerWidth": 7,
                          "markerHeight": 7, "orient": "auto"},
               el("path", {"class": "arrowhead", "d": "M0 0L8 4L0 8z"}))
    return el("defs", {}, hatch, arrow)


def _zebra(drawing: TimelineLayout) -> list[Markup]:
    return [el("rect", {"class": "row-bg", "x": 0, "y": row.top, "width": drawing.layout.width, "height": row.height})
            for i, row in enumerate(drawing.rows) if i % 2 == 0]


def _axis(drawing: TimelineLayout) -> list[Markup]:
    top, bottom = AXIS_HEIGHT - 4, drawing.height - AXIS_HEIGHT + 8
    out: list[Markup] = []
    for segment in drawing.axis.segments:
        boundaries, labels = segment.ticks()
        for tick in boundaries:
            cls = "grid" if tick.major else "grid grid-minor"
            out.append(el("line", {"class": cls, "x1": tick.x, "y1": top - (4 if tick.major else 0), "x2": tick.x,
                                   "y2": bottom}))
            if tick.label:
                out.append(el("text", {"class": "tick-label tick-minor", "x": tick.x, "y": top - 3}, tick.label))
        for tick in labels:
            out.append(el("text", {"class": "tick-label", "x": tick.x, "y": 13}, tick.label))
            out.append(el("text", {"class": "tick-label", "x": tick.x, "y": drawing.height - 6}, tick.label))
        for y in (top, bottom):
            out.append(el("line", {"class": "axis-line", "x1": segment.x0, "y1": y, "x2": segment.x1, "y2": y}))
    for x in drawing.axis.breaks():
        for y in (top, bottom):
            d = path_data(("M", x - 5, y + 5), ("L", x - 1, y - 5), ("M", x + 1, y + 5), ("L", x + 5, y - 5))
            out.append(el("path", {"class": "axis-break", "d": d}))
    return out


def _lane_head(drawing: TimelineLayout, head: LaneHead, link: Links) -> Markup:
    kind = head.lane.kind
    label = kind.label if kind else "Other events"
    count = len(head.lane.events)
    text = el("text", {"class": "lane-label", "x": 8, "y": head.top + 15},
              f"{label} ", el("tspan", {"class": "lane-count"}, f"({count})"))
    line = el("line", {"class": "lane-rule", "x1": 0, "y1": head.top + 0.5, "x2": drawing.layout.width,
                       "y2": head.top + 0.5})
    if kind is None:
        return el("g", {"class": "lane-head"}, line, text)
    return el("a", {"class": "lane-head", "href": link.kind(kind.id),
                    "aria-label": f"{label}: {count} event{'' if count == 1 else 's'}, on a page of their own"},
              el("rect", {"class": "hit", "x": 0, "y": head.top, "width": drawing.layout.width, "height": LANE_HEAD}),
              line, text)


def _row(drawing: TimelineLayout, row: Row, link: Links, ids: str) -> Markup:
    """The row as one link, its name its visible text (title, date, "accounts differ") in one
    ``<text>`` so that assistive technology reads the words in order; then a link per account
    that dates the event differently."""
    layout, event = drawing.layout, row.event
    x_text = 8.0
    title_y = row.top + 16
    parts = [el("rect", {"class": "hit", "x": 0, "y": row.top, "width": layout.width, "height": row.height})]
    if event.disputes:
        parts.append(el("path", {"class": "dispute-mark", "d": _diamond(x_text + 4.5, title_y - 4.5, 5)}))
        x_text += 13
    parts += [_shape(mark, ids) for mark in row.marks if mark.account is None]
    date_parts = row.date.text.split(" · ")
    spans = [date_parts[0]] + [el("tspan", {"class": "row-dispute"}, " · " + part) for part in date_parts[1:]]
    date = el("tspan", {"class": "row-date", "x": row.date.x, "y": row.date.y, "text-anchor": row.date.anchor}, *spans)
    title = [el("tspan", {"x": x_text, "dy": 0 if i == 0 else LINE}, line + " ") for i, line in enumerate(row.lines)]
    parts.append(el("text", {"class": "row-title", "x": x_text, "y": title_y}, *title, date))
    out = [el("a", {"class": "row", "href": link.event(event.id)}, *parts)]
    for mark in row.marks:
        if mark.account is not None:
            a = mark.account
            label = f"{event.title}: {a.date.human}, by one account"
            out.append(el("a", {"class": "account-mark", "href": link.account(event.id, a.dispute, a.number),
                                "aria-label": label}, _shape(mark, ids)))
    return out[0] if len(out) == 1 else el("g", {"class": "row-group"}, *out)


def _shape(mark: Mark, ids: str) -> Markup:
    y = mark.y
    if mark.shape.startswith("dot"):
        cls = "mark mark-hollow" if mark.shape.endswith("approx") else "mark mark-solid"
        return el("circle", {"class": cls, "cx": (mark.x0 + mark.x1) / 2, "cy": y, "r": 4.5})
    if mark.shape in ("bar", "bar-approx", "vague"):
        height = 11 if mark.shape == "vague" else 9
        cls = "mark mark-hatched" if mark.shape == "vague" else "mark mark-solid"
        return el("rect", {"class": cls, "x": mark.x0, "y": y - height / 2, "width": mark.x1 - mark.x0,
                           "height": height, "rx": 2, "fill": f"url(#{ids}-hatch)" if mark.shape == "vague" else None})
    if mark.shape == "ongoing":
        return el("line", {"class": "ongoing", "x1": mark.x0, "y1": y, "x2": mark.x1, "y2": y,
                           "marker-end": f"url(#{ids}-arrow)"})
    if mark.shape == "range":
        return el("line", {"class": "dispute-range", "x1": mark.x0, "y1": y, "x2": mark.x1, "y2": y})
    cx = (mark.x0 + mark.x1) / 2
    return Markup("").join([el("rect", {"class": "hit", "x": mark.x0 - 2, "y": y - 9, "width": mark.x1 - mark.x0 + 4,
                                        "height": 18}),
                            el("path", {"class": "dispute-mark account-date", "d": _diamond(cx, y, 5)})])


def _diamond(cx: float, cy: float, r: float) -> str:
    return path_data(("M", cx, cy - r), ("L", cx + r, cy), ("L", cx, cy + r), ("L", cx - r, cy)) + "z"
