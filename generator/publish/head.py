"""What a page's ``<head>`` tells machines about it: its description, canonical address, OpenGraph
properties, structured data and feeds.

Links between pages stay relative; only the properties that must be absolute (canonical,
``og:url``) are, and they are left out when ``base_url`` is not set.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.exports.plaintext import html_to_text
from generator.model import Briefing
from generator.pages import Page
from generator.publish import jsonld
from generator.publish.feeds import FEEDS
from generator.urls import absolute_url


@dataclass(frozen=True)
class FeedLink:
    title: str
    path: str
    about: str


@dataclass(frozen=True)
class PageHead:
    description: str | None
    canonical: str | None
    opengraph: tuple[tuple[str, str], ...]  # (property, content), in order
    structured_data: Markup | None  # JSON-LD, safe to put inside <script>
    feeds: tuple[FeedLink, ...]
    indexable: bool
    # The neighbouring pages of a listing split over several pages (``<link rel="prev">``).
    previous: str | None = None
    next: str | None = None


def _structured_data(briefing: Briefing, page: Page, url: str | None) -> jsonld.JsonLd | None:
    if "article" in page.data:
        return jsonld.news_article(briefing, page.data["article"], url)
    if "actor" in page.data:
        return jsonld.actor_thing(briefing, page.data["actor"], url)
    if page.data.get("timeline_events"):
        return jsonld.timeline_events(briefing, page.data["timeline_events"], page.path)
    return None


DESCRIPTION_LENGTH = 300


def _shortened(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def page_description(briefing: Briefing, page: Page) -> str | None:
    """What the page is about, in a sentence or two: its own summary or description, else the site's."""
    article, actor, outlet = (page.data.get(key) for key in ("article", "actor", "outlet"))
    if article is not None and article.summary:
        text = article.summary
    elif actor is not None and actor.description_html:
        text = html_to_text(actor.description_html)
    elif outlet is not None and outlet.description_html:
        text = html_to_text(outlet.description_html)
    else:
        text = html_to_text(briefing.description_html)
    return _shortened(text) or None


def page_head(briefing: Briefing, page: Page) -> PageHead:
    config = briefing.config
    article = page.data.get("article")
    description = page_description(briefing, page)
    url = absolute_url(config.base_url, page.path) if config.base_url and page.indexable else None
    opengraph = [
        ("og:type", "article" if article is not None else "website"),
        ("og:title", page.title),
        ("og:site_name", config.title),
    ]
    if description:
        opengraph.append(("og:description", description))
    if url:
        opengraph.append(("og:url", url))
    if article is not None:
        if article.when.start.precision == "day":  # OpenGraph wants a full date
            opengraph.append(("article:published_time", article.when.start.iso))
        opengraph += [("article:tag", tag) for tag in article.tags]
    data = _structured_data(briefing, page, url)
    pager = page.data.get("pager")
    return PageHead(
        description=description,
        canonical=url,
        opengraph=tuple(opengraph),
        structured_data=jsonld.script_json(data) if data else None,
        feeds=tuple(FeedLink(f"{config.title}: {feed.title}", feed.path, feed.about) for feed in FEEDS.values()),
        indexable=page.indexable,
        previous=pager.previous.path if pager and pager.previous else None,
        next=pager.next.path if pager and pager.next else None,
    )
