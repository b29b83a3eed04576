"""The serving app: only the output directory, the error page while a build fails, no caching."""

import pytest

from generator.serve.app import NAMED_PATH, SETTLED_PATH, SiteApp
from generator.serve.rebuild import BuildOutcome, LoopState, SiteBuilder


class FixedBuilds:
    """The rebuild loop as the app sees it, in a state a test sets."""

    def __init__(self, outcome, generation=1, settled=True):
        self.current = LoopState(generation, settled, outcome)
        self.waited = 0

    def state(self):
        return self.current

    def wait_settled(self, timeout=None):
        self.waited += 1
        return True


class FixedReloads:
    """The reload messages as the app sees them: ``last`` sent so far, ``named`` since any stamp."""

    def __init__(self, last="run-1", named=()):
        self.last, self.named, self.asked = last, named, []

    def stamp(self):
        return self.last

    def since(self, stamp):
        self.asked.append(stamp)
        return self.named


@pytest.fixture
def site(tmp_site, tmp_path):
    site = tmp_site()
    (tmp_path / "secret.txt").write_text("secret")
    return site


def build(site):
    return SiteBuilder(site, site / "output", strict=False, drafts=False, log=lambda text: None)(frozenset())


def make_app(site, outcome=None, reloads=None, **state):
    return SiteApp(site, site / "output", FixedBuilds(outcome or build(site), **state), reloads or FixedReloads())


def get(app, path, method="GET"):
    """A request as a WSGI server makes it: PATH_INFO is the URL's bytes, percent-decoded, as latin-1."""
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    path, _, query = path.partition("?")
    body = b"".join(app({"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": method}, start_response))
    return seen["status"], seen["headers"], body


def test_serves_pages_and_directory_indexes_uncached(site):
    status, headers, body = get(make_app(site), "/timeline/")
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>Timeline</h1>" in body
    assert headers["Cache-Control"] == "no-store"
    assert "ETag" not in headers and "Last-Modified" not in headers  # so never a 304 for a changed page
    assert int(headers["Content-Length"]) == len(body)
    status, headers, body = get(make_app(site), "/static/css/style.css")
    assert status == "200 OK" and headers["Content-Type"] == "text/css; charset=utf-8"
    assert body == (site / "static/css/style.css").read_bytes()


def test_html_carries_the_last_reload_message_sent_before_it_was_read(site):
    reloads = FixedReloads(last="run-7", named=("/data/index.html", "/data/briefing.json"))
    app = make_app(site, reloads=reloads)
    _, _, body = get(app, "/index.html")
    head = body.split(b"</head>")[0]
    assert b'var stamp="run-7",file="/index.html"' in head
    assert NAMED_PATH.encode() in head and b"LiveReloadPluginBriefing" in head
    assert body.count(b'var stamp="run-7"') == 1
    # What the page asks once it connects: the files named since its stamp, one per line.
    assert get(app, f"{NAMED_PATH}?since=run-7")[2] == b"/data/index.html\n/data/briefing.json"
    get(app, NAMED_PATH)
    assert reloads.asked == ["run-7", ""]


@pytest.mark.parametrize("url", ["/timeline/", "/timeline", "/timeline/index.html", "//timeline/./"])
def test_a_page_knows_the_file_it_is_however_it_was_asked_for(site, url):
    """Reload messages name files: a folder's page, asked for with or without its slash, is its
    index.html. A missing page's answer stands for the page asked for, which the script reads in
    the address (the answer never repeats what was asked)."""
    _, _, body = get(make_app(site), url)
    assert b'file="/timeline/index.html"' in body
    status, _, body = get(make_app(site), "/<script>x")
    assert status == "404 Not Found" and b"file=null" in body and b"<script>x" not in body


def test_whether_the_builds_have_settled_is_answered(site):
    outcome = build(site)
    assert get(make_app(site, outcome, settled=True), SETTLED_PATH)[2] == b"yes"
    assert get(make_app(site, outcome, settled=False), SETTLED_PATH)[2] == b"no"


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/../../secret.txt", "/actors/../../secret.txt", "/..", "/../",
    "/..\\secret.txt", "/actors\\..\\..\\secret.txt", "/%2e%2e/secret.txt",
    "/" + "{tmp}/secret.txt", "//etc/passwd", "/C:/secret.txt", "/index.html\x00.txt",
])
def test_never_serves_outside_the_output(site, tmp_path, path):
    status, _, body = get(make_app(site), path.replace("{tmp}", str(tmp_path)))
    assert status == "404 Not Found" and b"secret" not in body and b"root:" not in body


def test_symlinks_out_of_the_output_are_refused(site, tmp_path):
    app = make_app(site)
    (site / "output/link.txt").symlink_to(tmp_path / "secret.txt")
    (site / "output/linkdir").symlink_to(tmp_path, target_is_directory=True)
    assert get(app, "/link.txt")[0] == "404 Not Found"
    assert get(app, "/linkdir/secret.txt")[0] == "404 Not Found"


def test_a_link_inside_the_output_is_served(site):
    app = make_app(site)
    (site / "output/home.html").symlink_to(site / "output/index.html")
    assert get(app, "/home.html")[0] == "200 OK"


def test_pages_named_in_any_script_are_found(tmp_site):
    site = tmp_site({"content/articles/دوحہ.md": "---\ntitle: Doha\ndate: 2025-10-19\n---\nText.\n"})
    app = make_app(site)
    wsgi_path = "/articles/دوحہ.html".encode().decode("latin-1")
    status, _, body = get(app, wsgi_path)
    assert status == "200 OK" and b"<h1>Doha</h1>" in body
    assert get(app, "/articles/\xff.html")[0] == "404 Not Found"  # not UTF-8 at all


def test_only_get_and_head(site):
    status, headers, _ = get(make_app(site), "/index.html", method="POST")
    assert status == "405 Method Not Allowed" and headers["Allow"] == "GET, HEAD"


def test_a_failed_build_shows_the_error_page_on_every_path(site):
    events = site / "content/events/events.yaml"
    events.write_text(events.read_text().replace("date: 2025-10-19", "date: 2025-10-32"))
    failed = build(site)
    assert not failed.ok
    app = make_app(site, failed)
    for path in ("/actors/bob.html", "/", "/no/such/page.html", "/static/css/style.css"):
        status, headers, body = get(app, path)
        assert status == "500 Build Failed" and headers["Content-Type"] == "text/html; charset=utf-8"
        assert b"<code>content/events/events.yaml:2</code>: error" in body
        assert b"&#x27;date&#x27;: &#x27;2025-10-32&#x27; is not a real date" in body
        assert b"<mark>2 |   date: 2025-10-32</mark>" in body  # the line itself, quoted
        assert b'var stamp="run-1"' in body  # reloads by itself once fixed


def test_the_error_page_quotes_only_files_inside_the_site(site, tmp_path):
    from generator.errors import Problem
    outside = BuildOutcome(False, "report", (Problem("../secret.txt", 1, "bad"), Problem("/etc/passwd", 1, "bad")))
    _, _, body = get(make_app(site, outside), "/")
    assert b"secret</mark>" not in body and b"root:" not in body and b"<pre" not in body


def test_an_error_without_problems_shows_its_report(site):
    outcome = BuildOutcome(False, "error: cannot write /x: permission denied. Choose a writable --out")
    _, _, body = get(make_app(site, outcome), "/")
    assert b"cannot write /x: permission denied" in body


def test_a_missing_page_waits_for_a_running_build(site):
    """A request for a file that is missing while a build runs (the output being swapped, or a
    page not built yet) is answered once the build is done, not with a 404."""
    outcome = build(site)
    builds, reloads = FixedBuilds(outcome, generation=1, settled=False), FixedReloads(last="run-1")
    new_page = site / "output/articles/new.html"

    def finish_build():
        new_page.write_text("<html><head></head><body>new</body></html>")
        builds.current = LoopState(2, True, outcome)
        reloads.last = "run-2"  # the build named the new page

    builds.wait_settled = lambda timeout=None: finish_build() or True
    status, _, body = get(SiteApp(site, site / "output", builds, reloads), "/articles/new.html")
    assert status == "200 OK" and b"new" in body and b'var stamp="run-2"' in body


def test_a_missing_page_while_idle_is_not_found_at_once(site):
    builds = FixedBuilds(build(site))
    status, _, body = get(SiteApp(site, site / "output", builds, FixedReloads()), "/articles/nope.html")
    assert status == "404 Not Found" and builds.waited == 0
    assert b"<title>Not found" in body and b'var stamp="run-1"' in body  # a page being added appears by itself

