"""``briefing import``: each source becomes one checked article in ``content/articles/``.

The steps: find the sources and their kinds; claim the posts' ids first (so that a post's links to
another post of the same import can point at its article); read each source into a ``Draft``
(a source with no text is an error); match its outlet; skip it if it was imported before
(``generator.importing.again``); give it an id and a file that no other file has; check it as the
build will (its front matter, and the body checks of ``generator.bodychecks``, whose lines are the
file's own); write it whole, never over a file. What was found, guessed and is to be checked is
reported per article; Ctrl+C stops the import with the list of files written so far.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from generator.bodychecks import notes_of
from generator.dates import PartialDate
from generator.errors import BriefingError, Problems
from generator.importing.again import Earlier, Imports, fingerprint, record_source
from generator.importing.clipping import read_clipping
from generator.importing.draft import Draft
from generator.importing.names import actor_names, names_in
from generator.importing.outlets import NewOutlets, choose_outlet, outlet_file, point_at_outlet
from generator.importing.posts import JEKYLL_NAME, PostError, read_post
from generator.importing.rules import Rules, load_rules
from generator.importing.sources import POST_KINDS, find_sources, html_text
from generator.importing.webpage import read_webpage
from generator.interrupt import interrupts_held
from generator.load.config import load_config
from generator.load.content import ARTICLES_DIR, METADATA_DIRS, load_content, slugify
from generator.load.files import content_files
from generator.load.frontmatter import split_front_matter
from generator.load.text import decode_accepted
from generator.load.validate import validate_record
from generator.load.yamlsrc import load_yaml
from generator.markdown import make_body_parser, render
from generator.mentions import ActorNames
from generator.newfiles import NewFileError, claim_id, create_file, require_site, short_slug, site_today
from generator.schema import ArticleFrontMatter, MarkdownOptions, OutletSpec

_ROOT_LINK = re.compile(r"(\]\(|^\[[^\]]+\]:\s*)(/[^)\s]*)", re.MULTILINE)
_PERMALINK_DATE = re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})/([^/#?]+?)(?:\.html?)?/?(#[^)\s]*)?$")


class ImportFailed(BriefingError):
    """A source that cannot be imported as asked (the command goes on with the others)."""


class ImportInterrupted(KeyboardInterrupt):
    """Ctrl+C during an import: the files written before it (each complete) and how many sources
    were not imported."""

    def __init__(self, written: list[str], left: int):
        super().__init__()
        self.written, self.left = written, left


@dataclass(frozen=True)
class ImportOptions:
    kind: str | None = None  # the kind of every source; detected when None
    outlet: str | None = None  # the outlet id of every article
    date: PartialDate | None = None  # the date of articles whose source prints none
    dry_run: bool = False
    yes: bool = False  # write the proposed outlet files
    variables: dict[str, Any] = field(default_factory=dict)  # values of template variables: site.x


@dataclass
class Imported:
    """One source's outcome: its article (or why there is none) and the report's lines."""

    source: str
    kind: str
    path: str | None = None  # the article file, relative to the site
    id: str | None = None
    failed: str | None = None
    skipped: str | None = None  # why nothing was written: the source was imported before
    draft: Draft | None = None
    problems: list[str] = field(default_factory=list)  # what stops the article from building


@dataclass
class ImportReport:
    imported: list[Imported]
    outlets: list[tuple[str, str, bool]]  # (file, name, written) of new outlets
    dry_run: bool
    files: list[str]  # every file written (or changed), relative to the site

    @property
    def ok(self) -> bool:
        return all(item.failed is None and not item.problems for item in self.imported)

    @property
    def written(self) -> list[Imported]:
        """The sources that became an article (or would, in a dry run)."""
        return [item for item in self.imported if item.failed is None and item.skipped is None]


def import_sources(site_dir: Path, sources: Sequence[Path], options: ImportOptions, *,
                   today: dt.date | None = None) -> ImportReport:
    """Import ``sources`` into the site; ``today``: the day of the import (the site's today)."""
    require_site(site_dir)
    problems = Problems()
    config = load_config(site_dir, problems)
    rules = load_rules(site_dir, problems)
    if problems.errors:
        raise ImportFailed("the site's settings cannot be read:\n" + "\n".join(p.format() for p in problems.errors))
    assert config is not None
    content = load_content(site_dir, Problems())  # the site's own problems are for `briefing check`
    outlets: list[OutletSpec] = [s.spec for s in content.outlets]
    if options.outlet is not None and options.outlet != "unknown" and options.outlet not in {o.id for o in outlets}:
        raise ImportFailed(f"--outlet {options.outlet}: there is no such outlet in {METADATA_DIRS['outlets']}/ "
                           "(add it with `briefing new outlet \"Name\"`)")
    found = find_sources(sources, options.kind)
    # Every article file's id, valid or not, is taken.
    existing = {slugify(path.stem) for path, _ in content_files(site_dir, ARTICLES_DIR, (".md",), Problems())}
    run = _Run(site_dir, options, rules, config.spec.timezone, config.spec.markdown, today or site_today(site_dir), outlets,
               actor_names([s.spec for s in content.actors]), Imports.of(content.articles), existing, set(existing))
    results: list[Imported] = []
    try:
        # Posts keep their file's name as their id, claimed before any body is read: a post's link
        # to another post of this import points at the other's article.
        # A post imported before keeps its article's id: links to it point there.
        for path, kind, error in found:
            if error is None and kind in POST_KINDS and re.match(r"^[^\W_]", slugify(path.stem)):
                before = run.earlier.of_file(path)
                run.post_ids[path.stem] = Path(before.path).stem if before else run.take(slugify(path.stem))
        for path, kind, error in found:
            item, article = run.one(path, kind, error)  # read and checked: nothing of the site touched
            # Its article written and counted together: Ctrl+C pressed meanwhile is raised once
            # both are done, so the files listed as written are exactly those written.
            with interrupts_held():
                if article is not None:
                    run.write(*article)
                results.append(item)
        outlet_files = run.write_outlets()
    except KeyboardInterrupt:
        raise ImportInterrupted(run.written, len(found) - len(results)) from None
    return ImportReport(results, outlet_files, options.dry_run, run.written)


@dataclass
class _Run:
    """One import: the site as it was, and what this import has claimed and written so far."""

    site_dir: Path
    options: ImportOptions
    rules: Rules
    timezone: str
    markdown: MarkdownOptions
    today: dt.date
    outlets: list[OutletSpec]
    names: ActorNames
    earlier: Imports  # the site's articles by their sources, this import's joining them
    existing: set[str]  # the ids of the site's article files
    taken: set[str]  # those, and the ids this import has claimed
    post_ids: dict[str, str] = field(default_factory=dict)  # a post's file name (without suffix) -> its id
    new_outlets: NewOutlets = field(default_factory=dict)
    again: list[tuple[Imported, Earlier]] = field(default_factory=list)  # sources imported before
    written: list[str] = field(default_factory=list)  # the files written, relative to the site

    def one(self, path: Path, kind: str, error: str | None) -> tuple[Imported, tuple[str, str] | None]:
        """What the source becomes, and the article to write if there is one: its file (relative
        to the site) and its text."""
        item = Imported(str(path), kind)
        if error is not None:
            item.failed = error
            return item, None
        draft = item.draft = Draft(str(path), kind)
        try:
            data = path.read_bytes()
            if not data.strip():
                item.failed = "nothing to import: the file is empty"
                return item, None
            _read(path, data, draft, self.rules, self.outlets, self.today, self.timezone, self.options, self.link_to)
        except (PostError, OSError, ValueError) as exc:
            item.failed = f"cannot be read: {exc}"
            return item, None
        item.kind = draft.kind
        if not draft.body.strip():
            item.failed = "nothing to import: " + (draft.empty or "the source has no text")
            return item, None
        digest = fingerprint(data)
        record_source(draft, path.name, digest)
        if (before := self.earlier.find(digest, draft)) is not None:
            item.skipped = f"already imported as {before[0].path} ({before[1]})"
            # Its outlet is proposed (and with --yes written) only for the earlier article that
            # still waits for it: one whose outlet was set since needs no new outlet file.
            if before[0].outlet == "unknown" and before[0].outlet_name == draft.outlet_name:
                choose_outlet(draft, self.options.outlet, self.outlets, self.new_outlets, self.site_dir,
                              yes=self.options.yes)
            self.again.append((item, before[0]))
            return item, None
        choose_outlet(draft, self.options.outlet, self.outlets, self.new_outlets, self.site_dir, yes=self.options.yes)
        _rewrite_permalinks(draft, self.post_ids)
        _fill_in(draft, self.options, self.today)
        _actors(draft, self.names)
        item.id = self.post_ids.get(path.stem) or self.take(_article_id(draft))
        item.path = rel = f"{ARTICLES_DIR}/{item.id}.md"
        text = draft.text()
        item.problems = _check(text, rel, self.markdown, draft)
        self.earlier.add(rel, draft, digest)
        return item, None if self.options.dry_run else (rel, text)

    def write(self, rel: str, text: str) -> None:
        """Create ``rel``; a file that cannot be written stops the import, saying what was."""
        try:
            create_file(self.site_dir / rel, text)
        except (OSError, NewFileError) as error:
            why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            before = (f"{len(self.written)} file(s) written before it are complete (the last: {self.written[-1]})"
                      if self.written else "nothing was written before it")
            raise ImportFailed(f"{rel} cannot be written ({why}); {before}. Put that right (free space, "
                               "permissions, a file in the way) and run the same import again: what was "
                               "imported is skipped") from None
        self.written.append(rel)

    def write_outlets(self) -> list[tuple[str, str, bool]]:
        """The new outlets' files (written with --yes); then the articles of sources imported
        before are pointed at them."""
        outlet_files = []
        for name, (rel, spec) in sorted(self.new_outlets.items()):
            write = self.options.yes and not self.options.dry_run
            if write:
                with interrupts_held():
                    self.write(rel, outlet_file(self.site_dir, spec))
            outlet_files.append((rel, name, write))
        for item, article in self.again:
            assert item.draft is not None
            with interrupts_held():
                if point_at_outlet(self.site_dir, item.draft, article, self.new_outlets, yes=self.options.yes,
                                   dry_run=self.options.dry_run):
                    self.written.append(article.path)
        return outlet_files

    def take(self, wanted: str) -> str:
        article_id, _ = claim_id(self.site_dir / ARTICLES_DIR, ".md", None, wanted, frozenset(self.taken), "article")
        self.taken.add(article_id)
        return article_id

    def link_to(self, stem: str) -> str | None:
        article_id = self.post_ids.get(stem) or (slugify(stem) if slugify(stem) in self.existing else None)
        return f"{article_id}.html" if article_id else None


def _actors(draft: Draft, names: ActorNames) -> None:
    named = names_in("\n\n".join([draft.summary or "", draft.body]), names, headline=draft.title or "")
    if named.actors:
        draft.found.append("actors named: " + ", ".join(f"{a} \u00d7{n}" for a, n in named.actors.items()))
    if named.candidates:
        draft.check.append("names that are no actor of the briefing (add those that matter): "
                           + "; ".join(f'briefing new actor "{name}"' for name, _ in named.candidates))


def _read(path: Path, data: bytes, draft: Draft, rules: Rules, outlets: Sequence[OutletSpec], today: dt.date,
          timezone: str, options: ImportOptions, link_to: Any) -> None:
    if draft.kind == "html":
        read_webpage(html_text(data), draft, rules)
        return
    text = decode_accepted(data).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if draft.kind == "clipping":
        read_clipping(text, draft, rules, [o.name for o in outlets], today)
    else:
        read_post(text, path.stem, draft, timezone=timezone, variables=options.variables, link_to=link_to)


def _rewrite_permalinks(draft: Draft, post_ids: dict[str, str]) -> None:
    """Root-relative links to a dated permalink (/news/2016/04/19/some-post/) of a post imported
    with them point at its article instead."""
    by_date = {}
    for stem, article_id in post_ids.items():
        name = JEKYLL_NAME.match(stem)
        if name:
            by_date[(int(name.group(1)), int(name.group(2)), int(name.group(3)), name.group(4).lower())] = article_id

    def rewrite(match: re.Match[str]) -> str:
        target = _PERMALINK_DATE.search(match.group(2))
        if target is None:
            return match.group(0)
        key = (int(target.group(1)), int(target.group(2)), int(target.group(3)), target.group(4).lower())
        if key not in by_date:
            return match.group(0)
        draft.found.append(f"link {match.group(2)} -> the imported article {by_date[key]}")
        return match.group(1) + f"{by_date[key]}.html" + (target.group(5) or "")

    if by_date:
        draft.body = _ROOT_LINK.sub(rewrite, draft.body)


def _fill_in(draft: Draft, options: ImportOptions, today: dt.date) -> None:
    if not draft.title:
        draft.title = draft.id_hint or Path(draft.source).stem
        draft.check.append("no headline was found: `title:` is the file's name")
    if draft.date is None:
        given = options.date
        draft.date = given or PartialDate(today.year, today.month, today.day)
        draft.circa = given is None
        draft.date_note = draft.date_note or ("No date is printed in the source; the date was given on import."
                                              if given else "No date is printed in the source: this is the day it "
                                              "was imported, to be corrected.")
        draft.check.append(f"no date of publication was found: `date: {draft.date.iso}` is "
                           + ("the --date given" if given else "today's date, marked circa")
                           + "; set the day the article was published")


def _article_id(draft: Draft) -> str:
    date = draft.date.iso if draft.date else ""
    return slugify(f"{date}-{short_slug(draft.title or 'article')}")


def _check(text: str, rel: str, options: MarkdownOptions, draft: Draft) -> list[str]:
    """The article file checked as the build reads it: errors (it would not build) are returned,
    and what the build would warn about is added to the draft's checks, with the file's lines."""
    problems = Problems()
    split = split_front_matter(text, rel, problems)
    if split is not None:
        located = load_yaml(split.front_matter, rel, problems, first_line=split.front_matter_line)
        if located is not None:
            validate_record(ArticleFrontMatter, located.data, located, (), problems, "the front matter")
        env: dict[str, object] = {}
        render(make_body_parser(options), split.body, env)
        for note in notes_of(env):
            why = next((reason for tag, reason in draft.unconverted.items() if tag[:50] in note.message), None)
            draft.check.append(f"line {split.body_line + note.line}: {note.message}" + (f": {why}" if why else ""))
        if not options.html:
            for line in _raw_html_lines(split.body):
                draft.check.append(f"line {split.body_line + line}: raw HTML, shown as text (the site's "
                                   "`markdown: {html: false}`): write it in Markdown, or allow HTML in site.yaml")
    return [p.format() for p in problems.errors]


def _raw_html_lines(body: str) -> list[int]:
    md = MarkdownIt("commonmark", {"html": True})
    lines = []
    for token in md.parse(body):
        html_block = token.type == "html_block" and not token.content.lstrip().startswith("<!--")
        inline_html = token.type == "inline" and any(c.type == "html_inline" for c in token.children or ())
        if token.map and (html_block or inline_html):
            lines.append(token.map[0])
    return sorted(set(lines))


def parse_variables(pairs: Sequence[str]) -> dict[str, Any]:
    """``--var site.repository=https://...`` as {"site.repository": "https://..."}; a YAML value."""
    values: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.match(r"^[A-Za-z_][\w.]*$", name.strip()):
            raise ImportFailed(f"--var {pair!r}: write NAME=VALUE, e.g. --var site.repository=https://github.com/x/y")
        try:
            values[name.strip()] = yaml.safe_load(value) if value.strip() else ""
        except yaml.YAMLError:
            values[name.strip()] = value
    return values
