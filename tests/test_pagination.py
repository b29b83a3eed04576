"""Long listings split over pages: no page grows with the briefing, every link still resolves,
and every event, article and actor is found exactly where it should be."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from bigsite import paged_site_files
from generator.build import build_site, check_site, load_briefing
from generator.errors import BuildFailed, Problems
from generator.layout import excerpt, lay_out, page_numbers, paginate
from generator.urls import numbered
from sitecheck import broken_links, parse_page
from sitefiles import REPO, write_files

TIMELINE, LISTS = 5, 4
BASE = "https://example.org/paged/"


def make_paged_site(root: Path, articles: int) -> Path:
    root.mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    files = paged_site_files(articles, timeline=TIMELINE, lists=LISTS)
    files["site.yaml"] += f"base_url: {BASE}\n"
    write_files(root, files)
    return root


class Built:
    def __init__(self, root: Path, articles: int):
        self.site = make_paged_site(root / "site", articles)
        self.out = root / "output"
        build_site(self.site, self.out, strict=True)
        problems = Problems()
        self.briefing = load_briefing(self.site, problems)
        self.pages = {p.relative_to(self.out).as_posix(): parse_page(p) for p in sorted(self.out.rglob("*.html"))}

    def where(self, element_id: str) -> list[str]:
        """The pages that have an element with this id."""
        return [path for path, page in self.pages.items() if element_id in page.ids]

    def links_on(self, pattern: str) -> Counter[str]:
        """How often each page is linked from the pages whose path matches ``pattern``, as paths
        relative to the output root."""
        found: Counter[str] = Counter()
        for path, page in self.pages.items():
            if re.fullmatch(pattern, path):
                folder = Path(path).parent
                for link in page.links:
                    if link.startswith(("http", "#")) or "static/" in link:
                        continue
                    target = (self.out / folder / link.split("#")[0]).resolve().relative_to(self.out.resolve())
                    found[target.as_posix()] += 1
        return found


@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> Built:
    return Built(tmp_path_factory.mktemp("paged"), 72)


@pytest.fixture(scope="module")
def paged_larger(tmp_path_factory) -> Built:
    return Built(tmp_path_factory.mktemp("paged-larger"), 216)


def test_page_numbers_are_few_whatever_the_length():
    assert page_numbers(1, 1) == (1,)
    assert page_numbers(1, 3) == (1, 2, 3)
    assert page_numbers(1, 100) == (1, 2, 3, None, 100)
    assert page_numbers(50, 100) == (1, None, 48, 49, 50, 51, 52, None, 100)
    assert page_numbers(4, 100) == (1, 2, 3, 4, 5, 6, None, 100)  # a gap of one page is named, not "…"
    assert all(len(page_numbers(n, 10_000)) <= 9 for n in range(1, 10_001, 97))


def test_paginate_and_excerpt():
    pages = paginate(list(range(10)), 4, "actors/x/events.html", "Pages")
    assert [p.items for p in pages] == [(0, 1, 2, 3), (4, 5, 6, 7), (8, 9)]
    assert [p.path for p in pages] == ["actors/x/events.html", "actors/x/events-page-2.html", "actors/x/events-page-3.html"]
    assert (pages[1].first, pages[1].last, pages[1].total, pages[1].count) == (5, 8, 10, 3)
    assert pages[0].pager.previous is None and pages[0].pager.next.path == "actors/x/events-page-2.html"
    assert pages[2].pager.next is None and [link.current for link in pages[2].pager.pages] == [False, False, True]
    [only] = paginate([], 4, "disputes/index.html", "Pages")
    assert only.items == () and only.pager is None
    assert numbered("disputes/index.html", 3) == "disputes/page-3.html"
    assert numbered("timeline/2025-10.html", 2) == "timeline/2025-10-page-2.html"
    assert excerpt([1, 2, 3], 3, "more.html") == excerpt([1, 2, 3], 5, "more.html")
    assert excerpt([1, 2, 3], 3, "more.html").more is None
    assert excerpt([1, 2, 3, 4], 2, "more.html").items == (1, 2)
    assert excerpt([1, 2, 3, 4], 2, "more.html", latest_last=True).items == (3, 4)


def test_a_small_briefing_keeps_one_timeline_page(tmp_site):
    briefing = load_briefing(tmp_site(), Problems())
    layout = lay_out(briefing)
    assert layout.timeline == () and len(layout.disputes) == 1
    assert layout.addresses.event("meeting") == "timeline/index.html#event-meeting"


def test_pagination_settings_are_checked(tmp_site):
    site = tmp_site({"site.yaml": "title: T\npagination:\n  lists: 0\n  timline: 3\n"})
    with pytest.raises(BuildFailed) as failure:
        check_site(site)
    found = sorted((p.path, p.line) for p in failure.value.problems)
    assert found == [("site.yaml", 3), ("site.yaml", 4)]


def test_every_link_and_fragment_resolves(paged, paged_larger):
    # (The 404 page links from the site's root path, since it is served at any depth.)
    assert [link for link in broken_links(paged.out) if not link.startswith("404.html ")] == []
    assert [link for link in broken_links(paged_larger.out) if not link.startswith("404.html ")] == []


def test_the_timeline_has_a_page_per_month_and_each_event_is_on_its_own(paged):
    briefing = paged.briefing
    layout = lay_out(briefing)
    assert len(briefing.events) > TIMELINE
    for event in briefing.events:
        [page] = paged.where(f"event-{event.id}")
        month = event.when.start.month_key
        assert re.fullmatch(rf"timeline/{month}(-page-\d+)?\.html", page)
        assert layout.addresses.event(event.id) == f"{page}#event-{event.id}"
    chapters = [p for p in paged.pages if re.fullmatch(r"timeline/\d{4}(-\d{2})?(-page-\d+)?\.html", p)]
    assert "timeline/2023.html" in chapters  # the events dated only to a year
    assert all(sum(i.startswith("event-") for i in paged.pages[p].ids) <= TIMELINE for p in chapters)
    assert "timeline/2024-03-page-2.html" in chapters
    # The overview names the first page of each month; the pages follow each other in time order.
    assert {c for c in chapters if "-page-" not in c} <= set(paged.links_on(r"timeline/index\.html"))
    order = [c.path for c in layout.timeline]
    assert order == sorted(order, key=lambda p: (p[:16], int(p.split("-page-")[1][:-5]) if "-page-" in p else 1))
    # Every link to an event, from anywhere, goes to the page that holds it (broken_links checks
    # the fragments); the article pages link to them.
    assert any(link.startswith("../timeline/2024-") for link in paged.pages["articles/article-00001.html"].links)


def test_each_disagreement_is_on_one_disputes_page(paged):
    from generator.layout import disputes_in_order

    disputed = disputes_in_order(paged.briefing.disputed_events)  # the most widely sourced first
    assert len(disputed) > LISTS
    places = [paged.where(f"dispute-{e.id}") for e in disputed]
    assert all(len(p) == 1 for p in places)
    pages = [p[0] for p in places]
    assert pages[:LISTS] == ["disputes/index.html"] * LISTS and pages[LISTS] == "disputes/page-2.html"
    assert pages == sorted(pages, key=lambda p: 1 if p == "disputes/index.html" else int(re.search(r"\d+", p).group()))


def test_every_article_is_listed_once_under_its_outlet(paged):
    briefing = paged.briefing
    listed = paged.links_on(r"outlets/outlet-0/articles(-page-\d+)?\.html")
    own = [a for a in briefing.articles if a.outlet_id == "outlet-0"]
    assert len(own) > LISTS
    assert {f"articles/{a.id}.html": 1 for a in own}.items() <= listed.items()
    assert sum(n for p, n in listed.items() if p.startswith("articles/")) == len(own)
    unstated = paged.links_on(r"sources/not-stated(-page-\d+)?\.html")
    assert sorted(p for p in unstated if p.startswith("articles/")) == sorted(
        f"articles/{a.id}.html" for a in briefing.articles if a.outlet_id is None)
    assert all(unstated[f"articles/{a.id}.html"] == 1 for a in briefing.articles if a.outlet_id is None)
    received = paged.links_on(r"outlets/digest/received(-page-\d+)?\.html")
    assert sum(received[f"articles/{a.id}.html"] for a in briefing.articles if a.via_id) == sum(
        1 for a in briefing.articles if a.via_id)
    # The outlet's own page shows the latest, and links to the whole list.
    outlet_page = paged.pages["outlets/outlet-0.html"]
    assert "outlet-0/articles.html" in outlet_page.links
    assert sum(link.startswith("../articles/") for link in outlet_page.links) == LISTS


def test_every_page_is_in_the_list_for_readers_without_javascript_once(paged):
    briefing = paged.briefing
    listed = paged.links_on(r"search/(index|page-\d+)\.html")
    expected = ([f"articles/{a.id}.html" for a in briefing.articles] + [f"actors/{a.id}.html" for a in briefing.actors]
                + [f"outlets/{o.id}.html" for o in briefing.outlets])
    assert all(listed[path] == 1 for path in expected)
    assert sum(listed[p] for p in listed if p.startswith(("articles/", "outlets/"))) == len(briefing.articles) + len(briefing.outlets)


def listed_in(built: Built, pages: str, list_class: str, folder: str) -> Counter[str]:
    """The ids linked from the lists of class ``list_class`` on the pages matching ``pages``
    (not from the pictures and tables beside them)."""
    listed: Counter[str] = Counter()
    for path in built.pages:
        if re.fullmatch(pages, path):
            text = (built.out / path).read_text(encoding="utf-8")
            for items in re.findall(rf'<ul class="{list_class}">(.*?)</ul>', text, re.S):
                listed.update(re.findall(rf'href="(?:(?:\.\./)?{folder}/)?([^"/]+)\.html"', items))
    return listed


def test_every_actor_and_every_outlet_is_in_the_directories_once(paged):
    briefing = paged.briefing
    assert len(briefing.actors) > LISTS
    assert listed_in(paged, r"actors/(index|page-\d+)\.html", "actor-list", "actors") == Counter(
        {a.id: 1 for a in briefing.actors})
    publishing = [o for o in briefing.outlets if briefing.articles_of_outlet(o.id)]
    assert len(publishing) > LISTS
    assert listed_in(paged, r"sources/(index|page-\d+)\.html", "outlet-list", "outlets") == Counter(
        {o.id: 1 for o in publishing})


def test_an_actor_in_every_event_has_bounded_pages_and_complete_lists(paged):
    briefing = paged.briefing
    events = briefing.events_of_actor("hub")
    assert len(events) == len(briefing.events)
    page = paged.pages["actors/hub.html"]
    assert "hub/events.html" in page.links and "hub/articles.html" in page.links and "hub/quotes.html" in page.links
    # On the actor's page: the latest events only.
    text = (paged.out / "actors/hub.html").read_text(encoding="utf-8")
    assert text.count('<article class="event') == LISTS
    assert f"The latest {LISTS} of {len(events)} events." in text
    # The whole list, in time order, each event once.
    titles = []
    for number in range(1, -(-len(events) // LISTS) + 1):
        path = "actors/hub/events.html" if number == 1 else f"actors/hub/events-page-{number}.html"
        titles += re.findall(r'<h2 class="event-title">(.*?)</h2>', (paged.out / path).read_text(encoding="utf-8"))
    assert titles == [e.title for e in events]
    mentioned = paged.links_on(r"actors/hub/articles(-page-\d+)?\.html")
    assert all(mentioned[f"articles/{a.id}.html"] == 1 for a in briefing.articles_of_actor("hub"))
    quotes = sum((paged.out / p).read_text(encoding="utf-8").count('<figure class="quote">')
                 for p in paged.pages if re.fullmatch(r"actors/hub/quotes(-page-\d+)?\.html", p))
    assert quotes == len(briefing.quotes_of_actor("hub")) > LISTS


def test_the_home_page_shows_the_latest_only(paged):
    text = (paged.out / "index.html").read_text(encoding="utf-8")
    assert f"The latest {LISTS} of {len(paged.briefing.events)} events" in text
    assert f"The latest {LISTS} of {len(paged.briefing.articles)} articles." in text
    involved = sum(1 for a in paged.briefing.actors if paged.briefing.events_of_actor(a.id))
    assert f"The {LISTS} actors in most events, of {involved}." in text
    assert "Hub Person" in text  # in every event


def test_neighbouring_pages_are_linked_from_the_head(paged):
    text = (paged.out / "disputes/page-2.html").read_text(encoding="utf-8")
    assert '<link rel="prev" href="index.html">' in text and '<link rel="next" href="page-3.html">' in text
    assert 'aria-current="page">2</a>' in text
    march = (paged.out / "timeline/2024-03.html").read_text(encoding="utf-8")
    assert '<link rel="prev" href="2024-02.html">' in march and '<link rel="next" href="2024-03-page-2.html">' in march
    assert '<a href="2024-03-page-2.html" rel="next">Later: March 2024, part 2 of 2</a>' in march


def test_feeds_exports_and_structured_data_point_at_each_events_page(paged):
    layout = lay_out(paged.briefing)
    record = json.loads((paged.out / "data/briefing.json").read_text(encoding="utf-8"))
    assert all(e["page"] == layout.addresses.event(e["id"]) for e in record["events"])
    feed = (paged.out / "feeds/events.xml").read_text(encoding="utf-8")
    assert f'href="{BASE}timeline/2024-' in feed and f'{BASE}timeline/index.html#' not in feed
    month = (paged.out / "timeline/2024-03.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', month, re.S).group(1))
    ids = [e["@id"] for e in data["@graph"]]
    assert ids and all(i.startswith(f"{BASE}timeline/2024-03.html#event-") for i in ids)
    assert len(ids) == sum(i.startswith("event-") for i in paged.pages["timeline/2024-03.html"].ids)
    sitemap = (paged.out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{BASE}timeline/2024-03.html" in sitemap and f"{BASE}disputes/page-2.html" in sitemap
    assert "actors/hub/events" not in sitemap  # lists that repeat other pages are left out


def test_no_page_grows_with_the_briefing_and_the_whole_site_grows_linearly(paged, paged_larger):
    def links(built: Built) -> dict[str, int]:
        return {path: len(page.links) for path, page in built.pages.items()}

    small, large = links(paged), links(paged_larger)
    assert len(paged_larger.briefing.articles) == 3 * len(paged.briefing.articles)
    assert max(large.values()) <= max(small.values())
    assert sum(large.values()) <= 3.2 * sum(small.values())
    assert len(large) <= 3.2 * len(small)


def test_every_page_can_be_reached_from_the_home_page(paged):
    reached, todo = {"index.html"}, ["index.html"]
    while todo:
        path = todo.pop()
        folder = Path(path).parent
        for link in paged.pages[path].links:
            if link.startswith(("http", "#")) or not link.split("#")[0].endswith(".html"):
                continue
            target = (paged.out / folder / link.split("#")[0]).resolve().relative_to(paged.out.resolve()).as_posix()
            if target not in reached:
                reached.add(target)
                todo.append(target)
    assert set(paged.pages) - reached == {"404.html"}
