"""Dates as the sources give them: to the day, the month or the year, possibly approximate.

``PartialDate`` is one such date; ``DateSpan`` is what an event or article carries (a start, an
optional end, circa, ongoing) and knows how to sort and how to say itself honestly.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

Precision = Literal["year", "month", "day"]
# Where in its month a month-precision date falls, when a source says "early October".
Period = Literal["early", "mid", "late"]
_PERIOD_FIRST_DAY = {"early": 1, "mid": 11, "late": 21}

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# A date with a time of day, and perhaps a zone, as other generators write them:
# 2013-05-06 02:12:52 +0200, 2013-05-06T02:12:52Z.
_TIMED = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Z]{3,4})?$")
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
# Spelt out rather than taken from calendar.month_name, which follows the process's locale: the
# output must not change with the machine that builds it.
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        """Read YYYY-MM-DD, YYYY-MM or YYYY (as YAML gives them: a date, a string or an int)."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            written = value.isoformat(sep=" ")
            raise ValueError(_with_time(written, value.date(), written[11:], value.tzinfo is not None))
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:04d}"
        if not isinstance(value, str):
            raise ValueError("a date must be written YYYY-MM-DD, YYYY-MM or YYYY")
        match = _ISO.match(value.strip())
        timed = None if match else _TIMED.match(value.strip())
        if timed:
            first = cls.parse(timed.group(1)).first_day
            raise ValueError(_with_time(value.strip(), first, value.strip()[11:].strip(), bool(timed.group(2))))
        if not match:
            raise ValueError(f"{value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2025-10-19)")
        year_text, month_text, day_text = match.groups()
        year = int(year_text)
        month, day = (int(g) if g else None for g in (month_text, day_text))
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{value!r} has no month {month}: months run 01 to 12")
        if month is not None and day is not None:  # (the pattern gives no day without a month)
            try:
                dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"{value!r} is not a real date: check the day and the month") from None
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        """The value for ``<time datetime>``: a valid HTML date, month or year string."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        # A month-precision date sorts at the start of its month, before that month's days.
        return (self.first_day, _PRECISION_RANK[self.precision])

    @property
    def human(self) -> str:
        if self.day:
            return f"{self.day} {MONTHS[self.month or 0]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month]} {self.year}"
        return str(self.year)

    @property
    def month_key(self) -> str:
        return self.iso[:7]

    @property
    def month_human(self) -> str:
        """The month (or year) this date falls in: what a timeline groups it under."""
        return f"{MONTHS[self.month]} {self.year}" if self.month else str(self.year)

    def __str__(self) -> str:
        return self.iso


def _with_time(written: str, day: dt.date, time: str, zoned: bool) -> str:
    """The message for a date refused because it has a time of day: how to write it instead."""
    if zoned:
        return (f"{written!r} has a time and a time zone: a date here is a day in the site's time zone, written "
                f"`date: {day.isoformat()}` (or the day before or after, where the zones differ: 00:30 +0200 is the "
                f"day before in UTC). Keep the time under `extra:` if it matters, e.g. `extra: {{time: \"{time}\"}}`; "
                "`briefing import` does both")
    return (f"{written!r} has a time of day: a date here is a day, written `date: {day.isoformat()}`. Keep the "
            f"time under `extra:` if it matters, e.g. `extra: {{time: \"{time}\"}}`")


@dataclass(frozen=True)
class DatePart:
    """One ``<time>`` element of a rendered date: its datetime value and visible text."""

    iso: str
    text: str


@dataclass(frozen=True)
class DateSpan:
    """When something happened, as honestly as the sources allow: a start, an optional end (a
    range), ``circa`` (approximate), ``ongoing`` (started, not ended: never with an end) and a
    ``period`` of a month-precision start ("late October")."""

    start: PartialDate
    end: PartialDate | None = None
    circa: bool = False
    ongoing: bool = False
    period: Period | None = None  # only with a month-precision start

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        if self.period and self.start.precision == "month":
            # "late October" sorts among October's days, not before all of them.
            day = dt.date(self.start.year, self.start.month or 1, _PERIOD_FIRST_DAY[self.period])
            return (day, 1)
        return self.start.sort_key

    @property
    def last_day(self) -> dt.date:
        """The last day the span may cover: what breaks ties between spans starting together."""
        return (self.end or self.start).last_day

    @property
    def parts(self) -> tuple[tuple[str, DatePart], ...]:
        """The date as (separator, part) pairs, shortest honest form: "18–19 October 2025"."""
        start, end = self.start, self.end
        if end is None or end == start:
            return (("", DatePart(start.iso, start.human)),)
        if start.year != end.year or "year" in (start.precision, end.precision):
            first = start.human
        elif start.precision == end.precision == "day" and start.month == end.month:
            first = str(start.day)
        elif start.precision == "day":
            first = f"{start.day} {MONTHS[start.month or 0]}"
        else:
            first = MONTHS[start.month or 0]  # the year is said once, at the end: "October–November 2025"
        return (("", DatePart(start.iso, first)), ("–", DatePart(end.iso, end.human)))

    @property
    def prefix(self) -> str:
        # An ongoing event has a start and no end: "since late October 2025, ongoing".
        return ("since " if self.ongoing else "") + ("c. " if self.circa else "") + (f"{self.period} " if self.period else "")

    @property
    def suffix(self) -> str:
        return ", ongoing" if self.ongoing else ""

    @property
    def text(self) -> str:
        return self.prefix + "".join(sep + part.text for sep, part in self.parts) + self.suffix
