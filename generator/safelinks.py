"""A markdown-it plugin: links and images only to web addresses, e-mail and the site itself.

markdown-it's own check refuses ``javascript:``, ``vbscript:``, ``file:`` and most ``data:`` URLs
but lets ``data:image/...`` through and knows nothing of other schemes. This one allows a short
list instead of refusing a long one: http, https and mailto, and relative links (no scheme).
A refused destination is not a link at all: its Markdown stays as text, visible to the editor.

markdown-it has already decoded entities (``&#106;avascript:``) and percent-encoded what needs
it when the check runs; the scheme is read the way a browser reads it, ignoring the tabs and line
breaks it ignores and the control characters and spaces it strips from the ends.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")


def is_safe_link(url: str) -> bool:
    cleaned = _IGNORED_BY_BROWSERS.sub("", url).strip("".join(map(chr, range(0x21))))
    match = _SCHEME.match(cleaned)
    return match is None or match.group(1).lower() in ALLOWED_SCHEMES


def safe_links_plugin(md: MarkdownIt) -> None:
    md.validateLink = is_safe_link  # type: ignore[method-assign]
