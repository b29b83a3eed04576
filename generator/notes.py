"""Numbered notes, as Wikipedia's references: a claim on a page carries superscript numbers, and
the excerpts that back it are listed once, in a notes list, out of the reader's way.

A template opens a list (``notes("n-ceasefire-")``), asks for the numbers of each claim's
citations as it writes the claim (``list.cite(event.citations)``), and writes the list where the
notes go (the end of an entry or of the page). An article is one note however many claims cite
it: its excerpts are gathered under it, each once, so a list names every article once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from markupsafe import Markup


class Cited(Protocol):
    """What a note needs of a citation (the model's ``Citation``, or a view of it)."""

    @property
    def article_id(self) -> str: ...

    @property
    def excerpt(self) -> str | None: ...

    @property
    def note(self) -> str | None: ...


@dataclass(frozen=True)
class Quoted:
    """An excerpt of an article, with the editor's note on it."""

    text: str
    note: str | None


@dataclass
class Note:
    """One article in a notes list, with every excerpt the page's claims cite from it."""

    number: int
    anchor: str  # the id of its line in the list
    article_id: str
    excerpts: list[Quoted] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # editor's notes on a citation without an excerpt


class NotesList:
    """The notes of one entry or page, numbered in the order the claims first cite them."""

    def __init__(self, prefix: str):
        self.prefix = prefix  # makes the anchors unique on the page: "n-ceasefire-"
        self._by_article: dict[str, Note] = {}

    def cite(self, citations: Iterable[Cited]) -> list[Note]:
        """The notes of a claim's citations, each once, in its order: new articles get the next
        numbers."""
        cited: list[Note] = []
        for citation in citations:
            note = self._by_article.get(citation.article_id)
            if note is None:
                number = len(self._by_article) + 1
                note = Note(number, f"{self.prefix}{number}", citation.article_id)
                self._by_article[citation.article_id] = note
            if citation.excerpt:
                quoted = Quoted(citation.excerpt, citation.note)
                if quoted not in note.excerpts:
                    note.excerpts.append(quoted)
            elif citation.note and citation.note not in note.notes:
                note.notes.append(citation.note)
            if all(other is not note for other in cited):
                cited.append(note)
        return cited

    @property
    def entries(self) -> list[Note]:
        """Every note, by number."""
        return list(self._by_article.values())

    def __len__(self) -> int:
        return len(self._by_article)


def with_refs(html: str, refs: str) -> Markup:
    """``refs`` (the superscript numbers) at the end of the last paragraph of ``html``, a
    rendered Markdown text, so that they follow its last word instead of standing on a line of
    their own; after it where it does not end with a paragraph."""
    text = html.rstrip()
    if text.endswith("</p>"):
        return Markup(text[:-len("</p>")]) + Markup(refs) + Markup("</p>")
    return Markup(text) + Markup(refs)
