"""The build, as a checklist of named steps: load, assemble, export, plan, render, publish,
write, index for search."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from generator.assemble import assemble_briefing
from generator.errors import BriefingError, OutputError, Problem, Problems
from generator.exports import make_exports
from generator.load.config import load_config
from generator.load.content import load_content
from generator.load.files import content_files, refuse_case_twins
from generator.layout import lay_out
from generator.model import Briefing
from generator.pages import Page, plan_pages
from generator.publish import publication_files
from generator.publish.search import index_site
from generator.render import PageRenderer, make_environment
from generator.schema import Url
from generator.urls import Addresses
from generator.writer import OutputWriter

STATIC_DIR = "static"
SOURCE_DIRS = ("content", "templates", STATIC_DIR)


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int
    warnings: tuple[Problem, ...]


class BadOption(BriefingError):
    """A command-line option with an unusable value."""


def checked_base_url(value: str) -> str:
    """A ``--base-url`` given on the command line, checked like ``base_url`` in site.yaml."""
    try:
        return TypeAdapter(Url).validate_python(value)
    except ValidationError:
        raise BadOption(f"--base-url {value!r} is not a web address: give the full published address, "
                        "e.g. https://example.org/briefing/") from None


def load_briefing(site_dir: Path, problems: Problems, *, drafts: bool = False,
                  base_url: str | None = None) -> Briefing | None:
    """Read and check every file of the site; None when the configuration itself is unusable.
    ``base_url`` (from the command line) overrides the one in site.yaml."""
    config = load_config(site_dir, problems)
    sources = load_content(site_dir, problems)  # read even without a config, to report everything at once
    if config is None:
        return None
    if base_url is not None:
        config = replace(config, spec=config.spec.model_copy(update={"base_url": checked_base_url(base_url)}))
    return assemble_briefing(config, sources, problems, drafts=drafts)


def render_site(site_dir: Path, briefing: Briefing, addresses: Addresses, pages: tuple[Page, ...],
                problems: Problems) -> dict[str, str]:
    renderer = PageRenderer(make_environment(site_dir), site_dir, briefing, addresses)
    rendered: dict[str, str] = {}
    reported: set[tuple[str, int | None, str]] = set()
    for page in pages:
        result = renderer.render(page)
        if isinstance(result, Problem):
            # One broken template breaks many pages: report each template mistake once.
            key = (result.path, result.line, result.message.split(" (while rendering")[0])
            if key not in reported:
                reported.add(key)
                problems.add(result)
        else:
            rendered[page.path] = result
    return rendered


def find_static_files(site_dir: Path, problems: Problems) -> tuple[tuple[str, Path], ...]:
    """The site's static files (copied as they are), as (output path, source path)."""
    files = content_files(site_dir, STATIC_DIR, ("",), problems)
    refuse_case_twins(files, problems)
    return tuple((rel, path) for path, rel in files)


@dataclass(frozen=True)
class RenderedSite:
    briefing: Briefing
    pages: dict[str, str]  # output path -> HTML
    files: dict[str, bytes]  # output path -> the exports, feeds, sitemap and robots.txt
    static: tuple[tuple[str, Path], ...]
    search: bool  # whether the written site is indexed for search
    warnings: tuple[Problem, ...]


def write_site(out_dir: Path, site: RenderedSite) -> int:
    writer = OutputWriter(out_dir)
    try:
        for path in sorted(site.pages):
            writer.write_text(path, site.pages[path])
        for path in sorted(site.files):
            writer.write_bytes(path, site.files[path])
        for rel, source in site.static:
            writer.copy_file(rel, source)
        if site.search:
            index_site(writer.stage)  # in the staging directory: a failed index leaves the output as it was
        writer.commit()
    except BaseException:
        writer.discard()
        raise
    return len(writer.written)


def check_site(site_dir: Path, *, strict: bool = False, drafts: bool = False, search: bool = False,
               base_url: str | None = None) -> RenderedSite:
    """Everything a build does short of writing: load, assemble, export, render. Raises BuildFailed."""
    problems = Problems()
    briefing = load_briefing(site_dir, problems, drafts=drafts, base_url=base_url)
    static = find_static_files(site_dir, problems)
    problems.raise_if_failed(strict)
    assert briefing is not None  # a missing config is an error, raised above
    layout = lay_out(briefing)
    exports = make_exports(briefing, layout.addresses)
    pages = plan_pages(briefing, layout, exports=exports, search=search)
    rendered = render_site(site_dir, briefing, layout.addresses, pages, problems)
    problems.raise_if_failed(strict)
    files = {**{e.path: e.data for e in exports}, **publication_files(briefing, layout.addresses, pages)}
    return RenderedSite(briefing, rendered, files, static, search, tuple(problems.warnings))


def check_output_location(site_dir: Path, out_dir: Path) -> None:
    """The output must not be inside a folder the build reads: it would be read back next time."""
    out_real = out_dir.absolute().resolve()
    for folder in SOURCE_DIRS:
        source = (site_dir / folder).resolve()
        if out_real == source or out_real.is_relative_to(source):
            raise OutputError(f"the output directory {out_dir} is inside {folder}/, which the build reads",
                              "choose an --out outside content/, templates/ and static/ (the default is output/)")


def build_site(site_dir: Path, out_dir: Path | None = None, *, strict: bool = False, drafts: bool = False,
               search: bool = False, base_url: str | None = None) -> BuildResult:
    """Build the site into ``out_dir`` (default SITE/output). ``search`` indexes it with Pagefind
    (the command line's default; off here, so that callers such as tests and the serve loop do
    not pay for it unless they ask)."""
    site_dir = site_dir.absolute()
    out_dir = out_dir if out_dir is not None else site_dir / "output"
    check_output_location(site_dir, out_dir)
    site = check_site(site_dir, strict=strict, drafts=drafts, search=search, base_url=base_url)
    files = write_site(out_dir, site)
    return BuildResult(pages=len(site.pages), files=files, warnings=site.warnings)
