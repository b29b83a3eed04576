"""Search while serving: the Pagefind index of serve's folder, made again in the background once
the builds have settled.

Indexing takes about a second per thousand pages, on every core: done in each rebuild it would
make every save wait for it. Instead, once no build has run for ``QUIET_SECONDS`` after a good
one, Pagefind indexes the folder into a scratch folder beside it, which then takes the place of
``pagefind/`` in one step. A build that starts meanwhile stops Pagefind (its pages are changing
under it); it runs again once the builds settle. The search page works as soon as the first index
is in place, and finds what was saved a moment after the editing stops.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

from generator.publish.search import INSTALL, SEARCH_DIR, index_command, index_failure
from generator.writer import _exchange

# Quiet time after a good build before the site is indexed again.
QUIET_SECONDS = 1.0
RETRIED = "the site is indexed again after the next save that builds"


class SearchIndexer:
    def __init__(self, out_dir: Path, *, quiet: float = QUIET_SECONDS, log: Callable[[str], None] | None = None):
        self.out_dir = out_dir.absolute()
        self.scratch = self.out_dir.with_name(f".{self.out_dir.name}.search")
        self.quiet = quiet
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self._cond = threading.Condition()
        self._wanted = 0  # requests so far
        self._done = 0  # the request the index in place answers
        self._process: subprocess.Popen[str] | None = None
        self._building = False  # a build runs: wait for it to settle
        self._stopping = False
        self._reported: str | None = None  # the last failure reported (each reported once)
        self._thread = threading.Thread(target=self._run, name="briefing-search", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request(self) -> None:
        """A good build has settled: index the site once no other follows for a moment."""
        with self._cond:
            self._wanted += 1
            self._building = False
            self._cond.notify_all()

    def interrupt(self) -> None:
        """A build starts: stop indexing the pages it is about to change."""
        with self._cond:
            self._building = True
            process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    def wait_indexed(self, timeout: float | None = None) -> bool:
        """Wait until the index answers every request so far (for tests)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._done == self._wanted or self._stopping, timeout)

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self.interrupt()
        if self._thread.is_alive():
            self._thread.join(5)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: (self._wanted != self._done and not self._building) or self._stopping)
                if self._stopping:
                    return
                wanted = self._wanted
                # Quiet for a while: no new request (a build that settled) in the meantime.
                if self._cond.wait_for(partial(self._asked_since, wanted), self.quiet):
                    continue
            if self._index():
                with self._cond:
                    self._done = wanted
                    self._cond.notify_all()

    def _asked_since(self, wanted: int) -> bool:
        return self._wanted != wanted or self._stopping

    def _index(self) -> bool:
        """Index the folder into the scratch folder and put it in place; False if stopped."""
        shutil.rmtree(self.scratch, ignore_errors=True)
        try:
            with self._cond:
                if self._stopping:
                    return False
                self._process = subprocess.Popen(index_command(self.out_dir, self.scratch), stdout=subprocess.PIPE,
                                                 stderr=subprocess.STDOUT, text=True)
            output, _ = self._process.communicate()
            code = self._process.returncode
        except OSError as exc:
            self._report(f"warning: search is unavailable while serving: cannot run Pagefind: {exc}\n"
                         f"  hint: {INSTALL}; {RETRIED}")
            return True
        finally:
            with self._cond:
                self._process = None
        if code < 0:  # stopped by a build: indexed again once the builds settle
            shutil.rmtree(self.scratch, ignore_errors=True)
            return False
        failure = index_failure(code, output.strip(), self.scratch)
        if failure is not None:
            # Not the build's advice (no output is at stake here, nor a --no-search to give).
            self._report(f"warning: search is unavailable while serving: {failure}\n  hint: {failure.fix}; {RETRIED}")
            return True
        self._put_in_place()
        self._reported = None
        return True

    def _put_in_place(self) -> None:
        target = self.out_dir / SEARCH_DIR
        if target.exists() and _exchange(self.scratch, target):
            shutil.rmtree(self.scratch, ignore_errors=True)  # now the previous index
            return
        shutil.rmtree(target, ignore_errors=True)
        self.scratch.rename(target)

    def _report(self, text: str) -> None:
        if text != self._reported:
            self._reported = text
            self.log(text)
