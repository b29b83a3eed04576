"""Where the ``briefing`` command starts (and ``python -m generator``): Ctrl+C is answered from
the first moment, before the modules of a build are loaded.

Loading them takes most of a second, and a KeyboardInterrupt raised in the middle of an import
would end in a traceback. So until they are loaded, Ctrl+C ends the process at once with one
line: nothing has been written yet. Once they are, Ctrl+C raises KeyboardInterrupt as usual, the
build cleans up what it began (the output is swapped in only when complete), and the command
line says the same line (``generator.cli``). Nothing but what Python has loaded at its own start
is loaded before the handler is set. Importing this module is starting the command: nothing else
imports it.
"""

from __future__ import annotations

import signal

from generator.interrupt import INTERRUPTED_STATUS, exit_interrupted, leave_interrupted

# Set as this module loads, not when main() is called: the command's launcher (written by pip)
# runs code of its own in between.
signal.signal(signal.SIGINT, exit_interrupted)


def main() -> int:
    signal.signal(signal.SIGINT, exit_interrupted)  # again, for a caller that imported this earlier
    from generator.cli import main as run_command  # the modules of a build: most of a second

    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        status = run_command()
    except KeyboardInterrupt:  # pressed again while the first was being said
        status = INTERRUPTED_STATUS
    if status == INTERRUPTED_STATUS:
        leave_interrupted()
    # The command is done (and has said so): Ctrl+C while Python winds down changes nothing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return status
