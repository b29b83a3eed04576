"""The site served under a sub-path, as GitHub Pages serves a project site (/briefing/): every
link of every page, followed over HTTP, answers 200; a missing address gets the 404 page, whose
links work from any depth."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from generator.build import build_site
from sitecheck import _PageParser
from staticserver import serve_site

REPO = Path(__file__).resolve().parent.parent
BASE_URL = "https://example.org/briefing/"  # the published address, as the deploy workflow passes it


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get_content_type()


def links_of(html: bytes) -> list[str]:
    parser = _PageParser()
    parser.feed(html.decode("utf-8"))
    return parser.links


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("subpath") / "output"
    build_site(REPO, out, strict=True, base_url=BASE_URL)
    return out


def test_every_link_resolves_under_a_sub_path(published):
    with serve_site(published, "/briefing/") as root:
        seen: set[str] = set()
        queue = deque([root + "index.html"])
        broken = []
        while queue:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            status, body, kind = fetch(url)
            if status != 200:
                broken.append(f"{url} -> {status}")
                continue
            if kind != "text/html":
                continue
            for link in links_of(body):
                target = urldefrag(urljoin(url, link)).url
                if urlsplit(target).netloc == urlsplit(root).netloc:
                    assert urlsplit(target).path.startswith("/briefing/"), f"{url} links out of the site: {link}"
                    queue.append(target)
        assert broken == []
        pages = {u for u in seen if u.endswith(".html")}
        assert len(pages) == len(list(published.rglob("*.html"))) - 1  # every page but the 404 page is linked


@pytest.mark.parametrize("missing", ["no-such-page.html", "actors/no-such-actor.html", "a/b/c/d/"])
def test_a_missing_page_gets_a_404_page_whose_links_work(published, missing):
    with serve_site(published, "/briefing/") as root:
        status, body, _ = fetch(root + missing)
        assert status == 404
        assert b"Page not found" in body
        links = links_of(body)
        assert links, "the 404 page links nowhere"
        for link in links:
            if link.startswith("#"):
                continue
            assert link.startswith("/briefing/"), link  # from the root: it is served at any depth
            status, _, _ = fetch(urljoin(root + missing, link))
            assert status == 200, link
