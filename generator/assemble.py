"""Stage 2: from validated sources to the ``Briefing`` model, checking every reference between
files (unknown or duplicate ids, citations and their excerpts) and collecting every problem.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from generator.bodies import BodyRenderer, RenderedBody
from generator.dates import DateSpan
from generator.errors import Problems
from generator.eventkinds import EventKind, vocabulary
from generator.kept import Kept, KeptAssembly
from generator.load.content import ArticleSource, ContentSources, Source
from generator.load.yamlsrc import Loc
from generator.markdown import collapse_space, make_snippet_parser, render, render_prose
from generator.mentions import ActorNames
from generator.model import (
    Account,
    Actor,
    Article,
    Briefing,
    Change,
    Citation,
    Correction,
    Dispute,
    Event,
    KeyPoint,
    Outlet,
    Prose,
    Quote,
)
from generator.schema import (
    ActorSpec,
    ChangeSpec,
    CitationSpec,
    EventSpec,
    MarkdownOptions,
    OutletSpec,
    Record,
    SiteConfig,
)
from generator.weburl import page_key

T = TypeVar("T")
R = TypeVar("R", Actor, Event, Outlet)

# Renders the published articles' bodies with the build's actor names: article id -> body.
RenderBodies = Callable[[Sequence[ArticleSource], MarkdownOptions, ActorNames], Mapping[str, RenderedBody]]


@dataclass(frozen=True)
class _ArticleText:
    """What an article's citations are checked against: its title, summary and body blocks."""

    blocks: tuple[str, ...]

    def contains(self, excerpt: str) -> bool:
        return self.position(excerpt) is not None

    def position(self, excerpt: str) -> tuple[int, int] | None:
        """(block, offset) of the excerpt's first occurrence: the order quotes are listed in."""
        wanted = collapse_space(excerpt)
        for index, block in enumerate(self.blocks):
            offset = block.find(wanted)
            if offset != -1:
                return (index, offset)
        return None


class _Assembler:
    def __init__(self, config: Source[SiteConfig], sources: ContentSources, problems: Problems, drafts: bool,
                 render_bodies: RenderBodies, kept: KeptAssembly | None):
        self.config_source = config
        self.kept = kept
        self.config = config.spec
        self.sources = sources
        self.problems = problems
        self.drafts = drafts
        self.render_bodies = render_bodies
        self.snippet_md = make_snippet_parser(self.config.markdown)
        self.article_text: dict[str, _ArticleText] = {}
        self.kinds = {k.id: k for k in vocabulary(EventKind(k.id, k.label, k.description) for k in self.config.event_kinds)}
        self.hidden_drafts: set[str] = set()

    # -- ids -----------------------------------------------------------------------------

    def unique(self, what: str, items: Iterable[tuple[str, str, int | None]]) -> set[str]:
        """The ids of (id, path, line) items; a repeated id is an error naming both places."""
        first: dict[str, tuple[str, int | None]] = {}
        for item_id, path, line in items:
            if item_id in first:
                where, at = first[item_id]
                place = f"{where}:{at}" if at else where
                self.problems.error(path, line, f"duplicate {what} id '{item_id}' (also defined at {place})",
                                    "give one of them another id")
            else:
                first[item_id] = (path, line)
        return set(first)

    def one_article_per_url(self) -> None:
        """Two articles with one `url` are one source written twice: a warning naming both."""
        first: dict[str, ArticleSource] = {}
        for a in sorted(self.sources.articles, key=lambda a: a.path):
            url = a.front.spec.url
            if url is None:
                continue
            if (key := page_key(url)) not in first:  # as briefing import tells one page
                first[key] = a
                continue
            earlier = first[key]
            line = earlier.front.line("url")
            where = earlier.path + (f":{line}" if line else "")
            said = (f"the url {url} is also the url of {where}" if url == earlier.front.spec.url else
                    f"the url {url} is the same page as the url of {where} ({earlier.front.spec.url})")
            self.problems.warning(a.path, a.front.line("url"), said,
                                  "two articles from one source: keep one of them (remove the other file, or "
                                  "correct its url)")

    def check_ref(self, what: str, ref: str, known: AbstractSet[str], source: Source[Record], *loc: str | int) -> bool:
        if ref in known:
            return True
        if ref in self.sources.invalid_ids or what in self.sources.unreadable_kinds:
            return False  # it may well exist in a broken record, which is reported where it is
        guess = difflib.get_close_matches(ref, sorted(known), n=1, cutoff=0.6)
        article = "an" if what[0] in "aeiou" else "a"
        hint = f"did you mean '{guess[0]}'?" if guess else f"add {article} {what} with id '{ref}', or correct the id"
        self.problems.error(source.path, source.line(*loc), f"unknown {what} '{ref}'", hint)
        return False

    def citations(self, specs: Sequence[CitationSpec], source: Source[Record], *loc: str | int) -> tuple[Citation, ...]:
        resolved = []
        for i, spec in enumerate(specs):
            if not self.published_article(spec.article, source, "cites", *loc, i, "article"):
                continue
            if spec.excerpt and not self.article_text[spec.article].contains(spec.excerpt):
                self.problems.error(source.path, source.line(*loc, i, "excerpt"),
                                    f"the excerpt is not in article '{spec.article}': {_short(spec.excerpt)!r}",
                                    "copy the words exactly as the article has them (quotes, spelling), within one paragraph")
                continue
            resolved.append(Citation(spec.article, spec.excerpt, spec.note))
        return tuple(resolved)

    def published_article(self, ref: str, source: Source[Record], verb: str, *loc: str | int) -> bool:
        """Whether ``ref`` is a published article; a draft is a warning, an unknown id an error."""
        if ref in self.hidden_drafts:
            self.problems.warning(source.path, source.line(*loc), f"{verb} the draft article '{ref}', which is not published",
                                  "publish the article (draft: false), or build with --drafts")
            return False
        return self.check_ref("article", ref, self.article_text.keys(), source, *loc)

    def snippet(self, text: str) -> str:
        return render(self.snippet_md, text).html if text else ""

    def prose(self, text: str) -> Prose:
        """A field of the site's own prose, its actors named linked where it is shown."""
        return render_prose(self.snippet_md, text, self.names)

    # -- records -------------------------------------------------------------------------

    def assemble(self) -> Briefing:
        published = [a for a in self.sources.articles if self.drafts or not a.front.spec.draft]
        self.hidden_drafts = {a.id for a in self.sources.articles} - {a.id for a in published}
        self.unique("article", ((a.id, a.path, None) for a in self.sources.articles))
        self.one_article_per_url()
        self.names = self.actor_names()
        rendered = self.render_bodies(published, self.config.markdown, self.names)
        self.article_text = {article_id: _ArticleText(body.blocks) for article_id, body in rendered.items()}
        outlet_ids = self.unique("outlet", ((s.spec.id, s.path, s.line("id")) for s in self.sources.outlets))
        actor_ids = self.unique("actor", ((s.spec.id, s.path, s.line("id")) for s in self.sources.actors))
        self.unique("event", ((s.spec.id, s.path, s.line("id")) for s in self.sources.events))

        kept = self.kept
        if kept is not None:
            context = (frozenset(self.article_text), frozenset(self.hidden_drafts), frozenset(actor_ids),
                       tuple(self.kinds), self.sources.invalid_ids, self.sources.unreadable_kinds,
                       self.names.owners, self.config.markdown)
            for records in (kept.outlets, kept.actors, kept.events):
                records.begin(context)
        outlets = [self.record(kept.outlets if kept is not None else None, s, s.spec.citations, partial(self.outlet, s))
                   for s in _first_of_each(self.sources.outlets, _spec_id)]
        actors = [self.record(kept.actors if kept is not None else None, s, s.spec.citations, partial(self.actor, s, actor_ids))
                  for s in _first_of_each(self.sources.actors, _spec_id)]
        events = [self.record(kept.events if kept is not None else None, s, _all_citations(s.spec), partial(self.event, s, actor_ids))
                  for s in _first_of_each(self.sources.events, _spec_id)]
        mentions = {a.id: rendered[a.id].mentions for a in published}
        articles = self.articles(_first_of_each(published, key=lambda a: a.id), rendered, outlet_ids, actor_ids)
        key_points = tuple(
            KeyPoint(self.prose(kp.text), self.citations(kp.citations, self.config_source, "key_points", i, "citations"))
            for i, kp in enumerate(self.config.key_points)
        )
        articles.sort(key=lambda a: (a.when.sort_key, a.id), reverse=True)
        actors.sort(key=lambda a: (a.name.casefold(), a.id))
        events.sort(key=lambda e: e.sort_key)
        outlets.sort(key=lambda o: (o.name.casefold(), o.id))
        briefing = Briefing(
            config=self.config,
            description_html=self.snippet(self.config.description or ""),
            key_points=key_points,
            articles=tuple(articles),
            actors=tuple(actors),
            events=tuple(events),
            outlets=tuple(outlets),
            mentions={k: dict(sorted(v.items())) for k, v in sorted(mentions.items())},
            # Each edition lists what it added in the site's order: events in time, articles newest first.
            event_kinds=tuple(self.kinds.values()),
            changes=self.changes({"article": [a.id for a in articles], "event": [e.id for e in events],
                                  "actor": [a.id for a in actors]}),
        )
        if not self.problems.errors:  # "unused" means little while records are missing through errors
            self.warn_unused(briefing)
        return briefing

    def record(self, kept: Kept[R] | None, source: Source[ActorSpec | EventSpec | OutletSpec], citations: Iterable[CitationSpec],
               assemble: Callable[[], R]) -> R:
        """An actor, event or outlet: last time's if made from the same source and the same texts of
        the articles it cites (see generator.kept), else ``assemble()``'s."""
        if kept is None:
            return assemble()
        made_from = (source, *(text.blocks if (text := self.article_text.get(c.article)) is not None else None
                               for c in citations))
        return kept.get(source.spec.id, made_from, self.problems, assemble)

    def outlet(self, s: Source[OutletSpec]) -> Outlet:
        spec = s.spec
        return Outlet(spec.id, spec.name, spec.kind, spec.country, spec.language, spec.url,
                      self.prose(spec.description), self.citations(spec.citations, s, "citations"), spec.extra)

    def actor(self, s: Source[ActorSpec], actor_ids: set[str]) -> Actor:
        spec = s.spec
        affiliation = spec.affiliation
        if affiliation and not self.check_ref("actor", affiliation, actor_ids, s, "affiliation"):
            affiliation = None
        return Actor(spec.id, spec.name, spec.kind, spec.aliases, spec.role, spec.side, affiliation,
                     self.prose(spec.description), self.citations(spec.citations, s, "citations"), spec.extra)

    def event(self, s: Source[EventSpec], actor_ids: set[str]) -> Event:
        spec = s.spec
        actors = tuple(a for i, a in enumerate(spec.actors) if self.check_ref("actor", a, actor_ids, s, "actors", i))
        disputes = tuple(
            Dispute(d.about, tuple(
                Account(self.prose(acc.says), acc.date, acc.location,
                        self.citations(acc.citations, s, "disputes", di, "accounts", ai, "citations"))
                for ai, acc in enumerate(d.accounts)))
            for di, d in enumerate(spec.disputes)
        )
        if not spec.citations and not any(a.citations for d in spec.disputes for a in d.accounts):
            # Shown as "no source cited" rather than refused: an editor may record what is not yet sourced.
            self.problems.warning(s.path, s.line("id"), f"event '{spec.id}' cites no article: it is published marked “No source cited”",
                                  "add `citations:` with at least one article id (and the words it uses, as `excerpt:`)")
        when = DateSpan(spec.date, spec.end, spec.circa, spec.ongoing, spec.period)
        kind = spec.kind if spec.kind is None or self.known_kind(spec.kind, s) else None
        return Event(spec.id, when, spec.date_note, spec.order, spec.title, kind,
                     self.prose(spec.description), spec.location, actors, spec.tags,
                     self.citations(spec.citations, s, "citations"), disputes, spec.extra)

    def known_kind(self, kind: str, s: Source[EventSpec]) -> bool:
        """Whether ``kind`` is one of the site's event kinds; if not, an error with a did-you-mean."""
        if kind in self.kinds:
            return True
        guess = difflib.get_close_matches(kind, sorted(self.kinds), n=1, cutoff=0.6)
        hint = (f"did you mean '{guess[0]}'?" if guess else
                f"use one of {', '.join(self.kinds)}, or add '{kind}' under `event_kinds:` in site.yaml")
        self.problems.error(s.path, s.line("kind"), f"unknown event kind '{kind}'", hint)
        return False

    def articles(self, sources: Sequence[ArticleSource], rendered: Mapping[str, RenderedBody], outlet_ids: set[str],
                 actor_ids: set[str]) -> list[Article]:
        kept = self.kept
        if kept is None:
            return [self.article(a, rendered[a.id], outlet_ids, actor_ids) for a in sources]
        # What an article's references are checked against (and a did-you-mean chosen from).
        kept.articles.begin((frozenset(outlet_ids), frozenset(actor_ids), self.sources.invalid_ids,
                             self.sources.unreadable_kinds))
        return [kept.articles.get(a.id, (a, rendered[a.id]), self.problems,
                                  partial(self.article, a, rendered[a.id], outlet_ids, actor_ids)) for a in sources]

    def article(self, a: ArticleSource, rendered: RenderedBody, outlet_ids: set[str], actor_ids: set[str]) -> Article:
        spec, s = a.front.spec, a.front
        outlet = spec.outlet if spec.outlet and self.check_ref("outlet", spec.outlet, outlet_ids, s, "outlet") else None
        via = spec.via if spec.via and self.check_ref("outlet", spec.via, outlet_ids, s, "via") else None
        declared = [x for i, x in enumerate(spec.actors) if self.check_ref("actor", x, actor_ids, s, "actors", i)]
        quotes = self.quotes(a, rendered, actor_ids)
        for note in rendered.notes:
            self.problems.warning(a.path, a.body_line + note.line, note.message, note.hint)
        found = sorted((set(rendered.mentions) | {q.speaker_id for q in quotes}) - set(declared))
        return Article(a.id, spec.title, DateSpan(spec.date, circa=spec.circa), spec.date_note, outlet, via,
                       spec.url, spec.language, spec.summary, spec.kind, tuple(declared + found), spec.tags,
                       spec.note, spec.draft, rendered.html, a.path, spec.extra, quotes=quotes,
                       authors=spec.author)

    def quotes(self, a: ArticleSource, rendered: RenderedBody, actor_ids: set[str]) -> tuple[Quote, ...]:
        """The quotes declared in front matter (checked like excerpts), then those found in the text
        that no declared quote already covers."""
        s, text = a.front, self.article_text[a.id]
        declared = []
        for i, spec in enumerate(s.spec.quotes):
            known_speaker = self.check_ref("actor", spec.by, actor_ids, s, "quotes", i, "by")
            if not text.contains(spec.text):
                self.problems.error(s.path, s.line("quotes", i, "text"), f"the quote is not in the article: {_short(spec.text)!r}",
                                    "copy the words exactly as the article has them (quotation marks, spelling), within one paragraph")
            elif known_speaker:
                declared.append(Quote(collapse_space(spec.text), spec.by, a.id, spec.note))
        detected: dict[tuple[str, str], Quote] = {}
        for found in rendered.found_quotes:
            if not any(found.text in q.text or q.text in found.text for q in declared):
                detected.setdefault((found.text, found.speaker_id), Quote(found.text, found.speaker_id, a.id, detected=True))
        return tuple(sorted([*declared, *detected.values()], key=lambda q: (text.position(q.text) or (0, 0), q.detected)))

    def actor_names(self) -> ActorNames:
        """The one matcher of actor names for this build; a name claimed by two actors is a warning."""
        owners: dict[str, str] = {}
        actors = _first_of_each(self.sources.actors, _spec_id)
        # Names first, then aliases: an actor's own name wins over another actor's alias.
        claims: list[tuple[str, Source[ActorSpec], Loc]] = [(s.spec.name, s, ("name",)) for s in actors]
        claims += [(alias, s, ("aliases", i)) for s in actors for i, alias in enumerate(s.spec.aliases)]
        for name, source, loc in claims:
            other = owners.setdefault(name, source.spec.id)
            if other != source.spec.id:
                self.problems.warning(source.path, source.line(*loc),
                                      f"the name {name!r} is claimed by both '{other}' and '{source.spec.id}'",
                                      f"keep it on one actor only: it is recognised in articles as '{other}'")
        return ActorNames(owners)

    def changes(self, ordered: dict[str, list[str]]) -> tuple[Change, ...]:
        """The editions in content/changes.yaml, newest first, every id in them checked."""
        first_listed: dict[tuple[str, str], str] = {}
        rank = {kind: {ref: i for i, ref in enumerate(ids)} for kind, ids in ordered.items()}
        known = {kind: set(ids) for kind, ids in ordered.items()}

        def refs(kind: str, ids: Sequence[str], s: Source[ChangeSpec], field: str) -> tuple[str, ...]:
            kept = []
            for i, ref in enumerate(ids):
                if kind == "article":
                    ok = self.published_article(ref, s, "lists", field, i)
                else:
                    ok = self.check_ref(kind, ref, known[kind], s, field, i)
                if ok and (kind, ref) in first_listed:
                    self.problems.warning(s.path, s.line(field, i), f"{kind} '{ref}' is listed as new twice "
                                          f"(also at {first_listed[kind, ref]})", "list it in the edition that added it only")
                elif ok:
                    first_listed[kind, ref] = f"{s.path}:{s.line(field, i)}"
                    kept.append(ref)
            return tuple(sorted(kept, key=lambda ref: rank[kind].get(ref, -1)))

        editions = []
        for position, s in enumerate(self.sources.changes):
            spec = s.spec
            corrections = []
            for i, c in enumerate(spec.corrections):
                kind, target = next((k, v) for k, v in (("event", c.event), ("article", c.article), ("actor", c.actor)) if v)
                if (self.published_article(target, s, "corrects", "corrections", i, kind) if kind == "article"
                        else self.check_ref(kind, target, known[kind], s, "corrections", i, kind)):
                    corrections.append(Correction(kind, target, self.snippet(c.note)))
            new = (refs("article", spec.new_articles, s, "new_articles"), refs("event", spec.new_events, s, "new_events"),
                   refs("actor", spec.new_actors, s, "new_actors"))
            editions.append((spec.date.sort_key, position, spec, new, tuple(corrections)))
        editions.sort(key=lambda e: (e[0], e[1]), reverse=True)
        anchors: dict[str, int] = {}
        changes = []
        for _, _, spec, new, edition_corrections in editions:
            anchors[spec.date.iso] = anchors.get(spec.date.iso, 0) + 1
            anchor = f"edition-{spec.date.iso}" + (f"-{anchors[spec.date.iso]}" if anchors[spec.date.iso] > 1 else "")
            changes.append(Change(spec.date, anchor, spec.title, self.snippet(spec.summary), *new, edition_corrections))
        return tuple(changes)

    def warn_unused(self, briefing: Briefing) -> None:
        for s in _first_of_each(self.sources.actors, _spec_id):
            if not briefing.events_of_actor(s.spec.id) and not briefing.articles_of_actor(s.spec.id):
                self.problems.warning(s.path, s.line("id"), f"actor '{s.spec.id}' appears in no event and no article",
                                      "add it to an event's `actors:`, or remove it")
        for o in _first_of_each(self.sources.outlets, _spec_id):
            if not briefing.articles_of_outlet(o.spec.id) and not briefing.articles_received_through(o.spec.id):
                self.problems.warning(o.path, o.line("id"), f"outlet '{o.spec.id}' has no articles",
                                      "set `outlet:` in an article's front matter, or remove the outlet")


def _all_citations(spec: EventSpec) -> list[CitationSpec]:
    """The citations of an event and of the accounts of its disputes."""
    return [*spec.citations, *(c for d in spec.disputes for account in d.accounts for c in account.citations)]


def _spec_id(source: Source[ActorSpec | OutletSpec | EventSpec]) -> str:
    return source.spec.id


def _first_of_each(sources: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """Keep the first record of each id: later duplicates are already reported as errors."""
    seen: set[str] = set()
    out = []
    for source in sources:
        if key(source) not in seen:
            seen.add(key(source))
            out.append(source)
    return out


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_bodies_here(sources: Sequence[ArticleSource], options: MarkdownOptions, names: ActorNames) -> Mapping[str, RenderedBody]:
    """Every body rendered in this process, without cache."""
    renderer = BodyRenderer(options, names)
    return {source.id: renderer.render(source) for source in sources}


def assemble_briefing(config: Source[SiteConfig], sources: ContentSources, problems: Problems, *, drafts: bool,
                      render_bodies: RenderBodies = render_bodies_here, kept: KeptAssembly | None = None) -> Briefing:
    """``kept``: what the last assembly made, reused where made from the same objects (for a
    builder that builds again and again, see generator.kept)."""
    return _Assembler(config, sources, problems, drafts, render_bodies, kept).assemble()
