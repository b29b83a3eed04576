"""Where everything of the drawn timeline goes, in each of its two layouts: the axis, the lanes'
headings, and each row's title, marks and date label. Every box is kept, so that tests can check
that no date label covers a mark; generator.pictures.timeline_draw writes the SVG from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from generator.dates import PartialDate
from generator.model import Event
from generator.pictures.svg import text_width, wrap
from generator.pictures.timeaxis import TimeAxis, make_axis
from generator.pictures.timeline_dates import (
    DatedAccount,
    anchor_days,
    dated_accounts,
    dates_text,
    is_loose,
    mark_kind,
    short_date,
)
from generator.pictures.timeline_draw import AXIS_HEIGHT, LANE_HEAD, LINE

if TYPE_CHECKING:
    from generator.pictures.timeline import Lane, TimelinePicture

Variant = Literal["wide", "narrow"]
TITLE_SIZE = 13.0
DATE_SIZE = 11.0
GAP = 6.0  # between a mark and its date label


@dataclass(frozen=True)
class _Layout:
    width: float
    label_width: float  # 0: the title goes above the mark, across the whole width
    plot_x0: float
    plot_x1: float
    title_top: float  # from a row's top to its title's first baseline


# The narrow layout's rows are as tight as its marks allow (a phone shows the picture at about
# its own size): the title's first baseline 14 below the row's top, the marks 15 below the
# title's last baseline, 10 left under them (room for a diamond's hit area).
LAYOUTS: dict[Variant, _Layout] = {
    "wide": _Layout(width=720, label_width=320, plot_x0=340, plot_x1=700, title_top=16),
    "narrow": _Layout(width=360, label_width=0, plot_x0=14, plot_x1=340, title_top=14),
}
NARROW_MARK_DROP = 15.0  # from the title's last baseline to the marks' centre line
NARROW_BELOW_MARKS = 10.0


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
        title_last = top + layout.title_top + LINE * (len(lines) - 1)
        mark_y = top + 12 if layout.label_width else title_last + NARROW_MARK_DROP
        marks = self._marks(event, days, mark_y)
        # Narrow: the title's last line ends where the date may go, when the marks leave no room.
        title_end = None if layout.label_width else 8 + indent + text_width(lines[-1] + " ", TITLE_SIZE)
        date = self._date(event, marks, mark_y, (title_end, title_last))
        if layout.label_width:
            height = 12 + LINE * max(len(lines), 2 if date.below else 1)
        else:
            height = mark_y - top + NARROW_BELOW_MARKS + (LINE if date.below else 0)
        return Row(event, top, height, lines, marks, date)

    def _marks(self, event: Event, days: tuple[int, int], y: float) -> tuple[Mark, ...]:
        axis = self.axis
        accounts = dated_accounts(event)
        marks: list[Mark] = []
        kind = mark_kind(event)
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
        text = dates_text([a.date for a in accounts]) if accounts else short_date(event)
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
        anchor = anchor_days(event, days, picture.horizon)
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
