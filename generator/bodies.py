"""Article bodies, the build's heaviest step: each body's Markdown to HTML, the actors it names
counted (and the first mention in each section linked), the quotes in it found, and the plain
text its citations are checked against.

Each body is rendered independently of the others, from its own text and the briefing's actor
names, so this is where the build uses every core (``generator.workers``) and the cache
(``generator.cache``): a body whose text, title, summary, page and actor names are those of an
earlier build is not rendered again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt

from generator.bodychecks import BodyNote, notes_of
from generator.cache import Cache, content_hash
from generator.errors import Problems
from generator.load.content import ArticleSource, RejectedBody
from generator.markdown import collapse_space, make_body_parser, render
from generator.mentions import ENV_KEY as MENTIONS_ENV_KEY
from generator.mentions import ActorNames, MentionContext
from generator.progress import Progress
from generator.quotes import FoundQuote, detect_quotes
from generator.schema import MarkdownOptions
from generator.urls import article_path
from generator.workers import Batches, run_in_order

CACHE_KIND = "article-body"
# Below this many bodies to render, workers cost more than they save.
MIN_PARALLEL = 64
BATCH = 16
STORE_EVERY = 256  # rendered bodies put into the cache at once


@dataclass(frozen=True)
class RenderedBody:
    html: str
    # The plain text of the title, the summary and each paragraph, heading, list item or quote
    # line of the body, whitespace-collapsed: what citation excerpts and quotes are checked against.
    blocks: tuple[str, ...]
    mentions: dict[str, int]  # actor id -> how often the title, summary and body name it
    found_quotes: tuple[FoundQuote, ...]  # quotes found in the body's prose
    # What does not belong in the body (generator.bodychecks): kept with it, so that a body from
    # the cache still reports them.
    notes: tuple[BodyNote, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"html": self.html, "blocks": list(self.blocks), "mentions": [[k, v] for k, v in self.mentions.items()],
                "quotes": [[q.text, q.speaker_id] for q in self.found_quotes],
                "notes": [note.to_json() for note in self.notes]}

    @classmethod
    def from_json(cls, value: Any) -> RenderedBody | None:
        """The body from a cache entry, or None if the entry is not one."""
        try:
            html, blocks, mentions, quotes = value["html"], value["blocks"], value["mentions"], value["quotes"]
            body = cls(html, tuple(blocks), {k: v for k, v in mentions}, tuple(FoundQuote(t, s) for t, s in quotes),
                       tuple(BodyNote.from_json(note) for note in value["notes"]))
        except (KeyError, TypeError, ValueError):
            return None
        ok = (isinstance(html, str) and all(isinstance(b, str) for b in body.blocks)
              and all(isinstance(k, str) and type(v) is int for k, v in body.mentions.items())
              and all(isinstance(q.text, str) and isinstance(q.speaker_id, str) for q in body.found_quotes))
        return body if ok else None


class BodyRenderer:
    """Renders bodies with one parser and one actor-name matcher (those of the build)."""

    def __init__(self, options: MarkdownOptions, names: ActorNames):
        self.parser: MarkdownIt = make_body_parser(options)
        self.names = names

    def render(self, source: ArticleSource) -> RenderedBody:
        spec = source.front.spec
        context = MentionContext(self.names, article_path(source.id))
        env: dict[str, object] = {MENTIONS_ENV_KEY: context}
        body = render(self.parser, source.body, env)
        # The headline and standfirst name actors too: counted by the same matcher, never linked.
        for text in (spec.title, spec.summary or ""):
            self.names.count(text, context.counts)
        extra_blocks = [collapse_space(t) for t in (spec.title, spec.summary or "") if t]
        return RenderedBody(body.html, tuple(extra_blocks) + body.blocks, dict(sorted(context.counts.items())),
                            tuple(detect_quotes(body.prose, self.names)), notes_of(env))

    def render_all(self, sources: Sequence[ArticleSource]) -> list[RenderedBody]:
        return [self.render(source) for source in sources]


def check_rejected_bodies(bodies: Sequence[RejectedBody], options: MarkdownOptions, problems: Problems) -> None:
    """Report what does not belong in the bodies of articles whose front matter has errors, as
    for any article (generator.bodychecks), so that one run names every problem of a file rather
    than the body's only once the front matter is fixed."""
    if not bodies:
        return
    parser = make_body_parser(options)
    for body in bodies:
        env: dict[str, object] = {}
        render(parser, body.body, env)
        for note in notes_of(env):
            problems.warning(body.path, body.body_line + note.line, note.message, note.hint)


def body_key(source: ArticleSource, options_key: str, names_key: str) -> str:
    """The cache key of a body: a hash of everything its rendering reads."""
    spec = source.front.spec
    return content_hash(options_key, names_key, article_path(source.id), spec.title, spec.summary or "", source.body)


def names_key(names: ActorNames) -> str:
    return content_hash(*(part for name, actor_id in names.owners.items() for part in (name, actor_id)))


class KeptBodies:
    """What ``briefing serve`` keeps of the last build's bodies: each body by its key, and the key
    of each article source (an unchanged file gives the very same source, see load.parsed), so
    that neither is looked up in the cache nor hashed again."""

    def __init__(self) -> None:
        self.bodies: dict[str, RenderedBody] = {}
        self.keys: dict[int, tuple[ArticleSource, str, str]] = {}  # id -> (source, settings' key, its key)

    def key(self, source: ArticleSource, settings: tuple[str, str]) -> str:
        known = self.keys.get(id(source))
        if known is not None and known[0] is source and known[1] == settings[0] + settings[1]:
            return known[2]
        return body_key(source, *settings)


def render_bodies(sources: Sequence[ArticleSource], options: MarkdownOptions, names: ActorNames, *,
                  cache: Cache, jobs: int, progress: Progress | None = None,
                  kept: KeptBodies | None = None) -> tuple[Mapping[str, RenderedBody], int]:
    """Article id -> its rendered body: from ``kept`` (the last build's, which ``briefing serve``
    keeps in memory and this call replaces) or the cache where they have it, else rendered (in
    worker processes when there are many) and added to the cache; and how many were rendered."""
    options_key = content_hash(options.model_dump_json())
    actors_key = names_key(names)
    if kept is not None:
        keys = [kept.key(source, (options_key, actors_key)) for source in sources]
        bodies: list[RenderedBody | None] = [kept.bodies.get(key) for key in keys]
    else:
        keys = [body_key(source, options_key, actors_key) for source in sources]
        bodies = [None] * len(keys)
    cached = cache.get_many(CACHE_KIND, [key for key, body in zip(keys, bodies, strict=True) if body is None])
    bodies = [body if body is not None or key not in cached else RenderedBody.from_json(cached[key])
              for key, body in zip(keys, bodies, strict=True)]
    todo = [i for i, body in enumerate(bodies) if body is None]
    if progress is not None:
        progress.advance(len(sources) - len(todo))
    if todo:
        renderer = BodyRenderer(options, names)
        fresh = run_in_order(Batches(renderer.render_all, [sources[i] for i in todo]), jobs=jobs, batch=BATCH,
                             min_parallel=MIN_PARALLEL)
        # Stored as they come, while the workers render the next ones (this process would only
        # wait for them): not all at the end, when that took 1.8 s at 10,000 articles.
        unstored: dict[str, Any] = {}
        for i, body in zip(todo, fresh, strict=True):
            bodies[i] = body
            unstored[keys[i]] = body.to_json()
            if len(unstored) >= STORE_EVERY:
                cache.put_many(CACHE_KIND, unstored)
                unstored = {}
            if progress is not None:
                progress.advance()
        cache.put_many(CACHE_KIND, unstored)
        if kept is None:  # else by the keeper, once done (see Builder.close)
            cache.keep_only(CACHE_KIND, keys)
    if kept is not None:
        kept.bodies = {key: body for key, body in zip(keys, bodies, strict=True) if body is not None}
        kept.keys = {id(source): (source, options_key + actors_key, key)
                     for source, key in zip(sources, keys, strict=True)}
    # As a dict, in the order of the sources: of two articles with one id (an error reported
    # elsewhere), the later one's body is kept.
    return {source.id: body for source, body in zip(sources, bodies, strict=True) if body is not None}, len(todo)
