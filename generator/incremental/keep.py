"""Which pages and files of the previous output a build keeps, and what it writes instead.

A page is kept when its key (``page_key``: the page, its links, the site's settings and the
templates) is the one recorded and none of the facts it read changed (``may_keep``); a file is
kept when its new bytes hash as the recorded ones (``write_or_keep``). Either way the file must
still be the one the records describe (``still``), or it is written again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import content_hash
from generator.errors import Problem
from generator.facts import Fingerprints, Unfingerprintable
from generator.incremental.records import FileRecord, bytes_hash
from generator.pages import Page
from generator.render import PageRenderer, RenderedPage
from generator.tracking import Fact
from generator.writer import FileStat, OutputWriter, file_stat


@dataclass
class Written:
    """What the writing steps have done so far."""

    changed: set[Fact]  # the facts read by the previous build whose value is not the same now
    records: dict[str, FileRecord] = field(default_factory=dict)
    pages_rendered: int = 0
    pages_written: int = 0  # rendered pages whose bytes changed: the search index is made anew if any
    changed_filter: int | None = None  # fact_filter(changed), for records with filters (a resident engine's)


def may_keep(record: FileRecord | None, changed: set[Fact], changed_filter: int | None = None) -> bool:
    """Whether the page with this previous record may be kept (if its key is the same too).
    ``changed_filter``: fact_filter(changed), where the records carry filters of their own."""
    if record is None or record.key is None or record.facts is None:
        return False
    if changed_filter is not None and record.facts_filter and not record.facts_filter & changed_filter:
        return True  # no fact in common: see fact_filter
    return changed.isdisjoint(record.facts)


# Bits of a fact filter: a page reads 26 facts on average; a save changes a few.
FILTER_BITS = 1024


def fact_filter(facts: Iterable[Fact]) -> int:
    """A bit for each fact, by its hash: two sets of facts whose filters have no bit in common
    have no fact in common. A save asks of every page whether it read a fact that changed
    (11,400 pages, 300,000 facts at 10,000 articles): with filters, that is one AND a page, and
    the facts themselves are looked at only where a bit is shared. Filters are this process's
    (hashes of strings differ from one process to the next): never stored."""
    bits = 0
    for fact in facts:
        bits |= 1 << (hash(fact) % FILTER_BITS)
    return bits


def page_key(inputs: tuple[object, ...], base_key: str, fingerprints: Fingerprints) -> str | None:
    """What a page is drawn from besides what it reads of the briefing: the page itself (its data,
    the model objects it lists by reference) and its links (PageRenderer.inputs), the site's
    settings and the templates."""
    try:
        return content_hash(base_key, fingerprints.of(inputs))
    except Unfingerprintable:
        return None


@dataclass(frozen=True)
class RecordablePage:
    """A rendered page with what its record needs that a worker process can compute."""

    rendered: RenderedPage
    key: str | None  # its key, when asked for (see PageWork)
    found: dict[Fact, str | None]  # fingerprints of the facts it read that this process had not reported yet


class PageWork:
    """Pages rendered for a build, each with the fingerprints of the facts it read (each worker
    reports a fact once) and, with ``keys``, its key. Computed in the workers, this is work the
    build's own process no longer does beside writing every page. A build computes the keys
    beforehand when it may keep pages (a rebuild); when it has none to keep (a first build) the
    workers compute them."""

    def __init__(self, renderer: PageRenderer, base_key: str, fingerprints: Fingerprints, *, keys: bool,
                 track: bool = True):
        """``track``: note what each page reads (False: a build that keeps no records)."""
        self.renderer = renderer
        self.base_key = base_key
        self.fingerprints = fingerprints
        self.keys = keys
        self.track = track
        self._reported: set[Fact] = set()  # in each worker, its own

    def render_all(self, pages: Sequence[Page]) -> list[RecordablePage]:
        renderer, fingerprints, briefing = self.renderer, self.fingerprints, self.renderer.briefing
        if not self.track:
            return [RecordablePage(RenderedPage(_encoded(renderer.render(page)), frozenset()), None, {})
                    for page in pages]
        done = []
        for page in pages:
            rendered = renderer.render_tracked(page)
            key = page_key(renderer.inputs(page), self.base_key, fingerprints) if self.keys else None
            found = {fact: fingerprints.fact(briefing, fact) for fact in rendered.facts if fact not in self._reported}
            self._reported.update(found)
            done.append(RecordablePage(rendered, key, found))
        return done


def _encoded(html: str | Problem) -> bytes | Problem:
    return html if isinstance(html, Problem) else html.encode("utf-8")


def still(path: Path, stat: FileStat) -> bool:
    try:
        return file_stat(path) == stat
    except OSError:
        return False


def write_or_keep(writer: OutputWriter, path: str, data: bytes, previous: Mapping[str, FileRecord],
                   written: Written) -> tuple[FileRecord, bool]:
    """Write ``data``, unless the previous output has the same bytes there: then keep that file.
    The file's record, and whether it was written."""
    sha = bytes_hash(data)
    record = previous.get(path)
    if record is not None and record.sha == sha:
        stat = writer.keep_previous(path, record.stat)
        if stat is not None:
            written.records[path] = FileRecord(stat, sha)
            return written.records[path], False
    written.records[path] = FileRecord(writer.write_bytes(path, data), sha)
    return written.records[path], True
