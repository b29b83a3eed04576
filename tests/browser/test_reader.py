"""The reader first (issue 15), measured in Chromium on the sample briefing served over HTTP, at
a desktop (1366x900) and a phone (390x844) size: the story is within the first screens, the
header stays small, the timeline keeps to its height budget and prints on few pages, evidence
is one click away, and the 404 page works at any depth."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import build_site
from staticserver import serve_site
from tools import REPO
from watch import PageWatch

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
# The goals, in CSS pixels from the top of the page.
HEADER_HEIGHT = {"desktop": 160, "phone": 160}
FIRST_DEVELOPMENT_TOP = {"desktop": 1350, "phone": 2532}  # 1.5 screens, 3 screens
TIMELINE_HEIGHT = {"desktop": 6000, "phone": 8000}  # the sample's 22 events, the chart included
NAV_ROWS = {"desktop": 1, "phone": 2}
PRINTED_PAGES = 10
A4_PRINTABLE = (658, 971)  # A4 less print.css's margins (1.8 cm, 2 cm), in CSS pixels


def measure(page, script: str):
    return page.evaluate(script)


@pytest.fixture(params=list(SIZES))
def at_size(request, browser) -> Iterator[tuple[str, object]]:
    context = browser.new_context(viewport=SIZES[request.param])
    try:
        yield request.param, context.new_page()
    finally:
        context.close()


def test_home_leads_with_the_story(at_size, site_url):
    size, page = at_size
    page.goto(site_url + "index.html", wait_until="networkidle")
    header = measure(page, "document.querySelector('.site-header').getBoundingClientRect().height")
    assert header <= HEADER_HEIGHT[size], f"header {header}px at {size} size"
    rows = measure(page, "new Set([...document.querySelectorAll('.site-nav li')].map(li => li.offsetTop)).size")
    assert rows <= NAV_ROWS[size], f"{rows} rows of navigation at {size} size"
    # Key points first, in short sentences with numbered notes, then the latest developments.
    headings = page.locator("main h2").all_inner_texts()
    assert headings[:2] == ["Key points", "Latest developments"]
    points = page.locator(".key-points > li")
    assert 3 <= points.count() <= 6
    for text in points.all_inner_texts():
        assert len(text) <= 200 and re.search(r"\[\d+\]$", text), text
    assert page.locator(".key-points blockquote, .key-points q").count() == 0
    top = measure(page, "document.querySelector('.developments li').getBoundingClientRect().top + scrollY")
    assert top <= FIRST_DEVELOPMENT_TOP[size], f"first development at {top}px at {size} size"
    # Newest first, a date and who reported it on each line.
    dates = page.locator(".developments li time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
    assert dates[0] >= dates[-1]
    for text in page.locator(".developments li").all_inner_texts():
        assert re.search(r"\((.+ and others|outlet not stated|[^()]+)\)", text), text


def test_the_timeline_keeps_to_its_height(at_size, site_url):
    size, page = at_size
    page.goto(site_url + "timeline/index.html", wait_until="networkidle")
    height, chart, events = measure(page, """[document.documentElement.scrollHeight,
        [...document.querySelectorAll('main .picture')].reduce((s, e) => s + e.getBoundingClientRect().height, 0),
        document.querySelectorAll('main .event').length]""")
    assert events == 22
    assert height <= TIMELINE_HEIGHT[size], f"timeline {height}px tall at {size} size (the chart {chart:.0f}px)"
    header = measure(page, "document.querySelector('.site-header').getBoundingClientRect().height")
    assert header <= HEADER_HEIGHT[size]


def test_evidence_is_one_click_away(browser, site_url):
    """A note's number opens the entry's notes at that article, with the words it rests on; and
    without JavaScript, the notes open with a click on their line."""
    context = browser.new_context(viewport=SIZES["desktop"])
    try:
        page = context.new_page()
        page.goto(site_url + "timeline/index.html")
        entry = page.locator("#event-ceasefire")
        notes = entry.locator("details.notes")
        assert notes.get_attribute("open") is None
        assert "Sources: 4 articles" in notes.locator("summary").inner_text()
        entry.locator(".event-description .ref a").first.click()
        target = page.locator("#n-ceasefire-1")
        assert target.is_visible() and notes.get_attribute("open") is not None
        assert target.locator("q").count() >= 1 and target.locator("a").count() == 1
        # Each article once in a notes list, however many claims cite it.
        for notes_list in page.locator(".notes-list").all():
            hrefs = notes_list.locator(":scope > li > a").evaluate_all("links => links.map(a => a.href)")
            assert len(hrefs) == len(set(hrefs))
    finally:
        context.close()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "timeline/index.html")
        page.locator("#event-ceasefire details.notes > summary").click()
        assert page.locator("#n-ceasefire-1 q").first.is_visible()
        page.locator("#event-ceasefire details.dispute > summary").click()
        assert page.locator("#event-ceasefire .account").first.is_visible()
    finally:
        context.close()


def test_the_timeline_prints_on_few_pages(browser, site_url, artifacts):
    """At most ten A4 pages, and no page left nearly empty: no more pages than the printed height
    needs, plus one, and the first page holds the drawn timeline beside the title."""
    context = browser.new_context(viewport={"width": A4_PRINTABLE[0], "height": A4_PRINTABLE[1]})
    try:
        page = context.new_page()
        page.goto(site_url + "timeline/index.html", wait_until="networkidle")
        pdf = page.pdf(path=artifacts / "print" / "timeline-a4.pdf", format="A4")
        pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
        page.emulate_media(media="print")
        height, chart_bottom = measure(page, """[document.documentElement.scrollHeight,
            document.querySelector('main .picture').getBoundingClientRect().bottom + scrollY]""")
        assert pages <= PRINTED_PAGES
        assert pages <= math.ceil(height / A4_PRINTABLE[1]) + 1, f"{pages} pages for {height}px of print"
        assert chart_bottom <= A4_PRINTABLE[1], "the drawn timeline does not fit on the first page"
    finally:
        context.close()


@pytest.fixture(scope="module")
def rootless_site(tmp_path_factory) -> Iterator[str]:
    """The sample briefing built without base_url, served at the host's root."""
    out = tmp_path_factory.mktemp("rootless") / "output"
    build_site(REPO, out, search=False)
    with serve_site(out, "/") as root:
        yield root


@pytest.mark.parametrize("missing", ["nothing.html", "actors/nobody/x.html", "a/b/c/d/"])
def test_the_404_page_is_styled_and_its_links_work_at_any_depth(browser, rootless_site, missing):
    context = browser.new_context(viewport=SIZES["phone"])
    try:
        page = context.new_page()
        url = rootless_site + missing
        watch = PageWatch({url: 404}).attach(page)
        response = page.goto(url, wait_until="networkidle")
        assert response.status == 404 and page.locator("h1").inner_text() == "Page not found"
        panel = measure(page, "getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        assert panel not in ("rgba(0, 0, 0, 0)", "transparent"), "the 404 page is unstyled"
        links = page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
        assert len(links) > 5
        for link in links:
            if "#" in link:
                continue
            assert page.request.get(link).status == 200, link
        assert watch.problems == []
    finally:
        context.close()


def test_a_long_briefing_keeps_the_timeline_to_the_same_height_per_event(browser, tmp_path_factory):
    """200 events and 1,000 articles (bench/synth.py, the benchmark's briefing): every page of the
    timeline, split by month through the pagination that exists, keeps within the sample's
    goals, and its entries within the sample's height per event."""
    sys.path.insert(0, str(REPO / "bench"))
    from synth import write_briefing_site

    site = tmp_path_factory.mktemp("big") / "site"
    write_briefing_site(site, 1000)
    out = site / "output"
    build_site(site, out, search=False)
    pages = sorted(p.name for p in Path(out, "timeline").glob("*.html"))
    assert len(pages) > 20  # the overview and a page per month
    with serve_site(out, "/") as root:
        for size, viewport in SIZES.items():
            per_event = TIMELINE_HEIGHT[size] / 22
            context = browser.new_context(viewport=viewport)
            try:
                page = context.new_page()
                events = 0
                for name in pages:
                    page.goto(root + "timeline/" + name)
                    height, entries, count = measure(page, """[document.documentElement.scrollHeight,
                        [...document.querySelectorAll('main .event')].reduce((s, e) =>
                            s + e.getBoundingClientRect().height + parseFloat(getComputedStyle(e).marginBottom), 0),
                        document.querySelectorAll('main .event').length]""")
                    assert height <= TIMELINE_HEIGHT[size], f"{name}: {height}px at {size} size"
                    if count:
                        assert entries / count <= per_event, f"{name}: {entries / count:.0f}px an event at {size} size"
                    events += count
                assert events == 200
            finally:
                context.close()
