"""Reading a built site back: its pages' links, ids and visible text."""

from __future__ import annotations

import html
import json
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
            base = page.parent
            if page == out / "404.html" and link.startswith("/") and not parts.netloc:
                # Served at any depth, the 404 page links from the host's root, where the site is
                # when it has no base_url.
                base, parts = out, parts._replace(path=parts.path.lstrip("/"))
            elif parts.scheme or parts.netloc or link.startswith("/"):
                broken.append(f"{page.relative_to(out)} -> {link} (not relative)")
                continue
            target = (base / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file() or not target.is_relative_to(out.resolve()):
                broken.append(f"{page.relative_to(out)} -> {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_page(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(out)} -> {link} (no such id)")
    return broken


SAFE_SCHEMES = ("http", "https", "mailto")
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "xlink:href", "cite", "background", "srcset", "data"}
_ACTIVE_TAGS = {"script", "iframe", "object", "embed", "base", "form", "frame", "frameset", "applet"}


class _MarkupParser(HTMLParser):
    """The theme's own scripts are allowed: a JSON-LD data block (never run by a browser; its
    text must be JSON, so content cannot break out of it) and scripts loaded from the site's own
    files (a relative ``src``, no inline code). Any other script is a problem."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: str | None = None  # "json-ld" or "file" inside an allowed <script>
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") == "application/ld+json" and len(attrs) == 1:
            self._script, self._script_text = "json-ld", []
        elif tag == "script" and attributes.get("src") and url_scheme(attributes["src"] or "") is None \
                and not attributes["src"].startswith("/"):
            self._script, self._script_text = "file", []
        elif tag in _ACTIVE_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            elif name in _URL_ATTRIBUTES and value and url_scheme(value) not in (None, *SAFE_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}> unsafe address")
            elif name == "http-equiv" and (value or "").lower() == "refresh":
                self.problems.append("<meta http-equiv=refresh>")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        text = "".join(self._script_text)
        if self._script == "file" and text.strip():
            self.problems.append("<script src> with inline code")
        elif self._script == "json-ld":
            try:
                json.loads(text)
            except ValueError:
                self.problems.append("<script type=application/ld+json> that is not JSON")
        self._script = None


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (it ignores tabs and line breaks anywhere and
    control characters and spaces at the ends), or None for a relative address."""
    cleaned = "".join(c for c in url if c not in "\t\n\r").strip("".join(map(chr, range(0x21))))
    head, colon, _ = cleaned.partition(":")
    if colon and head[:1].isascii() and head[:1].isalpha() and all(c.isascii() and (c.isalnum() or c in "+.-") for c in head):
        return head.lower()
    return None


def unsafe_markup(html_text: str) -> list[str]:
    """What in a page could run script: active elements, event handlers, unsafe URL schemes."""
    parser = _MarkupParser()
    parser.feed(html_text)
    parser.close()
    return parser.problems
