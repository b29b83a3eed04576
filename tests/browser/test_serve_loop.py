"""The editing loop in a real browser: Playwright driving Debian's chromium against a running
``briefing serve``. The page is never reloaded by the test: every change must arrive by itself.

They share the session's browser (tests/browser/conftest.py): one Playwright per process. They run
wherever chromium is installed, and always in CI (CI=true), where a missing chromium is a failure.
"""

import time

import pytest

from servehelpers import served

WAIT_MS = 30_000  # a bound on waiting for the page, never a speed expectation


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def open_connected(page, url):
    """Open ``url`` and wait until its live-reload socket is connected, as a reader's would be."""
    page.add_init_script("document.addEventListener('LiveReloadConnect', () => { window.__connected = true; });")
    page.goto(url)
    page.wait_for_function("window.__connected === true", timeout=WAIT_MS)


def test_edit_break_and_fix_an_article_without_reloading(tmp_site, page):
    from playwright.sync_api import expect

    site = tmp_site()
    article = site / "content/articles/first.md"
    good = article.read_text()
    with served(site) as server:
        open_connected(page, f"{server.url}/articles/first.html")
        expect(page.locator("h1")).to_have_text("First article")

        article.write_text(good.replace("title: First article", "title: Edited on disk"))
        expect(page.locator("h1")).to_have_text("Edited on disk", timeout=WAIT_MS)

        article.write_text(good.replace("date: 2025-10-19", "date: 2025-10-19\nsumary: broken"))
        expect(page.locator("h1")).to_have_text("The briefing did not build", timeout=WAIT_MS)
        expect(page.locator("h2 code")).to_have_text("content/articles/first.md:4")
        expect(page.locator("main")).to_contain_text("unknown field 'sumary'")
        expect(page.locator("main")).to_contain_text("did you mean 'summary'?")

        article.write_text(good)
        expect(page.locator("h1")).to_have_text("First article", timeout=WAIT_MS)
        assert page.url == f"{server.url}/articles/first.html"


def test_two_saves_a_second_apart_both_show(tmp_site, page):
    from playwright.sync_api import expect

    site = tmp_site()
    article = site / "content/articles/first.md"
    good = article.read_text()
    with served(site) as server:
        open_connected(page, f"{server.url}/articles/first.html")
        article.write_text(good.replace("title: First article", "title: First save"))
        first_saved = time.monotonic()
        expect(page.locator("h1")).to_have_text("First save", timeout=WAIT_MS)
        time.sleep(max(0.0, first_saved + 1.0 - time.monotonic()))
        article.write_text(good.replace("title: First article", "title: Second save"))
        expect(page.locator("h1")).to_have_text("Second save", timeout=WAIT_MS)


def test_a_page_being_added_appears_by_itself(tmp_site, page):
    from playwright.sync_api import expect

    site = tmp_site()
    with served(site) as server:
        open_connected(page, f"{server.url}/articles/second.html")
        expect(page.locator("h1")).to_have_text("Not found")
        (site / "content/articles/second.md").write_text("---\ntitle: Second article\ndate: 2025-10-20\n---\nText.\n")
        expect(page.locator("h1")).to_have_text("Second article", timeout=WAIT_MS)


def test_a_page_that_connects_after_a_build_still_catches_up(tmp_site, page):
    """A build that finishes while a page is loading sends its reload before the page listens:
    the page learns it is behind when it connects, and reloads."""
    from playwright.sync_api import expect

    site = tmp_site()
    article = site / "content/articles/first.md"
    with served(site) as server:
        held = []
        page.route("**/livereload.js*", lambda route: held.append(route))  # held back until the build is done
        page.goto(f"{server.url}/articles/first.html", wait_until="domcontentloaded")
        expect(page.locator("h1")).to_have_text("First article")
        article.write_text(article.read_text().replace("title: First article", "title: Built meanwhile"))
        server.wait_until("/articles/first.html", lambda s, b: b"Built meanwhile" in b, "the new build")
        deadline = time.monotonic() + WAIT_MS / 1000
        while not held:
            assert time.monotonic() < deadline, "the page never asked for livereload.js"
            page.wait_for_timeout(20)
        expect(page.locator("h1")).to_have_text("First article")  # still the old page
        held[0].continue_()
        expect(page.locator("h1")).to_have_text("Built meanwhile", timeout=WAIT_MS)


def test_a_save_reloads_the_open_page_once_and_the_exports_list_onto_its_new_sizes(tmp_site, browser):
    """Each page reloads once, when its own file is written: the article as soon as it is, the
    exports' list once the exports are made (each message names one file; the plugin each served
    page carries decides whether it is its own)."""
    from playwright.sync_api import expect

    site = tmp_site()
    article = site / "content/articles/first.md"
    context = browser.new_context()
    try:
        article_page, data_page = context.new_page(), context.new_page()
        with served(site) as server:
            open_connected(article_page, f"{server.url}/articles/first.html")
            open_connected(data_page, f"{server.url}/data/index.html")
            sizes = data_page.locator("p.meta").first
            before = sizes.text_content()
            loads = {"article": 0, "data": 0}
            article_page.on("load", lambda _: loads.update(article=loads["article"] + 1))
            data_page.on("load", lambda _: loads.update(data=loads["data"] + 1))
            # Long enough to change the size the list gives in kB.
            article.write_text(article.read_text().replace("title: First article", "title: Saved")
                               + "\n\n" + "A paragraph long enough to grow every export. " * 100 + "\n")
            expect(article_page.locator("h1")).to_have_text("Saved", timeout=WAIT_MS)
            server.wait_until("/__briefing__/settled", lambda s, b: b == b"yes", "the builds to settle")
            expect(sizes).not_to_have_text(before or "", timeout=WAIT_MS)
            article_page.wait_for_timeout(1000)  # a second reload, if one were coming, has come
            assert loads == {"article": 1, "data": 1}, loads
    finally:
        context.close()


def test_a_reload_naming_one_file_reloads_only_the_pages_that_show_it(tmp_site, page):
    """The plugin each served page carries (serve.app), driven through livereload's own
    /forcereload: a message naming another file leaves the page alone; naming the page reloads it
    (also when it was opened as a folder); naming its stylesheet swaps the stylesheet in place."""
    site = tmp_site()
    with served(site) as server:
        loads = []
        page.on("load", lambda _: loads.append(page.url))

        def named(path):
            server.get(f"/forcereload?path={path}")
            page.wait_for_timeout(1000)  # a reload, if one were coming, has come

        open_connected(page, f"{server.url}/articles/first.html")
        loads.clear()
        named("/data/index.html")
        named("/data/briefing.json")
        assert loads == []
        named("/static/css/style.css")
        assert loads == []
        assert "livereload=" in page.locator('link[rel="stylesheet"]').first.get_attribute("href")
        named("/articles/first.html")
        assert loads == [f"{server.url}/articles/first.html"]

        open_connected(page, f"{server.url}/data/")
        loads.clear()
        named("/data/index.html")
        assert loads == [f"{server.url}/data/"]
