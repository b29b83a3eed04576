"""Every page type in Chromium, light and dark: it loads with no console error and no failed
request, axe-core finds no WCAG 2.1 AA violation, and screenshots at phone and desktop widths go to
test-artifacts/screenshots/ for people to look at. Print: navigation gone, PDFs kept. The main
navigation works by keyboard alone."""

from __future__ import annotations

import pytest

from watch import PageWatch, axe_violations

# One page of each type, as served under the sub-path.
PAGE_TYPES = {
    "home": "index.html",
    "timeline": "timeline/index.html",
    "timeline-kind": "timeline/kind-diplomacy.html",
    "actors": "actors/index.html",
    "actor": "actors/khawaja-asif.html",
    "sources": "sources/index.html",
    "outlet": "outlets/arab-news.html",
    "article": "articles/2025-11-06-arab-news-return-to-istanbul.html",
    "data": "data/index.html",
    "search": "search/index.html",
    "not-found": "articles/no-such-article.html",
}
# The pages a long briefing splits into, in the sample briefing built with small thresholds.
PAGED_TYPES = {
    "home-paged": "index.html",
    "timeline-overview": "timeline/index.html",
    "timeline-month": "timeline/2025-10.html",
    "timeline-month-part": "timeline/2025-10-page-2.html",
    "timeline-year": "timeline/2021.html",
    "actor-paged": "actors/khawaja-asif.html",
    "actor-events": "actors/pakistan/events-page-2.html",
    "actor-articles": "actors/khawaja-asif/articles.html",
    "actor-quotes": "actors/khawaja-asif/quotes-page-2.html",
    "actors-page": "actors/page-2.html",
    "sources-paged": "sources/index.html",
    "not-stated": "sources/not-stated.html",
    "disputes-page": "disputes/page-2.html",
    "search-page": "search/page-2.html",
}
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_loads_cleanly_and_passes_axe(browser, site_url, axe_source, artifacts, kind, scheme):
    check_page(browser, site_url + PAGE_TYPES[kind], axe_source, artifacts, kind, scheme)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGED_TYPES))
def test_split_page_loads_cleanly_and_passes_axe(browser, paged_site_url, axe_source, artifacts, kind, scheme):
    check_page(browser, paged_site_url + PAGED_TYPES[kind], axe_source, artifacts, kind, scheme)


def check_page(browser, url, axe_source, artifacts, kind, scheme):
    context = browser.new_context(color_scheme=scheme, viewport=WIDTHS["desktop"])
    try:
        page = context.new_page()
        watch = PageWatch({url: 404} if kind == "not-found" else {}).attach(page)
        response = page.goto(url, wait_until="networkidle")
        assert response.status == (404 if kind == "not-found" else 200)
        assert page.locator("h1").count() == 1
        violations = axe_violations(page, axe_source)
        for width, size in WIDTHS.items():
            page.set_viewport_size(size)
            page.screenshot(path=artifacts / "screenshots" / f"{kind}-{width}-{scheme}.png", full_page=True)
        assert watch.problems == []
        assert violations == []
    finally:
        context.close()


def test_phone_width_has_no_sideways_scrolling(browser, site_url, paged_site_url):
    context = browser.new_context(viewport=WIDTHS["phone"])
    try:
        page = context.new_page()
        urls = {**{k: site_url + p for k, p in PAGE_TYPES.items()}, **{k: paged_site_url + p for k, p in PAGED_TYPES.items()}}
        for kind, url in urls.items():
            page.goto(url)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at phone width"
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["article", "timeline", "actor", "actors", "sources", "home"])
def test_print_leaves_out_the_navigation(browser, site_url, artifacts, kind):
    context = browser.new_context(viewport=WIDTHS["desktop"])
    try:
        page = context.new_page()
        page.goto(site_url + PAGE_TYPES[kind])
        page.emulate_media(media="print", color_scheme="dark")  # a dark-mode reader still prints black on white
        assert page.locator(".site-nav").is_hidden()
        assert page.locator(".skip-link").is_hidden()
        colours = page.evaluate("""() => [getComputedStyle(document.body).backgroundColor,
            ...[...document.querySelectorAll('main p, main h1, main li')].map(e => getComputedStyle(e).color)]""")
        assert colours[0] == "rgb(255, 255, 255)"
        assert set(colours[1:]) <= {"rgb(0, 0, 0)", "rgb(51, 51, 51)"}, "print is black (or dark grey) on white"
        # A folded table prints as its summary alone, a heading with nothing under it.
        stray = page.evaluate("""() => [...document.querySelectorAll('details')].filter(d =>
            d.querySelector(':scope > summary')?.checkVisibility()
            && [...d.querySelectorAll('table')].some(t => !t.checkVisibility({contentVisibilityAuto: true})))
            .map(d => d.querySelector(':scope > summary').textContent)""")
        assert stray == [], "summaries printed without their tables"
        page.screenshot(path=artifacts / "print" / f"{kind}.png", full_page=True)
        page.pdf(path=artifacts / "print" / f"{kind}.pdf", format="A4")
    finally:
        context.close()


def test_main_navigation_works_by_keyboard_alone(browser, site_url):
    context = browser.new_context(viewport=WIDTHS["desktop"])
    try:
        page = context.new_page()
        page.goto(site_url + "index.html")
        # The first Tab reaches the skip link, which shows itself and moves focus to the content.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
        assert page.locator(".skip-link").bounding_box()["x"] >= 0
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"

        page.goto(site_url + "index.html")
        labels = page.locator(".site-nav a").all_inner_texts()
        reached = []
        for _ in range(len(labels) + 5):
            page.keyboard.press("Tab")
            focused = page.evaluate("""() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {inNav: !!el.closest('.site-nav'), text: el.textContent,
                        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
            }""")
            if focused["inNav"]:
                assert focused["outline"], f"no visible focus on {focused['text']!r}"
                reached.append(focused["text"])
            if reached == labels:
                break
        assert reached == labels
        # Back to "Timeline" with Shift+Tab, then Enter follows it.
        for _ in range(len(labels) - labels.index("Timeline") - 1):
            page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.textContent") == "Timeline"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == site_url + "timeline/index.html"
        assert page.locator("h1").inner_text() == "Timeline"
        assert page.locator('.site-nav a[aria-current="page"]').inner_text() == "Timeline"
    finally:
        context.close()


def test_the_pages_of_a_long_list_are_walked_by_keyboard(browser, paged_site_url):
    context = browser.new_context(viewport=WIDTHS["desktop"])
    try:
        page = context.new_page()
        page.goto(paged_site_url + "disputes/page-2.html")
        assert page.locator('.pager a[aria-current="page"]').inner_text() == "2"
        for _ in range(200):
            page.keyboard.press("Tab")
            focused = page.evaluate("""() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {inPager: !!el.closest('.pager'), text: el.textContent, rel: el.getAttribute('rel'),
                        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
            }""")
            if focused["inPager"] and focused["rel"] == "next":
                break
        assert focused["rel"] == "next" and focused["outline"], focused
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == paged_site_url + "disputes/page-3.html"
        assert page.locator("h1").inner_text() == "Where accounts differ, page 3 of 3"
        # The last page has no next page; its previous page is the one we came from.
        assert page.locator('.pager a[rel="next"]').count() == 0
        assert page.locator('.pager a[rel="prev"]').get_attribute("href") == "page-2.html"
    finally:
        context.close()
