"""The list of pages a briefing publishes: what each is, where it goes, which template draws it.

Every page's work is bounded, whatever the size of the briefing: a page shows a long listing's
latest entries and links to the whole listing, which continues over numbered pages
(``generator.layout``). What a page shows is chosen here, from the model's indexes, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import is_
from typing import Any, TypeVar

from generator.dates import PartialDate
from generator.exports import Export
from generator.layout import Excerpt, Layout, ListPage, excerpt, paginate
from generator.model import Actor, Article, Briefing, Event, Outlet
from generator.pictures import KeptNetworks, draw_pictures
from generator.pictures.coverage import CoveragePicture
from generator.pictures.network import NetworkPicture
from generator.pictures.timeline import TimelinePicture
from generator.urls import (
    NOT_FOUND_PATH,
    NOT_STATED_PATH,
    SECTION_PATHS,
    actor_list_path,
    actor_path,
    article_path,
    kind_path,
    outlet_list_path,
    outlet_path,
)


@dataclass(frozen=True)
class Page:
    path: str  # in the output, with forward slashes
    template: str
    title: str
    section: str  # which main-navigation entry is current
    data: Mapping[str, Any] = field(default_factory=dict)
    # Listed in the sitemap and indexed for search: every page that is content, not machinery.
    indexable: bool = True
    modified: PartialDate | None = None  # when its content last changed, where the content says


@dataclass(frozen=True)
class IndexEntry:
    """A line of the list of every page (on the search page, for readers without JavaScript)."""

    group: str
    title: str
    path: str
    note: str | None = None


T = TypeVar("T")


class KeptPlan:
    """What the last plan drew from one object of the model alone, for a builder that builds again
    and again (``briefing serve``): an article's page, and the line of the list of every page for
    an article, actor or outlet. While the object is the very object it was
    (``incremental.resident`` settles every unchanged one to last build's object), what was drawn
    from it is the very thing it was, so that a page listing it is known the same at once rather
    than compared field by field (11,400 pages and 11,000 lines on every save, at 10,000
    articles)."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[Article, Page]] = {}
        self._entries: dict[str, tuple[object, IndexEntry]] = {}
        # The listings the last plan split over pages, and those this plan did, by path.
        self._listings: dict[str, tuple[Sequence[Any], int, str, tuple[ListPage[Any], ...]]] = {}
        self._listings_now: dict[str, tuple[Sequence[Any], int, str, tuple[ListPage[Any], ...]]] = {}

    def begin(self) -> None:
        """A plan begins: what the last one made is what this one may take over."""
        self._listings, self._listings_now = self._listings_now, {}

    def paginate(self, items: Sequence[T], per_page: int, path: str, label: str) -> tuple[ListPage[T], ...]:
        """layout.paginate(), the last plan's pages where they listed the very same objects."""
        last = self._listings.get(path)
        if (last is not None and last[1] == per_page and last[2] == label and len(last[0]) == len(items)
                and all(map(is_, items, last[0]))):
            listings: tuple[ListPage[T], ...] = last[3]
        else:
            listings = paginate(items, per_page, path, label)
        self._listings_now[path] = (items, per_page, label, listings)
        return listings

    def article_pages(self, articles: Sequence[Article]) -> list[Page]:
        last, now = self._pages, {}
        pages = []
        for article in articles:
            kept = last.get(article.id)
            page = kept[1] if kept is not None and kept[0] is article else _article_page(article)
            now[article.id] = (article, page)
            pages.append(page)
        self._pages = now
        return pages

    def index_entries(self, rows: Iterable[IndexRow]) -> list[IndexEntry]:
        """The line of each row, the last plan's where it was drawn from the very same object."""
        last, now = self._entries, {}
        entries = []
        for source, group, title, path, note in rows:
            kept = last.get(path)
            entry = kept[1] if kept is not None and kept[0] is source else IndexEntry(group, title, path, note)
            now[path] = (source, entry)
            entries.append(entry)
        self._entries = now
        return entries


# layout.paginate(), or a kept plan's (KeptPlan.paginate).
Paginate = Callable[[Sequence[Any], int, str, str], tuple[ListPage[Any], ...]]

# A line of the list of every page, and the object it is drawn from: (object, group, title, path, note).
IndexRow = tuple[object, str, str, str, str | None]


def plan_pages(briefing: Briefing, layout: Layout, *, exports: tuple[Export, ...] = (),
               search: bool = False, networks: KeptNetworks | None = None,
               kept: KeptPlan | None = None) -> tuple[Page, ...]:
    """Every page. The data page lists ``exports``; the search page offers a search box only when
    the build makes a search index (``search``). ``networks``, ``kept``: the last build's
    network pictures, and what its plan drew from single objects, reused while drawn from the same
    objects (a serving builder's)."""
    pictures = draw_pictures(briefing, networks)
    limit = briefing.config.pagination.lists
    if kept is not None:
        kept.begin()
    split: Paginate = kept.paginate if kept is not None else paginate
    pages = [
        Page(SECTION_PATHS["home"], "home.html", briefing.config.title, "home", {
            "timeline_picture": pictures.timeline,
            "glance": excerpt(briefing.events, limit, SECTION_PATHS["timeline"], latest_last=True),
            "latest_articles": excerpt(briefing.articles, limit, SECTION_PATHS["sources"]),
            "home_actors": _home_actors(briefing, limit),
        }, modified=briefing.latest_date),
        *_timeline_pages(briefing, layout, pictures.timeline),
        *_kind_pages(briefing, split),
        *_actors_index_pages(briefing, pictures.network, limit, split),
        *_sources_pages(briefing, pictures.coverage, limit, split),
        *_disputes_pages(briefing, layout),
        Page(SECTION_PATHS["changes"], "changes.html", "What changed", "changes"),
        Page(SECTION_PATHS["data"], "data.html", "Data and feeds", "data", {"exports": exports}),
        *_search_pages(briefing, search, limit, kept, split),
        Page(NOT_FOUND_PATH, "404.html", "Page not found", "", indexable=False),
    ]
    for actor in briefing.actors:
        pages += _actor_pages(briefing, actor, pictures.neighbourhoods[actor.id], limit, split)
    for outlet in briefing.outlets:
        pages += _outlet_pages(briefing, outlet, limit, split)
    pages += (kept.article_pages(briefing.articles) if kept is not None
              else [_article_page(a) for a in briefing.articles])
    return tuple(pages)


def _article_page(article: Article) -> Page:
    return Page(article_path(article.id), "article.html", article.title, "sources", {"article": article},
                modified=article.when.start)


def _titled(title: str, listing: ListPage[Any]) -> str:
    return title if listing.count == 1 else f"{title}, page {listing.number} of {listing.count}"


def _list_pages(listings: Sequence[ListPage[Any]], title: str, section: str, entries: str,
                back: tuple[str, str], **data: Any) -> list[Page]:
    """The pages of a listing that continues on pages of its own (``list.html``): lists repeat
    what other pages say, so they are left out of the sitemap and the search index."""
    return [Page(listing.path, "list.html", _titled(title, listing), section,
                 {"listing": listing, "pager": listing.pager, "entries": entries, "back": back,
                  **({"groups": _grouped(listing.items)} if entries == "pages" else {}), **data}, indexable=False)
            for listing in listings]


def _grouped(entries: Sequence[IndexEntry]) -> tuple[tuple[str, tuple[IndexEntry, ...]], ...]:
    """Consecutive entries of the same group together, in their order."""
    return tuple((group, tuple(items)) for group, items in groupby(entries, key=lambda e: e.group))


def _home_actors(briefing: Briefing, limit: int) -> Excerpt[Actor]:
    """The actors in events, by name; when there are more than ``limit``, the ``limit`` in most
    events, still by name."""
    involved = [a for a in briefing.actors if briefing.events_of_actor(a.id)]
    if len(involved) <= limit:
        return Excerpt(tuple(involved), len(involved), None)
    rank = {a.id: i for i, a in enumerate(involved)}
    top = sorted(involved, key=lambda a: (-len(briefing.events_of_actor(a.id)), rank[a.id]))[:limit]
    return Excerpt(tuple(sorted(top, key=lambda a: rank[a.id])), len(involved), SECTION_PATHS["actors"])


def _timeline_pages(briefing: Briefing, layout: Layout, picture: TimelinePicture | None) -> list[Page]:
    index = SECTION_PATHS["timeline"]
    if not layout.timeline:
        return [Page(index, "timeline.html", "Timeline", "timeline",
                     {"timeline_picture": picture, "timeline_pages": (), "timeline_events": briefing.events},
                     modified=briefing.latest_date)]
    pages = [Page(index, "timeline.html", "Timeline", "timeline",
                  {"timeline_picture": picture, "timeline_pages": layout.timeline, "timeline_events": ()},
                  modified=briefing.latest_date)]
    for chapter in layout.timeline:
        pages.append(Page(chapter.path, "timeline_month.html", f"Timeline: {chapter.label}", "timeline",
                          {"chapter": chapter, "pager": chapter.pager, "timeline_events": chapter.events},
                          modified=_latest_source(briefing, chapter.events)))
    return pages


def _kind_pages(briefing: Briefing, split: Paginate) -> list[Page]:
    """A page per kind of event: the timeline filtered to that kind, without JavaScript (a long
    one continues on numbered pages). They repeat the timeline, so they are not indexed."""
    pages = []
    per_page = briefing.config.pagination.timeline
    for kind in briefing.kinds_in_use:
        events = briefing.events_of_kind(kind.id)
        for listing in split(events, per_page, kind_path(kind.id), f"Pages of {kind.label.lower()}"):
            data = {"kind": kind, "listing": listing, "pager": listing.pager, "timeline_events": listing.items}
            title = _titled(f"Timeline: {kind.label}", listing)
            pages.append(Page(listing.path, "timeline_kind.html", title, "timeline", data, indexable=False))
    return pages


def _latest_source(briefing: Briefing, events: Sequence[Event]) -> PartialDate | None:
    dates = [briefing.article(a).when.start for e in events for a in e.article_ids]
    return max(dates, key=lambda d: d.sort_key, default=None)


def _actors_index_pages(briefing: Briefing, picture: NetworkPicture | None, limit: int,
                        split: Paginate) -> list[Page]:
    """Who's who: every actor by side, the sides in most events first, and within a side those
    in most events first (then by name); actors with no side last. More than ``limit`` continue
    on numbered pages."""
    ordered = actors_by_side(briefing)
    listings = split(ordered, limit, SECTION_PATHS["actors"], "Pages of who's who")
    return [Page(listing.path, "actors.html", _titled("Who's who", listing), "actors",
                 {"network_picture": picture if listing.number == 1 else None, "listing": listing,
                  "pager": listing.pager, "sides": _sides(listing.items)})
            for listing in listings]


def _sides(actors: Sequence[Actor]) -> tuple[tuple[str | None, tuple[Actor, ...]], ...]:
    """Consecutive actors of the same side together: (side, actors)."""
    return tuple((side, tuple(group)) for side, group in groupby(actors, key=lambda a: a.side))


def actors_by_side(briefing: Briefing) -> tuple[Actor, ...]:
    """The actors as who's who lists them (see _actors_index_pages)."""
    events = {a.id: len(briefing.events_of_actor(a.id)) for a in briefing.actors}
    side_events: dict[str | None, int] = {}
    for a in briefing.actors:
        side_events[a.side] = side_events.get(a.side, 0) + events[a.id]
    return tuple(sorted(briefing.actors, key=lambda a: (a.side is None, -side_events[a.side], a.side or "",
                                                        -events[a.id])))  # stable: by name among equals


def _sources_pages(briefing: Briefing, picture: CoveragePicture | None, limit: int, split: Paginate) -> list[Page]:
    """The sources page lists every article under its outlet while they are few; past ``limit``
    articles, each outlet in a line (its page lists its articles; more than ``limit`` outlets
    continue on numbered pages), and the articles whose outlet is not stated on pages of their own."""
    compact = len(briefing.articles) > limit
    unstated = briefing.articles_of_outlet(None)
    publishing = [o for o in briefing.outlets if briefing.articles_of_outlet(o.id)]
    listings = split(publishing, limit if compact else max(1, len(publishing)), SECTION_PATHS["sources"],
                        "Pages of the outlets")
    pages = [Page(listing.path, "sources.html", _titled("Sources", listing), "sources",
                  {"coverage_picture": picture if listing.number == 1 else None, "compact": compact, "listing": listing,
                   "pager": listing.pager, "not_stated": NOT_STATED_PATH if compact else None},
                  modified=briefing.latest_date if listing.number == 1 else None)
             for listing in listings]
    if compact and unstated:
        unstated_listings = split(unstated, limit, NOT_STATED_PATH, "Pages of the articles with no outlet stated")
        pages += _list_pages(unstated_listings, "Articles with no outlet stated", "sources", "sources",
                             (SECTION_PATHS["sources"], "Sources"))
    return pages


def _disputes_pages(briefing: Briefing, layout: Layout) -> list[Page]:
    disagreements = sum(len(e.disputes) for e in briefing.disputed_events)
    return [Page(listing.path, "disputes.html", _titled("Where accounts differ", listing), "disputes",
                 {"listing": listing, "pager": listing.pager, "disagreements": disagreements})
            for listing in layout.disputes]


def _search_pages(briefing: Briefing, search: bool, limit: int, kept: KeptPlan | None,
                  split: Paginate) -> list[Page]:
    """The search page, and the list of every page that works without JavaScript: on the search
    page while it is short, continued on numbered pages when it is long."""
    rows = _index_rows(briefing)
    entries = kept.index_entries(rows) if kept is not None else [IndexEntry(*row[1:]) for row in rows]
    listings = split(entries, limit, SECTION_PATHS["search"], "Pages of the list of every page")
    first, *rest = listings
    pages = [Page(first.path, "search.html", "Search", "search",
                  {"search": search, "listing": first, "pager": first.pager, "groups": _grouped(first.items)}, indexable=False)]
    pages += _list_pages(rest, "Every page", "search", "pages", (SECTION_PATHS["search"], "Search"))
    return pages


def _index_rows(briefing: Briefing) -> Iterator[IndexRow]:
    for article in briefing.articles:
        yield article, "Articles", article.title, article_path(article.id), None
    for actor in briefing.actors:
        yield (actor, "People, governments and groups", actor.name, actor_path(actor.id),
               f"also {', '.join(actor.aliases)}" if actor.aliases else None)
    for outlet in briefing.outlets:
        yield outlet, "Outlets", outlet.name, outlet_path(outlet.id), None


def _actor_pages(briefing: Briefing, actor: Actor, picture: NetworkPicture | None, limit: int,
                 split: Paginate) -> list[Page]:
    """The actor's page, with the latest of their events, articles and quotes; each list that is
    longer than ``limit`` continues, whole, on pages of its own."""
    lists = {
        # name: (entries, title of the whole list, kind of entries, latest last)
        "events": (briefing.events_of_actor(actor.id), f"Events involving {actor.name}", "events", True),
        "articles": (briefing.articles_of_actor(actor.id), f"Articles that mention {actor.name}", "mentions", False),
        "quotes": (briefing.quotes_of_actor(actor.id), f"Quotes from {actor.name}", "quotes", False),
    }
    data: dict[str, Any] = {"actor": actor, "network_picture": picture}
    pages = []
    for name, (items, title, entries, latest_last) in lists.items():
        path = actor_list_path(actor.id, name)
        data[name] = excerpt(items, limit, path, latest_last=latest_last)
        if len(items) > limit:
            listings = split(items, limit, path, f"Pages of the {title[0].lower()}{title[1:]}")
            pages += _list_pages(listings, title, "actors", entries, (actor_path(actor.id), actor.name), actor=actor)
    return [Page(actor_path(actor.id), "actor.html", actor.name, "actors", data), *pages]


def _outlet_pages(briefing: Briefing, outlet: Outlet, limit: int, split: Paginate) -> list[Page]:
    lists = {
        "articles": (briefing.articles_of_outlet(outlet.id), f"Articles from {outlet.name}"),
        "received": (briefing.articles_received_through(outlet.id), f"Articles received through {outlet.name}"),
    }
    data: dict[str, Any] = {"outlet": outlet}
    pages = []
    for name, (items, title) in lists.items():
        path = outlet_list_path(outlet.id, name)
        data[name] = excerpt(items, limit, path)
        if len(items) > limit:
            listings = split(items, limit, path, f"Pages of the {title[0].lower()}{title[1:]}")
            pages += _list_pages(listings, title, "sources", "articles", (outlet_path(outlet.id), outlet.name),
                                 outlet=outlet)
    return [Page(outlet_path(outlet.id), "outlet.html", outlet.name, "sources", data), *pages]
