"""What search shows of each page: the text of its ``data-pagefind-body`` without its
``data-pagefind-ignore`` parts must read as the page does, never two fields run together
("Defence Minister of Pakistan.Person", "ReutersMedia") where the template left no space between
two elements. Pagefind drops the whitespace-only text between elements, so the space has to be
inside the text itself (or the elements must be ones Pagefind breaks sentences at)."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from sitefiles import REPO

GOLDEN = REPO / "tests" / "golden"
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# The elements Pagefind separates from what follows (measured with Pagefind 1.5: "<p>a</p><p>b</p>"
# reads "a. b", "<summary>a</summary>b" reads "a b"). Any other element, dt and dd included
# ("<dt>Kind</dt><dd>Person</dd>" reads "KindPerson"), joins its text to the next.
_SEPARATING = {"address", "article", "aside", "blockquote", "br", "details", "div", "figcaption", "figure",
               "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
               "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
_JOIN = "\x00"  # an element boundary that separates nothing


class _IndexedText(HTMLParser):
    """The text of a page as Pagefind indexes it, with its element boundaries marked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._open: list[tuple[str, bool, bool]] = []  # (tag, indexed, ignored)

    def _indexed(self) -> bool:
        return bool(self._open) and self._open[-1][1] and not self._open[-1][2]

    def _boundary(self, tag: str) -> None:
        if self._indexed():
            self.pieces.append(" " if tag in _SEPARATING else _JOIN)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        self._boundary(tag)
        if tag not in _VOID:
            indexed, ignored = self._open[-1][1:] if self._open else (False, False)
            self._open.append((tag, indexed or "data-pagefind-body" in names,
                               ignored or "data-pagefind-ignore" in names or tag in ("script", "style", "svg")))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break
        self._boundary(tag)

    def handle_data(self, data: str) -> None:
        if self._indexed():
            self.pieces.append(data)


def run_together(page: str) -> list[str]:
    """Where the text of two elements meets with no space: a word, or the punctuation ending a
    field, right before a word, with only tags between them (shown as "|")."""
    parser = _IndexedText()
    parser.feed(page)
    text = "".join(parser.pieces)
    return [" ".join(f"{clean(text[max(m.start() - 30, 0):m.start() + 1])}|{clean(text[m.end():m.end() + 30])}".split())
            for m in re.finditer(r"[\w.,;:!?]" + _JOIN + "+(?=\\w)", text)]


def clean(text: str) -> str:
    return text.replace(_JOIN, "")


def test_run_together_finds_fields_with_no_space_between() -> None:
    page = ('<main data-pagefind-body><li><a>Asif</a>: Minister.<span>Person. 5 events</span>'
            '<span data-pagefind-ignore>[1]</span></li><p><a>Reuters</a><span>Media</span></p>'
            "<p><a>Pakistan</a>’s <em>envoy</em>, <a>Asif</a>.\n<span>Person</span></p></main>")
    assert run_together(page) == ["Asif: Minister.|Person. 5 events Reuters",
                                  ".Person. 5 events Reuters|Media Pakistan’s envoy,"]
    assert run_together("<p>Outside.<span>Body</span></p>") == []
    assert run_together("<main data-pagefind-body><dl><dt>Kind</dt><dd>Person</dd></dl></main>") == ["Kind|Person"]


def test_no_page_of_the_sample_runs_fields_together() -> None:
    joins = {str(page.relative_to(GOLDEN)): found for page in sorted(GOLDEN.rglob("*.html"))
             if (found := run_together(page.read_text(encoding="utf-8")))}
    assert joins == {}


def test_pagefinds_excerpts_of_the_sample_have_no_sentence_run_into_the_next(tmp_path: Path) -> None:
    # What the reader sees in search results: Pagefind's own text of every page.
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(GOLDEN), "--output-path", str(tmp_path),
                    "--silent"], check=True)
    fragments = sorted((tmp_path / "fragment").iterdir())
    assert len(fragments) == len([p for p in GOLDEN.rglob('*.html') if 'data-pagefind-body' in p.read_text()])
    joins = []
    for fragment in fragments:
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        content = json.loads(data)["content"]
        joins += [content[max(m.start() - 30, 0):m.end() + 30] for m in re.finditer(r"[a-z][.;:!?][A-Z]", content)]
    assert joins == []
