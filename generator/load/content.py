"""Finding and reading the content files: articles (Markdown + front matter) and the YAML
metadata (actors, events, outlets), each validated record by record.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from generator.cache import Cache
from generator.errors import Problems
from generator.load.files import content_file_paths, site_file
from generator.load.frontmatter import split_front_matter
from generator.load.parsed import ParsedFiles, ParsedText, ReadFile
from generator.load.validate import validate_record
from generator.load.yamlsrc import Loc, LocatedData, load_yaml
from generator.schema import ActorSpec, ArticleFrontMatter, ChangeSpec, EventSpec, OutletSpec

M = TypeVar("M", bound=BaseModel)
# A Source of an ActorSpec is a Source of a record: it is frozen, so it is covariant in its spec.
SpecT_co = TypeVar("SpecT_co", bound=BaseModel, covariant=True)

ARTICLES_DIR = "content/articles"
METADATA_DIRS = {"actors": "content/actors", "events": "content/events", "outlets": "content/outlets"}
CHANGES_FILES = ("content/changes.yaml", "content/changes.yml")  # one file: the briefing's editions
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Source(Generic[SpecT_co]):
    """A validated record and where it was written, so later checks can name the line."""

    spec: SpecT_co
    path: str
    located: LocatedData
    loc: Loc

    def line(self, *fields: str | int) -> int | None:
        return self.located.line(self.loc + fields)


@dataclass(frozen=True)
class ArticleSource:
    id: str
    front: Source[ArticleFrontMatter]
    body: str
    body_line: int

    @property
    def path(self) -> str:
        return self.front.path


@dataclass(frozen=True)
class RejectedBody:
    """The body of an article whose front matter has errors: it cannot be published, but its own
    problems are reported in the same run (generator.bodies.check_rejected_bodies)."""

    path: str
    body: str
    body_line: int


@dataclass(frozen=True)
class ContentSources:
    articles: tuple[ArticleSource, ...]
    actors: tuple[Source[ActorSpec], ...]
    events: tuple[Source[EventSpec], ...]
    outlets: tuple[Source[OutletSpec], ...]
    changes: tuple[Source[ChangeSpec], ...]
    # Ids of records that exist but failed validation (already reported): references to them
    # are not reported again as unknown ids.
    invalid_ids: frozenset[str]
    # Kinds ("actor", "event", "outlet") with a file that could not be read at all: any id may be
    # defined there, so unknown ids of that kind are not reported until the file is fixed.
    unreadable_kinds: frozenset[str]
    rejected_bodies: tuple[RejectedBody, ...] = ()


def load_content(site_dir: Path, problems: Problems, cache: Cache | None = None) -> ContentSources:
    """Every content file, read and checked; files parsed by an earlier build come from ``cache``
    (generator.load.parsed)."""
    invalid: set[str] = set()
    unreadable: set[str] = set()
    parsed = ParsedFiles(cache if cache is not None else Cache.disabled())

    def records(kind: str, model: type[M]) -> tuple[Source[M], ...]:
        files = content_file_paths(site_dir, METADATA_DIRS[kind + "s"], YAML_SUFFIXES, problems)
        loaded, complete = _load_records(files, model, kind, problems, invalid, parsed)
        if not complete:
            unreadable.add(kind)
        return tuple(loaded)

    change_files = [(str(path), rel) for rel in CHANGES_FILES
                    if (path := site_file(site_dir, rel, problems)) is not None]

    rejected: list[RejectedBody] = []
    # A process that builds again and again keeps each file's article id: 10,000 made again from
    # their file names took 20-40 ms of every save.
    article_ids = cache.resident_memory("article-ids") if cache is not None else None
    sources = ContentSources(
        articles=tuple(_load_articles(site_dir, problems, invalid, parsed, rejected, article_ids)),
        actors=records("actor", ActorSpec),
        events=records("event", EventSpec),
        outlets=records("outlet", OutletSpec),
        changes=tuple(_load_records(change_files, ChangeSpec, "change entry", problems, invalid, parsed)[0]),
        invalid_ids=frozenset(invalid),
        unreadable_kinds=frozenset(unreadable),
        rejected_bodies=tuple(rejected),
    )
    parsed.save()
    return sources


def slugify(name: str) -> str:
    """An id from a file name: lowercase letters of any script, digits and single hyphens."""
    text = unicodedata.normalize("NFKC", name).lower()
    return re.sub(r"[\W_]+", "-", text).strip("-")


def _load_articles(site_dir: Path, problems: Problems, invalid: set[str], parsed: ParsedFiles,
                   rejected: list[RejectedBody], known_ids: dict[str, str] | None) -> list[ArticleSource]:
    """``known_ids``: article ids by path in the site, made before (and kept for the next load)."""
    articles = []
    files = []
    ids: dict[str, str] = {}  # path in the site -> the article's id
    for path, rel in content_file_paths(site_dir, ARTICLES_DIR, (".md",), problems):
        article_id = known_ids.get(rel) if known_ids is not None else None
        if article_id is None:
            article_id = slugify(os.path.splitext(os.path.basename(path))[0])  # the file name's stem
            if known_ids is not None:
                known_ids[rel] = article_id
        ids[rel] = article_id
        if not article_id:
            problems.error(rel, None, "the file name has no letters or digits to make a page name from",
                           "rename the file, e.g. 2025-10-19-doha-ceasefire.md")
            continue
        invalid.add(article_id)  # until it has loaded
        files.append((path, rel))
    if known_ids is not None and len(known_ids) > len(ids):  # files renamed or removed
        for gone in known_ids.keys() - ids.keys():
            del known_ids[gone]
    for read in parsed.read(files, "article"):
        known: ArticleSource | None = parsed.loaded(read)
        if known is not None:  # the very file loaded before (briefing serve)
            invalid.discard(known.id)
            articles.append(known)
            continue
        article_id = ids[read.rel]
        before = problems.mark()
        found = _parse_article(read, problems, rejected)
        if found is None:
            continue
        text, result = found
        located = result.located
        spec = validate_record(ArticleFrontMatter, located.data, located, (), problems, "the front matter")
        if spec is not None:
            invalid.discard(article_id)
            source = ArticleSource(article_id, Source(spec, read.rel, located, ()), text[result.body_start:],
                                   result.body_line)
            articles.append(source)
            if read.parsed is None:
                parsed.keep(read, result, problems, before)
            parsed.remember_loaded(read, source, problems, before)
        else:
            rejected.append(RejectedBody(read.rel, text[result.body_start:], result.body_line))
    return articles


def _parse_article(read: ReadFile, problems: Problems, rejected: list[RejectedBody]) -> tuple[str, ParsedText] | None:
    """The article's text and its parsed front matter (from the cache if it has them), or None
    after recording why the file cannot be used (and its body in ``rejected`` where it is known)."""
    rel = read.rel
    text = read.text(problems)
    if text is None:
        return None
    if read.parsed is not None:
        return text, read.parsed
    if not text.strip():
        problems.error(rel, None, "the article file is empty", "add front matter with at least `title:` and `date:`")
        return None
    split = split_front_matter(text, rel, problems)
    if split is None:
        return None
    located = load_yaml(split.front_matter, rel, problems, first_line=split.front_matter_line)
    if located is None or located.data is None:
        if located is not None:
            problems.error(rel, 1, "the front matter is empty", "add at least `title:` and `date:`")
        rejected.append(RejectedBody(rel, split.body, split.body_line))
        return None
    return text, ParsedText(located, len(text) - len(split.body), split.body_line)


def _load_records(files: list[tuple[str, str]], model: type[M], kind: str, problems: Problems,
                  invalid: set[str], parsed: ParsedFiles) -> tuple[list[Source[M]], bool]:
    """The valid records of the files, and whether every one of them could be read."""
    records: list[Source[M]] = []
    complete = True
    what = f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
    for read in parsed.read(files, kind):
        known: list[Source[M]] | None = parsed.loaded(read)
        if known is not None:  # the very file loaded before (briefing serve)
            records += known
            continue
        rel = read.rel
        before = problems.mark()
        located = _parse_records(read, problems)
        if located is None:
            complete = False
            continue
        data = located.data
        if data is None:
            problems.warning(rel, 1, "the file is empty", "add entries or delete the file")
            continue
        # A file holds one record (a mapping) or several (a list of mappings).
        items: list[tuple[Loc, object]] = [((i,), item) for i, item in enumerate(data)] if isinstance(data, list) else [((), data)]
        loaded = []
        for loc, item in items:
            spec = validate_record(model, item, located, loc, problems, what)
            if spec is not None:
                loaded.append(Source(spec, rel, located, loc))
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                invalid.add(item["id"])
        records += loaded
        if read.parsed is None:
            parsed.keep(read, ParsedText(located), problems, before)
        parsed.remember_loaded(read, loaded, problems, before)
    return records, complete


def _parse_records(read: ReadFile, problems: Problems) -> LocatedData | None:
    if read.parsed is not None:
        return read.parsed.located
    text = read.text(problems)
    return load_yaml(text, read.rel, problems) if text is not None else None
