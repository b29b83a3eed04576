"""An article being imported: what was read from the source, what was guessed, what the editor
must check, and the article file it becomes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.dates import PartialDate

# The order fields are written in: the order of the README's table.
FIELD_ORDER = ("title", "date", "circa", "date_note", "outlet", "via", "url", "author", "language", "summary",
               "kind", "tags", "draft", "extra")


@dataclass
class Draft:
    """One article as an importer makes it. Importers fill in what they find; the import command
    then decides its id, its outlet and where it is written."""

    source: str  # the source file, as the editor named it
    kind: str  # the kind of source: clipping, html, jekyll, hugo, pelican, markdown
    title: str | None = None
    date: PartialDate | None = None
    circa: bool = False
    date_note: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    summary: str | None = None
    article_kind: str = "article"
    tags: list[str] = field(default_factory=list)
    draft: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    # The outlet as the source names it (a site name, a printed name) and the site's address: the
    # import matches them to an outlet of the briefing.
    outlet_name: str | None = None
    outlet_home: str | None = None
    outlet: str | None = None  # the outlet id, once matched
    id_hint: str | None = None  # the id the source suggests (a post's file name)
    empty: str | None = None  # why the body is empty, when the importer knows
    unconverted: dict[str, str] = field(default_factory=dict)  # template syntax left as written -> why
    found: list[str] = field(default_factory=list)  # what was read from the source
    guessed: list[str] = field(default_factory=list)  # what was inferred: right most of the time
    check: list[str] = field(default_factory=list)  # what the editor must look at

    def front_matter(self) -> dict[str, Any]:
        """The article's front matter, in the README's order, without what is empty or default."""
        values: dict[str, Any] = {
            "title": self.title,
            "date": self.date.iso if self.date else None,
            "circa": self.circa or None,
            "date_note": self.date_note,
            "outlet": self.outlet or "unknown",
            "url": self.url,
            "author": (self.authors[0] if len(self.authors) == 1 else list(self.authors)) or None,
            "language": self.language,
            "summary": self.summary,
            "kind": self.article_kind if self.article_kind != "article" else None,
            "tags": list(dict.fromkeys(self.tags)) or None,
            "draft": self.draft or None,
            "extra": _plain(self.extra) or None,
        }
        return {key: values[key] for key in FIELD_ORDER if values.get(key) is not None}

    def text(self) -> str:
        """The article file: YAML front matter, then the Markdown body."""
        lines = ["---"]
        for key, value in self.front_matter().items():
            if key == "date":
                lines.append(f"date: {value}")
            elif isinstance(value, (dict, list)):
                dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=100,
                                        default_flow_style=None if key == "tags" else False)
                lines.extend(dumped.rstrip("\n").split("\n"))
            else:
                lines.append(f"{key}: {yaml_scalar(value)}")
        lines.append("---")
        body = self.body.strip("\n")
        return "\n".join(lines) + "\n" + (body + "\n" if body else "")


def yaml_scalar(value: object) -> str:
    """``value`` as one YAML scalar that reads back as itself (text is always quoted)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    style = '"' if isinstance(value, str) else None
    return yaml.safe_dump(value, default_style=style, allow_unicode=True, width=1 << 30).rstrip("\n").removesuffix(
        "\n...")


def _plain(value: Any) -> Any:
    """Front-matter values as YAML writes and reads them back unchanged: dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
