"""Faults: a killed build, a full disk, an unwritable or busy output location. Whatever happens,
the previous site stays whole and the next build succeeds."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import generator.writer as writer_module
from bigsite import big_site_files, make_big_site
from generator.cli import main
from generator.errors import OutputError
from generator.writer import OutputWriter
from sitefiles import skip_unless_ci, write_files


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def test_kill_9_in_the_middle_of_writing_leaves_the_previous_site_whole(tmp_path):
    site = make_big_site(tmp_path / "site", articles=20)
    out = site / "output"
    assert main(["build", "--site", str(site)]) == 0
    before = snapshot(out)
    # Now a site large enough that its build takes seconds.
    write_files(site, {k: v for k, v in big_site_files(articles=600).items()})

    build = subprocess.Popen([sys.executable, "-m", "generator", "build", "--site", str(site)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stage = site / ".output.building"
    # Pages are written in path order: the actors' pages, then the 600 articles, then the rest.
    while build.poll() is None and not (stage / "articles").is_dir():
        time.sleep(0.001)
    build.send_signal(signal.SIGKILL)
    build.wait()
    build.stderr.close()
    assert build.returncode == -signal.SIGKILL, "the build ended before it could be killed: make the site larger"
    written = len(list(stage.rglob("*.html")))
    assert 21 <= written < 600, f"not killed in the middle of writing ({written} pages written)"
    assert snapshot(out) == before

    assert main(["build", "--site", str(site)]) == 0
    assert leftovers(out) == []
    assert (out / "articles/article-00599.html").is_file()
    assert snapshot(out) != before


def build_with_fault(monkeypatch, capsys, site, function: str, fail_after: int, code: int, options=()) -> str:
    real = getattr(writer_module, function)
    calls = {"n": 0}

    def faulty(*args):
        calls["n"] += 1
        if calls["n"] > fail_after:
            raise OSError(code, os.strerror(code), str(args[-1]))
        return real(*args)

    monkeypatch.setattr(writer_module, function, faulty)
    capsys.readouterr()
    assert main(["build", "--site", str(site), *options]) == 1
    assert calls["n"] > fail_after, f"{function} was not called as often as the test assumes"
    monkeypatch.setattr(writer_module, function, real)
    return capsys.readouterr().err


@pytest.mark.parametrize("function, fail_after, options", [
    ("_write_file", 0, []),   # the very first file: the staging directory's marker
    ("_write_file", 3, []),   # in the middle of the pages
    ("_copy_file", 1, ["--no-cache"]),   # while copying static files
    ("_link_file", 2, []),    # while keeping the files that did not change from the previous output
])
def test_a_full_disk_is_a_clear_error_and_changes_nothing(tmp_site, monkeypatch, capsys, function, fail_after, options):
    site = tmp_site()
    out = site / "output"
    assert main(["build", "--site", str(site)]) == 0
    before = snapshot(out)
    (site / "content/articles/second.md").write_text("---\ntitle: Second\ndate: 2025-10-20\n---\nText.\n")
    err = build_with_fault(monkeypatch, capsys, site, function, fail_after, errno.ENOSPC, options)
    assert "Traceback" not in err
    first_line, hint = err.rstrip("\n").split("\n")
    assert first_line.startswith(f"error: cannot write the site to {out}: the disk is full")
    assert hint == "  hint: free some space and build again; the previous output is untouched"
    assert snapshot(out) == before
    assert leftovers(out) == []
    assert main(["build", "--site", str(site)]) == 0 and (out / "articles/second.html").is_file()


def test_a_read_only_file_system_is_named(tmp_site, monkeypatch, capsys):
    site = tmp_site()
    err = build_with_fault(monkeypatch, capsys, site, "_write_file", 0, errno.EROFS)
    assert err.startswith(f"error: cannot write the site to {site / 'output'}: the file system is read-only")
    assert not (site / "output").exists() and leftovers(site / "output") == []


@contextlib.contextmanager
def unwritable(folder: Path):
    """Make ``folder`` refuse new entries. chmod is enough for a normal user; root writes through
    permissions, so as root the folder is made immutable (chattr +i) instead, and the test is
    skipped, saying why, where even that is not possible (in CI it fails instead)."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        try:
            yield
        finally:
            os.chmod(folder, 0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode != 0:
        skip_unless_ci("the tests run as root, which writes into read-only folders, and this system cannot make a "
                       "folder immutable (chattr +i): a permission error cannot be produced here")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


def test_an_unwritable_output_location_is_a_clear_error(tmp_site, capsys):
    site = tmp_site()
    locked = site.parent / "locked"
    locked.mkdir()
    out = locked / "output"
    assert main(["build", "--site", str(site), "--out", str(out)]) == 0
    before = snapshot(out)
    capsys.readouterr()
    with unwritable(locked):
        assert main(["build", "--site", str(site), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith(f"error: cannot write the site to {out}: permission denied")
    assert err.endswith("  hint: choose a writable --out, or change the folder's permissions; the previous output is untouched\n")
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_a_second_build_waits_for_the_first_and_gives_up_clearly(tmp_path, monkeypatch):
    out = tmp_path / "output"
    held = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)  # as a running build holds it
    try:
        monkeypatch.setattr(writer_module, "LOCK_WAIT_SECONDS", 0)
        with pytest.raises(OutputError) as failure:
            OutputWriter(out)
        assert failure.value.report() == (f"error: another briefing build is still writing into {tmp_path}\n"
                                          "  hint: wait for it to finish, or stop it, and build again")
    finally:
        os.close(held)
    writer = OutputWriter(out)  # released: the build goes ahead
    writer.write_text("index.html", "x")
    writer.commit()
    assert (out / "index.html").read_text() == "x"


def test_commit_is_one_atomic_exchange_where_the_system_offers_it(tmp_path, monkeypatch):
    out = tmp_path / "output"
    first = OutputWriter(out)
    first.write_text("index.html", "old")
    first.commit()
    if not writer_module._exchange(tmp_path / "output", tmp_path / "output"):
        skip_unless_ci("this system or file system cannot exchange two directories atomically")
    renames = []
    monkeypatch.setattr(writer_module.os, "rename", lambda *a: renames.append(a))
    second = OutputWriter(out)
    second.write_text("index.html", "new")
    second.commit()
    assert renames == [] and (out / "index.html").read_text() == "new" and leftovers(out) == []


def test_without_exchange_two_renames_do_the_same(tmp_path, monkeypatch):
    monkeypatch.setattr(writer_module, "_exchange", lambda a, b: False)
    out = tmp_path / "output"
    for text in ("old", "new"):
        writer = OutputWriter(out)
        writer.write_text("index.html", text)
        writer.commit()
    assert (out / "index.html").read_text() == "new" and leftovers(out) == []


def test_a_build_killed_between_the_two_renames_keeps_the_previous_output(tmp_path, monkeypatch):
    # Without an atomic exchange the old output is renamed aside, then the new one into place: a
    # build that dies in between must leave the old output whole beside it, for the next build to
    # put back (never deleted first).
    monkeypatch.setattr(writer_module, "_exchange", lambda a, b: False)
    out = tmp_path / "output"
    first = OutputWriter(out)
    first.write_text("index.html", "old")
    first.commit()
    renames: list[tuple[str, str]] = []
    real_rename = os.rename

    def killed_at_the_second(source, target):
        renames.append((Path(source).name, Path(target).name))
        if len(renames) == 2:
            raise KeyboardInterrupt  # as if the process were stopped here (kill -9 runs no cleanup at all)
        real_rename(source, target)

    second = OutputWriter(out)
    second.write_text("index.html", "new")
    monkeypatch.setattr(writer_module.os, "rename", killed_at_the_second)
    with pytest.raises(KeyboardInterrupt):
        second.commit()
    monkeypatch.setattr(writer_module.os, "rename", real_rename)
    assert renames == [("output", ".output.previous"), (".output.building", "output")]
    assert not out.exists() and (tmp_path / ".output.previous" / "index.html").read_text() == "old"
    OutputWriter(out).discard()  # the next build puts it back first
    assert (out / "index.html").read_text() == "old" and leftovers(out) == []


@pytest.mark.parametrize("folder", ["content", "static", "templates"])
def test_the_output_may_not_be_inside_a_folder_the_build_reads(tmp_site, capsys, folder):
    site = tmp_site()
    assert main(["build", "--site", str(site), "--out", str(site / folder / "out")]) == 1
    assert capsys.readouterr().err == (
        f"error: the output directory {site / folder / 'out'} is inside {folder}/, which the build reads\n"
        "  hint: choose an --out outside content/, templates/ and static/ (the default is output/)\n")
    assert not (site / folder / "out").exists()


def test_the_site_folder_itself_is_never_replaced(tmp_site, capsys):
    site = tmp_site()
    assert main(["build", "--site", str(site), "--out", str(site)]) == 1
    assert "it was not made by `briefing build`" in capsys.readouterr().err
    assert (site / "site.yaml").exists()


def test_a_check_that_cannot_run_here_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="this check must run in CI"):
        skip_unless_ci("chattr is missing")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="chattr is missing"):
        skip_unless_ci("chattr is missing")
