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


class HeldInterrupts:
    """Ctrl+C held back for a few steps that must be done all or not at all, and raised once
    they are (``with interrupts_held():``). Where it is raised matters: a KeyboardInterrupt
    raised inside one of Python's own fork handlers (logging's) is printed as "Exception ignored"
    and lost, so a build forking its workers went on as if Ctrl+C had never been pressed; one
    raised between creating a file and removing it leaves the file behind. Holds nest: the
    outermost raises. Only the main thread can set a handler: elsewhere nothing is held."""

    def __init__(self) -> None:
        self.pressed = False
        self._holder = 0  # the process that holds: a child of os.fork ignores Ctrl+C
        self._previous: object = None

    def __enter__(self) -> HeldInterrupts:
        import threading  # here: this module loads before Ctrl+C is handled, with what Python has loaded only

        if threading.current_thread() is threading.main_thread():
            self._holder = os.getpid()
            self._previous = signal.signal(signal.SIGINT, self._press)
        return self

    def _press(self, signum: int, frame: object) -> None:
        self.pressed = True

    def __exit__(self, *exc: object) -> None:
        if self._holder:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]  # what signal.signal returned: its type is private to typeshed
            if self.pressed and os.getpid() == self._holder:
                outer = getattr(self._previous, "__self__", None)
                if isinstance(outer, HeldInterrupts):  # held within a hold: the outer one raises it
                    outer.pressed = True
                else:
                    raise KeyboardInterrupt


def interrupts_held() -> HeldInterrupts:
    return HeldInterrupts()
