"""Structured data (schema.org, as JSON-LD) for the pages that describe something: a NewsArticle on
each article page, a Person or an Organization on each actor page, an Event for each event on the
timeline page.

Only what the content states goes in: no publisher when the outlet is not stated (or is only an
aggregator), no address
unless ``base_url`` is known, no field filled with a guess. ``script_json`` makes the JSON safe
inside ``<script type="application/ld+json">``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from generator.exports.jsonfile import json_text
from generator.exports.plaintext import html_to_text
from generator.model import Actor, Article, Briefing, Event, Outlet
from generator.urls import absolute_url, event_anchor

CONTEXT = "https://schema.org"
NEWS_OUTLET_KINDS = frozenset({"wire", "national-paper", "broadcaster", "state-broadcaster", "news-site"})
GOVERNMENT_KINDS = frozenset({"government", "state", "mediator-state", "military", "intelligence-agency"})

JsonLd = dict[str, Any]


def _compact(data: JsonLd) -> JsonLd:
    """Leave out what is not known, rather than state it as empty."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def organisation_type(actor: Actor) -> str:
    if actor.kind == "person":
        return "Person"
    if actor.kind in GOVERNMENT_KINDS:
        return "GovernmentOrganization"
    if actor.kind == "media":
        return "NewsMediaOrganization"
    return "Organization"


def _named(briefing: Briefing, actor_id: str) -> JsonLd:
    actor = briefing.actor(actor_id)
    return {"@type": organisation_type(actor), "name": actor.name}


def publisher(outlet: Outlet) -> JsonLd:
    kind = "NewsMediaOrganization" if outlet.kind in NEWS_OUTLET_KINDS else "Organization"
    return _compact({"@type": kind, "name": outlet.name, "url": outlet.url})


def news_article(briefing: Briefing, article: Article, page_url: str | None) -> JsonLd:
    outlet = briefing.outlet(article.outlet_id)
    # An aggregator passes on other outlets' work: naming it as the publisher would misattribute.
    if outlet is not None and outlet.kind == "aggregator":
        outlet = None
    return _compact({
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": article.title,
        "author": [{"@type": "Person", "name": name} for name in article.authors],
        "datePublished": article.when.start.iso,
        "description": article.summary,
        "inLanguage": article.language,
        "publisher": publisher(outlet) if outlet else None,
        "url": article.url,
        "mainEntityOfPage": page_url,
        "keywords": list(article.tags),
        "mentions": [_named(briefing, i) for i in article.actor_ids],
    })


def actor_thing(briefing: Briefing, actor: Actor, page_url: str | None) -> JsonLd:
    kind = organisation_type(actor)
    affiliation = _named(briefing, actor.affiliation_id) if actor.affiliation_id else None
    return _compact({
        "@context": CONTEXT,
        "@type": kind,
        "name": actor.name,
        "alternateName": list(actor.aliases),
        "description": html_to_text(actor.description_html),
        "jobTitle": actor.role if kind == "Person" else None,
        "affiliation": affiliation if kind == "Person" else None,
        "parentOrganization": affiliation if kind != "Person" else None,
        "mainEntityOfPage": page_url,
    })


def event_thing(briefing: Briefing, event: Event, page_path: str) -> JsonLd:
    """The event as it is shown on the timeline page at ``page_path``."""
    base = briefing.config.base_url
    return _compact({
        "@type": "Event",
        "@id": absolute_url(base, page_path + "#" + event_anchor(event.id)) if base else None,
        "name": event.title,
        "startDate": event.when.start.iso,
        "endDate": event.when.end.iso if event.when.end else None,
        "location": {"@type": "Place", "name": event.location} if event.location else None,
        "description": html_to_text(event.description_html),
        "about": [_named(briefing, i) for i in event.actor_ids],
    })


def timeline_events(briefing: Briefing, events: Sequence[Event], page_path: str) -> JsonLd:
    """The events a timeline page shows (all of them, or a month's when the timeline is split)."""
    return {"@context": CONTEXT, "@graph": [event_thing(briefing, e, page_path) for e in events]}


def script_json(data: JsonLd) -> Markup:
    """JSON that cannot end its ``<script>`` element early nor break older JavaScript parsers:
    ``<``, ``>`` and ``&`` (which can only occur inside JSON strings) and the line separators
    U+2028/U+2029 are written as ``\\u`` escapes, which mean the same characters to JSON.
    Indented as the exports are, by orjson: the standard library's encoder, once asked to
    indent, is pure Python and took a twentieth of an article page's time."""
    text = json_text(data)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)
