"""Stage 4: the one writer that owns the output directory.

Pages are written into a staging directory beside the output; only a complete build replaces the
output. Where the system can (Linux, macOS) the two directories are exchanged in one atomic step,
so there is no moment without a complete site; elsewhere two renames, and a build killed between
them is repaired by the next. A failed or killed build leaves the previous site as it was, and the
next build removes its leftovers. The writer refuses to write one path twice (in any letter case)
and any path that would land outside the output. One build at a time writes a given output.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from generator.errors import OutputError

# Marks a directory as briefing's output, so that --out never replaces a directory it did not make.
MARKER = ".briefing-output"
MARKER_TEXT = b"This directory is written by `briefing build`.\n"
# How long a build waits for another build writing the same output before giving up.
LOCK_WAIT_SECONDS = 120


class OutputWriter:
    def __init__(self, out_dir: Path):
        self.final = out_dir.absolute()
        self.stage = self.final.with_name(f".{self.final.name}.building")
        self.backup = self.final.with_name(f".{self.final.name}.previous")
        self.aside = self.final.with_name(f".{self.final.name}.aside")  # see scratch()
        self._written: dict[str, str] = {}  # case-folded path -> path as written
        self._folders: set[str] = set()  # folders of the staging directory made so far
        self._lock = _lock_output(self.final)
        try:
            self._recover_interrupted_swap()
            self._check_replaceable()
            _remove(self.stage)  # the leftovers of a build that was killed
            _remove(self.aside)
            self.stage.mkdir(parents=True)
            _write_file(self.stage / MARKER, MARKER_TEXT)
        except OSError as exc:
            shutil.rmtree(self.stage, ignore_errors=True)
            self._release()
            raise _output_error(exc, self.final, None) from None
        except BaseException:
            self._release()
            raise

    def _recover_interrupted_swap(self) -> None:
        # A build killed between the two renames of a non-atomic commit leaves only the backup.
        if os.path.lexists(self.backup) and not os.path.lexists(self.final):
            os.rename(self.backup, self.final)
        else:
            _remove(self.backup)

    def _check_replaceable(self) -> None:
        if not os.path.lexists(self.final):
            return
        if not self.final.is_dir():
            raise OutputError(f"{self.final} exists and is not a directory", "choose another --out")
        if any(self.final.iterdir()) and not (self.final / MARKER).exists():
            raise OutputError(f"refusing to replace {self.final}: it was not made by `briefing build`",
                              "empty or remove it, or choose another --out")

    def _claim(self, rel: str) -> list[str]:
        """Take ``rel`` for this build's output (its parts): refused if it would leave the output
        or another file of the build has it."""
        # Plain strings, not pathlib: a build asks this of every file it writes or keeps, and
        # pathlib's parsing cost 0.3 s of a rebuild at 10,000 articles. An empty part is a
        # leading, trailing or doubled "/".
        parts = rel.split("/")
        if "" in parts or "." in parts or ".." in parts or "\\" in rel or "\x00" in rel:
            raise OutputError(f"refusing to write {rel!r}: the path must stay inside the output directory",
                              "give the page or file a plain name (no '..', no leading '/')")
        key = rel.casefold()
        if key in self._written:
            raise OutputError(f"two files would be written to the same path {rel!r} (also {self._written[key]!r})",
                              "give one of them another id or file name")
        self._written[key] = rel
        return parts

    def _target(self, rel: str) -> str:
        """Where in the staging directory ``rel`` is written (its folder made): see _claim()."""
        target = os.path.join(self.stage, *self._claim(rel))
        folder = os.path.dirname(target)
        if folder not in self._folders:  # one system call per folder, not per file
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return target

    def write_text(self, rel: str, text: str) -> FileStat:
        return self.write_bytes(rel, text.encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes) -> FileStat:
        try:
            target = self._target(rel)
            _write_file(target, data)
            return file_stat(target)
        except OSError as exc:
            raise _output_error(exc, self.final, rel) from None

    def copy_file(self, rel: str, source: Path) -> FileStat:
        try:
            target = self._target(rel)
            _copy_file(source, target)
            return file_stat(target)
        except OSError as exc:
            raise _output_error(exc, self.final, rel) from None

    def scratch(self) -> Path:
        """A folder beside the output (so on its file system) where another process of this build
        may make a file, for move_in() to put into the output. Never published; removed when the
        build ends, and by the next build if this one is killed."""
        try:
            self.aside.mkdir(exist_ok=True)
        except OSError as exc:
            raise _output_error(exc, self.final, None) from None
        return self.aside

    def write_scratch(self, name: str, data: bytes) -> Path:
        """Write a file into scratch(), from any process of this build, for move_in()."""
        return self.make_scratch(name, lambda path: _write_file(path, data))

    def make_scratch(self, name: str, make: Callable[[Path], None]) -> Path:
        """Have ``make`` write the file ``name`` into scratch() (for data written straight to a
        file, never whole in memory), for move_in()."""
        path = self.scratch() / name
        try:
            make(path)
        except OSError as exc:
            raise _output_error(exc, self.final, name) from None
        return path

    def move_in(self, rel: str, source: Path) -> FileStat:
        """Put a file made in scratch() into the output as ``rel`` (a rename: nothing is copied)."""
        try:
            target = self._target(rel)
            os.replace(source, target)
            return file_stat(target)
        except OSError as exc:
            raise _output_error(exc, self.final, rel) from None

    def keep_previous(self, rel: str, previous: FileStat) -> FileStat | None:
        """Put the previous output's ``rel`` into this build as it is, if it is still the file
        that was written then (``previous``): a hard link, so its bytes are not written again and
        its modification time stays that of the build that last changed it. None (and nothing
        done) when that file is gone or was changed since: the caller writes it instead."""
        old = os.path.join(self.final, *rel.split("/"))
        try:
            if file_stat(old) != previous:
                return None
        except OSError:
            return None
        try:
            target = self._target(rel)
            try:
                _link_file(old, target)
                return previous
            except OSError as exc:
                if exc.errno not in _NO_HARD_LINKS:
                    raise
                _copy_file(old, target)  # a file system without hard links, or a file with too many
                return file_stat(target)
        except OSError as exc:
            raise _output_error(exc, self.final, rel) from None

    def previous_tag(self) -> FileStat | None:
        """Identifies the output this build replaces (None if there is none): the marker file of
        each build is a new file, so its identity is that build's."""
        try:
            return file_stat(self.final / MARKER)
        except OSError:
            return None

    def tag(self) -> FileStat:
        """Identifies the output this build writes, once committed (see previous_tag)."""
        return file_stat(self.stage / MARKER)

    @property
    def written(self) -> tuple[str, ...]:
        return tuple(sorted(self._written.values()))

    def commit(self) -> None:
        """Put the finished build in place of the previous output."""
        try:
            if os.path.lexists(self.final) and _exchange(self.stage, self.final):
                _remove(self.stage)  # now the previous output
            else:
                if os.path.lexists(self.final):
                    os.rename(self.final, self.backup)
                os.rename(self.stage, self.final)
                _remove(self.backup)
        except OSError as exc:
            raise _output_error(exc, self.final, None) from None
        finally:
            shutil.rmtree(self.aside, ignore_errors=True)
            self._release()

    def discard(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)
        shutil.rmtree(self.aside, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None


# A hard link fails with these where the file system has none (or a file has too many): copy instead.
_NO_HARD_LINKS = frozenset({errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS})

# What identifies a written file: if any of these changed, its bytes may have.
FileStat = tuple[int, int, int]  # (size, modification time in ns, inode)


def file_stat(path: str | Path) -> FileStat:
    found = os.stat(path)
    return (found.st_size, found.st_mtime_ns, found.st_ino)


def output_tag(out_dir: Path) -> FileStat | None:
    """The identity of the build in ``out_dir`` (see OutputWriter.previous_tag)."""
    try:
        return file_stat(out_dir / MARKER)
    except OSError:
        return None


# -- the system calls, kept here so that tests can put faults in exactly these places -----------


def _write_file(path: str | Path, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)


def _copy_file(source: str | Path, target: str | Path) -> None:
    shutil.copyfile(source, target)


def _link_file(source: str | Path, target: str | Path) -> None:
    os.link(source, target)


def _remove(path: Path) -> None:
    """Remove a leftover directory, file or link, if it is there."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically; False where the system or file system cannot."""
    libc = _libc()
    if libc is None:
        return False
    try:
        if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
            at_fdcwd, rename_exchange = -100, 2
            result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
        elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
            rename_swap = 2
            result = libc.renamex_np(os.fsencode(a), os.fsencode(b), rename_swap)
        else:
            return False
    except (AttributeError, OSError):
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False  # e.g. a file system without exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(b))


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _lock_output(final: Path) -> int | None:
    """Hold an exclusive lock on the output's parent folder until commit or discard, so that two
    builds (a `briefing build` beside `briefing serve`, parallel CI jobs) never share a staging
    directory. The system releases it if the process dies: a killed build leaves no stale lock."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds are not serialised
        return None
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(final.parent, os.O_RDONLY)
    except OSError as exc:
        raise _output_error(exc, final, None) from None
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return descriptor
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(descriptor)
                raise OutputError(f"another briefing build is still writing into {final.parent}",
                                  "wait for it to finish, or stop it, and build again") from None
            time.sleep(0.05)
        except OSError:
            return descriptor  # a file system without locks: build unserialised rather than not at all


def _output_error(exc: OSError, final: Path, rel: str | None) -> OutputError:
    writing = f" (writing {rel})" if rel else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"cannot write the site to {final}: the disk is full{writing}",
                           "free some space and build again; the previous output is untouched")
    if exc.errno == errno.EROFS:
        return OutputError(f"cannot write the site to {final}: the file system is read-only{writing}",
                           "choose an --out on a writable disk; the previous output is untouched")
    if exc.errno in (errno.EACCES, errno.EPERM):
        where = f" ({exc.filename})" if exc.filename else ""
        return OutputError(f"cannot write the site to {final}: permission denied{where}",
                           "choose a writable --out, or change the folder's permissions; the previous output is untouched")
    return OutputError(f"cannot write the site to {final}{writing}: {exc.strerror or exc}",
                       "check the output location and build again; the previous output is untouched")
