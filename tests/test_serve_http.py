"""``briefing serve`` for real: a server process, HTTP requests sent byte for byte, and the
live-reload socket a browser uses."""

import re
import time

import pytest

from generator.cli import main, make_parser
from generator.serve import serve_folder
from servehelpers import LiveReloadClient, served


@pytest.fixture
def server(tmp_site, tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    with served(tmp_site()) as running:
        yield running


def test_binds_to_localhost_by_default():
    args = make_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000


def test_serves_the_site_with_live_reload(server):
    status, headers, body = server.get("/articles/first.html")
    assert status == 200 and b"<h1>First article</h1>" in body
    assert headers["Cache-Control"] == "no-store" and "Etag" not in headers and "ETag" not in headers
    head = body.split(b"</head>")[0]
    assert b"/livereload.js?port=" in head  # livereload's script
    # and the last reload message sent before it was read: the first build's, which reloaded everything
    run = re.search(rb'var stamp="([0-9a-f]+)-1"', head).group(1).decode()
    assert server.get("/livereload.js")[0] == 200
    assert server.get(f"/__briefing__/named?since={run}-0")[2] == b"*"
    assert server.get("/__briefing__/named?since=0123abcd-1")[2] == b"*"  # a page from another run of the server


def test_a_changed_page_is_never_a_304(server):
    _, _, _before = server.get("/articles/first.html")
    article = server.site / "content/articles/first.md"
    article.write_text(article.read_text().replace("title: First article", "title: Changed"))
    status, body = server.wait_until("/articles/first.html", lambda s, b: b"<h1>Changed</h1>" in b, "the change")
    conditional = {"If-Modified-Since": "Sun, 01 Jan 2040 00:00:00 GMT", "If-None-Match": "*"}
    status, _, body = server.get("/articles/first.html", conditional)
    assert status == 200 and b"<h1>Changed</h1>" in body


ESCAPES = [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/secret.txt", "/actors/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/..%5csecret.txt", "/..%5c..%5csecret.txt",
    "/actors/..\\..\\secret.txt", "//etc/passwd", "/%2fetc%2fpasswd", "/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/%c0%ae%c0%ae/secret.txt", "/index.html%00.txt",
]


def test_nothing_outside_the_output_over_http(server):
    answers = {path: server.get(path) for path in ESCAPES}
    for path, (status, _, body) in answers.items():
        assert status in (400, 404) and b"secret" not in body and b"root:" not in body, path


def test_an_absolute_path_is_refused(server, tmp_path):
    status, _, body = server.get(str(tmp_path / "secret.txt"))
    assert status == 404 and b"secret" not in body


def test_symlinks_out_of_the_output_are_refused_over_http(server, tmp_path):
    (serve_folder(server.site) / "link.txt").symlink_to(tmp_path / "secret.txt")
    status, _, body = server.get("/link.txt")
    assert status == 404 and b"secret" not in body


def test_bad_content_shows_the_error_page_until_fixed(server):
    article = server.site / "content/articles/first.md"
    good = article.read_text()
    article.write_text(good.replace("date: 2025-10-19", "date: 19 October"))
    _status, body = server.wait_until("/timeline/index.html", lambda s, b: s == 500, "the error page")
    assert b"<code>content/articles/first.md:3</code>: error" in body
    assert b"&#x27;19 October&#x27; is not a date" in body
    assert server.get("/articles/first.html")[0] == 500  # every page, not just one
    article.write_text(good)
    server.wait_until("/timeline/index.html", lambda s, b: s == 200 and b"<h1>Timeline</h1>" in b, "the fixed site")
    assert server.process.poll() is None


def test_two_saves_a_second_apart_both_reload_the_browser(server):
    """livereload on its own ignores a change within 3 s of the last reload: this server does not."""
    article = server.site / "content/articles/first.md"
    with LiveReloadClient(server.port) as browser:
        article.write_text(article.read_text().replace("title: First article", "title: Save one"))
        first_saved = time.monotonic()
        browser.next_reload("/articles/first.html")
        server.wait_until("/articles/first.html", lambda s, b: b"Save one" in b, "the first save")
        time.sleep(max(0.0, first_saved + 1.0 - time.monotonic()))
        article.write_text(article.read_text().replace("title: Save one", "title: Save two"))
        browser.next_reload("/articles/first.html")
        assert b"Save two" in server.get("/articles/first.html")[2]  # reloaded onto the new page


def test_a_save_names_the_pages_it_changed_as_soon_as_they_are_written_then_what_changed_after(server):
    """Each file the build changed is named (serve.reloads): the pages as soon as they are written,
    what the build changes after them (the exports and their list) once it ends; and a page read
    before a message was sent learns of it when it connects."""
    article = server.site / "content/articles/first.md"
    before = server.get("/index.html")[2]
    stamp = re.search(rb'var stamp="([0-9a-f]+-\d+)"', before).group(1).decode()
    with LiveReloadClient(server.port) as browser:
        article.write_text(article.read_text().replace("title: First article", "title: A longer title for the exports"))
        browser.next_reload("/articles/first.html")
        # Named once the edited page was written: it is served with the change at once.
        assert b"A longer title for the exports" in server.get("/articles/first.html")[2]
        browser.next_reload("/data/index.html")  # the exports' sizes changed: their list too
        server.wait_until("/__briefing__/settled", lambda s, b: b == b"yes", "the builds to settle")
        # (livereload's own /forcereload, which the client used to register, sends "*" too)
        named = [m["path"] for m in browser.messages if m.get("command") == "reload" and m["path"] != "*"]
    assert named.index("/articles/first.html") < named.index("/data/index.html")
    assert "/data/briefing.json" in named and "/index.html" in named  # the home page lists the article
    since = server.get(f"/__briefing__/named?since={stamp}")[2].decode().split("\n")
    assert since[:len(named)] == named and "*" not in since  # and the feeds, named after the exports' list


def test_a_burst_of_files_reloads_onto_all_of_them(server):
    with LiveReloadClient(server.port) as browser:
        for i in range(30):
            (server.site / f"content/articles/new-{i:02d}.md").write_text(
                f"---\ntitle: New article {i}\ndate: 2025-10-20\n---\nText.\n")
        browser.next_reload()
        server.wait_until("/sources/index.html", lambda s, b: all(f"New article {i}<".encode() in b for i in range(30)),
                          "every new article")


def test_a_taken_port_is_a_clear_error(server, tmp_site):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "generator", "serve", "--site", str(server.site), "--port", str(server.port)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"error: cannot listen on 127.0.0.1:{server.port}: Address already in use. Choose another --port" in run.stderr


def test_a_taken_port_is_refused_before_anything_is_built_or_written(tmp_site):
    """The address is checked first: no build, no "Serving" line, no output and no cache (the
    folder may be the one another server is serving)."""
    import socket
    import subprocess
    import sys

    site = tmp_site()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", str(port)],
                             capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}: Address already in use."), run.stderr
    assert "Serving" not in run.stdout + run.stderr and "Built" not in run.stdout + run.stderr
    assert not (site / "output").exists() and not (site / ".briefing-cache").exists()


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_serving_leaves_a_published_output_as_it_was(tmp_site):
    """`briefing serve` after `briefing build` stripped the search index from output/: whoever
    deployed output/ after editing shipped a site without search. Serving builds elsewhere."""
    site = tmp_site()
    assert main(["build", "--site", str(site)]) == 0
    published = _files(site / "output")
    assert any(path.startswith("pagefind/") for path in published)
    with served(site) as server:
        article = site / "content/articles/first.md"
        article.write_text(article.read_text().replace("title: First article", "title: Edited while serving"))
        server.wait_until("/articles/first.html", lambda s, b: b"Edited while serving" in b, "the edit")
    assert _files(site / "output") == published


def _indexed_text(folder):
    import gzip

    return b"".join(gzip.decompress(p.read_bytes()) for p in (folder / "pagefind/fragment").glob("*.pf_fragment"))


def test_search_works_while_serving_and_finds_what_was_saved(tmp_site):
    site = tmp_site()
    with served(site) as server:
        status, _, page = server.get("/search/index.html")
        assert status == 200 and b"has no search index" not in page
        server.wait_until("/pagefind/pagefind.js", lambda s, b: s == 200, "the search index")
        article = site / "content/articles/first.md"
        article.write_text(article.read_text() + "\nA zanzibarite word to look for.\n")
        server.wait_until("/articles/first.html", lambda s, b: b"zanzibarite" in b, "the edit")
        deadline = time.monotonic() + 60
        while b"zanzibarite" not in _indexed_text(serve_folder(site)):
            assert time.monotonic() < deadline, "the search index never took in the saved text"
            time.sleep(0.1)
        assert server.get("/pagefind/pagefind.js")[0] == 200
