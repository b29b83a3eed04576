"""Lighthouse (mobile, its default: a mid-range phone on a slow 4G connection, simulated) on the
home, timeline, actor and article pages of the sample briefing, run against Debian's Chromium:
100 in accessibility, best practices and SEO, and performance at least 99 with the largest
paint within 1.5 s and no layout shift.

The site is served as static hosts serve it, compressed (gzip), under the deploy workflow's
sub-path. Lighthouse's performance score is simulated from a trace of the real load, so it moves
a little with the machine's load: a page below the goal is measured four times more and judged
by the median of the five runs, as Lighthouse's own documentation advises (a median of three
failed once on a busy machine, at 98, 98 and 100, for a page that scores 100 when it is quiet)."""

from __future__ import annotations

import gzip
import json
import os
import statistics
import subprocess
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from staticserver import serve_site
from tools import CHROMIUM, REPO, SUB_PATH, require

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "index.html",
    "timeline": "timeline/index.html",
    "actor": "actors/khawaja-asif.html",
    "article": "articles/2025-11-06-arab-news-return-to-istanbul.html",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".xml"}


class _CompressingHandler(SimpleHTTPRequestHandler):
    """Files under the sub-path, gzip-compressed where the browser accepts it, as static hosts do."""

    def __init__(self, *args, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        route = unquote(urlsplit(self.path).path)
        inside = route[len(self.prefix):] if route.startswith(self.prefix) else None
        path = Path(self.directory).joinpath(*(inside or ".not-served").split("/"))
        if route.endswith("/"):
            path = path / "index.html"
        if inside is None or not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="module")
def compressed_site(published) -> Iterator[str]:
    require(LIGHTHOUSE.is_file(), f"Lighthouse ({LIGHTHOUSE.relative_to(REPO)}; npm ci)")
    require(CHROMIUM.is_file(), f"Chromium ({CHROMIUM})")
    with serve_site(published, SUB_PATH, _CompressingHandler) as root:
        yield root


def lighthouse(url: str, report: Path) -> dict:
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return {
        **{name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES},
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        # Lighthouse's own measure of how fast this machine ran at that moment (higher is faster):
        # a performance score below the goal beside a low index is the machine, not the page.
        "benchmark_index": data.get("environment", {}).get("benchmarkIndex"),
        "failing": sorted(name for name, audit in audits.items()
                          if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0),
    }


@pytest.mark.parametrize("kind", list(PAGES))
def test_lighthouse_mobile_scores(compressed_site, artifacts, kind):
    report = artifacts / f"lighthouse-{kind}.json"
    runs = [lighthouse(compressed_site + PAGES[kind], report)]
    first = runs[0]
    assert (first["accessibility"], first["best-practices"], first["seo"]) == (100, 100, 100), first
    if first["performance"] < 99 or first["lcp"] > 1500:
        runs += [lighthouse(compressed_site + PAGES[kind], report) for _ in range(4)]
    performance = statistics.median(run["performance"] for run in runs)
    lcp = statistics.median(run["lcp"] for run in runs)
    assert performance >= 99 and lcp <= 1500, runs
    assert max(run["cls"] for run in runs) == 0, runs
