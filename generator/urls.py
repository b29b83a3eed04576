"""Where every page lives in the output, and relative links between pages.

Links point at files (``actors/khawaja-asif.html``, ``timeline/index.html``), never at bare
directories, so the site works from ``file://``, under any sub-path and on any static host.
Absolute URLs exist only for the formats that demand them (feeds, sitemap, canonical links), and
only when the site's ``base_url`` is known.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from generator.model import Prose

SECTION_PATHS = {
    "home": "index.html",
    "timeline": "timeline/index.html",
    "actors": "actors/index.html",
    "sources": "sources/index.html",
    "disputes": "disputes/index.html",
    "changes": "changes/index.html",
    "data": "data/index.html",
    "search": "search/index.html",
}
NOT_FOUND_PATH = "404.html"


def article_path(article_id: str) -> str:
    return f"articles/{article_id}.html"


def actor_path(actor_id: str) -> str:
    return f"actors/{actor_id}.html"


def outlet_path(outlet_id: str) -> str:
    return f"outlets/{outlet_id}.html"


def timeline_path(month_key: str) -> str:
    """A page of the timeline when it is split by month: ``timeline/2025-10.html`` (``timeline/2021.html``
    for the events dated only to a year)."""
    return f"timeline/{month_key}.html"


def kind_path(kind_id: str) -> str:
    """The timeline's events of one kind: ``timeline/kind-diplomacy.html`` (the prefix keeps it
    apart from the pages of months, ``timeline/2025-10.html``)."""
    return f"timeline/kind-{kind_id}.html"


# The lists of an actor's or an outlet's page continue in a folder named after the id; the folder
# cannot meet another page, since every page of actors/ and outlets/ is a file named ID.html.
def actor_list_path(actor_id: str, name: str) -> str:
    return f"actors/{actor_id}/{name}.html"


def outlet_list_path(outlet_id: str, name: str) -> str:
    return f"outlets/{outlet_id}/{name}.html"


NOT_STATED_PATH = "sources/not-stated.html"  # the articles whose clipping names no outlet


def numbered(path: str, number: int) -> str:
    """Page ``number`` of a list whose first page is ``path``: ``disputes/page-2.html``,
    ``actors/ID/events-page-2.html``, ``timeline/2025-10-page-2.html``."""
    if number == 1:
        return path
    folder, name = posixpath.split(path)
    stem = name.removesuffix(".html")
    page = f"page-{number}.html" if stem == "index" else f"{stem}-page-{number}.html"
    return posixpath.join(folder, page)


def event_anchor(event_id: str) -> str:
    return f"event-{event_id}"


def dispute_anchor(event_id: str) -> str:
    return f"dispute-{event_id}"


def account_anchor(event_id: str, dispute: int, number: int) -> str:
    """An account of one of the event's disputes, in its entry on the timeline (both from 1)."""
    return f"account-{event_id}-{dispute}-{number}"


def relative(from_page: str, to_path: str) -> str:
    """The link from the page at ``from_page`` to ``to_path`` (both relative to the output root),
    percent-encoded: a static file may be named "map of Doha.png", an id may be in any script."""
    return _link_from(_page_dir(from_page), from_page, to_path)


@lru_cache(maxsize=4096)
def _page_dir(page: str) -> tuple[str, ...] | None:
    """The folders of a page's path (() for a page at the root); None for a path that is not
    plain (".", "..", "//", a leading "/")."""
    folders = tuple(page.split("/")[:-1])
    return None if any(f in ("", ".", "..") for f in folders) else folders


def _link_from(page_dir: tuple[str, ...] | None, from_page: str, to_path: str) -> str:
    # Every target is a clean path from the output root, so a relative link is the way up out of
    # the page's folders that the target does not share, then down: what posixpath.relpath
    # computes, without its abspath and normpath of both paths on every call (a page has hundreds
    # of links). Anything else (".", "..", "//", a leading "/") takes relpath's own route.
    fragment = ""
    if "#" in to_path:
        to_path, fragment = to_path.split("#", 1)
        fragment = "#" + _quote(fragment, _SAFE + "?")
    if not to_path:
        return fragment
    if to_path == from_page:
        return fragment or _quote(to_path.rsplit("/", 1)[-1], _SAFE)
    parts = to_path.split("/")
    if page_dir is None or "" in parts or "." in parts or ".." in parts:
        return _quote(posixpath.relpath(to_path, posixpath.dirname(from_page) or "."), _SAFE) + fragment
    common = 0
    for mine, theirs in zip(page_dir, parts, strict=False):
        if mine != theirs:
            break
        common += 1
    up = len(page_dir) - common
    rel = "/".join(("..",) * up + tuple(parts[common:])) or "."
    return _quote(rel, _SAFE) + fragment


_PLAIN = re.compile(r"[A-Za-z0-9_.~/!$&'()*+,;=:@-]*\Z")
_PLAIN_QUERY = re.compile(r"[A-Za-z0-9_.~/!$&'()*+,;=:@?-]*\Z")


@lru_cache(maxsize=65536)
def _quote(text: str, safe: str) -> str:
    plain = _PLAIN_QUERY if "?" in safe else _PLAIN
    return text if plain.match(text) else quote(text, safe=safe)


# What may stay as it is in a path (RFC 3986 pchar and "/"), besides letters, digits and "-._~".
_SAFE = "/!$&'()*+,;=:@"


class Addresses:
    """Where the things that share a page are, when a listing is split over several pages: the
    timeline page of each event and the disputes page of each disputed event. Decided once, when
    the pages are planned (``generator.layout``); whatever is not listed is on its section's page."""

    def __init__(self, event_pages: Mapping[str, str] | None = None, dispute_pages: Mapping[str, str] | None = None):
        self.event_pages: Mapping[str, str] = event_pages or {}
        self.dispute_pages: Mapping[str, str] = dispute_pages or {}

    def event_page(self, event_id: str) -> str:
        return self.event_pages.get(event_id, SECTION_PATHS["timeline"])

    def event(self, event_id: str) -> str:
        return self.event_page(event_id) + "#" + event_anchor(event_id)

    def dispute(self, event_id: str) -> str:
        page = self.dispute_pages.get(event_id, SECTION_PATHS["disputes"])
        return page + "#" + dispute_anchor(event_id)

    def account(self, event_id: str, dispute: int, number: int) -> str:
        return self.event_page(event_id) + "#" + account_anchor(event_id, dispute, number)


class Links:
    """The link helpers a template gets, bound to the page being rendered."""

    def __init__(self, page_path: str, addresses: Addresses | None = None):
        self.page_path = page_path
        self.addresses = addresses or Addresses()
        self._dir = _page_dir(page_path)

    def to(self, path: str) -> str:
        return _link_from(self._dir, self.page_path, path)

    def section(self, name: str) -> str:
        return self.to(SECTION_PATHS[name])

    def article(self, article_id: str) -> str:
        return self.to(article_path(article_id))

    def actor(self, actor_id: str) -> str:
        return self.to(actor_path(actor_id))

    def outlet(self, outlet_id: str) -> str:
        return self.to(outlet_path(outlet_id))

    def event(self, event_id: str) -> str:
        return self.to(self.addresses.event(event_id))

    def dispute(self, event_id: str) -> str:
        return self.to(self.addresses.dispute(event_id))

    def account(self, event_id: str, dispute: int, number: int) -> str:
        """An account of the event's ``dispute`` (both from 1), in the event's entry on the timeline."""
        return self.to(self.addresses.account(event_id, dispute, number))

    def kind(self, kind_id: str) -> str:
        return self.to(kind_path(kind_id))

    def prose(self, prose: Prose) -> Markup:
        """The site's own prose (generator.model.Prose) with its actors' names linked from this
        page; an actor's own page does not link to itself."""
        return Markup("".join([piece if isinstance(piece, str) else
                               piece.name_html if actor_path(piece.actor_id) == self.page_path else
                               f'<a href="{escape(self.actor(piece.actor_id))}" class="actor-mention">'
                               f'{piece.name_html}</a>' for piece in prose.pieces]))

    def static(self, path: str) -> str:
        return self.to("static/" + path)


def absolute_url(base_url: str, path: str) -> str:
    """``path`` (relative to the output root) under the site's published address. The file's own
    path, as links use it (``timeline/index.html``), so the address resolves on any static host."""
    return base_url.rstrip("/") + "/" + path


def site_root_path(base_url: str) -> str:
    """The path part of the published address, from the host's root: ``/briefing/``."""
    return urlsplit(base_url).path.rstrip("/") + "/"


class RootLinks(Links):
    """Links from the host's root (``/briefing/timeline/index.html``), for the one page that is
    served at any depth: the 404 page, which a static host returns for every missing path."""

    def __init__(self, page_path: str, root: str, addresses: Addresses | None = None):
        super().__init__(page_path, addresses)
        self.root = root

    def to(self, path: str) -> str:
        if path.startswith("#"):
            return path
        return self.root + path
