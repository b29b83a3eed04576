"""Text clippings: an article's text as copied out of a news site or app, with the page's chrome
still around it (app badges, "LOADING...", menus) and no markup.

A clipping is read line by line. The chrome rules (``generator.importing.rules``) remove what
belongs to the app; what is left is told apart by its place and its shape: the headline first, a
header between the headline and its repetition (outlet, date, the app's menu), a standfirst, then
the body's paragraphs, headings (short lines without a full stop), photo captions (kept in
italics) and embedded posts (a paragraph followed by "— Name (@handle) date", kept as a quote).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.dates import MONTHS, PartialDate
from generator.importing.draft import Draft
from generator.importing.rules import Rules
from generator.importing.textdates import (
    WEEKDAY_MENTION,
    WEEKDAYS,
    TextDate,
    date_line,
    find_dates,
    is_time_line,
    next_weekday,
    year_for_weekday,
    year_from_text,
)

_BULLET = re.compile(r"^[•·▪●■◦‣*]\s+")
# A dateline opening a news story: "ISLAMABAD:", "ISLAMABAD/KABUL:", "WASHINGTON —".
_DATELINE = re.compile(r"^[A-Z][A-Z .'/-]{2,40}(?::|\s[\u2014\u2013-])\s")
_ATTRIBUTION = re.compile(r"^[\u2014\u2015\u2013]\s*\S.*(\(@\w+\)|\b(19|20)\d\d\b)")
HEADING_WORDS = 12
STANDFIRST_WORDS = 60
HEADER_LINES = 15  # how far a repeated headline is looked for


@dataclass(frozen=True)
class Unit:
    """One line of the clipping, with its line number in the source."""

    text: str
    line: int
    bullet: bool = False


def read_clipping(text: str, draft: Draft, rules: Rules, outlet_names: Sequence[str], today: dt.date) -> None:
    """Fill ``draft`` from the clipping ``text``."""
    units = _strip_chrome(text, rules, draft)
    if not units:
        draft.empty = "nothing is left of the clipping once its chrome is removed: is it the right file?"
        return
    title = units[0]
    draft.title = title.text
    draft.found.append(f"headline (line {title.line})")
    rest = units[1:]
    header: list[Unit] = []
    repeat = next((i for i, u in enumerate(rest[:HEADER_LINES]) if _same(u.text, title.text)), None)
    if repeat is not None:
        header, rest = rest[:repeat], rest[repeat + 1:]
    printed: TextDate | None = None
    times: list[str] = []
    kept_header: list[str] = []
    known = {_key(name): name for name in outlet_names}
    for unit in header:
        if (found := date_line(unit.text)) is not None:
            printed = printed or found
        elif is_time_line(unit.text):
            times.append(unit.text)
        elif _key(unit.text) in known and draft.outlet_name is None:
            draft.outlet_name = known[_key(unit.text)]
            draft.found.append(f"outlet “{unit.text}” (line {unit.line})")
        else:
            kept_header.append(unit.text)
    while rest and (date_line(rest[0].text) or is_time_line(rest[0].text)):
        if (found := date_line(rest[0].text)) is not None:
            printed = printed or found
        else:
            times.append(rest[0].text)
        rest = rest[1:]
    if kept_header:
        draft.extra["printed_header"] = kept_header
        draft.guessed.append("lines between the headline and its repetition are the app's header, not the article: "
                             + "; ".join(f"“{t}”" for t in kept_header) + " (kept under extra.printed_header)")
    if times:
        draft.extra["printed_time"] = times[0]
    if rest and (rest[0].bullet or _is_standfirst(rest)):
        draft.summary = rest[0].text
        if rest[0].bullet:
            draft.found.append(f"standfirst (line {rest[0].line}), as the summary")
        else:
            draft.guessed.append(f"standfirst (line {rest[0].line}), as the summary: move it into the body if it is "
                                 "the first paragraph")
        rest = rest[1:]
    draft.body = _markdown(rest, rules)
    if not rest:
        draft.empty = "the clipping has a headline" + (" and a standfirst" if draft.summary else "") + ", and no text"
    _date(draft, printed, rest, today)


def _strip_chrome(text: str, rules: Rules, draft: Draft) -> list[Unit]:
    units: list[Unit] = []
    dropped: list[str] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        rule = rules.chrome_rule(line)
        if rule is not None:
            dropped.append(f"“{line}” (line {number}" + (" and all after it)" if rule.rest else ")"))
            if rule.rest:
                break
            continue
        bullet = _BULLET.match(line)
        units.append(Unit(line[bullet.end():] if bullet else line, number, bullet is not None))
    if dropped:
        draft.found.append("page chrome removed: " + ", ".join(dropped))
    return units


def _is_standfirst(units: list[Unit]) -> bool:
    """The paragraph under the headline reads as a standfirst: a sentence (not a heading, a
    caption or a dateline-led first paragraph), not long, with the article still to come."""
    first = units[0].text
    return (len(units) >= 3 and not _DATELINE.match(first) and not _looks_like_heading(units, 0)
            and len(first.split()) <= STANDFIRST_WORDS and first[-1:] in ".!?\u201d\"\u2019'\u2026")


def _looks_like_heading(units: list[Unit], index: int) -> bool:
    text = units[index].text
    words = text.split()
    return (index + 1 < len(units) and 0 < len(words) <= HEADING_WORDS and text[-1] not in ".,;:…”\"'—-"
            and (text[0].isupper() or text[0].isdigit()) and not _ATTRIBUTION.match(text)
            and not text.startswith(("(", "[")))


def _markdown(units: list[Unit], rules: Rules) -> str:
    blocks: list[str] = []
    level = 0  # the level of the heading just written, 0 after a paragraph
    for index, unit in enumerate(units):
        text = unit.text
        if rules.is_caption(text):
            blocks.append(f"*{escape(text)}*")
            level = 0
        elif _ATTRIBUTION.match(text) and blocks and not blocks[-1].startswith(("#", "*", ">")):
            # An embedded post: its text, then "— Name (@handle) date".
            blocks[-1] = "> " + blocks[-1] + "\n>\n> " + escape(text)
            level = 0
        elif _looks_like_heading(units, index):
            level = 2 if level in (0, 3) else 3
            blocks.append("#" * level + " " + escape(text))
        else:
            blocks.append(escape(text))
            level = 0
    return "\n\n".join(blocks)


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<])")
_BLOCK_START = re.compile(r"^(#{1,6}\s|>|[-+*]\s|\d{1,9}[.)]\s|=+\s*$|-+\s*$|\|)")


def escape(text: str) -> str:
    """Plain text as Markdown that shows it as it is."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    if _BLOCK_START.match(text):
        text = "\\" + text
    return text


def _date(draft: Draft, printed: TextDate | None, body: list[Unit], today: dt.date) -> None:
    if printed is not None and printed.year is not None:
        draft.date = PartialDate(printed.year, printed.month, printed.day)
        draft.found.append(f"date “{printed.text}”")
        draft.extra["printed_date"] = printed.text
        return
    text = "\n".join([draft.summary or ""] + [unit.text for unit in body])
    if printed is not None:
        draft.extra["printed_date"] = printed.text
        if _year_from_text(draft, printed, text, today) or _latest_year(draft, printed, today):
            return
    dated = [d for d in find_dates(text) if d.year is not None]
    if dated:
        latest = max(dated, key=lambda d: (d.year, d.month, d.day))
        day = dt.date(latest.year or 0, latest.month, latest.day)
        mentions = [m.group(1) for m in WEEKDAY_MENTION.finditer(text)]
        note = f"The clipping prints no date of its own. The latest date it mentions is “{latest.text}”"
        if mentions:
            day = next_weekday(day, WEEKDAYS.index(mentions[0].lower()))
            note += (f", and it speaks of events “on {mentions[0]}”: the first {mentions[0]} after it is "
                     f"{day.day} {MONTHS[day.month]} {day.year}, taken as the date of publication.")
        else:
            note += ": the article was published on that day or later."
        draft.date = PartialDate(day.year, day.month, day.day)
        draft.circa = True
        draft.date_note = note
        draft.guessed.append(f"date {day.isoformat()} (circa), from the dates in the text: check it "
                             "(date_note says how)")
        return
    # No date at all: the import's fallback (--date, or today marked circa) says so.


def _year_from_text(draft: Draft, printed: TextDate, text: str, today: dt.date) -> bool:
    """A date printed without its year takes the year the clipping's own text points to."""
    found = year_from_text(printed, text, today)
    if found is None:
        return False
    draft.date = PartialDate(found.year, printed.month, printed.day)
    day = f"{printed.day} {MONTHS[printed.month]}"
    if printed.weekday is not None:
        weekday = WEEKDAYS[printed.weekday].capitalize()
        reason = (f"The latest year the clipping mentions is {found.latest} (“{found.mentioned}”), and "
                  f"{found.year} is the first year from then in which {day} is a {weekday}.")
    else:
        draft.circa = True
        reason = (f"The latest year the clipping mentions is {found.latest} (“{found.mentioned}”), taken "
                  "as the year.")
    draft.date_note = f"The clipping prints “{printed.text}” with no year. {reason}"
    draft.guessed.append(f"year {found.year} for “{printed.text}”, from the years the clipping mentions (the latest: "
                         f"“{found.mentioned}”): check it (date_note says how)")
    return True


def _latest_year(draft: Draft, printed: TextDate, today: dt.date) -> bool:
    """A date printed with its weekday and no year, in a clipping that mentions no year: the
    latest year in which that day is that weekday, marked circa, and the report says so."""
    year = year_for_weekday(printed, today)
    if year is None:
        return False
    draft.date = PartialDate(year, printed.month, printed.day)
    draft.circa = True
    weekday = WEEKDAYS[printed.weekday or 0].capitalize()
    draft.date_note = (f"The clipping prints “{printed.text}” with no year, and mentions none. {year} is only the "
                       f"latest year, up to the day it was imported, in which {printed.day} {MONTHS[printed.month]} "
                       f"is a {weekday}.")
    draft.guessed.append(f"year {year} for “{printed.text}” is only the latest year in which that day is a {weekday}: "
                         "the clipping mentions no year of its own. Check it, and set `date:` (and remove `circa:`) "
                         "when you know it")
    return True


def _same(a: str, b: str) -> bool:
    return _key(a) == _key(b)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", text.casefold()).split())
