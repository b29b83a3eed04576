"""Search in a real browser, on the site served under a sub-path: Pagefind finds an article and
its result leads to the article's page; without JavaScript the search page lists every page."""

from __future__ import annotations

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
