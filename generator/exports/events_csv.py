"""``events.csv``: one row per citation of an event, so that every statement of the timeline sits
beside the article it rests on. An event's own citations come first; a citation that carries
one of several differing accounts says which (``dispute`` and ``account``).

RFC 4180: UTF-8, a header row, CRLF line ends, fields quoted when they need it.

A spreadsheet reads a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula, which can fetch addresses or run commands when the file is opened (CSV injection):
such a cell is written after an apostrophe, as OWASP advises, which spreadsheets take to mean
"text" and a reader still reads past.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from generator.exports.plaintext import html_to_text
from generator.model import Briefing, Citation, Event

# The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "event_id", "date", "end", "precision", "date_text", "title", "kind", "location", "actors",
    "dispute", "account", "account_date", "account_location",
    "article_id", "article_title", "article_date", "outlet", "article_url", "excerpt", "citation_note",
)


def _citation_cells(briefing: Briefing, citation: Citation) -> dict[str, str]:
    article = briefing.article(citation.article_id)
    outlet = briefing.outlet(article.outlet_id)
    return {
        "article_id": article.id,
        "article_title": article.title,
        "article_date": article.when.start.iso,
        "outlet": outlet.name if outlet else "",
        "article_url": article.url or "",
        "excerpt": citation.excerpt or "",
        "citation_note": citation.note or "",
    }


def event_rows(briefing: Briefing, event: Event) -> Iterator[dict[str, str]]:
    when = event.when
    common = {
        "event_id": event.id,
        "date": when.start.iso,
        "end": when.end.iso if when.end else "",
        "precision": when.start.precision,
        "date_text": when.text,
        "title": event.title,
        "kind": event.kind or "",
        "location": event.location or "",
        "actors": "; ".join(briefing.actor(i).name for i in event.actor_ids),
    }
    for citation in event.citations:
        yield {**common, **_citation_cells(briefing, citation)}
    for dispute in event.disputes:
        for account in dispute.accounts:
            account_cells = {
                "dispute": dispute.about,
                "account": html_to_text(account.says_html),
                "account_date": account.date.iso if account.date else "",
                "account_location": account.location or "",
            }
            for citation in account.citations:
                yield {**common, **account_cells, **_citation_cells(briefing, citation)}


def inert(cell: str) -> str:
    """The cell as text a spreadsheet shows and never evaluates."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def events_csv(briefing: Briefing) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    for event in briefing.events:
        writer.writerows({column: inert(cell) for column, cell in row.items()} for row in event_rows(briefing, event))
    return buffer.getvalue().encode("utf-8")
