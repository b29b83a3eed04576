"""The briefing as the renderer sees it: frozen, typed and complete once assembled.

Objects refer to each other by id; ``Briefing`` owns the lookups and the indexes (an actor's
events, the events that cite an article...), computed once by ``generator.assemble``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, overload

from generator.corroboration import Corroboration
from generator.dates import DateSpan, PartialDate
from generator.eventkinds import DEFAULT_EVENT_KINDS, EventKind
from generator.modelobject import ModelObject
from generator.schema import SiteConfig


@dataclass(frozen=True)
class ProseMention(ModelObject):
    """An actor named in the site's own prose, linked to the actor's page where it is shown."""

    actor_id: str
    name_html: str


@dataclass(frozen=True)
class Prose(ModelObject):
    """A field written in Markdown (a description, an account, a key point) as HTML whose first
    mention of each actor links to the actor's page. Links are relative, so they depend on the
    page that shows the text (``Links.prose`` writes them): ``pieces`` is the HTML with each
    mention left open; ``html`` the same with the names unlinked (exports, feeds, descriptions)."""

    html: str
    pieces: tuple[str | ProseMention, ...]


NO_PROSE = Prose("", ())


@dataclass(frozen=True)
class Citation(ModelObject):
    article_id: str
    excerpt: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Outlet(ModelObject):
    id: str
    name: str
    kind: str
    country: str | None
    language: str | None
    url: str | None
    description: Prose
    citations: tuple[Citation, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def description_html(self) -> str:
        return self.description.html


@dataclass(frozen=True)
class Actor(ModelObject):
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    role: str | None
    side: str | None
    affiliation_id: str | None
    description: Prose
    citations: tuple[Citation, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return self.kind.replace("-", " ")

    @property
    def description_html(self) -> str:
        return self.description.html


@dataclass(frozen=True)
class Account(ModelObject):
    says: Prose
    date: PartialDate | None
    location: str | None
    citations: tuple[Citation, ...]

    @property
    def says_html(self) -> str:
        return self.says.html


@dataclass(frozen=True)
class Dispute(ModelObject):
    about: str
    accounts: tuple[Account, ...]


@dataclass(frozen=True)
class Event(ModelObject):
    id: str
    when: DateSpan
    date_note: str | None
    order: int
    title: str
    kind: str | None  # an id of the briefing's event kinds (Briefing.event_kind)
    description: Prose
    location: str | None
    actor_ids: tuple[str, ...]
    tags: tuple[str, ...]
    citations: tuple[Citation, ...]
    disputes: tuple[Dispute, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def description_html(self) -> str:
        return self.description.html

    @property
    def sort_key(self) -> tuple[Any, ...]:
        # Time first; among events of the same date the editor's `order`, then the shorter span.
        return (self.when.sort_key, self.order, self.when.last_day, self.id)

    @property
    def article_ids(self) -> tuple[str, ...]:
        """Every article this event rests on, in its own citations or in its accounts."""
        seen: dict[str, None] = {}
        for citation in self.citations:
            seen.setdefault(citation.article_id)
        for dispute in self.disputes:
            for account in dispute.accounts:
                for citation in account.citations:
                    seen.setdefault(citation.article_id)
        return tuple(seen)


@dataclass(frozen=True)
class Quote(ModelObject):
    """Words an article attributes to an actor: declared by the editor, or found in the text."""

    text: str
    speaker_id: str
    article_id: str
    note: str | None = None
    detected: bool = False  # found by generator.quotes rather than declared in front matter


@dataclass(frozen=True)
class Article(ModelObject):
    id: str
    title: str
    when: DateSpan
    date_note: str | None
    outlet_id: str | None
    via_id: str | None
    url: str | None
    language: str | None
    summary: str | None
    kind: str
    actor_ids: tuple[str, ...]  # declared in front matter, then those found in the text
    tags: tuple[str, ...]
    note: str | None
    draft: bool
    body_html: str
    source_path: str
    extra: Mapping[str, Any] = field(default_factory=dict)
    quotes: tuple[Quote, ...] = ()  # in the order they appear in the article
    authors: tuple[str, ...] = ()  # the byline, as the source prints it


@dataclass(frozen=True)
class Correction(ModelObject):
    kind: str  # "event", "article" or "actor"
    target_id: str
    note_html: str


@dataclass(frozen=True)
class Change(ModelObject):
    """One edition of the briefing: what it added and what it corrected."""

    date: PartialDate
    anchor: str  # the id of its section on the changes page
    title: str | None
    summary_html: str
    new_articles: tuple[str, ...]
    new_events: tuple[str, ...]
    new_actors: tuple[str, ...]
    corrections: tuple[Correction, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.new_articles or self.new_events or self.new_actors or self.corrections)


@dataclass(frozen=True)
class KeyPoint(ModelObject):
    text: Prose
    citations: tuple[Citation, ...]

    @property
    def text_html(self) -> str:
        return self.text.html


def _frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class _Index:
    """A briefing's records by id."""

    article: Mapping[str, Article]
    actor: Mapping[str, Actor]
    event: Mapping[str, Event]
    outlet: Mapping[str, Outlet]


@dataclass(frozen=True)
class Briefing(ModelObject):
    config: SiteConfig
    description_html: str
    key_points: tuple[KeyPoint, ...]
    articles: tuple[Article, ...]  # newest first
    actors: tuple[Actor, ...]  # by name
    events: tuple[Event, ...]  # in time order
    outlets: tuple[Outlet, ...]  # by name
    # article id -> {actor id: mentions in its text}
    mentions: Mapping[str, Mapping[str, int]]
    changes: tuple[Change, ...] = ()  # editions, newest first
    # The vocabulary of event kinds: the defaults and site.yaml's own, in the order shown.
    event_kinds: tuple[EventKind, ...] = DEFAULT_EVENT_KINDS

    def __post_init__(self) -> None:
        # The lookups, set once here (the dataclass is frozen; they are no part of its value).
        self._index: _Index
        self._events_of_actor: Mapping[str, tuple[Event, ...]]
        self._events_citing: Mapping[str, tuple[Event, ...]]
        self._articles_of_actor: Mapping[str, tuple[Article, ...]]
        self._quotes_of_actor: Mapping[str, tuple[Quote, ...]]
        self._articles_of_outlet: Mapping[str | None, tuple[Article, ...]]
        self._received_through: Mapping[str, tuple[Article, ...]]
        self._members: Mapping[str, tuple[Actor, ...]]
        self._corroboration: Mapping[str, Corroboration]
        self._kinds: Mapping[str, EventKind]
        self._events_of_kind: Mapping[str, tuple[Event, ...]]
        self._disputed_events: tuple[Event, ...]
        self._outlets_without_articles: tuple[Outlet, ...]
        index: dict[str, Any] = {
            "article": {a.id: a for a in self.articles},
            "actor": {a.id: a for a in self.actors},
            "event": {e.id: e for e in self.events},
            "outlet": {o.id: o for o in self.outlets},
        }
        events_of_actor: dict[str, list[Event]] = {a.id: [] for a in self.actors}
        events_of_kind: dict[str, list[Event]] = {k.id: [] for k in self.event_kinds}
        events_citing: dict[str, list[Event]] = {a.id: [] for a in self.articles}
        for event in self.events:
            for actor_id in event.actor_ids:
                events_of_actor[actor_id].append(event)
            for article_id in event.article_ids:
                events_citing[article_id].append(event)
            if event.kind is not None:
                events_of_kind[event.kind].append(event)
        articles_of_actor: dict[str, list[Article]] = {a.id: [] for a in self.actors}
        quotes_of_actor: dict[str, list[Quote]] = {a.id: [] for a in self.actors}
        articles_of_outlet: dict[str | None, list[Article]] = {o.id: [] for o in self.outlets}
        articles_of_outlet[None] = []
        received_through: dict[str, list[Article]] = {o.id: [] for o in self.outlets}
        for article in self.articles:
            for actor_id in article.actor_ids:
                articles_of_actor[actor_id].append(article)
            articles_of_outlet[article.outlet_id].append(article)
            if article.via_id is not None:
                received_through[article.via_id].append(article)
            for quote in article.quotes:
                quotes_of_actor[quote.speaker_id].append(quote)
        members: dict[str, list[Actor]] = {a.id: [] for a in self.actors}
        for actor in self.actors:
            if actor.affiliation_id is not None:
                members[actor.affiliation_id].append(actor)
        corroboration = {}
        for event in self.events:
            outlets = [index["article"][a].outlet_id for a in event.article_ids]
            named = {o for o in outlets if o is not None}
            corroboration[event.id] = Corroboration(len(outlets), len(named), len(outlets) - sum(o is not None for o in outlets))
        object.__setattr__(self, "_corroboration", _frozen(corroboration))
        object.__setattr__(self, "_index", _Index(**{k: _frozen(v) for k, v in index.items()}))
        object.__setattr__(self, "_events_of_actor", _frozen({k: tuple(v) for k, v in events_of_actor.items()}))
        object.__setattr__(self, "_kinds", _frozen({k.id: k for k in self.event_kinds}))
        object.__setattr__(self, "_events_of_kind", _frozen({k: tuple(v) for k, v in events_of_kind.items()}))
        object.__setattr__(self, "_events_citing", _frozen({k: tuple(v) for k, v in events_citing.items()}))
        object.__setattr__(self, "_articles_of_actor", _frozen({k: tuple(v) for k, v in articles_of_actor.items()}))
        object.__setattr__(self, "_quotes_of_actor", _frozen({k: tuple(v) for k, v in quotes_of_actor.items()}))
        object.__setattr__(self, "_articles_of_outlet", _frozen({k: tuple(v) for k, v in articles_of_outlet.items()}))
        object.__setattr__(self, "_received_through", _frozen({k: tuple(v) for k, v in received_through.items()}))
        object.__setattr__(self, "_members", _frozen({k: tuple(v) for k, v in members.items()}))
        object.__setattr__(self, "_disputed_events", tuple(e for e in self.events if e.disputes))
        object.__setattr__(self, "_outlets_without_articles", tuple(o for o in self.outlets if not articles_of_outlet[o.id]))

    def article(self, article_id: str) -> Article:
        return self._index.article[article_id]

    def actor(self, actor_id: str) -> Actor:
        return self._index.actor[actor_id]

    def event(self, event_id: str) -> Event:
        return self._index.event[event_id]

    @overload
    def outlet(self, outlet_id: str) -> Outlet: ...
    @overload
    def outlet(self, outlet_id: None) -> None: ...
    @overload
    def outlet(self, outlet_id: str | None) -> Outlet | None: ...
    def outlet(self, outlet_id: str | None) -> Outlet | None:
        return None if outlet_id is None else self._index.outlet[outlet_id]

    def events_of_actor(self, actor_id: str) -> tuple[Event, ...]:
        return self._events_of_actor[actor_id]

    def event_kind(self, kind_id: str) -> EventKind:
        return self._kinds[kind_id]

    def events_of_kind(self, kind_id: str) -> tuple[Event, ...]:
        """The events of this kind, in time order."""
        return self._events_of_kind[kind_id]

    @property
    def kinds_in_use(self) -> tuple[EventKind, ...]:
        """The kinds that events have, in the vocabulary's order."""
        return tuple(k for k in self.event_kinds if self._events_of_kind[k.id])

    def events_citing(self, article_id: str) -> tuple[Event, ...]:
        return self._events_citing[article_id]

    def articles_of_actor(self, actor_id: str) -> tuple[Article, ...]:
        return self._articles_of_actor[actor_id]

    def articles_of_outlet(self, outlet_id: str | None) -> tuple[Article, ...]:
        return self._articles_of_outlet[outlet_id]

    def articles_received_through(self, outlet_id: str) -> tuple[Article, ...]:
        """The articles that name this outlet as ``via``: the aggregator they came through."""
        return self._received_through[outlet_id]

    def members_of(self, actor_id: str) -> tuple[Actor, ...]:
        """The actors whose ``affiliation`` is this actor, by name."""
        return self._members[actor_id]

    def quotes_of_actor(self, actor_id: str) -> tuple[Quote, ...]:
        """The actor's quotes, newest article first."""
        return self._quotes_of_actor[actor_id]

    def corroboration(self, event_id: str) -> Corroboration:
        return self._corroboration[event_id]

    def reported_by(self, event_id: str) -> str:
        """The outlets an event's articles come from, by name in the order cited, as a news portal
        credits its sources: "Arab News, Reuters", "Arab News and others" (some articles do not
        state their outlet), "outlet not stated", "no source cited"."""
        named: list[str] = []
        unnamed = False
        for article_id in self.event(event_id).article_ids:
            outlet = self.outlet(self.article(article_id).outlet_id)
            if outlet is None:
                unnamed = True
            elif outlet.name not in named:
                named.append(outlet.name)
        if named:
            return ", ".join(named) + (" and others" if unnamed else "")
        return "outlet not stated" if unnamed else "no source cited"

    @property
    def disputed_events(self) -> tuple[Event, ...]:
        return self._disputed_events

    @property
    def outlets_without_articles(self) -> tuple[Outlet, ...]:
        """Outlets no article names as its own (aggregators that articles only came through)."""
        return self._outlets_without_articles

    @property
    def latest_date(self) -> PartialDate | None:
        return self.articles[0].when.start if self.articles else None
