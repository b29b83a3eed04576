"""Watching the files a build reads: ``site.yaml`` and everything under ``content/``,
``templates/`` and ``static/``.

Built on watchfiles (the operating system's change notifications, not polling), so a save is
seen within milliseconds: livereload's own watcher polls every 800 ms. Changes that come within
``STEP_MS`` of each other are reported together, which turns an editor's save (a temporary file
renamed over the old one) into one report instead of one per step.

Two watchers run side by side: one on the site directory itself, not recursive (``site.yaml``, and
the three folders appearing, disappearing or being replaced), and one recursive watcher on the
three folders. The site directory is never watched recursively: it may hold ``output/``, ``.git``
or a virtualenv, whose churn would cost notifications and could crowd out the changes that count.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles

WATCHED_DIRS = ("content", "templates", "static")
WATCHED_FILES = ("site.yaml",)

# Quiet time that ends a burst of changes. Editors write a file in a few steps (temporary file,
# rename) within a millisecond or two. watchfiles reports a change between one and two steps after
# it (measured: 61 ms at 30, 12 ms at 10), and that wait is part of every save's wait for its page.
# A longer burst (git writing many files) may come as two reports: the rebuild loop then builds
# once more after the build under way, never once per report (serve.rebuild).
STEP_MS = 10
# Wake-up interval of the watcher threads when nothing changes: bounds how long stop() and a
# restart take. The threads do nothing when they wake.
IDLE_MS = 200

OnChange = Callable[[set[str]], None]


class _Either:
    """A stop event for watchfiles that is set when any of the given events is."""

    def __init__(self, *events: threading.Event):
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


class SiteWatcher:
    """Calls ``on_change`` with the site-relative paths of every batch of relevant changes."""

    def __init__(self, site_dir: Path, on_change: OnChange, *, ignore: Iterable[Path] = ()):
        self.site_dir = site_dir.absolute()
        self.on_change = on_change
        self.ignore = tuple(p.absolute() for p in ignore)
        self._stop = threading.Event()
        self._restart_tree = threading.Event()
        self._top_ready = threading.Event()
        self._tree_ready = threading.Event()
        self._threads = (
            threading.Thread(target=self._guarded, args=(self._watch_top,), name="briefing-watch-site", daemon=True),
            threading.Thread(target=self._guarded, args=(self._watch_tree,), name="briefing-watch-folders", daemon=True),
        )

    def start(self, timeout: float = 10.0) -> None:
        """Start watching; returns once changes from now on are seen (or after ``timeout``)."""
        for thread in self._threads:
            thread.start()
        self._top_ready.wait(timeout)
        self._tree_ready.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(2 * IDLE_MS / 1000 + 1)

    def relevant(self, path: str) -> str | None:
        """The site-relative path of ``path`` if a build reads it, else None."""
        absolute = Path(path)
        if any(absolute == p or absolute.is_relative_to(p) for p in self.ignore):
            return None
        try:
            parts = absolute.relative_to(self.site_dir).parts
        except ValueError:
            return None
        if not parts or any(part.startswith(".") for part in parts):
            return None  # the build skips hidden files and folders (editor swap files, .git)
        if len(parts) == 1 and parts[0] not in WATCHED_FILES + WATCHED_DIRS:
            return None
        if len(parts) > 1 and parts[0] not in WATCHED_DIRS:
            return None
        return "/".join(parts)

    def _report(self, changes: set[tuple[watchfiles.Change, str]]) -> set[str]:
        found = {rel for _, path in changes if (rel := self.relevant(path)) is not None}
        if found:
            self.on_change(found)
        return found

    def _guarded(self, watch: Callable[[], None]) -> None:
        try:
            watch()
        except Exception as exc:  # e.g. the system's limit on watched folders: say so, never go quiet
            print(f"error: briefing can no longer see changes to {self.site_dir}: {exc}\n"
                  "  hint: restart `briefing serve`; on Linux, a 'watch limit' error is lifted by raising "
                  "fs.inotify.max_user_watches", file=sys.stderr, flush=True)
        finally:
            self._top_ready.set()
            self._tree_ready.set()

    def _watch_top(self) -> None:
        for changes in watchfiles.watch(self.site_dir, watch_filter=None, recursive=False, step=STEP_MS,
                                        stop_event=self._stop, rust_timeout=IDLE_MS, yield_on_timeout=True,
                                        raise_interrupt=False):
            self._top_ready.set()
            found = self._report(changes)
            if found & set(WATCHED_DIRS):
                self._restart_tree.set()  # a folder appeared, went or was replaced: watch the new one

    def _watch_tree(self) -> None:
        first_start = True
        while not self._stop.is_set():
            self._restart_tree.clear()
            roots = [self.site_dir / name for name in WATCHED_DIRS if (self.site_dir / name).is_dir()]
            if not roots:
                self._tree_ready.set()
                first_start = False
                self._restart_tree.wait(IDLE_MS / 1000)
                continue
            started = False
            for changes in watchfiles.watch(*roots, watch_filter=None, step=STEP_MS,
                                            stop_event=_Either(self._stop, self._restart_tree),
                                            rust_timeout=IDLE_MS, yield_on_timeout=True, raise_interrupt=False):
                if not started:
                    started = True
                    self._tree_ready.set()
                    if not first_start:
                        # Files written into a new folder before this watcher saw it: build them.
                        self.on_change({root.name for root in roots})
                self._report(changes)
            first_start = False
