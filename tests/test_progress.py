"""The progress bar: on a terminal only, only for builds longer than a second; and the one line
every build ends with."""

from __future__ import annotations

import io
import re

import pytest

import generator.progress as progress_module
from generator.cli import main
from generator.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_step(stream, monkeypatch, elapsed: float) -> str:
    clock = iter([0.0, *([elapsed] * 20)])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    progress = Progress(stream)
    progress.step("pages", 10)
    for _ in range(10):
        progress.advance()
    progress.finish()
    return stream.getvalue()


def test_a_long_build_on_a_terminal_shows_a_bar_and_clears_it(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    shown = run_step(Terminal(), monkeypatch, elapsed=2.0)
    assert "0/10 pages" in shown and shown.endswith("\r\x1b[K")


def test_a_short_build_shows_nothing(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert run_step(Terminal(), monkeypatch, elapsed=0.5) == ""


def test_no_bar_when_piped_or_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert run_step(io.StringIO(), monkeypatch, elapsed=5.0) == ""
    monkeypatch.setenv("CI", "true")
    assert run_step(Terminal(), monkeypatch, elapsed=5.0) == ""
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "dumb")
    assert run_step(Terminal(), monkeypatch, elapsed=5.0) == ""


def test_a_build_ends_with_one_line_saying_what_it_did(tmp_site, capsys):
    site = tmp_site()
    assert main(["build", "--site", str(site), "--no-search"]) == 0
    first = capsys.readouterr().out
    assert re.fullmatch(r"Built (\d+) pages \(\d+ files\) into \S+ in [\d.]+ s: \1 rendered; "
                        r"0 of 1 article bodies from the cache\.\n", first), first
    assert main(["build", "--site", str(site), "--no-search"]) == 0
    second = capsys.readouterr().out
    assert re.fullmatch(r"Built (\d+) pages \(\d+ files\) into \S+ in [\d.]+ s: 0 rendered, \1 unchanged; "
                        r"1 of 1 article bodies from the cache\.\n", second), second


def test_jobs_must_be_a_positive_number(capsys):
    for value in ("0", "-2", "many"):
        with pytest.raises(SystemExit) as exit:
            main(["build", "--jobs", value])
        assert exit.value.code == 1
        assert "is not a whole number of at least 1" in capsys.readouterr().err
