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
sent before it was read (``stamp``), and a page that connects asks which files were named since
(``since``): the same plugin decides whether they are its own.

Everything reloads (``"*"``) instead when the files are too many to name, when the pages were not
shown early (a newer change was waiting: the build that follows brings the reload, one per burst
of changes; or the site showed a failed build's problems, which stay until a build succeeds), and
when a build fails (every page shows its problems).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Protocol

from generator.serve.rebuild import BuildOutcome, LoopState

# More files changed than this: everything reloads, not each file by name (and where that comes
# once the build ends, the pages already reloaded reload once more).
MOST_NAMED = 100
# The messages remembered for pages that connect late; a page older than these reloads anyway.
KEPT_MESSAGES = 1000
EVERYTHING = "*"


class Builds(Protocol):
    def state(self) -> LoopState[BuildOutcome]: ...

    def waiting(self) -> bool: ...


class BrowserReloads:
    """Tells browsers when to reload (``send``: a URL path to reload, ``"*"`` for every page).
    ``pages_written`` is called by each build once its pages are written, ``settled`` once no
    build runs or waits; ``stamp`` and ``since`` serve pages that connect late (serve.app)."""

    def __init__(self, builds: Builds, send: Callable[[str], None]):
        self.builds = builds
        self.send = send
        self._lock = threading.Lock()
        self._sent = 0
        self._log: deque[tuple[int, str]] = deque(maxlen=KEPT_MESSAGES)

    def pages_written(self, changed: Sequence[str]) -> bool:
        """Name the files changed so far (the pages the build rendered), unless a newer change
        waits or the site shows a failed build's problems; whether browsers were told."""
        latest = self.builds.state().latest
        if self.builds.waiting() or latest is None or not latest.ok:
            return False
        self._reload(changed)
        return True

    def settled(self, outcome: BuildOutcome) -> None:
        """The builds have settled on ``outcome``: name what changed since browsers were told of
        the pages, or reload everything if they were not (or the build failed)."""
        late = outcome.changed_after_pages
        if outcome.ok and late is not None:
            self._reload(late)
        else:
            self._send(EVERYTHING)

    def stamp(self) -> int:
        """The number of the last message sent: what a page read from now on is newer than."""
        with self._lock:
            return self._sent

    def since(self, stamp: int) -> tuple[str, ...]:
        """The paths named after message ``stamp`` (``"*"`` if they are no longer all known)."""
        with self._lock:
            if stamp > self._sent or (stamp < self._sent and (not self._log or self._log[0][0] > stamp + 1)):
                return (EVERYTHING,)  # a page from another run of the server, or from long ago
            return tuple(path for number, path in self._log if number > stamp)

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
