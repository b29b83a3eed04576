"""The list of pages a briefing publishes: what each is, where it goes, which template draws it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.dates import PartialDate
from generator.exports import Export
from generator.model import Briefing
from generator.pictures import draw_pictures
from generator.urls import NOT_FOUND_PATH, SECTION_PATHS, actor_path, article_path, outlet_path


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


def plan_pages(briefing: Briefing, *, exports: tuple[Export, ...] = (), search: bool = False) -> tuple[Page, ...]:
    """Every page. The data page lists ``exports``; the search page offers a search box only when
    the build makes a search index (``search``)."""
    pictures = draw_pictures(briefing)
    pages = [
        Page(SECTION_PATHS["home"], "home.html", briefing.config.title, "home", {"timeline_picture": pictures.timeline},
             modified=briefing.latest_date),
        Page(SECTION_PATHS["timeline"], "timeline.html", "Timeline", "timeline", {"timeline_picture": pictures.timeline},
             modified=briefing.latest_date),
        Page(SECTION_PATHS["actors"], "actors.html", "Who's who", "actors", {"network_picture": pictures.network}),
        Page(SECTION_PATHS["sources"], "sources.html", "Sources", "sources", {"coverage_picture": pictures.coverage},
             modified=briefing.latest_date),
        Page(SECTION_PATHS["disputes"], "disputes.html", "Where accounts differ", "disputes"),
        Page(SECTION_PATHS["changes"], "changes.html", "What changed", "changes"),
        Page(SECTION_PATHS["data"], "data.html", "Data and feeds", "data", {"exports": exports}),
        Page(SECTION_PATHS["search"], "search.html", "Search", "search", {"search": search}, indexable=False),
        Page(NOT_FOUND_PATH, "404.html", "Page not found", "", indexable=False),
    ]
    pages += [Page(actor_path(a.id), "actor.html", a.name, "actors",
                   {"actor": a, "network_picture": pictures.neighbourhoods[a.id]}) for a in briefing.actors]
    pages += [Page(outlet_path(o.id), "outlet.html", o.name, "sources", {"outlet": o}) for o in briefing.outlets]
    pages += [Page(article_path(a.id), "article.html", a.title, "sources", {"article": a}, modified=a.when.start)
              for a in briefing.articles]
    return tuple(pages)
