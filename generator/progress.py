"""A progress bar for builds long enough to need one: shown on a terminal only (never in a CI
log or in output piped elsewhere), and only once a build has run for a second, so that quick
builds print nothing but their summary.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

SHOW_AFTER_SECONDS = 1.0
REDRAW_SECONDS = 0.1
WIDTH = 30


class Progress:
    """Reports how far each step of a build is; draws nothing unless ``enabled``."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = on_a_terminal(self.stream) if enabled is None else enabled
        self.started = time.monotonic()
        self._label = ""
        self._total = 0
        self._done = 0
        self._drawn_at = 0.0
        self._visible = False

    @classmethod
    def silent(cls) -> Progress:
        return cls(enabled=False)

    def step(self, label: str, total: int) -> None:
        """A new step with ``total`` units of work ("pages", "articles")."""
        self._label, self._total, self._done = label, total, 0
        self._draw(force=True)

    def advance(self, units: int = 1) -> None:
        self._done += units
        self._draw()

    def finish(self) -> None:
        """Clear the bar, before the build's summary is printed."""
        if self._visible:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._visible = False

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < SHOW_AFTER_SECONDS or (not force and now - self._drawn_at < REDRAW_SECONDS):
            return
        self._drawn_at = now
        filled = WIDTH * self._done // self._total if self._total else WIDTH
        bar = "█" * filled + "░" * (WIDTH - filled)
        self.stream.write(f"\r\x1b[K{bar} {self._done:,}/{self._total:,} {self._label}")
        self.stream.flush()
        self._visible = True


def on_a_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal a person watches: not a pipe or file, not a CI log (some CI
    systems give builds a terminal), not a terminal that cannot move the cursor."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return interactive and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
