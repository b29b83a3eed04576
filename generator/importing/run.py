"""``briefing import``: each source becomes one checked article in ``content/articles/``.

The steps: find the sources and their kinds; claim the posts' ids first (so that a post's links to
another post of the same import can point at its article); read each source into a ``Draft``;
match its outlet; give it an id and a file that no other file has; check it as the build will (its
front matter, and the body checks of ``generator.bodychecks``, whose lines are the file's own);
write it, never over a file. What was found, guessed and is to be checked is reported per article.
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
from generator.importing.clipping import read_clipping
from generator.importing.draft import Draft, yaml_scalar
from generator.importing.names import actor_names, match_outlet, names_in
from generator.importing.posts import JEKYLL_NAME, POST_SUFFIXES, PostError, read_post
from generator.importing.rules import Rules, load_rules
from generator.importing.webpage import read_webpage
from generator.load.config import load_config
from generator.load.content import ARTICLES_DIR, METADATA_DIRS, load_content, slugify
from generator.load.files import content_files
from generator.load.frontmatter import split_front_matter
from generator.load.text import decode_accepted
from generator.load.validate import validate_record
from generator.load.yamlsrc import load_yaml
from generator.markdown import make_body_parser, render
from generator.newfiles import claim_id, create_file, require_site, short_slug, site_today, yaml_file
from generator.schema import ArticleFrontMatter, MarkdownOptions, OutletSpec

KINDS = ("clipping", "html", "jekyll", "hugo", "pelican", "markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")
SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + POST_SUFFIXES
_ROOT_LINK = re.compile(r"(\]\(|^\[[^\]]+\]:\s*)(/[^)\s]*)", re.MULTILINE)
_PERMALINK_DATE = re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})/([^/#?]+?)(?:\.html?)?/?(#[^)\s]*)?$")


class ImportFailed(BriefingError):
    """A source that cannot be imported as asked (the command goes on with the others)."""


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
    draft: Draft | None = None
    problems: list[str] = field(default_factory=list)  # what stops the article from building


@dataclass
class ImportReport:
    imported: list[Imported]
    outlets: list[tuple[str, str, bool]]  # (file, name, written) of new outlets
    dry_run: bool

    @property
    def ok(self) -> bool:
        return all(item.failed is None and not item.problems for item in self.imported)


def import_sources(site_dir: Path, sources: Sequence[Path], options: ImportOptions) -> ImportReport:
    require_site(site_dir)
    problems = Problems()
    config = load_config(site_dir, problems)
    rules = load_rules(site_dir, problems)
    if problems.errors:
        raise ImportFailed("the site's settings cannot be read:\n" + "\n".join(p.format() for p in problems.errors))
    assert config is not None
    timezone, markdown = config.spec.timezone, config.spec.markdown
    content = load_content(site_dir, Problems())  # the site's own problems are for `briefing check`
    names = actor_names([s.spec for s in content.actors])
    outlets: list[OutletSpec] = [s.spec for s in content.outlets]
    if options.outlet is not None and options.outlet != "unknown" and options.outlet not in {o.id for o in outlets}:
        raise ImportFailed(f"--outlet {options.outlet}: there is no such outlet in {METADATA_DIRS['outlets']}/ "
                           "(add it with `briefing new outlet \"Name\"`)")
    # Every article file's id, valid or not, is taken.
    existing = {slugify(path.stem) for path, _ in content_files(site_dir, ARTICLES_DIR, (".md",), Problems())}
    taken = set(existing)
    found = find_sources(sources, options.kind)
    today = site_today(site_dir)
    # Posts keep their file's name as their id, claimed before any body is read: a post's link to
    # another post of this import points at the other's article.
    post_ids: dict[str, str] = {}
    for path, kind, _ in found:
        if kind in ("jekyll", "hugo", "pelican", "markdown") and re.match(r"^[^\W_]", slugify(path.stem)):
            post_ids[path.stem] = _take(site_dir, slugify(path.stem), taken)

    def link_to(stem: str) -> str | None:
        article_id = post_ids.get(stem) or (slugify(stem) if slugify(stem) in existing else None)
        return f"{article_id}.html" if article_id else None

    results: list[Imported] = []
    new_outlets: dict[str, tuple[str, OutletSpec]] = {}  # outlet name -> (file, spec)
    for path, kind, error in found:
        item = Imported(str(path), kind)
        results.append(item)
        if error is not None:
            item.failed = error
            continue
        draft = Draft(str(path), kind)
        item.draft = draft
        try:
            _read(path, draft, rules, outlets, today, timezone, options, link_to)
        except (PostError, OSError, ValueError) as exc:
            item.failed = f"cannot be read: {exc}"
            continue
        item.kind = draft.kind
        _rewrite_permalinks(draft, post_ids)
        _fill_in(draft, options, today)
        _outlet(draft, options, outlets, new_outlets, site_dir)
        named = names_in("\n".join([draft.title or "", draft.summary or "", draft.body]), names)
        if named.actors:
            draft.found.append("actors named: " + ", ".join(f"{a} \u00d7{n}" for a, n in named.actors.items()))
        if named.candidates:
            draft.check.append("names that are no actor of the briefing (add those that matter): "
                               + "; ".join(f'briefing new actor "{name}"' for name, _ in named.candidates))
        article_id = post_ids.get(path.stem) or _take(site_dir, _article_id(draft), taken)
        item.id = article_id
        item.path = f"{ARTICLES_DIR}/{article_id}.md"
        text = draft.text()
        item.problems = _check(text, item.path, markdown, draft)
        if not options.dry_run:
            create_file(site_dir / item.path, text)
    written = []
    for name, (rel, spec) in sorted(new_outlets.items()):
        write = options.yes and not options.dry_run
        if write:
            create_file(site_dir / rel, _outlet_file(site_dir, spec))
        written.append((rel, name, write))
    return ImportReport(results, written, options.dry_run)


def find_sources(sources: Sequence[Path], kind: str | None) -> list[tuple[Path, str, str | None]]:
    """Every source file, its kind, and why it cannot be imported (or None). A folder stands for
    the files in it (not in its subfolders) with a suffix briefing imports."""
    found: list[tuple[Path, str, str | None]] = []
    for source in sources:
        if source.is_dir():
            files = sorted(p for p in source.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not p.name.startswith("."))
            if not files:
                found.append((source, kind or "?", f"the folder has no file to import ({', '.join(SUFFIXES)})"))
            found += [(p, kind or detect_kind(p), None) for p in files]
        elif not source.exists():
            found.append((source, kind or "?", "no such file"))
        elif kind is None and source.suffix.lower() not in SUFFIXES:
            found.append((source, "?", f"not a kind of file briefing imports ({', '.join(SUFFIXES)}): "
                                       "name its kind with --as"))
        else:
            found.append((source, kind or detect_kind(source), None))
    return found


def detect_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "clipping"
    head = path.read_bytes()[:4096].decode("utf-8", "replace").lstrip("\ufeff")
    if head.startswith("+++"):
        return "hugo"
    if re.match(r"^[A-Za-z][\w-]*:\s*\S", head) and not head.startswith("---"):
        return "pelican"
    if JEKYLL_NAME.match(path.stem) or "{%" in head:
        return "jekyll"
    if "{{<" in head or "{{%" in head:
        return "hugo"
    return "markdown"


def _read(path: Path, draft: Draft, rules: Rules, outlets: Sequence[OutletSpec], today: dt.date, timezone: str,
          options: ImportOptions, link_to: Any) -> None:
    data = path.read_bytes()
    if draft.kind == "html":
        read_webpage(_html_text(data), draft, rules)
        return
    text = decode_accepted(data).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if draft.kind == "clipping":
        read_clipping(text, draft, rules, [o.name for o in outlets], today)
        draft.extra["source_file"] = path.name
    else:
        read_post(text, path.stem, draft, timezone=timezone, variables=options.variables, link_to=link_to)


def _html_text(data: bytes) -> str:
    """A saved page's text: UTF-8, else the encoding its head declares, else Windows-1252."""
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    try:
        return data.decode(declared.group(1).decode("ascii") if declared else "cp1252", "replace")
    except LookupError:
        return data.decode("cp1252", "replace")


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


def _outlet(draft: Draft, options: ImportOptions, outlets: list[OutletSpec],
            new_outlets: dict[str, tuple[str, OutletSpec]], site_dir: Path) -> None:
    if options.outlet is not None:
        draft.outlet = None if options.outlet == "unknown" else options.outlet
        return
    if draft.outlet_name is None and draft.outlet_home is None:
        return
    match = match_outlet(draft.outlet_name, draft.outlet_home, outlets)
    if match is not None:
        draft.outlet = match.id
        draft.found.append(f"outlet {match.id}")
        return
    if not draft.outlet_name:
        return
    if draft.outlet_name not in new_outlets:
        taken = {o.id for o in outlets} | {spec.id for _, spec in new_outlets.values()}
        outlet_id, path = claim_id(site_dir / METADATA_DIRS["outlets"], ".yaml", None, short_slug(draft.outlet_name),
                                 frozenset(taken), "outlet")
        spec = OutletSpec(id=outlet_id, name=draft.outlet_name, url=draft.outlet_home,
                          kind="news-site" if draft.kind == "html" else "unknown")
        new_outlets[draft.outlet_name] = (path.relative_to(site_dir).as_posix(), spec)
    rel, spec = new_outlets[draft.outlet_name]
    if options.yes:
        draft.outlet = spec.id
        draft.found.append(f"outlet {spec.id} (new: {rel})")
    else:
        draft.extra["outlet_name"] = draft.outlet_name
        draft.check.append(f"the outlet “{draft.outlet_name}” is not one of the briefing's: run again with --yes to "
                           f"write {rel}, or add it with `briefing new outlet \"{draft.outlet_name}\"`; then set "
                           f"`outlet: {spec.id}` (it is `unknown` for now)")


def _outlet_file(site_dir: Path, spec: OutletSpec) -> str:
    lines = [f"- id: {spec.id}", f"  name: {yaml_scalar(spec.name)}", f"  kind: {spec.kind}"]
    if spec.url:
        lines.append(f"  url: {yaml_scalar(spec.url)}")
    lines.append("  # country: ...     # only what the sources state")
    return yaml_file(site_dir, "outlet", lines)


def _article_id(draft: Draft) -> str:
    date = draft.date.iso if draft.date else ""
    return slugify(f"{date}-{short_slug(draft.title or 'article')}")


def _take(site_dir: Path, wanted: str, taken: set[str]) -> str:
    article_id, _ = claim_id(site_dir / ARTICLES_DIR, ".md", None, wanted, frozenset(taken), "article")
    taken.add(article_id)
    return article_id


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
            draft.check.append(f"line {split.body_line + note.line}: {note.message}")
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
