"""``timeline.json`` in TimelineJS3's JSON format, to drop straight into a TimelineJS embed.

A slide's dates carry only the parts the source gives: a month-precision date has no ``day``, a
year-precision date only a ``year``. Numbers are strings, as in TimelineJS's own examples.
``display_date`` says the date the way the site does ("early October 2025", "18–19 October
2025"). The slide text is HTML; it links to the site only when ``base_url`` is known, since a
relative link means nothing inside someone else's embed.
"""

from __future__ import annotations

from typing import Any

from generator.dates import PartialDate
from generator.exports.fragments import event_html
from generator.exports.jsonfile import json_bytes
from generator.model import Briefing, Event
from generator.urls import absolute_url, article_path


def timeline_date(date: PartialDate) -> dict[str, str]:
    value = {"year": str(date.year)}
    if date.month:
        value["month"] = str(date.month)
    if date.day:
        value["day"] = str(date.day)
    value["display_date"] = date.human
    return value


def slide_text(briefing: Briefing, event: Event) -> str:
    base = briefing.config.base_url
    return str(event_html(briefing, event, lambda article_id: absolute_url(base, article_path(article_id)) if base else None))


def event_group(briefing: Briefing, event: Event) -> str:
    """The row TimelineJS draws the slide in: its kind, where the events have kinds (TimelineJS
    shows the time already); else the month the site's own timeline groups it under."""
    if briefing.kinds_in_use:
        return briefing.event_kind(event.kind).label if event.kind else "Other events"
    return event.when.start.month_human


def event_slide(briefing: Briefing, event: Event) -> dict[str, Any]:
    slide: dict[str, Any] = {"start_date": timeline_date(event.when.start)}
    if event.when.end is not None and event.when.end != event.when.start:
        slide["end_date"] = timeline_date(event.when.end)
    slide["display_date"] = event.when.text
    slide["text"] = {"headline": event.title, "text": slide_text(briefing, event)}
    slide["group"] = event_group(briefing, event)
    slide["unique_id"] = event.id
    slide["autolink"] = False
    return slide


def timeline_json(briefing: Briefing) -> bytes:
    title = {"text": {"headline": briefing.config.title, "text": briefing.description_html}}
    return json_bytes({"title": title, "events": [event_slide(briefing, e) for e in briefing.events]})
