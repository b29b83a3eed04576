"""Writing the exports (generator.exports): the largest files of a build, and after the pages the
slowest to make. They are made while the pages are:
- when many pages are to be rendered (a first build, a template changed), in a thread of this
  process, once the page workers are running: those use every core, and this process mostly
  waits for their pages (a forked process more, holding its own copy of what it reads of the
  briefing beside the workers, raised a build's peak memory by a third);
- when few are (a rebuild after an edit), in a process of their own (``generator.workers.Aside``);
- with one core, here, after the pages.

An export is kept from the previous output when nothing it read of the briefing changed (nor the
pages its events are on: the exports link to them). The others are each written to the writer's
scratch folder as soon as they are made, so that only one is ever in memory, and moved into the
output once they are all done. None of this changes a byte: an export is the same wherever made.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from generator.cache import content_hash, file_content_hash
from generator.exports import EXPORTS_DIR, FORMATS, Export, write_export
from generator.incremental.engine import Round
from generator.incremental.records import FileRecord
from generator.model import Briefing
from generator.tracking import Fact, Reads, track_coarsely
from generator.urls import Addresses
from generator.workers import Alongside, Aside, Superseded
from generator.writer import OutputWriter

# Below this many articles the exports take milliseconds: less than starting a process.
MIN_ARTICLES_ASIDE = 200


@dataclass(frozen=True)
class MadeExport:
    """An export made aside: in a scratch file, with what the build needs to record it."""

    name: str
    scratch: str
    sha: str
    length: int
    facts: frozenset[Fact]


class ExportStep:
    """``start()`` keeps what can be kept and begins making the rest; ``finish()`` puts them into
    the output and lists every export for the data page."""

    def __init__(self, output: Round, addresses: Addresses, *, jobs: int):
        """``output``: the build's keep-or-write decisions (generator.incremental.engine)."""
        self.writer = output.writer
        self.briefing = output.briefing
        self.addresses = addresses
        self.previous = output.previous
        self.fingerprints = output.fingerprints
        self.written = output.written
        self.bookkeeping = output.bookkeeping
        self.jobs = jobs
        self._addresses_key = self.fingerprints.of(addresses)
        self._kept: dict[str, Export] = {}
        self._aside: Aside[list[MadeExport]] | Alongside[list[MadeExport]] | None = None
        self._started = False

    def start(self, *, pages_in_workers: bool) -> Callable[[], None] | None:
        """``pages_in_workers``: the pages are about to be rendered by worker processes. Then the
        exports are made in a thread, begun by the callable returned, which the caller calls once
        the workers are forked."""
        self._started = True
        to_make = []
        for f in FORMATS:
            path = f"{EXPORTS_DIR}/{f.name}"
            record = self.previous.files.get(path)
            key = self._key(f.name)
            if (record is not None and record.key == key and record.facts is not None
                    and self.written.changed.isdisjoint(record.facts)):
                stat = self.writer.keep_previous(path, record.stat)
                if stat is not None:
                    self.written.records[path] = record if stat == record.stat else replace(record, stat=stat)
                    self._kept[f.name] = Export(path, f.title, f.format, f.media_type, f.description, b"", record.stat[0])
                    continue
            to_make.append(f.name)
        if not to_make:
            return None
        work = lambda stop=None: make_exports_in(self.writer, to_make, self.briefing, self.addresses, stop)  # noqa: E731
        if pages_in_workers:
            self._aside = Aside(work, jobs=1)  # made in finish(), should the workers never start

            def begin() -> None:
                self._aside = Alongside(work)
            return begin
        forked = self.jobs > 1 and len(self.briefing.articles) >= MIN_ARTICLES_ASIDE
        self._aside = Aside(work, jobs=self.jobs if forked else 1)  # with one job: made in finish()
        return None

    def _key(self, name: str) -> str:
        return content_hash("export", name, self._addresses_key)

    def finish(self, superseded: Callable[[], bool] | None = None) -> tuple[Export, ...]:
        """``superseded``: asked while waiting for the exports made aside; Superseded is raised
        if it says so."""
        if not self._started:
            self.start(pages_in_workers=False)
        if self._aside is not None and superseded is not None and not self._aside.wait(superseded):
            raise Superseded()
        made = {m.name: m for m in self._aside.result()} if self._aside is not None else {}
        self._aside = None
        listings = []
        for f in FORMATS:
            if f.name in self._kept:
                listings.append(self._kept[f.name])
                continue
            listings.append(self._put_in(made[f.name]))
        return tuple(listings)

    def cancel(self) -> None:
        if self._aside is not None:
            self._aside.cancel()
        # The work aside refers back to this step: no cycle is left behind holding the build.
        self._aside = None

    def _put_in(self, made: MadeExport) -> Export:
        f = next(f for f in FORMATS if f.name == made.name)
        path = f"{EXPORTS_DIR}/{f.name}"
        scratch = Path(made.scratch)
        record = self.previous.files.get(path)
        stat = None
        if record is not None and record.sha == made.sha:
            stat = self.writer.keep_previous(path, record.stat)  # the same bytes: the same file
        if stat is None:
            stat = self.writer.move_in(path, scratch)
        else:
            scratch.unlink()
        facts = self.fingerprints.replayable(self.briefing, made.facts) if self.bookkeeping else None
        self.written.records[path] = FileRecord(stat, made.sha, self._key(f.name), facts)
        return Export(path, f.title, f.format, f.media_type, f.description, b"", made.length)


def make_exports_in(writer: OutputWriter, names: Sequence[str], briefing: Briefing, addresses: Addresses,
                    stop: threading.Event | None = None) -> list[MadeExport]:
    """Make the exports ``names``, each written to the writer's scratch folder as soon as it is
    made, with what each read of the briefing; none more once ``stop`` is set."""
    made = []
    for f in FORMATS:
        if f.name not in names:
            continue
        if stop is not None and stop.is_set():
            break
        reads = Reads()
        tracked = track_coarsely(briefing, reads, fine_lookups=True)
        scratch = writer.make_scratch(f.name, partial(write_export, f, tracked, addresses))
        made.append(MadeExport(f.name, str(scratch), file_content_hash(scratch), scratch.stat().st_size, reads.facts()))
    return made
