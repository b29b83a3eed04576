"""The briefing as plain records (dicts of strings, numbers, booleans, lists and None): what the
JSON export writes as it is, and what the SQLite and CSV exports lay out in tables and rows.

One place decides how each object of the model reads as data, so the exports cannot disagree.
Markdown fields are given as the HTML they render to (``*_html``); ``page`` is the object's page
in the site, relative to its root.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator import __version__
from generator.dates import DateSpan, PartialDate
from generator.eventkinds import EventKind
from generator.model import Account, Actor, Article, Briefing, Citation, Event, Outlet
from generator.urls import Addresses, actor_path, article_path, outlet_path

# Bumped when a field changes meaning or disappears, so that readers of the JSON can tell.
FORMAT = "briefing-export/1"

Record = dict[str, Any]


def date_value(date: PartialDate | None) -> str | None:
    return None if date is None else date.iso


def span_record(when: DateSpan) -> Record:
    """A date as the sources give it: ISO value (YYYY, YYYY-MM or YYYY-MM-DD), its precision,
    and the honest human wording the site shows."""
    return {
        "date": when.start.iso,
        "end": date_value(when.end),
        "precision": when.start.precision,
        "circa": when.circa,
        "ongoing": when.ongoing,
        "period": when.period,
        "date_text": when.text,
    }


def citation_record(citation: Citation) -> Record:
    return {"article": citation.article_id, "excerpt": citation.excerpt, "note": citation.note}


def outlet_record(outlet: Outlet) -> Record:
    return {
        "id": outlet.id,
        "name": outlet.name,
        "kind": outlet.kind,
        "country": outlet.country,
        "language": outlet.language,
        "url": outlet.url,
        "description_html": outlet.description_html,
        "citations": [citation_record(c) for c in outlet.citations],
        "page": outlet_path(outlet.id),
    }


def actor_record(actor: Actor) -> Record:
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "aliases": list(actor.aliases),
        "role": actor.role,
        "side": actor.side,
        "affiliation": actor.affiliation_id,
        "description_html": actor.description_html,
        "citations": [citation_record(c) for c in actor.citations],
        "page": actor_path(actor.id),
    }


def article_record(briefing: Briefing, article: Article) -> Record:
    return {
        "id": article.id,
        "title": article.title,
        "date": article.when.start.iso,
        "precision": article.when.start.precision,
        "circa": article.when.circa,
        "date_note": article.date_note,
        "outlet": article.outlet_id,
        "via": article.via_id,
        "url": article.url,
        "authors": list(article.authors),
        "language": article.language,
        "summary": article.summary,
        "kind": article.kind,
        "actors": list(article.actor_ids),
        "mentions": dict(briefing.mentions.get(article.id, {})),
        "tags": list(article.tags),
        "note": article.note,
        "page": article_path(article.id),
        "body_html": article.body_html,
    }


def account_record(account: Account) -> Record:
    return {
        "says_html": account.says_html,
        "date": date_value(account.date),
        "location": account.location,
        "citations": [citation_record(c) for c in account.citations],
    }


def event_record(event: Event, addresses: Addresses) -> Record:
    return {
        "id": event.id,
        **span_record(event.when),
        "date_note": event.date_note,
        "order": event.order,
        "title": event.title,
        "kind": event.kind,
        "description_html": event.description_html,
        "location": event.location,
        "actors": list(event.actor_ids),
        "tags": list(event.tags),
        "citations": [citation_record(c) for c in event.citations],
        "disputes": [{"about": d.about, "accounts": [account_record(a) for a in d.accounts]} for d in event.disputes],
        "page": addresses.event(event.id),
    }


def event_kind_record(kind: EventKind) -> Record:
    return {"id": kind.id, "label": kind.label, "description": kind.description}


def site_record(briefing: Briefing) -> Record:
    config = briefing.config
    return {
        "title": config.title,
        "subtitle": config.subtitle,
        "description_html": briefing.description_html,
        "language": config.language,
        "base_url": config.base_url,
        "timezone": config.timezone,
    }


def briefing_record(briefing: Briefing, addresses: Addresses) -> Record:
    """Everything the site shows, in the model's orders: articles newest first, actors and outlets
    by name, events in time order (each with the page it is on: ``addresses``)."""
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in briefing_fields(briefing, addresses)}


def briefing_fields(briefing: Briefing, addresses: Addresses) -> list[tuple[str, Any]]:
    """briefing_record's fields in order, its long lists as iterators that make one record at a
    time (for a writer that never holds them all, see jsonfile.write_json)."""
    return [
        ("format", FORMAT),
        ("generator", f"briefing {__version__}"),
        ("site", site_record(briefing)),
        ("key_points", [{"text_html": p.text_html, "citations": [citation_record(c) for c in p.citations]}
                        for p in briefing.key_points]),
        ("outlets", (outlet_record(o) for o in briefing.outlets)),
        ("actors", (actor_record(a) for a in briefing.actors)),
        ("articles", (article_record(briefing, a) for a in briefing.articles)),
        ("events", (event_record(e, addresses) for e in briefing.events)),
        # The kinds the events name (``kind``), in the vocabulary's order.
        ("event_kinds", [event_kind_record(k) for k in briefing.kinds_in_use]),
    ]
