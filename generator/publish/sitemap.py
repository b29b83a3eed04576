"""``robots.txt`` in every build, and ``sitemap.xml`` when the site's address is known: the
sitemap protocol accepts only absolute URLs, so without ``base_url`` there is no sitemap (and
robots.txt names none). Past 50,000 addresses, the protocol's limit per file, the sitemap is split
and ``sitemap.xml`` becomes the index of the parts.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.model import Briefing
from generator.pages import Page
from generator.publish.xml import element, serialise
from generator.urls import absolute_url

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
MAX_URLS = 50_000


def _urlset(base_url: str, pages: Sequence[Page]) -> bytes:
    root = element(None, "urlset", xmlns=SITEMAP_NS)
    for page in pages:
        url = element(root, "url")
        element(url, "loc", absolute_url(base_url, page.path))
        if page.modified is not None:
            element(url, "lastmod", page.modified.iso)
    return serialise(root)


def sitemap_files(briefing: Briefing, pages: Sequence[Page]) -> dict[str, bytes]:
    base_url = briefing.config.base_url
    if not base_url:
        return {}
    listed = [p for p in pages if p.indexable]
    if len(listed) <= MAX_URLS:
        return {SITEMAP_PATH: _urlset(base_url, listed)}
    files: dict[str, bytes] = {}
    index = element(None, "sitemapindex", xmlns=SITEMAP_NS)
    for number, start in enumerate(range(0, len(listed), MAX_URLS), start=1):
        path = f"sitemap-{number}.xml"
        files[path] = _urlset(base_url, listed[start:start + MAX_URLS])
        element(element(index, "sitemap"), "loc", absolute_url(base_url, path))
    files[SITEMAP_PATH] = serialise(index)
    return files


def robots_txt(briefing: Briefing) -> bytes:
    lines = ["# Everything here is meant to be read.", "User-agent: *", "Allow: /"]
    if briefing.config.base_url:
        # Crawlers read robots.txt only at a host's root: under a sub-path, this line serves as a
        # pointer for whoever manages that root.
        lines.append(f"Sitemap: {absolute_url(briefing.config.base_url, SITEMAP_PATH)}")
    return ("\n".join(lines) + "\n").encode("utf-8")
