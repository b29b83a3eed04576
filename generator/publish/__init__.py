"""What the site tells feed readers, search engines and crawlers: Atom feeds, the sitemap and
robots.txt (files beside the pages), each page's head (canonical, OpenGraph, JSON-LD), and the
Pagefind search index written after the pages."""

from __future__ import annotations

from collections.abc import Sequence

from generator.model import Briefing
from generator.pages import Page
from generator.publish.feeds import feed_files
from generator.publish.sitemap import ROBOTS_PATH, robots_txt, sitemap_files
from generator.urls import Addresses


def publication_files(briefing: Briefing, addresses: Addresses, pages: Sequence[Page]) -> dict[str, bytes]:
    return {**feed_files(briefing, addresses), **sitemap_files(briefing, pages), ROBOTS_PATH: robots_txt(briefing)}
