"""A time axis for the drawn timeline: days to x, broken where the story has a long gap.

A briefing's events cluster (weeks of clashes and talks) with a few far older ones (the
background, years earlier). One linear axis would squash the cluster into a sliver, so the axis
is cut into segments at long gaps, each with a linear scale and a visible break between them.

Only +, -, * and / on floats (exactly rounded by IEEE 754, the same on every machine): no
trigonometry, no numpy, so every coordinate is the same everywhere.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

from generator.dates import DateSpan

MONTH_ABBR = tuple(calendar.month_abbr)
MONTH_NAMES = tuple(calendar.month_name)

BREAK_WIDTH = 18.0  # between two segments
MIN_SEGMENT_WIDTH = 52.0
MIN_BREAK_DAYS = 90  # a shorter gap never breaks the axis
MAX_SEGMENTS = 4
_PERIOD_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def span_days(when: DateSpan) -> tuple[int, int]:
    """The days an event may have happened on, as ordinals [first, last + 1): a month-precision
    date covers its month (or the early, mid or late part of it), a year-precision one its year."""
    start = when.start
    if when.period and start.precision == "month" and start.month:
        first_day, last_day = _PERIOD_DAYS[when.period]
        month_end = calendar.monthrange(start.year, start.month)[1]
        first = dt.date(start.year, start.month, first_day)
        last = dt.date(start.year, start.month, min(last_day, month_end))
    else:
        first, last = start.first_day, start.last_day
    if when.end is not None:
        last = max(last, when.end.last_day)
    return first.toordinal(), last.toordinal() + 1


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    major: bool  # a boundary (month, year) rather than a day within it


@dataclass(frozen=True)
class Segment:
    start: int  # ordinal day, inclusive
    end: int  # ordinal day, exclusive
    x0: float
    x1: float

    @property
    def scale(self) -> float:
        return (self.x1 - self.x0) / (self.end - self.start)

    def x(self, day: float) -> float:
        return self.x0 + (day - self.start) * self.scale

    def ticks(self) -> tuple[tuple[Tick, ...], tuple[Tick, ...]]:
        """Boundary ticks (at month or year starts) and labels centred in each month or year."""
        month_width = 30.4 * self.scale
        if month_width >= 34:
            return self._month_ticks(month_width)
        return self._year_ticks()

    def _month_ticks(self, month_width: float) -> tuple[tuple[Tick, ...], tuple[Tick, ...]]:
        first = dt.date.fromordinal(self.start)
        year, month = first.year, first.month
        boundaries: list[Tick] = []
        labels: list[Tick] = []
        minor: list[Tick] = []
        shown_year = None
        while dt.date(year, month, 1).toordinal() < self.end:
            begin = max(dt.date(year, month, 1).toordinal(), self.start)
            month_end = dt.date(year, month, calendar.monthrange(year, month)[1]).toordinal() + 1
            end = min(month_end, self.end)
            if begin == dt.date(year, month, 1).toordinal() and begin > self.start:
                boundaries.append(Tick(self.x(begin), "", True))
            visible = (end - begin) * self.scale
            name = MONTH_NAMES[month] if visible >= 92 else MONTH_ABBR[month]
            label = name if shown_year == year else f"{name} {year}"
            if visible >= 30:
                shown = label if visible >= 62 else MONTH_ABBR[month]
                labels.append(Tick((self.x(begin) + self.x(end)) / 2, shown, True))
                shown_year = year if visible >= 62 else shown_year
            if month_width >= 110:
                for day in (10, 20):
                    ordinal = dt.date(year, month, day).toordinal()
                    if begin <= ordinal < end:
                        minor.append(Tick(self.x(ordinal + 0.5), str(day), False))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return tuple(boundaries + minor), tuple(labels)

    def _year_ticks(self) -> tuple[tuple[Tick, ...], tuple[Tick, ...]]:
        first, last = dt.date.fromordinal(self.start).year, dt.date.fromordinal(self.end - 1).year
        year_width = 365.25 * self.scale
        step = next((s for s in (1, 2, 5, 10, 20, 50) if s * year_width >= 36), 100)
        boundaries, labels = [], []
        for year in range(first, last + 1):
            begin = max(dt.date(year, 1, 1).toordinal(), self.start)
            end = min(dt.date(year + 1, 1, 1).toordinal(), self.end)
            if begin == dt.date(year, 1, 1).toordinal() and begin > self.start:
                boundaries.append(Tick(self.x(begin), "", True))
            if year % step == 0 or first == last:
                labels.append(Tick((self.x(begin) + self.x(end)) / 2, str(year), True))
        return tuple(boundaries), tuple(labels)


@dataclass(frozen=True)
class TimeAxis:
    segments: tuple[Segment, ...]

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    def segment_of(self, day: float) -> Segment:
        # A day in a break belongs to the segment after it (and is drawn at its left edge).
        return next((s for s in self.segments if day < s.end), self.segments[-1])

    def x(self, day: float) -> float:
        """Where ``day`` falls; a day inside a break falls at the edge of the next segment."""
        segment = self.segment_of(day)
        return min(max(segment.x(day), segment.x0), segment.x1)

    def breaks(self) -> tuple[float, ...]:
        """The x in the middle of each break."""
        return tuple((a.x1 + b.x0) / 2 for a, b in pairwise(self.segments))


def _pad(first: int, end: int) -> tuple[int, int]:
    """A cluster of days with a little room either side: a day, or a fortieth of its length; whole
    months as they are. Not widened to whole months: the axis ends where the story does."""
    if dt.date.fromordinal(first).day == 1 and dt.date.fromordinal(end).day == 1 and end - first >= 28:
        return first, end  # whole months or years (a date known only to them): their own bounds
    room = max(1, (end - first) // 40)
    return first - room, max(end + room, first + 6)


def make_axis(intervals: list[tuple[int, int]], x0: float, x1: float) -> TimeAxis:
    """An axis from x0 to x1 covering every [first, end) interval, broken at long gaps.

    Segments get width by how many events they hold (beyond a minimum), not by how long they
    last: a year known only as "2021" should not take more room than a busy month.
    """
    ordered = sorted(intervals)
    total = max(end for _, end in ordered) - ordered[0][0]
    threshold = max(MIN_BREAK_DAYS, total // 4)
    clusters: list[list[int]] = []  # [first, end, events]
    for first, end in ordered:
        if clusters and first - clusters[-1][1] <= threshold:
            clusters[-1][1] = max(clusters[-1][1], end)
            clusters[-1][2] += 1
        else:
            clusters.append([first, end, 1])
    while len(clusters) > MAX_SEGMENTS:  # merge across the shortest gap
        i = min(range(len(clusters) - 1), key=lambda k: (clusters[k + 1][0] - clusters[k][1], k))
        a, b = clusters[i], clusters.pop(i + 1)
        clusters[i] = [a[0], max(a[1], b[1]), a[2] + b[2]]
    padded = [(*_pad(first, end), count) for first, end, count in clusters]
    for i in range(1, len(padded)):  # padding must not make neighbours overlap
        if padded[i][0] < padded[i - 1][1]:
            padded[i] = (padded[i - 1][1], max(padded[i][1], padded[i - 1][1] + 1), padded[i][2])
    available = x1 - x0 - BREAK_WIDTH * (len(padded) - 1)
    spare = max(0.0, available - MIN_SEGMENT_WIDTH * len(padded))
    events = sum(count for _, _, count in padded)
    segments, x = [], x0
    for start, end, count in padded:
        width = min(MIN_SEGMENT_WIDTH, available / len(padded)) + spare * count / events
        segments.append(Segment(start, end, x, x + width))
        x += width + BREAK_WIDTH
    return TimeAxis(tuple(segments))
