"""Reading a built site back: its pages' links, ids and visible text."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


# Elements inside a line of text: they must not split a word ("<a>Pakistan</a>'s" reads "Pakistan's").
_INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "time"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.links.append(attributes[name])
        if tag in ("script", "style"):
            self._skip += 1
        if tag not in _INLINE:
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if tag not in _INLINE:
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse_page(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_text(path: Path) -> str:
    """The page's visible text with whitespace collapsed."""
    return " ".join(html.unescape("".join(parse_page(path).text)).split())


def broken_links(out: Path) -> list[str]:
    """Every internal link (and #fragment) of the site that does not resolve, as 'page -> link'."""
    out = out.resolve()
    pages = {p: parse_page(p) for p in out.rglob("*.html")}
    broken = []
    for page, parsed in sorted(pages.items()):
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            if parts.scheme or parts.netloc or link.startswith("/"):
                broken.append(f"{page.relative_to(out)} -> {link} (not relative)")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file() or not target.is_relative_to(out.resolve()):
                broken.append(f"{page.relative_to(out)} -> {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_page(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(out)} -> {link} (no such id)")
    return broken
