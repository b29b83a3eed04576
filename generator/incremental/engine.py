"""The incremental engine as the build sees it: asked at two points.

1. ``Engine.begin()``, once the briefing is made: which facts the previous output's pages and
   exports read have changed since (``Round.written.changed``);
2. the ``Round`` it returns, for each page and file: keep it from the previous output, or render
   and write it (``write_pages``, ``write_or_keep``, ``copy_static``, ``index_for_search``), and
   at the end the records of what was written, for the next build (``finish``).

Between builds the engine keeps the records of the outputs it wrote (a builder that builds again
and again needs no trip to the cache for them), and, for ``briefing serve``, the resident model
(``generator.incremental.resident``). Under ``--no-cache`` (no cache, nothing resident) there
is no bookkeeping at all: pages are rendered without noting what they read, and nothing is
hashed or recorded, since no later build could use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.cache import Cache, content_hash
from generator.errors import OutputError, Problem, Problems
from generator.facts import Fingerprints
from generator.incremental.keep import (
    PageWork,
    RecordablePage,
    Written,
    fact_filter,
    may_keep,
    page_key,
    still,
    write_or_keep,
)
from generator.incremental.records import (
    FileRecord,
    OutputRecords,
    facts_of,
    forget_replaced,
    load_records,
    save_records,
)
from generator.incremental.resident import ResidentModel
from generator.model import Briefing
from generator.pages import Page
from generator.progress import Progress
from generator.publish.search import SEARCH_DIR
from generator.render import PageRenderer, RenderedPage
from generator.urls import Addresses
from generator.workers import collector_paused
from generator.writer import FileStat, OutputWriter, file_stat, output_tag

# Up to this many pages to render, what each reads is always noted field by field.
FINE_TRACKING_PAGES = 500

# Renders pages (in worker processes when there are many), in order; called with the renderer,
# the work for each batch, the pages, and what to call once the workers run.
RenderPages = Callable[[PageRenderer, Callable[[Sequence[Page]], list[RecordablePage]], Sequence[Page],
                        Callable[[], None] | None], Iterator[RecordablePage]]
# Told how many pages are likely to be rendered, before their keys are computed; may return what
# to call once the workers run.
BeforeRendering = Callable[[int], Callable[[], None] | None]


class Engine:
    def __init__(self, cache: Cache, *, save_records: bool = True, resident: bool = False):
        """``save_records``: store each build's records in the cache as it ends (False: keep them
        in memory, and store the last build's on close). ``resident``: keep the last good build's
        model for the next (see generator.incremental.resident)."""
        self.cache = cache
        self.save_records = save_records
        self.resident = ResidentModel() if resident else None
        self.bookkeeping = cache.enabled or resident
        self._records: dict[Path, tuple[FileStat, OutputRecords]] = {}
        self._unsaved: set[Path] = set()  # outputs whose records are not in the cache yet
        # Files a build that did not finish changed in serve's folder (changed in place): not the
        # files their records describe until a build writes them again.
        self._changed_unrecorded: set[str] = set()

    def settle(self, briefing: Briefing) -> Briefing:
        """The briefing, with the last build's objects where they are the same (serve only)."""
        return self.resident.settle(briefing) if self.resident is not None else briefing

    def begin(self, writer: OutputWriter, briefing: Briefing, addresses: Addresses, templates_key: str,
              progress: Progress) -> Round:
        """Point 1: what the build starts from, and which facts changed since."""
        out_dir = writer.final
        tag = writer.previous_tag()
        with collector_paused():
            previous = self._previous_records(out_dir, tag) if self.bookkeeping else OutputRecords.empty()
        fingerprints = Fingerprints() if self.resident is None else self.resident.fingerprints()
        base_key = content_hash(fingerprints.of(briefing.config), templates_key)
        page_base = (base_key, fingerprints.of(addresses))
        if self.resident is not None:
            changed = self.resident.changed_facts(previous, tag, briefing, fingerprints)
            written = Written(changed=changed, changed_filter=fact_filter(changed))
        else:
            written = Written(changed=previous.changed_facts(briefing, fingerprints))
        return Round(self, writer, briefing, tag, previous, fingerprints, page_base, written, progress)

    def not_finished(self, changed: Iterable[str]) -> None:
        """A build in serve's folder stopped or failed after changing these files in place."""
        self._changed_unrecorded.update(changed)

    def unrecorded(self, path: str) -> bool:
        """Whether a build that did not finish changed this file: it is not the one recorded."""
        return path in self._changed_unrecorded

    def _previous_records(self, out_dir: Path, tag: FileStat | None) -> OutputRecords:
        if tag is None:
            return OutputRecords.empty()
        remembered = self._records.get(out_dir)
        if remembered is not None and remembered[0] == tag:
            return remembered[1]
        return load_records(self.cache, out_dir, tag)

    def close(self) -> None:
        """Store the records still unsaved."""
        for out_dir in sorted(self._unsaved):
            tag, records = self._records[out_dir]
            if output_tag(out_dir) == tag:
                save_records(self.cache, out_dir, tag, records, None)
        self._unsaved.clear()


@dataclass
class Finished:
    tag: FileStat
    records: OutputRecords


class Round:
    """One build's keep-or-write decisions and records (point 2)."""

    def __init__(self, engine: Engine, writer: OutputWriter, briefing: Briefing, previous_tag: FileStat | None,
                 previous: OutputRecords, fingerprints: Fingerprints, page_base: tuple[str, str], written: Written,
                 progress: Progress):
        self.engine = engine
        self.writer = writer
        self.briefing = briefing
        self.previous_tag = previous_tag
        self.previous = previous
        self.fingerprints = fingerprints
        self.page_base = page_base  # (the settings' and templates' key, the addresses' fingerprint)
        self.written = written
        self.progress = progress
        self.bookkeeping = engine.bookkeeping
        self._finished: Finished | None = None

    # -- pages ---------------------------------------------------------------------------

    def write_pages(self, renderer: PageRenderer, pages: Sequence[Page], render: RenderPages, problems: Problems,
                    report: Callable[[Problem], None], before_rendering: BeforeRendering | None = None,
                    before_keeping: Callable[[], None] | None = None) -> None:
        """Every page: kept from the previous output when nothing it was drawn from changed, else
        rendered (on every core) and written unless its bytes are as before. The pages to render
        come first, in path order, then those kept: ``before_keeping`` is called between the two
        (in serve's folder, where a kept page is already in place, the site is then this build's)."""
        previous, written = self.previous, self.written
        base_key = self.page_base[0]
        ordered = sorted(pages, key=lambda p: p.path)
        started = None
        if before_rendering is not None:
            # Told before the pages' keys are computed (most of a rebuild's checking), so that what
            # begins then runs meanwhile: how many pages are likely to be rendered. With the same
            # settings and templates, those that read what changed (or were not kept last time).
            likely = (sum(1 for page in ordered
                          if not may_keep(previous.files.get(page.path), written.changed, written.changed_filter))
                      if previous.base == base_key else len(ordered))
            started = before_rendering(likely)
        # No page to keep (a first build): each page's key is computed where it is rendered.
        keys_here = any(page.path in previous.files for page in ordered)
        keys = self._page_keys(renderer, ordered) if keys_here else {}
        # A page a build that did not finish wrote is not the file recorded: rendered with the others
        # (its key may well be as recorded: a change and its undoing).
        unrecorded = self.engine.unrecorded
        unchanged = [page for page in ordered
                     if may_keep(record := previous.files.get(page.path), written.changed, written.changed_filter)
                     and record is not None and record.key == keys[page.path] and not unrecorded(page.path)]
        kept_paths = {page.path for page in unchanged}
        todo = [page for page in ordered if page.path not in kept_paths]
        # Most pages to render (a first build, a template changed): each read of each page is
        # noted object by object, which costs less; the pages a later change renders again note
        # them field by field, so that the change after renders no more than it must.
        renderer.fine_tracking = len(todo) <= max(FINE_TRACKING_PAGES, len(ordered) // 4)
        work = PageWork(renderer, base_key, self.fingerprints, keys=not keys_here, track=self.bookkeeping)
        rendered = render(renderer, work.render_all, todo, started)
        for page in todo:
            recordable = next(rendered)
            self.fingerprints.learn(recordable.found)
            self._put(page, recordable.rendered, keys[page.path] if keys_here else recordable.key, problems, report)
        if before_keeping is not None:
            before_keeping()
        filtered = self.engine.resident is not None  # records filtered (see keep.fact_filter)
        for page in unchanged:
            record = previous.files[page.path]
            stat = self.writer.keep_previous(page.path, record.stat)
            if stat is not None:
                kept = _restated(record, stat)
                if filtered and not kept.facts_filter and kept.facts:  # records read from the cache
                    kept = replace(kept, facts_filter=fact_filter(kept.facts))
                written.records[page.path] = kept
                self.progress.advance()
                continue
            # The file changed since it was recorded (a build stopped half-way wrote it): render it after all.
            self._put(page, renderer.render_tracked(page), keys[page.path], problems, report)

    def _put(self, page: Page, result: RenderedPage, key: str | None, problems: Problems,
             report: Callable[[Problem], None]) -> None:
        """A rendered page, written (unless its bytes are as before) and recorded."""
        written, writer = self.written, self.writer
        self.progress.advance()
        written.pages_rendered += 1
        if isinstance(result.html, Problem):
            report(result.html)
            return
        if problems.errors:
            return  # the build fails: no need to write
        if not self.bookkeeping:
            written.records[page.path] = FileRecord(writer.write_bytes(page.path, result.html), "")
            written.pages_written += 1
            return
        record, fresh = write_or_keep(writer, page.path, result.html, self.previous.files, written)
        written.pages_written += fresh
        facts = self.fingerprints.replayable(self.briefing, result.facts) if key is not None else None
        facts_filter = fact_filter(facts) if facts and self.engine.resident is not None else 0
        written.records[page.path] = replace(record, key=key, facts=facts, facts_filter=facts_filter)

    def _page_keys(self, renderer: PageRenderer, pages: Sequence[Page]) -> dict[str, str | None]:
        base_key, fingerprints = self.page_base[0], self.fingerprints

        def key(page: Page) -> str | None:
            return page_key(renderer.inputs(page), base_key, fingerprints)

        if self.engine.resident is None:
            return {page.path: key(page) for page in pages}
        return self.engine.resident.page_keys(pages, self.page_base, key)

    # -- other files -----------------------------------------------------------------------

    def write_or_keep(self, path: str, data: bytes) -> None:
        if self.bookkeeping:
            write_or_keep(self.writer, path, data, self.previous.files, self.written)
        else:
            self.written.records[path] = FileRecord(self.writer.write_bytes(path, data), "")

    def copy_static(self, static: Sequence[tuple[str, Path]]) -> None:
        """Each static file, kept when its source is the file it was copied from last time."""
        for rel, source in static:
            try:
                source_stat = file_stat(source)
            except OSError:
                source_stat = None
            record = self.previous.files.get(rel)
            if record is not None and source_stat is not None and record.source == source_stat:
                stat = self.writer.keep_previous(rel, record.stat)
                if stat is not None:
                    self.written.records[rel] = _restated(record, stat)
                    continue
            stat = self.writer.copy_file(rel, source)
            self.written.records[rel] = FileRecord(stat, "", source=source_stat)

    def index_for_search(self, index_site: Callable[[Path], None]) -> None:
        """Pagefind's index of the pages: kept when no page changed, else made anew (in the staging
        directory: a failed index leaves the output as it was)."""
        writer, written = self.writer, self.written
        prefix = SEARCH_DIR + "/"
        index = {path: record for path, record in self.previous.files.items() if path.startswith(prefix)}
        if written.pages_written == 0 and index and all(still(writer.final / p, r.stat) for p, r in index.items()):
            for path, record in index.items():
                stat = writer.keep_previous(path, record.stat)
                if stat is None:
                    raise OutputError(f"the search index in {writer.final} changed during the build", "build again")
                written.records[path] = _restated(record, stat)
            return
        index_site(writer.stage)
        for made in sorted((writer.stage / SEARCH_DIR).rglob("*")):
            if made.is_file():
                written.records[made.relative_to(writer.stage).as_posix()] = FileRecord(file_stat(made), "")

    # -- the end ---------------------------------------------------------------------------

    def finish(self) -> OutputRecords:
        """The records of this build, stored in the cache (unless kept in memory till close)
        before the output is swapped in."""
        engine, written = self.engine, self.written
        facts = ({fact: digest for fact in facts_of(written.records)
                  if (digest := self.fingerprints.fact(self.briefing, fact)) is not None} if self.bookkeeping else {})
        records = OutputRecords(written.records, facts, self.page_base[0])
        tag = self.writer.tag()
        if engine.save_records and engine.cache.enabled:
            with collector_paused():
                save_records(engine.cache, self.writer.final, tag, records, self.previous_tag)
        self._finished = Finished(tag, records)
        return records

    def committed(self, pages: Sequence[Page]) -> None:
        """Once the output is in place: what the next build starts from."""
        assert self._finished is not None
        engine, tag, records = self.engine, self._finished.tag, self._finished.records
        out_dir = self.writer.final
        engine._changed_unrecorded.clear()  # every file is as this build's records say (the engine's own)
        if engine.save_records:
            forget_replaced(engine.cache, out_dir, tag)
        else:
            engine._unsaved.add(out_dir)
        if engine.bookkeeping:
            engine._records[out_dir] = (tag, records)
        if engine.resident is not None:
            engine.resident.remember(self.briefing, tag, records.facts, pages,
                                     {page.path: records.files[page.path].key for page in pages}, self.page_base,
                                     self.fingerprints)


def _restated(record: FileRecord, stat: FileStat) -> FileRecord:
    """A kept file's record: the same record where the file is the same file (a folder changed in
    place keeps its files; a new folder links them, with the same identity but for nothing)."""
    return record if stat == record.stat else replace(record, stat=stat)
