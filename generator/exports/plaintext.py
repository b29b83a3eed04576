"""HTML fragments (rendered Markdown) as plain text, for the formats that carry no markup:
CSV cells, iCalendar descriptions, feed summaries. Parsed with the standard HTML parser, never
with regular expressions."""

from __future__ import annotations

from html.parser import HTMLParser

# Elements after which a reader expects a line break in plain text.
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
                     "section", "article", "header", "footer", "table", "tr", "dl", "dt", "dd", "pre", "hr"})
_SKIPPED = frozenset({"script", "style", "template"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[list[str]] = [[]]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br" or tag in _BLOCKS:
            self.lines.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.lines.append([])

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.lines[-1].append(data)


def html_to_text(fragment: str) -> str:
    """The text of ``fragment``: one line per block, whitespace collapsed inside each line."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (" ".join("".join(parts).split()) for parts in collector.lines)
    return "\n".join(line for line in lines if line)
