"""Search in a real browser, on the site served under a sub-path: Pagefind finds an article and
its result leads to the article's page; without JavaScript the search page lists every page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from watch import PageWatch, axe_violations


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_finds_an_article_and_leads_to_it(browser, site_url, axe_source, artifacts, scheme):
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        watch = PageWatch().attach(page)
        page.goto(site_url + "search/index.html")
        # A word only this article's text has (no event, actor or quote repeats it), so that the
        # ranking of other pages cannot push it out of the first results.
        page.locator(".pagefind-ui__search-input").fill("decades")
        results = page.locator(".pagefind-ui__result-link")
        results.first.wait_for(timeout=15_000)
        hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert any(h.endswith("articles/2025-11-06-arab-news-return-to-istanbul.html") for h in hrefs), hrefs
        assert all(urlsplit(h).path.startswith("/briefing/") for h in hrefs), hrefs
        page.screenshot(path=artifacts / "screenshots" / f"search-results-{scheme}.png", full_page=True)
        assert axe_violations(page, axe_source) == []  # with results on screen
        with page.expect_navigation():
            results.first.click()
        assert page.locator("h1").count() == 1 and "/briefing/" in page.url
        assert watch.problems == []
    finally:
        context.close()


def test_search_page_without_javascript_lists_every_page(browser, site_url, published):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "search/index.html")
        assert page.locator(".pagefind-ui__search-input").count() == 0
        assert "needs JavaScript" in page.locator("main").inner_text()
        listed = set(page.locator(".page-index a").evaluate_all("links => links.map(a => a.href)"))
        for kind in ("articles", "actors", "outlets"):
            for file in (published / kind).glob("*.html"):
                if file.name != "index.html":
                    assert f"{site_url}{kind}/{file.name}" in listed, file
    finally:
        context.close()


def test_a_search_in_the_address_fills_the_box_and_ranks_the_timeline_first(browser, site_url):
    """search/index.html?q=… is a link to a search: the box is filled and the results shown, and
    a topic finds the timeline and the disputes before pages that only mention it."""
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = PageWatch().attach(page)
        page.goto(site_url + "search/index.html?q=ceasefire")
        results = page.locator(".pagefind-ui__result-link")
        results.first.wait_for(timeout=15_000)
        assert page.locator(".pagefind-ui__search-input").input_value() == "ceasefire"
        page.wait_for_function("document.querySelectorAll('.pagefind-ui__result').length >= 3")
        top = [urlsplit(h).path for h in results.evaluate_all("links => links.map(a => a.getAttribute('href'))")]
        pages = list(dict.fromkeys(p.split("#")[0] for p in top))[:2]
        assert set(pages) == {"/briefing/timeline/index.html", "/briefing/disputes/index.html"}, top
        # What is typed goes into the address, so that a search can be shared.
        page.locator(".pagefind-ui__search-input").fill("Doha")
        page.wait_for_function("location.search === '?q=Doha'")
        assert watch.problems == []
    finally:
        context.close()


@pytest.mark.parametrize("query", ["ceasefire", "Person", "mediating"])
def test_result_previews_read_as_text(browser, site_url, query):
    """No field labels run into their values ("KindPerson"), no heading's "#", no note numbers."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_url + "search/index.html?q=" + query)
        page.locator(".pagefind-ui__result-excerpt").first.wait_for(timeout=15_000)
        page.wait_for_timeout(500)  # sub-results fill in after the first
        previews = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
        assert previews
        for text in previews:
            assert "#" not in text and "[1]" not in text and "[a]" not in text, text
            assert not re.search(r"(Kind|Role|Side)[A-Z]", text), text
    finally:
        context.close()


def test_search_from_a_file_says_so_at_once_and_lists_every_page(browser, published):
    """Opened from the disk (file://), where browsers refuse to load the index: the page says so
    at once, and its list of every page is there to use."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((published / "search" / "index.html").as_uri() + "?q=Istanbul")
        status = page.locator("#search-status")
        status.wait_for(state="visible", timeout=2_000)
        assert "served over HTTP" in status.inner_text() and "listed below" in status.inner_text()
        assert "Searching" not in page.locator("main").inner_text()
        assert page.locator(".page-index a").count() > 30
        with page.expect_navigation():
            page.locator(".page-index a", has_text="Khawaja Asif").first.click()
        assert page.locator("h1").inner_text() == "Khawaja Asif"
    finally:
        context.close()
