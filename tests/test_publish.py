"""Feeds, sitemap, robots.txt, page heads (canonical, OpenGraph, JSON-LD), the 404 page's links,
and the search step, each read back as a machine reads it."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from generator.build import build_site
from generator.cli import main
from generator.errors import BriefingError
from generator.layout import lay_out
from generator.pages import plan_pages
from generator.publish import sitemap
from generator.publish.feeds import articles_feed, events_feed
from generator.publish.jsonld import script_json
from generator.publish.search import SearchIndexError
from generator.urls import Addresses
from sitefiles import load_valid

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/briefing/"


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.scripts: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a["content"])
        if tag == "link":
            self.links.setdefault(a["rel"], []).append(a["href"])
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.scripts.append(data)
            self._in_ld = False


def head_of(path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_articles_feed_without_base_url_links_relative_to_itself(tmp_site):
    feed = ET.fromstring(articles_feed(load_valid(tmp_site())))
    assert feed.tag == f"{ATOM}feed"
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == "../articles/first.html"
    assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
    assert entry.find(f"{ATOM}updated").text == "2025-10-19T00:00:00+00:00"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "The Wire"
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html" and " met reporters in Doha.</p>" in content.text
    # The body's links are relative to the article page, which xml:base names (below).
    assert '<a href="../actors/bob.html" class="actor-mention">Bob Example</a>' in content.text
    assert content.get("{http://www.w3.org/XML/1998/namespace}base") == "../articles/first.html"
    assert feed.find(f"{ATOM}link[@rel='self']") is None  # only with an absolute address


def test_feeds_with_base_url_are_absolute_and_in_the_site_time_zone(tmp_site):
    site = tmp_site({"site.yaml": f"title: T\nbase_url: {BASE}\ntimezone: Asia/Karachi\n"})
    feed = ET.fromstring(events_feed(load_valid(site), Addresses()))
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == BASE + "feeds/events.xml"
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == BASE + "timeline/index.html#event-meeting"
    assert entry.find(f"{ATOM}updated").text == "2025-10-19T00:00:00+05:00"
    assert 'href="../articles/first.html"' in entry.find(f"{ATOM}content").text  # under xml:base, the timeline page


def test_feed_text_is_escaped_and_cleared_of_characters_xml_cannot_carry(tmp_site):
    site = tmp_site({"content/articles/first.md": '---\ntitle: "A <b>bold</b> \\x01 title & more"\ndate: 2025-10-19\n---\n'
                                                  "Bob Example met reporters in Doha.\n"})
    feed = ET.fromstring(articles_feed(load_valid(site)))  # parses: well-formed
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == "A <b>bold</b>  title & more"


def test_no_sitemap_without_base_url_and_robots_names_none(tmp_site):
    site = tmp_site()
    build_site(site, site / "output")
    assert not (site / "output/sitemap.xml").exists()
    assert (site / "output/robots.txt").read_text() == "# Everything here is meant to be read.\nUser-agent: *\nAllow: /\n"


def test_sitemap_lists_content_pages_with_absolute_addresses(tmp_site):
    site = tmp_site({"site.yaml": f"title: T\nbase_url: {BASE}\n"})
    build_site(site, site / "output")
    root = ET.parse(site / "output/sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = {u.find(f"{ns}loc").text: getattr(u.find(f"{ns}lastmod"), "text", None) for u in root}
    assert urls[BASE + "articles/first.html"] == "2025-10-19"
    assert BASE + "index.html" in urls and BASE + "404.html" not in urls and BASE + "search/index.html" not in urls
    assert f"Sitemap: {BASE}sitemap.xml" in (site / "output/robots.txt").read_text()


def test_a_large_sitemap_is_split_under_an_index(tmp_site, monkeypatch):
    site = tmp_site({"site.yaml": f"title: T\nbase_url: {BASE}\n"})
    briefing = load_valid(site)
    monkeypatch.setattr(sitemap, "MAX_URLS", 4)
    pages = plan_pages(briefing, lay_out(briefing))
    parts = -(-sum(p.indexable for p in pages) // 4)  # ceiling: four addresses a file
    assert parts >= 2
    files = sitemap.sitemap_files(briefing, pages)
    assert sorted(files) == sorted([f"sitemap-{i}.xml" for i in range(1, parts + 1)] + ["sitemap.xml"])
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag.endswith("sitemapindex") and len(index) == parts
    addresses = [loc.text for part in range(1, parts + 1) for loc in ET.fromstring(files[f"sitemap-{part}.xml"]).iter()
                 if loc.tag.endswith("loc")]
    assert len(addresses) == len(set(addresses)) == sum(p.indexable for p in pages)


def test_json_ld_cannot_close_its_script_element():
    text = str(script_json({"name": "</script><script>alert(1)</script> & \u2028\u2029"}))
    assert "</script" not in text and "\u2028" not in text and "\u2029" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & \u2028\u2029"}


def test_article_page_head_without_base_url(tmp_site):
    site = tmp_site({"content/articles/second.md": "---\ntitle: Second\ndate: 2025-10-20\nsummary: What happened.\n---\nText.\n"})
    build_site(site, site / "output")
    head = head_of(site / "output/articles/second.html")
    assert "canonical" not in head.links and "og:url" not in head.meta
    assert head.meta["og:type"] == ["article"] and head.meta["description"] == ["What happened."]
    assert head.links["alternate"] == ["../feeds/articles.xml", "../feeds/events.xml"]
    [data] = map(json.loads, head.scripts)
    assert data == {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Second",
                    "datePublished": "2025-10-20", "description": "What happened."}  # no outlet: no publisher


def test_pages_with_base_url_have_canonical_and_structured_data(tmp_site):
    site = tmp_site({"site.yaml": f"title: T\nbase_url: {BASE}\n"})
    build_site(site, site / "output")
    article = head_of(site / "output/articles/first.html")
    assert article.links["canonical"] == [BASE + "articles/first.html"]
    assert article.meta["og:url"] == [BASE + "articles/first.html"]
    [news] = map(json.loads, article.scripts)
    assert news["publisher"] == {"@type": "NewsMediaOrganization", "name": "The Wire"}
    assert news["mainEntityOfPage"] == BASE + "articles/first.html"
    [person] = map(json.loads, head_of(site / "output/actors/bob.html").scripts)
    assert (person["@type"], person["name"], person["alternateName"]) == ("Person", "Bob Example", ["Robert Example"])
    [events] = map(json.loads, head_of(site / "output/timeline/index.html").scripts)
    assert events["@graph"] == [{"@type": "Event", "@id": BASE + "timeline/index.html#event-meeting",
                                 "name": "Bob meets reporters", "startDate": "2025-10-19",
                                 "about": [{"@type": "Person", "name": "Bob Example"}]}]
    assert head_of(site / "output/index.html").scripts == []
    not_found = head_of(site / "output/404.html")
    assert "canonical" not in not_found.links and not_found.meta["robots"] == ["noindex"]


def test_the_404_page_links_from_the_site_root(tmp_site):
    site = tmp_site({"site.yaml": f"title: T\nbase_url: {BASE}\n"})
    build_site(site, site / "output")
    page = (site / "output/404.html").read_text()
    assert 'href="/briefing/timeline/index.html"' in page and 'href="/briefing/static/css/style.css"' in page
    assert 'href="#main"' in page
    # Without base_url, from the host's root: the page is served at /actors/nobody/x.html too.
    rootless = tmp_site({"site.yaml": "title: T\n"})
    build_site(rootless, rootless / "output")
    page = (rootless / "output/404.html").read_text()
    assert 'href="/timeline/index.html"' in page and 'href="/static/css/style.css"' in page


def test_base_url_on_the_command_line_is_checked(tmp_site, capsys):
    site = tmp_site()
    assert main(["build", "--site", str(site), "--no-search", "--base-url", "javascript:alert(1)"]) == 1
    assert capsys.readouterr().err == ("error: --base-url 'javascript:alert(1)' must be a full http:// or https:// "
                                       "address: give the full published address, e.g. https://example.org/briefing/\n")
    assert main(["build", "--site", str(site), "--no-search", "--base-url", "https://user@example.org/"]) == 1
    assert "--base-url 'https://user@example.org/' is not a valid web address: it holds a user name" in capsys.readouterr().err
    assert main(["build", "--site", str(site), "--no-search", "--base-url", BASE]) == 0
    assert (site / "output/sitemap.xml").exists()


def test_no_search_builds_without_an_index(tmp_site):
    site = tmp_site()
    assert main(["build", "--site", str(site), "--no-search"]) == 0
    assert not (site / "output/pagefind").exists()
    page = (site / "output/search/index.html").read_text()
    assert "no search index" in page and "pagefind-ui.js" not in page
    assert 'href="../articles/first.html"' in page  # the list of every page


def test_search_pages_carry_the_index_marker_only_on_content(tmp_site):
    site = tmp_site()
    assert main(["build", "--site", str(site)]) == 0
    assert "data-pagefind-body" in (site / "output/articles/first.html").read_text()
    assert "data-pagefind-body" not in (site / "output/search/index.html").read_text()
    assert "data-pagefind-body" not in (site / "output/404.html").read_text()
    assert "pagefind-ui.js" in (site / "output/search/index.html").read_text()
    assert list((site / "output/pagefind").glob("fragment/*"))


def test_a_failed_search_index_leaves_the_previous_output(tmp_site, monkeypatch, capsys):
    site = tmp_site()
    assert main(["build", "--site", str(site), "--no-search"]) == 0
    before = {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}

    def failing(*args, **kwargs):
        return subprocess.CompletedProcess(args, 1, "", "Error: something went wrong")

    monkeypatch.setattr(subprocess, "run", failing)
    (site / "content/articles/first.md").write_text("---\ntitle: Changed\ndate: 2025-10-19\n---\nBob Example met reporters in Doha.\n")
    assert main(["build", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "Pagefind failed to index the site for search:\nError: something went wrong" in err and "--no-search" in err
    assert {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()} == before
    assert not list(site.glob(".output.*"))


def test_search_index_error_is_reported_like_every_user_error():
    assert issubclass(SearchIndexError, BriefingError)


@pytest.mark.parametrize("path", ["index.html", "timeline/index.html", "data/index.html", "search/index.html"])
def test_every_section_is_in_the_main_navigation(tmp_site, path):
    site = tmp_site()
    build_site(site, site / "output")
    page = (site / "output" / path).read_text()
    assert page.count('aria-current="page"') == 1
    for section in ("Briefing", "Timeline", "Who&#39;s who", "Sources", "Data", "Search"):
        assert f">{section}</a></li>" in page
