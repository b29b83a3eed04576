"""``events.ics``: the timeline as an iCalendar file (RFC 5545), through the ``icalendar`` library
(escaping, CRLF line ends, lines folded at 75 octets).

Every event is an all-day VEVENT. A day is one day; a range runs to its last day (DTEND is
exclusive, so the day after). A date known only to the month (or year) covers that month (or
year), or the part of it that ``period`` names, and the summary's date text says how precise
the source is. UIDs are stable: derived from the site's identity and the event id. DTSTAMP is
derived from the content, never from the clock: the publication date of the latest article the
event cites, so output stays byte-identical from build to build.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from generator import __version__
from generator.dates import DateSpan
from generator.exports.identity import stable_uuid
from generator.exports.plaintext import html_to_text
from generator.model import Briefing, Event
from generator.urls import Addresses, absolute_url

_PERIOD_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, None)}


def all_day_range(when: DateSpan) -> tuple[dt.date, dt.date]:
    """First day and the day after the last, as DTSTART and DTEND of an all-day event."""
    first, last = when.start.first_day, when.start.last_day
    if when.period and when.start.precision == "month":
        start_day, end_day = _PERIOD_DAYS[when.period]
        first = first.replace(day=start_day)
        last = last if end_day is None else last.replace(day=end_day)
    if when.end is not None:
        last = max(last, when.end.last_day)
    return first, last + dt.timedelta(days=1)


def last_reported(briefing: Briefing, event: Event) -> dt.datetime:
    """When the event was last reported: the latest publication date among its articles (for an
    event that cites none, its own date: a stamp must come from the content, not the clock)."""
    latest = max((briefing.article(i).when.start.first_day for i in event.article_ids),
                 default=event.when.start.first_day)
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC)


def event_description(briefing: Briefing, event: Event) -> str:
    lines = [f"Date: {event.when.text}"]
    if event.date_note:
        lines.append(f"About the date: {event.date_note}")
    if event.description_html:
        lines.append(html_to_text(event.description_html))
    if event.actor_ids:
        lines.append("Involved: " + ", ".join(briefing.actor(i).name for i in event.actor_ids))
    for dispute in event.disputes:
        lines.append(f"Accounts differ on {dispute.about}:")
        for account in dispute.accounts:
            sources = "; ".join(briefing.article(c.article_id).title for c in account.citations)
            lines.append(f"- {html_to_text(account.says_html)} (according to: {sources})")
    if event.citations:
        lines.append("Sources: " + "; ".join(briefing.article(c.article_id).title for c in event.citations))
    return "\n".join(lines)


def calendar_event(briefing: Briefing, event: Event, addresses: Addresses) -> icalendar.Event:
    start, end = all_day_range(event.when)
    vevent = icalendar.Event()
    # RFC 7986 (5.3): a UUID makes a UID on its own, with no domain part.
    vevent.add("uid", str(stable_uuid(briefing.config, "event", event.id)))
    vevent.add("dtstamp", last_reported(briefing, event))
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    summary = event.title if event.when.start.precision == "day" and not event.when.circa else f"{event.title} ({event.when.text})"
    vevent.add("summary", summary)
    vevent.add("description", event_description(briefing, event))
    if event.location:
        vevent.add("location", event.location)
    if event.kind:
        vevent.add("categories", [briefing.event_kind(event.kind).label])
    vevent.add("transp", "TRANSPARENT")  # a briefing's events never make its reader busy
    if briefing.config.base_url:
        vevent.add("url", absolute_url(briefing.config.base_url, addresses.event(event.id)))
    return vevent


def events_ics(briefing: Briefing, addresses: Addresses) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//briefing {__version__}//{briefing.config.language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", briefing.config.title)
    for event in briefing.events:
        calendar.add_component(calendar_event(briefing, event, addresses))
    ical: bytes = calendar.to_ical()  # icalendar leaves to_ical() unannotated
    return ical
