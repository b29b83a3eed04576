"""What an event rests on: how many articles, from how many distinct outlets, and the words the
pages say it in. Part of the model (``generator.model``: ``briefing.corroboration(event_id)``)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.modelobject import ModelObject
from generator.words import plural


@dataclass(frozen=True)
class Corroboration(ModelObject):
    """How many articles an event rests on, and from how many distinct outlets. Articles that do
    not name their outlet cannot be told apart by outlet, so they are counted on their own."""

    articles: int
    outlets: int  # distinct outlets of the articles that name one
    unnamed: int  # articles whose outlet is not stated

    @property
    def uncited(self) -> bool:
        return self.articles == 0

    @property
    def single_source(self) -> bool:
        return self.articles == 1

    @property
    def one_outlet_only(self) -> bool:
        """Several articles, all from the same named outlet: not independent confirmation."""
        return self.articles > 1 and self.outlets == 1 and self.unnamed == 0

    @property
    def text(self) -> str:
        if self.uncited:
            return "No source cited"
        articles = plural(self.articles, "article")
        if not self.unnamed:
            return f"{articles} from {plural(self.outlets, 'outlet')}"
        if not self.outlets:
            return f"{articles} with no outlet stated"
        return f"{articles}: {self.articles - self.unnamed} from {plural(self.outlets, 'outlet')}, {self.unnamed} with no outlet stated"

    @property
    def marker(self) -> str | None:
        """The warning a reader should see first, if any."""
        if self.uncited:
            return "No source cited"
        if self.single_source:
            return "Single source"
        if self.one_outlet_only:
            return "One outlet only"
        return None

    # One wording for every page (templates/macros.html draws the marker, then sources_line or
    # basis after "Marker: " where there is one) and for the coverage picture (the tally).
    @property
    def tally(self) -> str:
        """In a few words: "4 articles, 1 named outlet", "1 article, no outlet named"."""
        named = plural(self.outlets, "named outlet") if self.outlets else "no outlet named"
        return f"{plural(self.articles, 'article')}, {named}"

    @property
    def sources_line(self) -> str:
        """An event's sources in a line: "Sources: 3 articles, 2 named outlets", or after its
        marker "1 article, no outlet named"."""
        if self.uncited:
            return _UNSUPPORTED
        return self.tally if self.marker else f"Sources: {self.tally}"

    @property
    def basis(self) -> str:
        """What an event rests on, as a sentence: "Rests on 3 articles from 2 outlets.", or after
        its marker "rests on 1 article from 1 outlet."."""
        if self.uncited:
            return _UNSUPPORTED
        return f"{'rests' if self.marker else 'Rests'} on {self.text}."


_UNSUPPORTED = "nothing on this site supports this event yet."


