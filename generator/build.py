"""The build, as a checklist of named steps: load, assemble, export, plan, render, publish,
write, index for search.

A ``Builder`` runs the steps for one site. A command-line build uses one once; ``briefing serve``
keeps one between rebuilds, with what it learnt in memory. Either way the work a build can skip
is skipped: bodies whose Markdown was rendered before come from the cache (``generator.bodies``),
pages whose inputs did not change are kept from the previous output and files whose bytes did not
change are not written again (``generator.incremental``), and what is left runs on every core
(``generator.workers``). None of this changes a byte of the result: a build is the same as a
build without cache (``--no-cache``), on one core (``--jobs 1``) or many.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

import jinja2

from generator.assemble import RenderBodies, assemble_briefing
from generator.bodies import CACHE_KIND as BODIES_KIND
from generator.bodies import KeptBodies, check_rejected_bodies, render_bodies
from generator.cache import Cache
from generator.errors import BriefingError, Problem, Problems
from generator.exporting import ExportStep
from generator.exports import FORMATS, make_export
from generator.incremental.engine import Engine
from generator.inplace import InPlaceWriter
from generator.kept import KeptAssembly
from generator.layout import lay_out
from generator.load.config import load_config
from generator.load.content import load_content
from generator.load.parsed import CACHE_KIND as PARSED_KIND
from generator.model import Briefing
from generator.pages import KeptPlan, Page, plan_pages
from generator.pictures import KeptNetworks
from generator.progress import Progress
from generator.publish import publication_files
from generator.publish.search import SEARCH_DIR, index_site
from generator.render import PageRenderer, make_environment
from generator.schema import MarkdownOptions
from generator.sitefolders import check_output_location, find_static_files, templates_key
from generator.themes import warn_of_old_overrides
from generator.urls import SECTION_PATHS
from generator.weburl import InvalidUrl, check_web_url
from generator.workers import Batches, Superseded, in_workers, long_lived, run_in_order, usable_cpus
from generator.writer import OutputWriter

Rendered = TypeVar("Rendered")

# Pages are rendered in worker processes when there are at least this many to render.
MIN_PARALLEL_PAGES = 200
PAGE_BATCH = 16
DATA_PAGE = SECTION_PATHS["data"]  # lists the exports


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int  # every file the output holds: pages, exports, feeds, static files, the search index
    warnings: tuple[Problem, ...]
    pages_rendered: int = 0  # the others were kept from the previous output, unchanged
    bodies: int = 0  # article bodies
    bodies_rendered: int = 0  # the others came from the cache
    seconds: float = 0.0
    # In serve's folder, when ``pages_written`` was called: the files the build changed after it
    # (the exports' list, the exports, feeds, static files; files it no longer makes, removed; a
    # page kept whose file was changed since it was recorded, rendered again).
    changed_after_pages: tuple[str, ...] | None = None

    @property
    def summary(self) -> str:
        """What was done, for the one line a build prints at its end."""
        kept = self.pages - self.pages_rendered
        parts = [f"{self.pages_rendered:,} rendered" + (f", {kept:,} unchanged" if kept else "")]
        if self.bodies:
            cached = self.bodies - self.bodies_rendered
            parts.append(f"{cached:,} of {self.bodies:,} article bodies from the cache")
        return "; ".join(parts)


@dataclass(frozen=True)
class BuildOptions:
    strict: bool = False
    drafts: bool = False
    search: bool = False  # index the site with Pagefind
    base_url: str | None = None  # overrides base_url in site.yaml


class BadOption(BriefingError):
    """A command-line option with an unusable value."""


def checked_base_url(value: str) -> str:
    """A ``--base-url`` given on the command line, checked like ``base_url`` in site.yaml."""
    try:
        return check_web_url(value)  # what schema.Url checks of a string, saying what is wrong
    except InvalidUrl as why:
        raise BadOption(f"--base-url {value!r} {why}: give the full published address, "
                        "e.g. https://example.org/briefing/") from None


def load_briefing(site_dir: Path, problems: Problems, *, drafts: bool = False, base_url: str | None = None,
                  render_bodies: RenderBodies | None = None, cache: Cache | None = None,
                  kept: KeptAssembly | None = None) -> Briefing | None:
    """Read and check every file of the site; None when the configuration itself is unusable.
    ``base_url`` (from the command line) overrides the one in site.yaml; ``kept``: what the
    last load assembled, reused where it is made from the same objects (a serving builder's)."""
    config = load_config(site_dir, problems)
    sources = load_content(site_dir, problems, cache)  # read even without a config, to report everything at once
    check_rejected_bodies(sources.rejected_bodies, config.spec.markdown if config else MarkdownOptions(), problems)
    if config is None:
        return None
    if base_url is not None:
        config = replace(config, spec=config.spec.model_copy(update={"base_url": checked_base_url(base_url)}))
    if render_bodies is None:
        return assemble_briefing(config, sources, problems, drafts=drafts, kept=kept)
    return assemble_briefing(config, sources, problems, drafts=drafts, render_bodies=render_bodies, kept=kept)


@dataclass(frozen=True)
class CheckedSite:
    briefing: Briefing
    pages: Mapping[str, str]  # output path -> HTML (empty unless asked for)
    page_count: int
    warnings: tuple[Problem, ...]


class Builder:
    def __init__(self, site_dir: Path, *, cache: Cache | None = None, jobs: int | None = None,
                 progress: Progress | None = None, save_records: bool = True, in_place: bool = False,
                 resident: bool = False):
        """``save_records``: store what each build wrote in the cache as the build ends (False:
        keep it in memory, and store the last build's when the builder is closed). ``in_place``:
        change the output's files where they are (``generator.inplace``: for ``briefing serve``'s
        own folder, which only its server reads) rather than build a new folder and swap it in;
        the search index is then left to the caller. ``resident``: keep in memory what one build
        learnt for the next (a builder that builds again and again, as ``briefing serve``'s):
        the rendered bodies, the parsed files, the records."""
        self.site_dir = site_dir.absolute()
        self.in_place = in_place
        self.cache = cache if cache is not None else Cache.disabled()
        self.engine = Engine(self.cache, save_records=save_records, resident=resident)
        self._kept_bodies: KeptBodies | None = None
        self._kept_assembly: KeptAssembly | None = None
        self._kept_networks: KeptNetworks | None = None
        self._kept_plan: KeptPlan | None = None
        if resident:
            self._kept_bodies = KeptBodies()
            self._kept_assembly = KeptAssembly()
            self._kept_networks = KeptNetworks()
            self._kept_plan = KeptPlan()
            self.cache.keep_in_memory(PARSED_KIND)
        self.jobs = jobs if jobs is not None else usable_cpus()
        self.progress = progress if progress is not None else Progress.silent()
        self._env: tuple[str, jinja2.Environment] | None = None  # (templates key, environment)
        self._bodies = (0, 0)  # (bodies, rendered) of the last load

    def close(self) -> None:
        """Store what is still unsaved, and close the cache."""
        if self._kept_bodies is not None and self._kept_bodies.bodies:
            self.cache.keep_only(BODIES_KIND, self._kept_bodies.bodies)
        self.engine.close()
        self.cache.close()

    # -- the steps -------------------------------------------------------------------------

    def load(self, problems: Problems, options: BuildOptions) -> Briefing | None:
        return load_briefing(self.site_dir, problems, drafts=options.drafts, base_url=options.base_url,
                             render_bodies=self._render_bodies, cache=self.cache, kept=self._kept_assembly)

    def _render_bodies(self, sources, options, names):  # type: ignore[no-untyped-def]
        self.progress.step("article bodies", len(sources))
        bodies, rendered = render_bodies(sources, options, names, cache=self.cache, jobs=self.jobs,
                                         progress=self.progress, kept=self._kept_bodies)
        self._bodies = (len(sources), rendered)
        return bodies

    def environment(self) -> jinja2.Environment:
        """The Jinja environment, kept (with its compiled templates) while the templates are unchanged."""
        key = templates_key(self.site_dir)
        if self._env is None or self._env[0] != key:
            self._env = (key, make_environment(self.site_dir, self.cache))
        return self._env[1]

    def check(self, options: BuildOptions, *, keep_pages: bool = True) -> CheckedSite:
        """Everything a build does short of writing: load, assemble, export, render. Raises BuildFailed."""
        problems = Problems()
        briefing = self.load(problems, options)
        find_static_files(self.site_dir, problems)
        warn_of_old_overrides(self.site_dir, problems)
        problems.raise_if_failed(options.strict)
        assert briefing is not None  # a missing config is an error, raised above
        layout = lay_out(briefing)
        exports = tuple(make_export(f, briefing, layout.addresses).listing() for f in FORMATS)
        pages = plan_pages(briefing, layout, exports=exports, search=options.search)
        renderer = PageRenderer(self.environment(), self.site_dir, briefing, layout.addresses)
        html: dict[str, str] = {}
        reported: set[tuple[str, int | None, str]] = set()
        for page, rendered in zip(pages, self._render(renderer, renderer.render_all, pages), strict=True):
            if isinstance(rendered.html, Problem):
                _report_once(rendered.html, problems, reported)
            elif keep_pages:
                html[page.path] = rendered.html.decode("utf-8")
        problems.raise_if_failed(options.strict)
        return CheckedSite(briefing, html, len(pages), tuple(problems.warnings))

    def build(self, out_dir: Path, options: BuildOptions, *, superseded: Callable[[], bool] | None = None,
              pages_written: Callable[[Sequence[str]], None] | None = None) -> BuildResult:
        """Build into ``out_dir``. In serve's folder only: ``superseded`` is asked once the pages
        rendered are written, and before each step after them; if it says a newer change is
        waiting, the build stops there (workers.Superseded) and leaves the rest (exports, feeds) to
        the build that follows. ``pages_written`` is called with the files changed so far once the
        pages rendered are written, unless the build has failed: every page but the exports' list
        is this build's then (those kept are the files already in place), and browsers may reload
        onto them."""
        with long_lived() as settled:
            return self._build(out_dir, options, settled, superseded, pages_written)

    def _build(self, out_dir: Path, options: BuildOptions, settled: Callable[[], None],
               superseded: Callable[[], bool] | None,
               pages_written: Callable[[Sequence[str]], None] | None) -> BuildResult:
        started = time.perf_counter()
        check_output_location(self.site_dir, out_dir)
        out_dir = out_dir.absolute()
        problems = Problems()
        briefing = self.load(problems, options)  # read, check, render the bodies, assemble
        static = find_static_files(self.site_dir, problems)
        warn_of_old_overrides(self.site_dir, problems)
        problems.raise_if_failed(options.strict)
        assert briefing is not None  # a missing config is an error, raised above
        briefing = self.engine.settle(briefing)
        layout = lay_out(briefing)
        renderer = PageRenderer(self.environment(), self.site_dir, briefing, layout.addresses)
        settled()  # the briefing and its layout live until the build ends
        in_place = InPlaceWriter(out_dir, leave=(SEARCH_DIR,)) if self.in_place else None
        writer = in_place if in_place is not None else OutputWriter(out_dir)
        serving = _ServeFolderSteps(in_place, superseded, pages_written, problems, options.strict)
        exports: ExportStep | None = None
        try:
            output = self.engine.begin(writer, briefing, layout.addresses, self._env[0] if self._env else "",
                                       self.progress)
            exports = ExportStep(output, layout.addresses, jobs=self.jobs)
            pages = plan_pages(briefing, layout, search=options.search, networks=self._kept_networks,
                               kept=self._kept_plan)
            self.progress.step("pages", len(pages))
            reported: set[tuple[str, int | None, str]] = set()
            report = partial(_report_once, problems=problems, reported=reported)
            data_page = next(page for page in pages if page.path == DATA_PAGE)
            # The exports are begun beside the pages; in serve's folder, once the pages are written:
            # the page just edited is then served a moment sooner, without the exports beside it.
            begin_exports = None if self.in_place else (
                lambda count: exports.start(pages_in_workers=self._in_workers(count)))
            output.write_pages(renderer, [p for p in pages if p is not data_page], self._render, problems, report,
                               before_rendering=begin_exports, before_keeping=serving.pages_in_place)
            stop_if_superseded = serving.stop_if_superseded
            stop_if_superseded()
            # The data page lists the exports with their sizes: it is rendered once they are made.
            data_page = replace(data_page, data={**data_page.data, "exports": exports.finish(serving.superseded)})
            stop_if_superseded()
            output.write_pages(renderer, [data_page], self._render, problems, report)
            pages = tuple(data_page if p.path == DATA_PAGE else p for p in pages)
            problems.raise_if_failed(options.strict)
            stop_if_superseded()
            for path, data in sorted(publication_files(briefing, layout.addresses, pages).items()):
                output.write_or_keep(path, data)
            output.copy_static(static)
            if options.search and not self.in_place:
                output.index_for_search(index_site)
            stop_if_superseded()
            records = output.finish()
            writer.commit()
        except BaseException:
            if exports is not None:
                exports.cancel()
            writer.discard()
            if in_place is not None:
                self.engine.not_finished(in_place.changed)
            raise
        output.committed(pages)
        bodies, bodies_rendered = self._bodies
        # Counted from the records, which list every file of the output whether it was written,
        # kept or made by Pagefind (the writer's own list misses the files Pagefind writes).
        return BuildResult(pages=len(pages), files=len(records.files), warnings=tuple(problems.warnings),
                           pages_rendered=output.written.pages_rendered, bodies=bodies,
                           bodies_rendered=bodies_rendered, seconds=time.perf_counter() - started,
                           changed_after_pages=serving.changed_after_pages())

    # -- rendering -------------------------------------------------------------------------

    def _in_workers(self, count: int) -> bool:
        """Whether ``count`` pages would be rendered by worker processes."""
        return in_workers(count, jobs=self.jobs, min_parallel=MIN_PARALLEL_PAGES)

    def _render(self, renderer: PageRenderer, render_all: Callable[[Sequence[Page]], list[Rendered]],
                pages: Sequence[Page], started: Callable[[], None] | None = None) -> Iterator[Rendered]:
        renderer.prepare(pages)
        return run_in_order(Batches(render_all, pages), jobs=self.jobs, batch=PAGE_BATCH,
                            min_parallel=MIN_PARALLEL_PAGES, started=started)


class _ServeFolderSteps:
    """What a build does only in serve's folder (``in_place``), where a page is served as soon as it
    is written: once the pages are, a newer change stops the build (Superseded) before each step
    that follows (the exports and feeds are left to the next build, which starts at once rather
    than after them); and once the pages rendered are written, browsers may reload."""

    def __init__(self, in_place: InPlaceWriter | None, superseded: Callable[[], bool] | None,
                 pages_written: Callable[[Sequence[str]], None] | None, problems: Problems, strict: bool):
        self.in_place = in_place
        self.superseded = superseded if in_place is not None else None
        self.pages_written = pages_written
        self.problems = problems
        self.strict = strict
        self._changed_before: int | None = None  # how many files were changed when browsers were told

    def stop_if_superseded(self) -> None:
        if self.superseded is not None and self.superseded():
            raise Superseded()

    def pages_in_place(self) -> None:
        """Called once the pages rendered are written and before the others are kept: in serve's
        folder a page kept is the file already there, so the site is this build's but for the
        exports, their list and the feeds."""
        if self.in_place is None:
            return
        self.stop_if_superseded()
        if self.pages_written is not None and not self.problems.failed(self.strict):
            self._changed_before = len(self.in_place.changed)
            self.pages_written(tuple(self.in_place.changed))

    def changed_after_pages(self) -> tuple[str, ...] | None:
        """The files changed since browsers were told of the pages; None if they were not."""
        if self.in_place is None or self._changed_before is None:
            return None
        return tuple(self.in_place.changed[self._changed_before:])


def _report_once(problem: Problem, problems: Problems, reported: set[tuple[str, int | None, str]]) -> None:
    # One broken template breaks many pages: report each template mistake once.
    key = (problem.path, problem.line, problem.message.split(" (while rendering")[0])
    if key not in reported:
        reported.add(key)
        problems.add(problem)


def check_site(site_dir: Path, *, strict: bool = False, drafts: bool = False, search: bool = False,
               base_url: str | None = None, cache: bool = False, jobs: int | None = None) -> CheckedSite:
    """Everything a build does short of writing: load, assemble, export, render. Raises BuildFailed."""
    site_dir = site_dir.absolute()
    builder = Builder(site_dir, cache=Cache.open(site_dir) if cache else None, jobs=jobs)
    try:
        return builder.check(BuildOptions(strict, drafts, search, base_url))
    finally:
        builder.close()


def build_site(site_dir: Path, out_dir: Path | None = None, *, strict: bool = False, drafts: bool = False,
               search: bool = False, base_url: str | None = None, cache: bool = True, jobs: int | None = None,
               progress: Progress | None = None) -> BuildResult:
    """Build the site into ``out_dir`` (default SITE/output). ``search`` indexes it with Pagefind
    (the command line's default; off here, so that callers such as tests and the serve loop do
    not pay for it unless they ask). ``cache``: use and update SITE/.briefing-cache/; ``jobs``:
    worker processes (default: one per core)."""
    site_dir = site_dir.absolute()
    out_dir = out_dir if out_dir is not None else site_dir / "output"
    check_output_location(site_dir, out_dir)
    builder = Builder(site_dir, cache=Cache.open(site_dir) if cache else None, jobs=jobs, progress=progress)
    try:
        return builder.build(out_dir, BuildOptions(strict, drafts, search, base_url))
    finally:
        builder.close()
