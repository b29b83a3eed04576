import pytest

from generator.serve import SiteServer


@pytest.fixture
def server(tmp_site, tmp_path):
    site = tmp_site()
    app = SiteServer(site, site / "output", strict=False, drafts=False)
    app.rebuild()
    (tmp_path / "secret.txt").write_text("secret")
    return app


def get(app, path):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path}, start_response))
    return seen["status"], seen["headers"], body


def test_serves_pages_and_directory_indexes(server):
    status, headers, body = get(server, "/timeline/")
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>Timeline</h1>" in body
    assert headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/../secret.txt", "/../../secret.txt", "/actors/../../secret.txt", "/%2e%2e/secret.txt"])
def test_never_serves_outside_the_output(server, path):
    status, _, body = get(server, path)
    assert status == "404 Not Found" and b"secret" not in body


def test_symlinks_out_of_the_output_are_refused(server, tmp_path):
    (server.out_dir / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert get(server, "/link.txt")[0] == "404 Not Found"


def test_a_broken_file_shows_an_error_page_until_fixed(server):
    events = server.site_dir / "content/events/events.yaml"
    good = events.read_text()
    events.write_text(good.replace("date: 2025-10-19", "date: 2025-10-32"))
    server.rebuild()
    status, _, body = get(server, "/actors/bob.html")
    assert status == "500 Build Failed"
    assert b"content/events/events.yaml:2: error: &#x27;date&#x27;: &#x27;2025-10-32&#x27; is not a real date" in body
    events.write_text(good)
    server.rebuild()
    assert get(server, "/actors/bob.html")[0] == "200 OK"
