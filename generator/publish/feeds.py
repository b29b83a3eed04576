"""Atom feeds (RFC 4287): the latest articles, and the timeline's events as they are reported.

With ``base_url`` every link is absolute. Without it, links are relative to the feed's own
address, which is how feed readers resolve them; entry ids are then still stable (name-based
UUIDs). The feeds live one directory below the root, at the same depth as the pages whose HTML
they carry, so a relative link inside that HTML resolves the same way whether a reader honours
``xml:base`` or not.

Times come from the content, never the clock: an article's publication date, at midnight in the
site's time zone; an event's ``updated`` is the latest publication date of the articles it cites.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
import zoneinfo
from dataclasses import dataclass

from generator import __version__
from generator.dates import PartialDate
from generator.exports.fragments import event_html
from generator.exports.identity import stable_uuid
from generator.model import Briefing, Event
from generator.publish.xml import element, serialise
from generator.urls import SECTION_PATHS, Addresses, absolute_url, article_path, relative

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_DIR = "feeds"
# A feed carries the latest entries, not the archive: its size stays bounded as the site grows.
FEED_LENGTH = 50


@dataclass(frozen=True)
class Feed:
    path: str
    title: str  # after the site's title
    about: str  # what a reader subscribes to


FEEDS = {
    "articles": Feed(f"{FEED_DIR}/articles.xml", "articles", "The latest articles the briefing rests on."),
    "events": Feed(f"{FEED_DIR}/events.xml", "timeline", "Events on the timeline, latest reported first."),
}


class _Addresses:
    """Where a feed's links point: absolute with ``base_url``, else relative to the feed."""

    def __init__(self, briefing: Briefing, feed_path: str):
        self.base_url = briefing.config.base_url
        self.feed_path = feed_path

    def __call__(self, path: str) -> str:
        if self.base_url:
            return absolute_url(self.base_url, path)
        return relative(self.feed_path, path)


def rfc3339(date: PartialDate, timezone: str) -> str:
    day = date.first_day
    moment = dt.datetime(day.year, day.month, day.day, tzinfo=zoneinfo.ZoneInfo(timezone))
    return moment.isoformat()


def _event_updated(briefing: Briefing, event: Event) -> PartialDate:
    dates = [briefing.article(i).when.start for i in event.article_ids]
    return max(dates, key=lambda d: d.sort_key, default=event.when.start)  # no source cited: its own date


def _feed_root(briefing: Briefing, feed: Feed, kind: str, alternate: str, updated: str) -> ET.Element:
    config = briefing.config
    address = _Addresses(briefing, feed.path)
    root = element(None, "feed", xmlns=ATOM_NS, xml_lang=config.language)
    element(root, "title", f"{config.title}: {feed.title}")
    element(root, "subtitle", feed.about)
    element(root, "id", stable_uuid(config, "feed", kind).urn)
    element(root, "updated", updated)
    author = element(root, "author")
    element(author, "name", config.title)
    element(root, "generator", "briefing", version=__version__)
    element(root, "link", rel="alternate", type="text/html", href=address(alternate))
    if config.base_url:
        element(root, "link", rel="self", type="application/atom+xml", href=address(feed.path))
    return root


def articles_feed(briefing: Briefing) -> bytes:
    config = briefing.config
    feed = FEEDS["articles"]
    address = _Addresses(briefing, feed.path)
    articles = briefing.articles[:FEED_LENGTH]  # the model keeps them newest first
    updated = rfc3339(articles[0].when.start, config.timezone) if articles else "1970-01-01T00:00:00Z"
    root = _feed_root(briefing, feed, "articles", SECTION_PATHS["sources"], updated)
    for article in articles:
        entry = element(root, "entry")
        element(entry, "title", article.title)
        element(entry, "id", stable_uuid(config, "article", article.id).urn)
        published = rfc3339(article.when.start, config.timezone)
        element(entry, "published", published)
        element(entry, "updated", published)
        outlet = briefing.outlet(article.outlet_id)
        if outlet:
            element(element(entry, "author"), "name", outlet.name)
        page = address(article_path(article.id))
        element(entry, "link", rel="alternate", type="text/html", href=page)
        if article.url:
            element(entry, "link", rel="related", href=article.url)
        for tag in article.tags:
            element(entry, "category", term=tag)
        if article.summary:
            element(entry, "summary", article.summary)
        element(entry, "content", article.body_html, type="html", xml_base=page)
    return serialise(root)


def events_feed(briefing: Briefing, addresses: Addresses) -> bytes:
    config = briefing.config
    feed = FEEDS["events"]
    address = _Addresses(briefing, feed.path)
    timeline = SECTION_PATHS["timeline"]
    # Latest reported first; among events reported the same day, the later on the timeline first.
    ranked = sorted(enumerate(briefing.events), key=lambda ie: (_event_updated(briefing, ie[1]).sort_key, ie[0]), reverse=True)
    events = [event for _, event in ranked[:FEED_LENGTH]]
    updated = rfc3339(_event_updated(briefing, events[0]), config.timezone) if events else "1970-01-01T00:00:00Z"
    root = _feed_root(briefing, feed, "events", timeline, updated)
    for event in events:
        entry = element(root, "entry")
        element(entry, "title", f"{event.when.text}: {event.title}")
        element(entry, "id", stable_uuid(config, "event", event.id).urn)
        element(entry, "updated", rfc3339(_event_updated(briefing, event), config.timezone))
        element(entry, "link", rel="alternate", type="text/html", href=address(addresses.event(event.id)))
        for tag in event.tags:
            element(entry, "category", term=tag)
        # Links inside the fragment are written relative to the event's timeline page, its xml:base.
        page = addresses.event_page(event.id)
        # event_html calls the lambda before the loop moves on to the next page.
        html = event_html(briefing, event, lambda article_id: relative(page, article_path(article_id)))  # noqa: B023
        element(entry, "content", str(html), type="html", xml_base=address(page))
    return serialise(root)


def feed_files(briefing: Briefing, addresses: Addresses) -> dict[str, bytes]:
    return {FEEDS["articles"].path: articles_feed(briefing), FEEDS["events"].path: events_feed(briefing, addresses)}

