"""Sources imported before: what identifies one, the article it became, and that article's outlet.

A source is the same source when its file has the same bytes (their SHA-256, recorded in the
article under ``extra.imported_from`` with the file's name), when it gives the same address
(``url``: the same page saved twice), or when its text is the text of an article already there
(space aside). Importing it again writes nothing; the report names the article it became.

An outlet the first import only proposed (``outlet: unknown``, the name under
``extra.outlet_name``) can be written by the next import with ``--yes``: the earlier article's
``outlet:`` line is then set to it, when that line still reads as the import wrote it.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.importing.draft import Draft
from generator.interrupt import interrupts_held
from generator.load.content import ArticleSource
from generator.weburl import page_key

IMPORTED_FROM = "imported_from"  # the key under `extra` of the source's file name and SHA-256
_UNKNOWN_OUTLET = re.compile(r'^outlet:[ \t]*(?:unknown|"unknown"|\'unknown\')[ \t]*(?:#.*)?$')


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_source(draft: Draft, file_name: str, digest: str) -> None:
    draft.extra[IMPORTED_FROM] = {"file": file_name, "sha256": digest}


@dataclass(frozen=True)
class Earlier:
    """An article of the site, as far as re-importing its source concerns it."""

    path: str  # relative to the site
    url: str | None
    url_line: int | None
    outlet: str  # its outlet id, or "unknown"
    outlet_line: int | None
    outlet_name: str | None  # the name an import could not match (extra.outlet_name)

    @classmethod
    def of(cls, article: ArticleSource) -> Earlier:
        spec = article.front.spec
        name = spec.extra.get("outlet_name")
        return cls(article.path, spec.url, article.front.line("url"), spec.outlet or "unknown",
                   article.front.line("outlet"), name if isinstance(name, str) else None)


class Imports:
    """The site's articles by what identifies their source; the articles of this import join them."""

    def __init__(self) -> None:
        self._by_digest: dict[str, Earlier] = {}
        self._by_url: dict[str, Earlier] = {}
        self._by_text: dict[str, Earlier] = {}

    @classmethod
    def of(cls, articles: Iterable[ArticleSource]) -> Imports:
        imports = cls()
        for article in articles:
            source = article.front.spec.extra.get(IMPORTED_FROM)
            digest = source.get("sha256") if isinstance(source, dict) else None
            imports._add(Earlier.of(article), digest if isinstance(digest, str) else None, article.body)
        return imports

    def add(self, path: str, draft: Draft, digest: str) -> None:
        self._add(Earlier(path, draft.url, None, draft.outlet or "unknown", None,
                          draft.outlet_name if draft.outlet is None else None), digest, draft.body)

    def _add(self, earlier: Earlier, digest: str | None, body: str) -> None:
        if digest:
            self._by_digest.setdefault(digest, earlier)
        if earlier.url:
            self._by_url.setdefault(page_key(earlier.url), earlier)
        if (text := _text_key(body)):
            self._by_text.setdefault(text, earlier)

    def of_file(self, path: Path) -> Earlier | None:
        """The article a file (these very bytes) became before, if any."""
        try:
            return self._by_digest.get(fingerprint(path.read_bytes()))
        except OSError:
            return None  # reported when the file is read

    def find(self, digest: str, draft: Draft) -> tuple[Earlier, str] | None:
        """The article this source became before, and how it is known to be the same source."""
        if (earlier := self._by_digest.get(digest)) is not None:
            return earlier, "the same file"
        if draft.url and (earlier := self._by_url.get(page_key(draft.url))) is not None:
            line = f", line {earlier.url_line}" if earlier.url_line else ""
            return earlier, f"the same address, {draft.url}{line}"
        if (text := _text_key(draft.body)) and (earlier := self._by_text.get(text)) is not None:
            return earlier, "the same text"
        return None


def _text_key(body: str) -> str:
    return " ".join(body.split())


def set_outlet(site_dir: Path, earlier: Earlier, outlet_id: str, outlet_name: str, *,
               dry_run: bool) -> tuple[bool, str] | None:
    """Point the earlier article at the outlet just written for it, when its ``outlet:`` line is
    still the import's own ``outlet: unknown`` for that very name. Whether it was done, and what
    was done or is left to the editor; None when the article has an outlet of its own."""
    if earlier.outlet != "unknown" or earlier.outlet_name != outlet_name:
        return None
    line = earlier.outlet_line
    manual = (False, f"set `outlet: {outlet_id}` in {earlier.path}" + (f" (line {line})" if line else "")
              + ": it says the outlet is unknown")
    path = site_dir / earlier.path
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return manual
    lines = text.split("\n")
    if line is None or not 0 < line <= len(lines) or not _UNKNOWN_OUTLET.match(lines[line - 1]):
        return manual
    if dry_run:
        return True, f"would set `outlet: {outlet_id}` in {earlier.path} (line {line}, now `outlet: unknown`)"
    lines[line - 1] = f"outlet: {outlet_id}"
    _replace(path, "\n".join(lines))
    return True, f"set `outlet: {outlet_id}` in {earlier.path} (line {line}, was `outlet: unknown`)"


def _replace(path: Path, text: str) -> None:
    """Write ``path`` anew: aside first, then renamed over it, so it is never half written."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.new")
    with interrupts_held():  # Ctrl+C in the finally clause would leave the temporary file
        try:
            with temporary.open("x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.chmod(temporary, path.stat().st_mode & 0o7777)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
