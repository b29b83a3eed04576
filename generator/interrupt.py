"""Ctrl+C, said the same way by every command at every moment: one line, exit status 130.

Used from the command's first moment (``generator.start``), so nothing is imported here that
Python has not loaded at its own start already but ``signal``."""

from __future__ import annotations

import os
import signal
import sys

INTERRUPTED = "interrupted; the previous output is untouched"
# Ctrl+C as a build ends, once its output is swapped in: the line says which output is there.
INTERRUPTED_AFTER = "interrupted as the build ended; the new output is complete and in place"
INTERRUPTED_STATUS = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl+C
# `briefing import` has no output to speak of: before it writes a file, this is what is true.
INTERRUPTED_IMPORT = "interrupted; nothing was imported, nothing was written"


def say_interrupted(line: str = INTERRUPTED) -> None:
    """The one line, on a line of its own: on a terminal, the echoed ^C and any progress bar are
    cleared first."""
    try:
        clear = "\r\x1b[K" if os.isatty(2) and os.environ.get("TERM") != "dumb" else ""
        os.write(2, f"{clear}{line}\n".encode())
    except OSError:
        pass


def exit_interrupted(signum: int = signal.SIGINT, frame: object = None) -> None:
    """A SIGINT handler that ends the process at once, saying so once: for Ctrl+C while nothing
    can have been written yet, or pressed again while an interrupted command winds down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    say_interrupted(INTERRUPTED_IMPORT if _command() == "import" else INTERRUPTED)
    os._exit(INTERRUPTED_STATUS)


def _command() -> str:
    """The command being started (its modules are not loaded yet): the first word that is no option."""
    return next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")


def leave_interrupted() -> None:
    """End the process of a command that was interrupted and has said so: at once, without
    waiting for a worker pool or thread still winding down (where Ctrl+C pressed again would
    end in a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 - keeps contextlib out of what loads before Ctrl+C is handled
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(INTERRUPTED_STATUS)
