"""When the browsers on ``briefing serve`` reload, and onto what.

A build writes the pages first, then what only a few pages show: the exports and their list (the
data page), the feeds, the static files. Browsers are told to reload as soon as the pages are
written, not when the build ends: the page just edited is there, and at 1,000 articles that is
0.2 s after a save instead of 0.7 s. Once the build has ended, each file it changed after that is
named in a reload message of its own (livereload's protocol carries a path); the plugin every
served page carries (``serve.app``) reloads only the page that is that file or that loaded it
(the exports' list, the timeline explorer reading its export; a stylesheet is swapped in place by
livereload.js). A page therefore reloads once per save, and still never shows a file older than
the build.

Everything reloads at the end instead when the pages were not shown early: a newer change was
already waiting (the build that follows brings the reload: one per burst of changes), the site
showed a failed build's problems (they stay until a build succeeds), or the build failed after
its pages (every page shows the problems now).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from generator.serve.rebuild import BuildOutcome, LoopState

# More files changed after the pages than this: everything reloads, not each file by name.
MOST_NAMED = 100


class Builds(Protocol):
    def state(self) -> LoopState[BuildOutcome]: ...

    def waiting(self) -> bool: ...

    def note_shown(self) -> None: ...


class BrowserReloads:
    """Tells browsers when to reload (``send``: a livereload path to reload, ``"*"`` for every page).
    ``pages_written`` is called by each build once its pages are written, ``settled`` once no
    build runs or waits."""

    def __init__(self, builds: Builds, send: Callable[[str], None]):
        self.builds = builds
        self.send = send

    def pages_written(self) -> bool:
        """Reload every browser onto the pages just written, unless a newer change waits or the
        site shows a failed build's problems; whether they were told to."""
        latest = self.builds.state().latest
        if self.builds.waiting() or latest is None or not latest.ok:
            return False
        self.builds.note_shown()
        self.send("*")
        return True

    def settled(self, outcome: BuildOutcome) -> None:
        """The builds have settled on ``outcome``: reload what browsers do not show yet."""
        late = outcome.changed_after_pages
        if outcome.ok and late is not None and len(late) <= MOST_NAMED:
            for path in late:
                self.send("/" + path)
            return
        self.builds.note_shown()
        self.send("*")
