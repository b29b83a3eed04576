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
from pathlib import Path
from typing import TypeVar

import jinja2
from pydantic import TypeAdapter, ValidationError

from generator.assemble import RenderBodies, assemble_briefing
from generator.bodies import render_bodies
from generator.cache import Cache, content_hash
from generator.errors import BriefingError, OutputError, Problem, Problems
from generator.exporting import ExportStep
from generator.exports import FORMATS, make_export
from generator.facts import Fingerprints
from generator.incremental import (
    FileRecord,
    OutputRecords,
    PageWork,
    Written,
    facts_of,
    forget_replaced,
    load_records,
    may_keep,
    page_key,
    save_records,
    still,
    write_or_keep,
)
from generator.layout import lay_out
from generator.load.config import load_config
from generator.load.content import load_content
from generator.model import Briefing
from generator.pages import Page, plan_pages
from generator.progress import Progress
from generator.publish import publication_files
from generator.publish.search import SEARCH_DIR, index_site
from generator.render import PageRenderer, make_environment
from generator.schema import Url
from generator.sitefolders import check_output_location, find_static_files, templates_key
from generator.urls import SECTION_PATHS
from generator.workers import Batches, collector_paused, in_workers, long_lived, run_in_order, usable_cpus
from generator.writer import FileStat, OutputWriter, file_stat, output_tag

Rendered = TypeVar("Rendered")

# Pages are rendered in worker processes when there are at least this many to render.
MIN_PARALLEL_PAGES = 200
PAGE_BATCH = 16
DATA_PAGE = SECTION_PATHS["data"]  # lists the exports
# Up to this many pages to render, what each reads is always noted field by field.
FINE_TRACKING_PAGES = 500


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int
    warnings: tuple[Problem, ...]
    pages_rendered: int = 0  # the others were kept from the previous output, unchanged
    bodies: int = 0  # article bodies
    bodies_rendered: int = 0  # the others came from the cache
    seconds: float = 0.0

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
        return TypeAdapter(Url).validate_python(value)
    except ValidationError:
        raise BadOption(f"--base-url {value!r} is not a web address: give the full published address, "
                        "e.g. https://example.org/briefing/") from None


def load_briefing(site_dir: Path, problems: Problems, *, drafts: bool = False, base_url: str | None = None,
                  render_bodies: RenderBodies | None = None, cache: Cache | None = None) -> Briefing | None:
    """Read and check every file of the site; None when the configuration itself is unusable.
    ``base_url`` (from the command line) overrides the one in site.yaml."""
    config = load_config(site_dir, problems)
    sources = load_content(site_dir, problems, cache)  # read even without a config, to report everything at once
    if config is None:
        return None
    if base_url is not None:
        config = replace(config, spec=config.spec.model_copy(update={"base_url": checked_base_url(base_url)}))
    if render_bodies is None:
        return assemble_briefing(config, sources, problems, drafts=drafts)
    return assemble_briefing(config, sources, problems, drafts=drafts, render_bodies=render_bodies)


@dataclass(frozen=True)
class CheckedSite:
    briefing: Briefing
    pages: Mapping[str, str]  # output path -> HTML (empty unless asked for)
    page_count: int
    warnings: tuple[Problem, ...]


class Builder:
    def __init__(self, site_dir: Path, *, cache: Cache | None = None, jobs: int | None = None,
                 progress: Progress | None = None, save_records: bool = True):
        """``save_records``: store what each build wrote in the cache as the build ends (False:
        keep it in memory, and store the last build's when the builder is closed)."""
        self.site_dir = site_dir.absolute()
        self.save_records = save_records
        self.cache = cache if cache is not None else Cache.disabled()
        self.jobs = jobs if jobs is not None else usable_cpus()
        self.progress = progress if progress is not None else Progress.silent()
        self._env: tuple[str, jinja2.Environment] | None = None  # (templates key, environment)
        # The records of the last output this builder wrote, by output directory: a serving
        # builder needs no trip to the cache for them.
        self._records: dict[Path, tuple[FileStat, OutputRecords]] = {}
        self._bodies = (0, 0)  # (bodies, rendered) of the last load
        self._unsaved: set[Path] = set()  # outputs whose records are not in the cache yet

    def close(self) -> None:
        """Store what is still unsaved, and close the cache."""
        for out_dir in sorted(self._unsaved):
            tag, records = self._records[out_dir]
            if output_tag(out_dir) == tag:
                save_records(self.cache, out_dir, tag, records, None)
        self._unsaved.clear()
        self.cache.close()

    # -- the steps -------------------------------------------------------------------------

    def load(self, problems: Problems, options: BuildOptions) -> Briefing | None:
        return load_briefing(self.site_dir, problems, drafts=options.drafts, base_url=options.base_url,
                             render_bodies=self._render_bodies, cache=self.cache)

    def _render_bodies(self, sources, options, names):  # type: ignore[no-untyped-def]
        self.progress.step("article bodies", len(sources))
        bodies, rendered = render_bodies(sources, options, names, cache=self.cache, jobs=self.jobs, progress=self.progress)
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

    def build(self, out_dir: Path, options: BuildOptions) -> BuildResult:
        with long_lived() as settled:
            return self._build(out_dir, options, settled)

    def _build(self, out_dir: Path, options: BuildOptions, settled: Callable[[], None]) -> BuildResult:
        started = time.perf_counter()
        check_output_location(self.site_dir, out_dir)
        out_dir = out_dir.absolute()
        problems = Problems()
        briefing = self.load(problems, options)
        static = find_static_files(self.site_dir, problems)
        problems.raise_if_failed(options.strict)
        assert briefing is not None  # a missing config is an error, raised above
        layout = lay_out(briefing)
        renderer = PageRenderer(self.environment(), self.site_dir, briefing, layout.addresses)
        settled()  # the briefing and its layout live until the build ends
        writer = OutputWriter(out_dir)
        exports: ExportStep | None = None
        try:
            previous_tag = writer.previous_tag()
            with collector_paused():
                previous = self._previous_records(out_dir, previous_tag)
            fingerprints = Fingerprints()
            base_key = content_hash(fingerprints.of(briefing.config), self._env[0] if self._env else "")
            written = Written(changed=previous.changed_facts(briefing, fingerprints))
            exports = ExportStep(writer, briefing, layout.addresses, previous, fingerprints, written, jobs=self.jobs)
            pages = plan_pages(briefing, layout, search=options.search)
            self.progress.step("pages", len(pages))
            reported: set[tuple[str, int | None, str]] = set()
            data_page = next(page for page in pages if page.path == DATA_PAGE)
            self._write_pages(writer, renderer, [p for p in pages if p is not data_page], previous, fingerprints,
                              base_key, written, problems, reported,
                              before_rendering=lambda count: exports.start(pages_in_workers=self._in_workers(count)))
            # The data page lists the exports with their sizes: it is rendered once they are made.
            data_page = replace(data_page, data={**data_page.data, "exports": exports.finish()})
            self._write_pages(writer, renderer, [data_page], previous, fingerprints, base_key, written, problems, reported)
            pages = tuple(data_page if p.path == DATA_PAGE else p for p in pages)
            problems.raise_if_failed(options.strict)
            for path, data in sorted(publication_files(briefing, layout.addresses, pages).items()):
                write_or_keep(writer, path, data, previous.files, written)
            self._copy_static(writer, static, previous, written)
            if options.search:
                self._index_for_search(writer, previous, written)
            tag = writer.tag()
            records = OutputRecords(written.records, {fact: digest for fact in facts_of(written.records)
                                                      if (digest := fingerprints.fact(briefing, fact)) is not None},
                                    base_key)
            if self.save_records:
                with collector_paused():
                    save_records(self.cache, out_dir, tag, records, previous_tag)
            writer.commit()
        except BaseException:
            if exports is not None:
                exports.cancel()
            writer.discard()
            raise
        if self.save_records:
            forget_replaced(self.cache, out_dir, tag)
        else:
            self._unsaved.add(out_dir)
        self._records[out_dir] = (tag, records)
        bodies, bodies_rendered = self._bodies
        return BuildResult(pages=len(pages), files=len(writer.written), warnings=tuple(problems.warnings),
                           pages_rendered=written.pages_rendered, bodies=bodies, bodies_rendered=bodies_rendered,
                           seconds=time.perf_counter() - started)

    # -- writing ---------------------------------------------------------------------------

    def _previous_records(self, out_dir: Path, tag: FileStat | None) -> OutputRecords:
        if tag is None:
            return OutputRecords.empty()
        remembered = self._records.get(out_dir)
        if remembered is not None and remembered[0] == tag:
            return remembered[1]
        return load_records(self.cache, out_dir, tag)

    def _write_pages(self, writer: OutputWriter, renderer: PageRenderer, pages: Sequence[Page],
                     previous: OutputRecords, fingerprints: Fingerprints, base_key: str, written: Written,
                     problems: Problems, reported: set[tuple[str, int | None, str]],
                     before_rendering: Callable[[int], Callable[[], None] | None] | None = None) -> None:
        """Every page, in path order: kept from the previous output when nothing it was drawn from
        changed, else rendered (on every core) and written unless its bytes are as before."""
        briefing = renderer.briefing
        ordered = sorted(pages, key=lambda p: p.path)
        changed = written.changed
        started = None
        if before_rendering is not None:
            # Told before the pages' keys are computed (most of a rebuild's checking), so that what
            # begins then runs meanwhile: how many pages are likely to be rendered. With the same
            # settings and templates, those that read what changed (or were not kept last time).
            likely = (sum(1 for page in ordered if not may_keep(previous.files.get(page.path), changed))
                      if previous.base == base_key else len(ordered))
            started = before_rendering(likely)
        # No page to keep (a first build): each page's key is computed where it is rendered.
        keys_here = any(page.path in previous.files for page in ordered)
        keys = {page.path: page_key(renderer.inputs(page), base_key, fingerprints) for page in ordered} if keys_here else {}
        unchanged = {page.path for page in ordered
                     if may_keep(record := previous.files.get(page.path), changed) and record.key == keys[page.path]}
        todo = [page for page in ordered if page.path not in unchanged]
        # Most pages to render (a first build, a template changed): each read of each page is
        # noted object by object, which costs less; the pages a later change renders again note
        # them field by field, so that the change after renders no more than it must.
        renderer.fine_tracking = len(todo) <= max(FINE_TRACKING_PAGES, len(ordered) // 4)
        work = PageWork(renderer, base_key, fingerprints, keys=not keys_here)
        rendered = self._render(renderer, work.render_all, todo, started)
        for page in ordered:
            if page.path in unchanged:
                record = previous.files[page.path]
                stat = writer.keep_previous(page.path, record.stat)
                if stat is not None:
                    written.records[page.path] = replace(record, stat=stat)
                    self.progress.advance()
                    continue
                result = renderer.render_tracked(page)  # the file changed since: render it after all
                key = keys[page.path]
            else:
                recordable = next(rendered)
                fingerprints.learn(recordable.found)
                result = recordable.rendered
                key = keys[page.path] if keys_here else recordable.key
            self.progress.advance()
            written.pages_rendered += 1
            if isinstance(result.html, Problem):
                _report_once(result.html, problems, reported)
                continue
            if problems.errors:
                continue  # the build fails: no need to write
            record, fresh = write_or_keep(writer, page.path, result.html, previous.files, written)
            written.pages_written += fresh
            facts = fingerprints.replayable(briefing, result.facts) if key is not None else None
            written.records[page.path] = replace(record, key=key, facts=facts)

    def _in_workers(self, count: int) -> bool:
        """Whether ``count`` pages would be rendered by worker processes."""
        return in_workers(count, jobs=self.jobs, min_parallel=MIN_PARALLEL_PAGES)

    def _render(self, renderer: PageRenderer, render_all: Callable[[Sequence[Page]], list[Rendered]],
                pages: Sequence[Page], started: Callable[[], None] | None = None) -> Iterator[Rendered]:
        renderer.prepare(pages)
        return run_in_order(Batches(render_all, pages), jobs=self.jobs, batch=PAGE_BATCH,
                            min_parallel=MIN_PARALLEL_PAGES, started=started)

    def _copy_static(self, writer: OutputWriter, static: Sequence[tuple[str, Path]], previous: OutputRecords,
                     written: Written) -> None:
        for rel, source in static:
            try:
                source_stat = file_stat(source)
            except OSError:
                source_stat = None
            record = previous.files.get(rel)
            if record is not None and source_stat is not None and record.source == source_stat:
                stat = writer.keep_previous(rel, record.stat)
                if stat is not None:
                    written.records[rel] = replace(record, stat=stat)
                    continue
            stat = writer.copy_file(rel, source)
            written.records[rel] = FileRecord(stat, "", source=source_stat)

    def _index_for_search(self, writer: OutputWriter, previous: OutputRecords, written: Written) -> None:
        """Pagefind's index of the pages: kept when no page changed, else made anew (in the staging
        directory: a failed index leaves the output as it was)."""
        prefix = SEARCH_DIR + "/"
        index = {path: record for path, record in previous.files.items() if path.startswith(prefix)}
        if written.pages_written == 0 and index and all(still(writer.final / p, r.stat) for p, r in index.items()):
            for path, record in index.items():
                stat = writer.keep_previous(path, record.stat)
                if stat is None:
                    raise OutputError(f"the search index in {writer.final} changed during the build", "build again")
                written.records[path] = replace(record, stat=stat)
            return
        index_site(writer.stage)
        for file in sorted((writer.stage / SEARCH_DIR).rglob("*")):
            if file.is_file():
                written.records[file.relative_to(writer.stage).as_posix()] = FileRecord(file_stat(file), "")


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
