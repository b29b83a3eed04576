"""When the browsers on ``briefing serve`` reload, and onto what.

A build writes the pages first, then what only a few pages show: the exports and their list (the
data page), the feeds, the static files. Browsers are told as soon as the pages are written, not
when the build ends: the page just edited is there, and at 1,000 articles that is 0.2 s after a
save instead of 0.7 s. Each message names one file the build changed (livereload's protocol
carries a path), and the plugin every served page carries (``serve.app``) reloads only the page
that is that file or that loaded it (the exports' list, the timeline explorer reading its export;
a stylesheet is swapped in place by livereload.js). The files changed after the pages are named
once the build ends. A page therefore reloads only when something it shows changed: once for a
save, or twice where it is written with the pages and loads a file made after them.

A message reaches only the browsers connected when it is sent; a page being loaded at that moment
would miss it. So each message is numbered, every page served carries the number of the last one
sent before it was read (``stamp``, with a token of this run of the server), and a page that
connects asks which files were named since (``since``): the same plugin decides whether they are
its own.

Everything reloads (``"*"``) instead, once the builds settle, whenever naming files cannot say it
all: the first build; a build that failed (every page shows its problems) or the first good one
after it; a build that finished without telling browsers of its pages (a newer change was already
waiting then); and a build that changed more files than are named one by one. Until that reload
is sent, no build names files early.
"""

from __future__ import annotations

import secrets
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Protocol

from generator.serve.rebuild import BuildOutcome

# More files changed than this: everything reloads, not each file by name (and where that comes
# once the build ends, the pages already reloaded reload once more).
MOST_NAMED = 100
# The messages remembered for pages that connect late; a page older than these reloads anyway.
KEPT_MESSAGES = 1000
EVERYTHING = "*"


class Builds(Protocol):
    def waiting(self) -> bool: ...


class BrowserReloads:
    """Tells browsers when to reload (``send``: a URL path to reload, ``"*"`` for every page).
    Each build calls ``pages_written`` once its pages are written; the rebuild loop calls
    ``finished`` with each build that finished and ``settled`` once no build runs or waits;
    ``stamp`` and ``since`` serve pages that connect late (serve.app)."""

    def __init__(self, builds: Builds, send: Callable[[str], None]):
        self.builds = builds
        self.send = send
        self._lock = threading.Lock()
        self._run = secrets.token_hex(4)  # a page from another run of the server reloads
        self._sent = 0
        self._log: deque[tuple[int, str]] = deque(maxlen=KEPT_MESSAGES)
        self._owed = True  # everything is to reload once the builds settle (the first build)

    def pages_written(self, changed: Sequence[str]) -> bool:
        """Name the files changed so far (the pages the build rendered), unless a newer change
        waits or everything is to reload anyway; whether browsers were told."""
        with self._lock:
            if self._owed or self.builds.waiting():
                return False
        self._reload(changed)
        return True

    def finished(self, outcome: BuildOutcome) -> None:
        """A build finished: name the files it changed after its pages (they are in place), or
        owe browsers a reload of everything if it did not tell them of its pages or failed."""
        late = outcome.changed_after_pages
        if outcome.ok and late is not None:
            self._reload(late)
        else:
            with self._lock:
                self._owed = True

    def settled(self, outcome: BuildOutcome) -> None:
        """The builds have settled (on ``outcome``, already ``finished``): everything reloads if owed."""
        with self._lock:
            owed, self._owed = self._owed, False
        if owed:
            self._send(EVERYTHING)

    def stamp(self) -> str:
        """This run and the number of the last message sent: what a page read from now on is
        newer than."""
        with self._lock:
            return f"{self._run}-{self._sent}"

    def since(self, stamp: str) -> tuple[str, ...]:
        """The paths named after ``stamp`` (``"*"`` if they are not all known: a stamp of another
        run of the server, or older than the messages kept)."""
        run, _, number = stamp.partition("-")
        with self._lock:
            if run != self._run or not number.isascii() or not number.isdigit() or int(number) > self._sent:
                return (EVERYTHING,)
            after = int(number)
            if after < self._sent and self._log[0][0] > after + 1:
                return (EVERYTHING,)
            return tuple(path for n, path in self._log if n > after)

    def _reload(self, paths: Sequence[str]) -> None:
        if len(paths) > MOST_NAMED:
            self._send(EVERYTHING)
            return
        for path in paths:
            self._send("/" + path)

    def _send(self, path: str) -> None:
        with self._lock:  # numbered in the order sent
            self._sent += 1
            self._log.append((self._sent, path))
            self.send(path)
