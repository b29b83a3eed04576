"""Ctrl+C, pressed as a person presses it: the command runs on a pseudo-terminal of its own and
the terminal's interrupt character is typed into it, so that the terminal sends SIGINT to the
whole foreground process group (the command, its workers, Pagefind). At every moment tested the
command says one line, shows no traceback, exits 130 and leaves the previous output as it was;
`briefing import`, which has no output, says what it wrote (each file whole).
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bigsite import make_big_site
from generator.interrupt import INTERRUPTED

COMMAND = Path(sys.executable).with_name("briefing")  # the command as installed, as a person runs it
CTRL_C = b"\x03"
WAIT = 120.0
CLEAR_LINE = "\x1b[K"
HANDLER_SET = re.compile(rb"\| +generator\.start\r\n")
IMPORT_NOTE = re.compile(r"import time:[^\n]*\n")


def run_in_terminal(args: list[str], cwd: Path, press_when: Callable[[str, float], bool] | None,
                    env: dict[str, str] | None = None, keys: bytes = CTRL_C) -> tuple[str, int]:
    """Run ``briefing ARGS`` on a new pseudo-terminal; type ``keys`` (Ctrl+C) once
    ``press_when(output so far, seconds since briefing's first module loaded)`` holds (never if
    None). Returns what the terminal showed (without Python's notes of each import) and the exit
    status.

    Time is counted from briefing's first module, which sets the Ctrl+C handler: before it, while
    Python itself starts (tens of milliseconds, more on a busy machine), Ctrl+C is Python's own
    (docs/robustness.md). Python notes each import as it ends (PYTHONPROFILEIMPORTTIME) on the
    terminal, which is how the test sees that moment come."""
    environment = {key: value for key, value in os.environ.items() if key != "CI"}  # CI hides the progress bar
    environment.update({"TERM": "xterm", "COLUMNS": "100", "PYTHONPROFILEIMPORTTIME": "1", **(env or {})})
    pid, terminal = pty.fork()  # the child leads a new session, with the terminal as its controlling one
    if pid == 0:
        try:
            os.chdir(cwd)
            os.execve(str(COMMAND), [str(COMMAND), *args], environment)
        finally:
            os._exit(127)
    started = time.monotonic()
    handled_from: float | None = None  # when briefing's first module had loaded
    shown = b""
    pressed = False
    try:
        while True:
            if handled_from is None and HANDLER_SET.search(shown):
                handled_from = time.monotonic()
            if not pressed and press_when is not None and handled_from is not None and press_when(
                    shown.decode("utf-8", "replace"), time.monotonic() - handled_from):
                os.write(terminal, keys)
                pressed = True
            if time.monotonic() - started > WAIT:
                raise AssertionError("the command did not end:\n" + shown.decode("utf-8", "replace"))
            ready, _, _ = select.select([terminal], [], [], 0.01)
            if ready:
                try:
                    chunk = os.read(terminal, 65536)
                except OSError:  # EIO: every process holding the terminal has ended
                    break
                if not chunk:
                    break
                shown += chunk
    finally:
        if time.monotonic() - started > WAIT:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(terminal)
    assert pressed or press_when is None, "the moment to press Ctrl+C never came:\n" + shown.decode("utf-8", "replace")
    return IMPORT_NOTE.sub("", shown.decode("utf-8", "replace")), os.waitstatus_to_exitcode(status)


def visible_lines(shown: str) -> list[str]:
    """The lines as the terminal shows them in the end: a carriage return goes back to the start
    of the line, ESC [ K clears the rest of it (a redrawn progress bar, the echoed ^C)."""
    screen = []
    for row in shown.replace("\r\n", "\n").split("\n"):
        line: list[str] = []
        cursor = 0
        for part in re.split(r"(\r|\x1b\[K)", row):
            if part == "\r":
                cursor = 0
            elif part == CLEAR_LINE:
                del line[cursor:]
            else:
                line[cursor:cursor + len(part)] = part
                cursor += len(part)
        if "".join(line).strip():
            screen.append("".join(line))
    return screen


def assert_interrupted(shown: str, status: int, before: list[str] | None = None) -> None:
    assert "Traceback" not in shown and "KeyboardInterrupt" not in shown, shown
    assert status == 130, (status, shown)
    assert visible_lines(shown) == [*(before or []), INTERRUPTED], shown


def output_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def long_build_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """A site whose build takes seconds, built once (the output an interrupted build must keep),
    and how long a build without cache took."""
    if not COMMAND.is_file():
        pytest.fail(f"{COMMAND} is missing: run scripts/setup")
    site = make_big_site(tmp_path_factory.mktemp("interrupt") / "site", articles=300)
    shown, status = run_in_terminal(["build", "--no-search", "--no-cache"], site, None)
    assert status == 0, shown
    return site, float(re.search(r"in ([0-9.]+) s", shown).group(1))  # type: ignore[union-attr]


def test_ctrl_c_while_the_modules_load(tmp_site):
    # Pressed as soon as briefing's first module has loaded, long before the modules of a build have.
    site = tmp_site()
    loaded: list[str] = []

    def now(output: str, _: float) -> bool:
        loaded.append(output)
        return True

    shown, status = run_in_terminal(["build"], site, now)
    assert "| generator.cli\r\n" not in loaded[0], "pressed too late: the modules had loaded"
    assert_interrupted(shown, status)
    assert not (site / "output").exists() and not (site / ".briefing-cache").exists()


PAGES_UNDER_WAY = re.compile(r"(\d+)/(\d+) pages")


def pages_done(output: str) -> float:
    """How far the progress bar shows the pages step: 0 to 1, or -1 before it shows."""
    shown = PAGES_UNDER_WAY.findall(output)
    return int(shown[-1][0]) / int(shown[-1][1]) if shown else -1.0


@pytest.mark.parametrize("moment", ["0.1 of the time", "0.25 of the time", "pages 0", "pages 0.4", "pages 0.8"])
def test_ctrl_c_during_a_build_keeps_the_previous_output(long_build_site, moment):
    # Early on, at a share of the time a whole build takes (loading, Markdown); then as far into
    # the pages (rendered in workers, and written) as the progress bar shows.
    site, seconds = long_build_site
    before = output_files(site / "output")
    share = float(moment.split()[1] if moment.startswith("pages") else moment.split()[0])

    def now(output: str, elapsed: float) -> bool:
        if "Built " in output:
            raise AssertionError(f"the build ended before Ctrl+C was pressed at {moment}")
        return pages_done(output) >= share if moment.startswith("pages") else elapsed >= share * seconds

    shown, status = run_in_terminal(["build", "--no-cache", "--no-search"], site, now)
    assert_interrupted(shown, status)
    assert output_files(site / "output") == before
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".output")) == []  # nothing left aside


@pytest.mark.parametrize("delay", [0.0, 0.1, 0.3, 0.6])
def test_ctrl_c_at_any_moment_of_a_check(long_build_site, delay):
    site, _ = long_build_site
    shown, status = run_in_terminal(["check"], site, lambda _, elapsed: elapsed >= delay)
    assert_interrupted(shown, status)


def test_ctrl_c_pressed_again_while_it_cleans_up_still_says_one_line(long_build_site):
    site, _ = long_build_site
    before = output_files(site / "output")
    shown, status = run_in_terminal(["build", "--no-cache", "--no-search"], site,
                                    lambda output, _: pages_done(output) >= 0, keys=CTRL_C * 3)
    assert_interrupted(shown, status)
    assert output_files(site / "output") == before


def test_ctrl_c_stops_the_server_with_one_line(tmp_site):
    site = tmp_site()
    port = _free_port()
    shown, status = run_in_terminal(["serve", "--port", str(port)], site,
                                    lambda output, _: bool(re.search(r"Serving the briefing on .*\r\n", output)))
    assert "Traceback" not in shown, shown
    assert status == 130, (status, shown)
    assert visible_lines(shown)[-2:] == [visible_lines(shown)[-2], INTERRUPTED], shown
    assert visible_lines(shown)[-2].startswith("Serving the briefing on"), shown


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def clippings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of 400 clippings that import cleanly (a dry run, which writes nothing, says so)."""
    folder = tmp_path_factory.mktemp("clippings")
    for n in range(400):
        (folder / f"{n:03}.txt").write_text(f"Headline number {n}\nNov 06, 2025\nISLAMABAD: Paragraph {n} of the "
                                            "story, as it was printed.\nA second paragraph.\n", encoding="utf-8")
    site = make_big_site(tmp_path_factory.mktemp("import") / "site", articles=1)
    shown, status = run_in_terminal(["import", "--dry-run", str(folder)], site, None)
    assert status == 0, shown
    return folder


@pytest.mark.parametrize("share", [0.0, 0.3, 0.6, 0.8])
def test_ctrl_c_during_an_import_says_what_it_wrote(tmp_site, clippings, share):
    # `briefing import` has no output/ to keep: the line says what was written, each file complete.
    sources = clippings
    site = tmp_site()
    before = {p.name for p in (site / "content/articles").iterdir()}
    # Pressed once that share of the sources has its article on disk (the report is printed at the
    # end): by time, an import under load ended before the moment came, or was never interrupted.
    def imported() -> int:
        return sum(1 for p in (site / "content/articles").iterdir() if p.name not in before and not p.name.startswith("."))

    shown, status = run_in_terminal(["import", str(sources)], site, lambda _, __: imported() >= share * 400)
    assert "Traceback" not in shown and status == 130, (status, shown)
    line = visible_lines(shown)[-1]
    written = sorted(p for p in (site / "content/articles").iterdir() if p.name not in before)
    if not written:
        assert line == "interrupted; nothing was imported, nothing was written", shown
    else:
        assert line.startswith(f"interrupted; {len(written)} file(s) written before it are complete (the last: "
                               f"content/articles/{max(written, key=lambda p: p.stat().st_mtime_ns).name})"), shown
        assert line.endswith(f"; {400 - len(written)} source(s) not imported: run the same import again for them "
                             "(those imported are skipped)"), shown
    for path in written:  # each whole: it ends as the import writes it
        assert path.read_text(encoding="utf-8").endswith("A second paragraph.\n"), path
    assert [p.name for p in (site / "content/articles").iterdir() if p.name.startswith(".")] == []
