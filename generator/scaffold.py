"""Scaffolding: a new site (``briefing init``) and new content files (``briefing new``).

Every file written here is checked the way the build reads it before it is written, so it builds
at once. Nothing is ever overwritten: a new id that is taken gets a numbered suffix, an id asked
for by name (``--id``) that is taken is refused, and files are created exclusively.

The default theme (``templates/`` and ``static/`` of this repository, the sample briefing's own)
ships inside the package as ``generator/theme/``, and a site's templates and static files resolve
from the site first, then from it (``generator.themes``): ``briefing init`` copies none of it, so
that a later briefing's theme reaches the site. ``briefing theme eject NAME`` copies one file of it.
"""

from __future__ import annotations

import difflib
import json
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel

from generator.dates import PartialDate
from generator.errors import Problems
from generator.json_schema import vscode_settings, write_schemas
from generator.load.config import CONFIG_FILE
from generator.load.content import ARTICLES_DIR, METADATA_DIRS, load_content, slugify
from generator.load.files import content_files
from generator.load.frontmatter import split_front_matter
from generator.load.validate import validate_record
from generator.load.yamlsrc import load_yaml
from generator.newfiles import (
    SCHEMAS_DIR,
    NewFileError,
    claim_id,
    create_file,
    require_site,
    short_slug,
    site_today,
    yaml_file,
)
from generator.schema import (
    ActorKind,
    ActorSpec,
    ArticleFrontMatter,
    EventSpec,
    OutletKind,
    OutletSpec,
    SiteConfig,
)
from generator.themes import STATIC_DIR, TEMPLATES_DIR, THEME_DIR

THEME_PARTS = (TEMPLATES_DIR, STATIC_DIR)

ACTOR_KINDS: tuple[str, ...] = typing.get_args(ActorKind)
OUTLET_KINDS: tuple[str, ...] = typing.get_args(OutletKind)


ScaffoldError = NewFileError  # a new file or site cannot be made as asked


@dataclass(frozen=True)
class Created:
    path: Path
    id: str | None = None
    notes: tuple[str, ...] = ()


# -- a new site ------------------------------------------------------------------------------


def init_site(target: Path, *, title: str | None = None) -> Created:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} already exists and is not empty: choose a new directory for the site")
    missing = [part for part in THEME_PARTS if not (THEME_DIR / part).is_dir()]
    if missing:
        raise ScaffoldError(f"the default theme is missing from this installation ({THEME_DIR}): reinstall briefing")
    title = title or _title_from_name(target.absolute().name)
    config = "\n".join([
        f"# yaml-language-server: $schema={SCHEMAS_DIR}/site.schema.json",
        "# The briefing's settings: see the content schema, docs/content.md in briefing's repository.",
        f"title: {_yaml_text(title)}",
        "language: en",
        "timezone: UTC",
        "# subtitle: ...",
        "# description: ...        # Markdown, shown on the home page",
        "# base_url: https://...   # where the site is published; links stay relative either way",
        "# key_points:             # the briefing's key points, first on the home page",
        "#   - text: ...           # Markdown",
        "#     citations: [an-article-id]",
        "",
    ])
    _check_yaml(config, CONFIG_FILE, SiteConfig, many=False)
    target.mkdir(parents=True, exist_ok=True)
    (target / CONFIG_FILE).write_text(config, encoding="utf-8")
    for folder in (ARTICLES_DIR, *METADATA_DIRS.values()):
        (target / folder).mkdir(parents=True)
        (target / folder / ".gitkeep").write_text("", encoding="utf-8")  # keeps the empty folder in git
    for part in THEME_PARTS:  # empty: what the site puts here overrides briefing's theme
        (target / part).mkdir()
        (target / part / ".gitkeep").write_text("", encoding="utf-8")
    write_schemas(target / SCHEMAS_DIR)
    (target / ".vscode").mkdir()
    (target / ".vscode/settings.json").write_text(json.dumps(vscode_settings(SCHEMAS_DIR), indent=2) + "\n",
                                                   encoding="utf-8")
    (target / ".gitignore").write_text("/output/\n/.output.*\n", encoding="utf-8")
    return Created(target, notes=(
        f"next: cd {target} && briefing new article \"A headline\" --date YYYY-MM-DD, then briefing serve",
        "templates and static files come from briefing's theme; to change one, copy it into "
        "templates/ or static/ with `briefing theme eject NAME` (`briefing theme list` lists them)",
    ))


def _title_from_name(name: str) -> str:
    words = slugify(name).replace("-", " ").strip()
    return (words[:1].upper() + words[1:]) if words else "A new briefing"


# -- new content files -----------------------------------------------------------------------


def new_article(site_dir: Path, title: str, *, date: PartialDate | None = None, outlet: str | None = None,
                article_id: str | None = None) -> Created:
    require_site(site_dir)
    known = _KnownIds.read(site_dir)
    notes = []
    if date is None:
        date = PartialDate.parse(site_today(site_dir))
        notes.append(f"date: {date.iso} is today; set it to the day the article was published")
    if outlet is not None and outlet != "unknown" and outlet not in known.outlets:
        raise ScaffoldError(f"there is no outlet '{outlet}'" + _did_you_mean(outlet, known.outlets)
                            + ": add it first (briefing new outlet \"Name\"), or leave --outlet out")
    base = slugify(f"{date.iso}-{short_slug(title)}")
    new_id, path = claim_id(site_dir / ARTICLES_DIR, ".md", article_id, base, known.articles, "article")
    text = "\n".join([
        "---",
        f"title: {_yaml_text(title)}",
        f"date: {date.iso}",
        f"outlet: {outlet or 'unknown'}" + ("" if outlet else "   # an outlet id from content/outlets/, or unknown"),
        "# url: https://...     # the original address, if the source gives one; never invent one",
        "# summary: ...         # a standfirst shown under the headline",
        "# actors: []           # actor ids (names found in the text are added automatically)",
        "---",
        "",
    ])
    rel = path.relative_to(site_dir).as_posix()
    problems = Problems()
    front = split_front_matter(text, rel, problems)
    assert front is not None
    _check_yaml(front.front_matter, rel, ArticleFrontMatter, many=False, problems=problems,
                first_line=front.front_matter_line)
    create_file(path, text)
    notes.append("paste the article's own text below the front matter: until it has some, the build warns that it "
                 "has no text (an error with --strict)")
    return Created(path, new_id, tuple(notes))


def new_actor(site_dir: Path, name: str, *, kind: str = "other", actor_id: str | None = None) -> Created:
    require_site(site_dir)
    known = _KnownIds.read(site_dir)
    new_id, path = claim_id(site_dir / METADATA_DIRS["actors"], ".yaml", actor_id, short_slug(name), known.actors, "actor")
    text = yaml_file(site_dir, "actor", [
        f"- id: {new_id}",
        f"  name: {_yaml_text(name)}",
        f"  kind: {kind}" + ("" if kind != "other" else f"   # or {', '.join(k for k in ACTOR_KINDS if k != 'other')}"),
        "  # aliases: []     # every other spelling the sources use; they are found in article text",
        "  # role: ...",
        "  # side: ...",
        "  # description: ...  # Markdown",
    ])
    _check_yaml(text, path.relative_to(site_dir).as_posix(), ActorSpec, many=True)
    create_file(path, text)
    return Created(path, new_id, (
        "until an article names them or an event lists them, the build warns that this actor appears "
        "nowhere (an error with --strict)",))


def new_outlet(site_dir: Path, name: str, *, kind: str = "unknown", outlet_id: str | None = None) -> Created:
    require_site(site_dir)
    known = _KnownIds.read(site_dir)
    new_id, path = claim_id(site_dir / METADATA_DIRS["outlets"], ".yaml", outlet_id, short_slug(name), known.outlets,
                          "outlet")
    text = yaml_file(site_dir, "outlet", [
        f"- id: {new_id}",
        f"  name: {_yaml_text(name)}",
        f"  kind: {kind}" + ("" if kind != "unknown" else f"   # or {', '.join(k for k in OUTLET_KINDS if k != 'unknown')}"),
        "  # country: ...     # only what the sources state",
        "  # language: ...",
        "  # url: https://...",
    ])
    _check_yaml(text, path.relative_to(site_dir).as_posix(), OutletSpec, many=True)
    create_file(path, text)
    return Created(path, new_id, (
        "until an article names it as its `outlet:`, the build warns that it has no articles (an error with --strict)",))


def new_event(site_dir: Path, title: str, *, date: PartialDate, cite: Iterable[str] = (),
              event_id: str | None = None) -> Created:
    require_site(site_dir)
    known = _KnownIds.read(site_dir)
    cited = list(dict.fromkeys(cite))
    if not cited:
        latest = sorted(known.articles, reverse=True)[:5]
        raise ScaffoldError("an event cites at least one article: add --cite ARTICLE-ID"
                            + (f" (latest articles: {', '.join(latest)})" if latest else " (add the article first)"))
    for article in cited:
        if article not in known.articles:
            raise ScaffoldError(f"there is no article '{article}'" + _did_you_mean(article, known.articles)
                                + ": --cite takes an article id, its file name without .md")
    new_id, path = claim_id(site_dir / METADATA_DIRS["events"], ".yaml", event_id, short_slug(title), known.events,
                          "event")
    lines = [
        f"- id: {new_id}",
        f"  date: {date.iso}",
        f"  title: {_yaml_text(title)}",
        "  # end: YYYY-MM-DD   # for a range",
        "  # location: ...",
        "  # actors: []        # actor ids",
        "  # description: ...  # Markdown",
        "  citations:",
    ]
    for article in cited:
        lines += [f"    - article: {article}", "      # excerpt: \"words copied exactly from the article\""]
    text = yaml_file(site_dir, "event", lines)
    _check_yaml(text, path.relative_to(site_dir).as_posix(), EventSpec, many=True)
    create_file(path, text)
    return Created(path, new_id)


# -- helpers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _KnownIds:
    articles: frozenset[str]
    actors: frozenset[str]
    events: frozenset[str]
    outlets: frozenset[str]

    @classmethod
    def read(cls, site_dir: Path) -> _KnownIds:
        """Every id in use, valid or not: a record that fails validation still holds its id."""
        problems = Problems()  # the site's own problems are for `briefing check`, not for scaffolding
        sources = load_content(site_dir, problems)
        broken = sources.invalid_ids
        articles = {slugify(path.stem) for path, _ in content_files(site_dir, ARTICLES_DIR, (".md",), problems)}
        return cls(frozenset(articles),
                   frozenset({s.spec.id for s in sources.actors} | broken),
                   frozenset({s.spec.id for s in sources.events} | broken),
                   frozenset({s.spec.id for s in sources.outlets} | broken))


def _yaml_text(value: str) -> str:
    """``value`` as one YAML scalar, quoted so that any text reads back as itself."""
    return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1 << 30).rstrip("\n")


def _check_yaml(text: str, rel: str, model: type[BaseModel], *, many: bool, problems: Problems | None = None,
                first_line: int = 1) -> None:
    """Read ``text`` as the build will; a problem here is the command's input (or a bug)."""
    problems = problems or Problems()
    located = load_yaml(text, rel, problems, first_line=first_line)
    if located is not None:
        records = located.data if many else [located.data]
        for index, record in enumerate(records):
            validate_record(model, record, located, (index,) if many else (), problems, "the record")
    if problems.errors:
        raise ScaffoldError("the new file would not build:\n" + "\n".join(p.format() for p in problems.errors))


def _did_you_mean(value: str, known: Iterable[str]) -> str:
    guess = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean '{guess[0]}'?)" if guess else ""
