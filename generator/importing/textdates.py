"""Dates as news pages print them ("Nov 06, 2025", "Thursday, November 6", "6 November 2025"),
and dates and times as other generators write them ("2013-05-06 02:12:52 +0200").

Month and weekday names are English: the clippings and generators met so far are. A year left out
is taken from the years the text mentions before it is guessed from today.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

from generator.dates import MONTHS

# Month and weekday names as news text writes them: capitalised ("May", "Nov."), or in capitals
# ("NOV 06, 2025"); never in lower case, where "may" and "march" are other words ("as many as 20
# may have died"). A month is a date only with a day number beside it, on the same line.
_MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS) if name}
_MONTH_NUMBERS.update({name[:3]: number for name, number in list(_MONTH_NUMBERS.items())})
_MONTH_NUMBERS["Sept"] = 9
_MONTH_NUMBERS.update({name.upper(): number for name, number in list(_MONTH_NUMBERS.items())})
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NUMBERS = {name.capitalize(): number for number, name in enumerate(WEEKDAYS)}
_WEEKDAY_NUMBERS.update({name[:3]: number for name, number in list(_WEEKDAY_NUMBERS.items())})
_WEEKDAY_NUMBERS.update({name.upper(): number for name, number in list(_WEEKDAY_NUMBERS.items())})

_SPACE = r"[ \t\u00a0]+"
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(sorted(_WEEKDAY_NUMBERS, key=len, reverse=True)) + r")\.?,?" + _SPACE + ")?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?" + _SPACE + r"(?P<year>(?:19|20)\d\d))"
# "November 6, 2025", "Nov. 06 2025", "Thursday, November 6"; "6 November 2025", "Thursday 6 November".
_MONTH_FIRST = _WEEKDAY + _MONTH + _SPACE + _DAY + _YEAR + "?"
_DAY_FIRST = _WEEKDAY + _DAY + _SPACE + _MONTH + _YEAR + "?"
_ISO_DAY = r"(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"
_PATTERNS = [re.compile(rf"\b(?:{p})\b") for p in (_MONTH_FIRST, _DAY_FIRST)]
_BARE_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_ISO_PATTERN = re.compile(rf"\b{_ISO_DAY}\b")
_TIME_LINE = re.compile(r"^\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?\s*$", re.IGNORECASE)
_UPDATED = re.compile(r"^\s*(?:published|posted|updated|last updated|first published)\s*:?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class TextDate:
    """A date found in text: its parts as printed (the year may be missing) and where it stands."""

    text: str
    month: int
    day: int
    year: int | None
    weekday: int | None  # Monday is 0
    start: int
    end: int

    def on(self, year: int) -> dt.date | None:
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None


def find_dates(text: str) -> list[TextDate]:
    """Every date printed in ``text``, left to right."""
    found: list[TextDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            month = _MONTH_NUMBERS[match.group("month").rstrip(".")]
            day = int(match.group("day"))
            if not 1 <= day <= 31:
                continue
            year = int(match.group("year")) if match.group("year") else None
            weekday = match.group("weekday")
            found.append(TextDate(match.group(0), month, day, year,
                                  _WEEKDAY_NUMBERS[weekday.rstrip(".")] if weekday else None,
                                  match.start(), match.end()))
            taken.append((match.start(), match.end()))
    for match in _ISO_PATTERN.finditer(text):
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        year, month, day = (int(part) for part in match.group("iso").split("-"))
        found.append(TextDate(match.group(0), month, day, year, None, match.start(), match.end()))
    found.sort(key=lambda d: d.start)
    return [d for d in found if d.year is None or d.on(d.year) is not None]


def date_line(line: str) -> TextDate | None:
    """The date, if ``line`` is nothing but a date (as a page's dateline is: "Nov 06, 2025",
    "Thursday, November 6", "Published: 6 November 2025")."""
    text = _UPDATED.sub("", line).strip().rstrip(".")
    dates = find_dates(text)
    if len(dates) == 1 and dates[0].start == 0 and dates[0].end >= len(text) - 1:
        return dates[0]
    return None


def is_time_line(line: str) -> bool:
    """Whether ``line`` is nothing but a time of day ("10:27 am", "14.05 GMT")."""
    return bool(_TIME_LINE.match(line))


def year_for_weekday(date: TextDate, today: dt.date) -> int | None:
    """The latest year, not after ``today``, in which the printed day falls on its printed weekday:
    "Thursday, November 6" printed with no year. None without a weekday."""
    if date.weekday is None:
        return None
    for year in range(today.year, today.year - 40, -1):
        day = date.on(year)
        if day is not None and day <= today and day.weekday() == date.weekday:
            return year
    return None


@dataclass(frozen=True)
class YearFromText:
    year: int
    latest: int  # the latest year the text mentions
    mentioned: str  # the latest year the text mentions, as it is written there ("in 2021", "Oct. 19, 2025")


def year_from_text(date: TextDate, text: str, today: dt.date) -> YearFromText | None:
    """The year of a date printed without one, from the years the text around it gives: the first
    year, from the latest one it mentions (in a full date, else on its own), in which the printed
    day falls on the printed weekday (without a weekday, that latest year itself), and not after
    ``today``. None when the text mentions no year, or no such year has come yet."""
    dated = [(d.year, d.text) for d in find_dates(text) if d.year is not None]
    mentioned = dated or [(int(m.group(0)), _around(text, m)) for m in _BARE_YEAR.finditer(text)]
    if not mentioned:
        return None
    latest, said = max(mentioned)
    for year in range(latest, today.year + 1):
        day = date.on(year)
        if day is None or day > today:
            continue
        if date.weekday is None or day.weekday() == date.weekday:
            return YearFromText(year, latest, said)
    return None


def _around(text: str, match: re.Match[str]) -> str:
    """A bare year with the word before it, as the report quotes it ("in 2021")."""
    before = text[:match.start()].split()
    return (before[-1] + " " if before else "") + match.group(0)


WEEKDAY_MENTION = re.compile(r"\bon\s+(" + "|".join(w.capitalize() for w in WEEKDAYS) + r")\b")


def next_weekday(after: dt.date, weekday: int) -> dt.date:
    """The first day after ``after`` that is the given weekday (within the next seven days)."""
    return after + dt.timedelta(days=(weekday - after.weekday() - 1) % 7 + 1)


# -- dates with times, as generators write them ------------------------------------------------

_STAMP = re.compile(r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})(?:[T ]+(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
                    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Stamp:
    """A front-matter date: the day in the site's time zone, and whether a time or zone was cut."""

    day: dt.date
    had_time: bool
    had_zone: bool


def read_stamp(value: object, zone: str) -> Stamp | None:
    """A generator's date (YAML date, datetime or text such as "2013-05-06 02:12:52 +0200") as the
    day it falls on in the time zone ``zone``; None if it is not a date."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return Stamp(value.date(), True, False)
        return Stamp(value.astimezone(zoneinfo.ZoneInfo(zone)).date(), True, True)
    if isinstance(value, dt.date):
        return Stamp(value, False, False)
    if not isinstance(value, str):
        return None
    match = _STAMP.match(value.strip())
    if not match:
        return None
    try:
        year, month, day = (int(part) for part in match.group("date").split("-"))
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if not match.group("time"):
        return Stamp(date, False, False)
    hour, minute, *rest = match.group("time").split(":")
    seconds = float(rest[0]) if rest else 0.0
    try:
        moment = dt.datetime(year, month, day, int(hour), int(minute), int(seconds))
    except ValueError:
        return None
    zone_text = match.group("zone")
    if not zone_text:
        return Stamp(date, True, False)
    offset = _offset(zone_text)
    aware = moment.replace(tzinfo=dt.timezone(offset))
    return Stamp(aware.astimezone(zoneinfo.ZoneInfo(zone)).date(), True, True)


def _offset(zone: str) -> dt.timedelta:
    if zone.upper() in ("Z", "UTC", "GMT"):
        return dt.timedelta(0)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4]))
