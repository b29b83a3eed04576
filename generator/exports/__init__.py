"""The briefing as data files, for people who work with data rather than read pages: one module per
format, and here the list of them with what each is for (shown on the site's data page).

Every export is bytes computed from the model alone, identical from build to build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from generator.exports.database import briefing_db, write_briefing_db
from generator.exports.events_csv import events_csv
from generator.exports.ical import events_ics
from generator.exports.jsonfile import json_bytes, write_json
from generator.exports.records import briefing_fields, briefing_record
from generator.exports.timelinejs import timeline_json
from generator.model import Briefing
from generator.urls import Addresses

EXPORTS_DIR = "data"


@dataclass(frozen=True)
class Export:
    path: str  # in the output
    title: str
    format: str  # what a reader would call the format
    media_type: str
    description: str  # what it holds and what it is for
    data: bytes
    length: int | None = None  # the size of ``data``, where the data itself is no longer kept

    @property
    def size(self) -> str:
        size = len(self.data) if self.length is None else self.length
        if size < 1000:
            return f"{size} bytes"
        if size < 1_000_000:
            return f"{size / 1000:.0f} kB"
        return f"{size / 1_000_000:.1f} MB"

    def listing(self) -> Export:
        """The export as the data page lists it, without its bytes (written out already)."""
        return replace(self, data=b"", length=len(self.data) if self.length is None else self.length)


@dataclass(frozen=True)
class _Format:
    name: str
    title: str
    format: str
    media_type: str
    description: str
    make: Callable[[Briefing, Addresses], bytes]  # ``Addresses``: the page each event is on
    # For a large format, writing the same bytes straight to a file (no copy of them in memory).
    write: Callable[[Briefing, Addresses, Path], None] | None = None


FORMATS = (
    _Format("briefing.json", "Everything, in one JSON file", "JSON", "application/json",
            "The whole briefing: site settings, key points, outlets, actors, articles (with their text as HTML) "
            "and events (with their kinds and differing accounts), every statement with its citations.",
            lambda b, addresses: json_bytes(briefing_record(b, addresses)),
            lambda b, addresses, path: write_json(path, briefing_fields(b, addresses))),
    _Format("briefing.db", "SQLite database", "SQLite", "application/vnd.sqlite3",
            "Articles, actors, events, outlets and citations as related tables with primary and foreign keys. "
            "Open it with Datasette (datasette briefing.db) or any SQLite client; the event_sources view "
            "lists every event beside the articles it rests on.",
            briefing_db, write_briefing_db),
    _Format("timeline.json", "Timeline for TimelineJS", "TimelineJS JSON", "application/json",
            "Every event in TimelineJS's JSON format, with dates only as precise as the sources allow: "
            "publish it and give its address to a TimelineJS embed.",
            lambda b, _: timeline_json(b)),
    _Format("events.csv", "Events and their citations, as CSV", "CSV", "text/csv",
            "One row per citation of an event: the event, its date, precision and kind, the account it supports where "
            "sources differ, and the article (title, date, outlet, excerpt). Opens in any spreadsheet: a cell that "
            "begins with =, +, -, @, a tab or a carriage return starts with an apostrophe, so that it is read as "
            "text and never run as a formula.",
            lambda b, _: events_csv(b)),
    _Format("events.ics", "Calendar of events", "iCalendar", "text/calendar",
            "Every event as an all-day calendar entry (a range where the date is only known to the month), "
            "with its kind as its category and its sources in the description. Import it into any calendar application.",
            events_ics),
)


def write_export(f: _Format, briefing: Briefing, addresses: Addresses, path: Path) -> None:
    """Write the export's bytes to ``path``."""
    if f.write is not None:
        f.write(briefing, addresses, path)
    else:
        path.write_bytes(f.make(briefing, addresses))


def make_export(f: _Format, briefing: Briefing, addresses: Addresses) -> Export:
    return Export(f"{EXPORTS_DIR}/{f.name}", f.title, f.format, f.media_type, f.description, f.make(briefing, addresses))


def make_exports(briefing: Briefing, addresses: Addresses) -> tuple[Export, ...]:
    return tuple(make_export(f, briefing, addresses) for f in FORMATS)
