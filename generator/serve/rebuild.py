"""Rebuilding while serving: one build at a time, bursts of changes coalesced, the last change
always built.

``RebuildLoop`` runs builds on one worker thread. A change that arrives while a build runs marks
the site dirty again, and the worker builds once more when the current build ends: however many
changes come in, at most one build runs and at most one waits, and the last build always starts
after the last change. Builds never overlap (they share the output's staging directory), and
browsers are told only of a build that no newer change was waiting for when its pages were
written (``generator.serve.reloads``), so a burst (save-all, a git checkout) becomes one or two
builds and a page reloads once or twice, never a build and a reload per file (mkdocs #2061).

``SiteBuilder`` is the one build entry point serve calls. It keeps one ``Builder`` for the whole
session, with what it learnt in memory: the Jinja environment with its compiled templates (while
the templates are unchanged), what each page read of the briefing, the files it wrote, the article
bodies it rendered. A save renders again only the bodies and pages it affects; whatever the
change, the result is the same as a clean build's.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from generator.build import Builder, BuildOptions
from generator.cache import Cache
from generator.errors import BriefingError, BuildFailed, Problem, tally
from generator.workers import Superseded

T = TypeVar("T")

# Quiet time after a build before the idle work (see RebuildLoop).
IDLE_SECONDS = 1.0


@dataclass(frozen=True)
class BuildOutcome:
    """What one build left behind: a published site, or the problems to show instead of it."""

    ok: bool
    report: str  # the console report: what was built, or every problem
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    pages: int = 0
    seconds: float = 0.0
    changed: frozenset[str] = field(default_factory=frozenset)
    # When browsers were told of the pages once they were written (BuildResult.changed_after_pages):
    # the files the build changed after that; None otherwise.
    changed_after_pages: tuple[str, ...] | None = None


@dataclass(frozen=True)
class LoopState(Generic[T]):
    generation: int  # how many builds have finished
    settled: bool  # no build running and none waiting
    latest: T | None  # the outcome of the last finished build


class RebuildLoop(Generic[T]):
    def __init__(self, build: Callable[[frozenset[str]], T | None], on_settled: Callable[[T], None] | None = None,
                 on_start: Callable[[], None] | None = None, on_idle: Callable[[], None] | None = None,
                 on_finished: Callable[[T], None] | None = None):
        """``on_finished``: called with the outcome of every build that finished (not stopped for a
        newer change), then ``on_settled`` with it if no other build runs or waits; ``on_start``:
        called as each build begins; ``on_idle``: called (in the builds' thread) once no change has
        come for IDLE_SECONDS after a build."""
        self._build = build
        self._on_finished = on_finished
        self._on_settled = on_settled
        self._on_start = on_start
        self._on_idle = on_idle
        self._cond = threading.Condition()
        self._pending: set[str] | None = None  # None: no build requested
        self._running = False
        self._generation = 0
        self._latest: T | None = None
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="briefing-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def waiting(self) -> bool:
        """Whether a change came in since the running build began (it will be built next)."""
        with self._cond:
            return self._pending is not None

    def request(self, changed: Iterable[str] = ()) -> None:
        """Ask for a build that sees every change made so far (``changed``: site-relative paths)."""
        with self._cond:
            self._pending = (self._pending or set()) | set(changed)
            self._cond.notify_all()

    def state(self) -> LoopState[T]:
        with self._cond:
            return LoopState(self._generation, self._is_settled(), self._latest)

    def wait_settled(self, timeout: float | None = None) -> bool:
        """Wait until no build runs or waits; False if ``timeout`` passed first."""
        with self._cond:
            return self._cond.wait_for(self._is_settled, timeout)

    def _is_settled(self) -> bool:
        return not self._running and self._pending is None

    def _run(self) -> None:
        idle_done = True  # nothing built since the last idle work
        while True:
            with self._cond:
                # Quiet for a while after a build: the idle work, unless a change comes first.
                quiet = not idle_done and not self._cond.wait_for(self._called, IDLE_SECONDS)
                idle_done = True
                if quiet and self._on_idle is not None:
                    self._cond.release()
                    try:
                        self._on_idle()
                    finally:
                        self._cond.acquire()
                self._cond.wait_for(self._called)
                if self._stopping:
                    return
                assert self._pending is not None
                # Taken before the build reads anything: a change from now on asks for another build.
                changed, self._pending = frozenset(self._pending), None
                self._running = True
            if self._on_start is not None:
                self._on_start()
            outcome = self._build_safely(changed)
            with self._cond:
                self._running = False
                self._generation += 1
                if outcome is not None:
                    self._latest = outcome
                settled = self._pending is None
                self._cond.notify_all()
            if outcome is not None and self._on_finished is not None:
                self._on_finished(outcome)
            if settled and outcome is not None and self._on_settled is not None:
                self._on_settled(outcome)
            idle_done = False

    def _called(self) -> bool:
        return self._pending is not None or self._stopping

    def _build_safely(self, changed: frozenset[str]) -> T | None:
        try:
            return self._build(changed)
        except Exception:  # the worker must survive anything, or the server would stop rebuilding
            traceback.print_exc()
            return None


class SiteBuilder:
    """Builds the site into ``out_dir`` and tells the console what happened."""

    def __init__(self, site_dir: Path, out_dir: Path, *, strict: bool, drafts: bool,
                 log: Callable[[str], None] | None = None, jobs: int | None = None, search: bool = False,
                 superseded: Callable[[], bool] | None = None,
                 pages_written: Callable[[Sequence[str]], bool] | None = None):
        """``search``: the pages offer search (the index itself is made aside, see serve.search).
        ``superseded``: whether a newer change waits (RebuildLoop.waiting): a build then stops once
        its pages are written, and leaves the exports and feeds to the next build, which starts at
        once rather than after them. ``pages_written``: called with the files changed so far once a
        build's pages are written (Builder.build); True if browsers were told of them."""
        self.superseded = superseded
        self.pages_written = pages_written
        self.site_dir = site_dir
        self.out_dir = out_dir
        self.options = BuildOptions(strict=strict, drafts=drafts, search=search)
        self.log = log or _print_to_console
        # The records of what was written stay in memory between rebuilds, and go to the cache
        # when serving stops (close), for the next `briefing serve`. The folder is serve's own,
        # which only its server reads: files are changed in place (generator.inplace).
        self.builder = Builder(site_dir, cache=Cache.open(site_dir), jobs=jobs, save_records=False, in_place=True,
                               resident=True)
        self._building = threading.Lock()

    def close(self, timeout: float = 10.0) -> None:
        """Store what the builder keeps in memory, once no build runs (a build still running when
        serving stops ends with the process: nothing is stored then)."""
        if self._building.acquire(timeout=timeout):
            try:
                self.builder.close()
            finally:
                self._building.release()

    def __call__(self, changed: frozenset[str]) -> BuildOutcome | None:
        """The outcome of a build; None if it was superseded (a newer change is built next)."""
        with self._building:
            return self._build(changed)

    def _build(self, changed: frozenset[str]) -> BuildOutcome | None:
        started = time.perf_counter()
        shown = False

        def pages_written(changed: Sequence[str]) -> None:
            nonlocal shown
            shown = self.pages_written is not None and self.pages_written(changed)

        try:
            # Every build starts from the files as they are; `changed` says why it runs.
            result = self.builder.build(self.out_dir, self.options, superseded=self.superseded,
                                        pages_written=pages_written)
        except Superseded:
            return None
        except BriefingError as exc:
            if self.superseded is not None and self.superseded():
                # A newer change waits: maybe the rest of a burst (a git checkout, a save-all) that
                # this build read half of. The next build, which starts at once, says what is wrong.
                return None
            if isinstance(exc, BuildFailed):
                outcome = BuildOutcome(False, exc.report("serve"), exc.problems, changed=changed,
                                       seconds=time.perf_counter() - started)
            else:
                outcome = BuildOutcome(False, exc.report(), changed=changed, seconds=time.perf_counter() - started)
        except Exception as exc:
            traceback.print_exc()
            report = (f"internal error: {type(exc).__name__}: {exc}\n"
                      "This is a bug in briefing, not in your site: the traceback is in the terminal. "
                      "`briefing build --debug` shows it again.")
            outcome = BuildOutcome(False, report, changed=changed, seconds=time.perf_counter() - started)
        else:
            seconds = time.perf_counter() - started
            warned = f", {len(result.warnings)} warning(s)" if result.warnings else ""
            outcome = BuildOutcome(True, f"Built {result.pages} pages in {seconds:.2f} s{warned}",
                                   warnings=result.warnings, pages=result.pages, seconds=seconds, changed=changed,
                                   changed_after_pages=result.changed_after_pages if shown else None)
        self.log(_console_report(outcome))
        return outcome


def _console_report(outcome: BuildOutcome) -> str:
    stamp = time.strftime("%H:%M:%S")
    cause = ""
    if outcome.changed:
        names = sorted(outcome.changed)
        cause = f" after changes to {', '.join(names[:3])}" + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    if outcome.ok:
        lines = [p.format() for p in outcome.warnings] + [f"[{stamp}] {outcome.report}{cause}."]
    else:
        # Not the build command's "Nothing was written": serve's pages show the problems instead.
        counts = f" ({tally(outcome.problems)})" if outcome.problems else ""
        lines = [outcome.report,
                 f"[{stamp}] The build failed{cause}{counts}: every page shows the problems until they are fixed."]
    return "\n".join(lines)


def _print_to_console(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
