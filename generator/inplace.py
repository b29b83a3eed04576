"""The writer of ``briefing serve``'s own folder: files changed where they are, not a new folder
swapped in.

``briefing serve`` builds into a folder of its own (in the build cache), which nothing but its
HTTP server reads: the published ``output/`` is never touched by it. There a rebuild after one
save has no need to make a whole new folder (a hard link for each of 11,000 unchanged files at
10,000 articles, then removing the old one): it replaces the files whose bytes changed, each in
one atomic step (a new file renamed over the old one, so the server never reads half a page),
and removes those the build no longer makes. An edited page is in place, and served, as soon as
it is rendered, while the build goes on with the rest.

What differs from ``OutputWriter``: a build that fails half-way leaves the folder half updated.
That is fine here, and only here: while the last build failed the server shows the error page
instead of any file, and the next good build brings every file up to date (a file it finds
other than recorded is written again). The marker that identifies the build in the folder is
replaced only once the build is complete, so records are never matched to a folder that does not
hold what they say.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from generator import writer
from generator.writer import MARKER, FileStat, OutputWriter, file_stat

NEXT_MARKER = MARKER + ".next"


class InPlaceWriter(OutputWriter):
    """Writes a build straight into ``out_dir``; ``leave`` names top-level entries that belong to
    someone else (the search index, made by serve in the background) and are never removed."""

    def __init__(self, out_dir: Path, *, leave: Iterable[str] = ()):
        self.final = out_dir.absolute()
        self.stage = self.final
        self.backup = self.final.with_name(f".{self.final.name}.previous")  # never used here
        self.aside = self.final.with_name(f".{self.final.name}.aside")
        self.leave = frozenset(leave)
        self._root = str(self.final) + os.sep
        self._written: dict[str, str] = {}
        self._folders: set[str] = set()
        # The files this build changed in the folder so far, in order: written, moved in, removed.
        self.changed: list[str] = []
        self._lock = writer._lock_output(self.final)
        try:
            self._check_replaceable()
            self.final.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(self.aside, ignore_errors=True)
            # The marker of this build, put in place by commit(): its identity is the build's tag.
            writer._write_file(self.final / NEXT_MARKER, writer.MARKER_TEXT)
        except OSError as exc:
            self._release()
            raise writer._output_error(exc, self.final, None) from None
        except BaseException:
            self._release()
            raise

    def _check_replaceable(self) -> None:
        if not (self.final / NEXT_MARKER).exists():  # else a build of ours stopped half-way
            super()._check_replaceable()

    def write_bytes(self, rel: str, data: bytes) -> FileStat:
        return self._replace(rel, lambda path: writer._write_file(path, data))

    def copy_file(self, rel: str, source: Path) -> FileStat:
        return self._replace(rel, lambda path: writer._copy_file(source, path))

    def move_in(self, rel: str, source: Path) -> FileStat:
        stat = super().move_in(rel, source)
        self.changed.append(rel)
        return stat

    def _replace(self, rel: str, make: Callable[[str], None]) -> FileStat:
        try:
            target = self._target(rel)
            fresh = f"{target}.briefing-new"
            make(fresh)
            os.replace(fresh, target)
            self.changed.append(rel)
            return file_stat(target)
        except OSError as exc:
            raise writer._output_error(exc, self.final, rel) from None

    def keep_previous(self, rel: str, previous: FileStat) -> FileStat | None:
        """The file as it is, if it is still the one recorded (else None: the caller writes it)."""
        # Asked of every page a save does not change (11,000 at 10,000 articles): the file is where
        # it is, so its path is only claimed, with no folder to make or join.
        try:
            if file_stat(self._root + rel.replace("/", os.sep)) != previous:
                return None
        except OSError:
            return None
        self._claim(rel)  # refuses a path twice, or out of the folder
        return previous

    def tag(self) -> FileStat:
        return file_stat(self.final / NEXT_MARKER)

    def commit(self) -> None:
        """Remove what this build did not make, then mark the folder as this build's."""
        try:
            self._remove_stale()
            os.replace(self.final / NEXT_MARKER, self.final / MARKER)
        except OSError as exc:
            raise writer._output_error(exc, self.final, None) from None
        finally:
            shutil.rmtree(self.aside, ignore_errors=True)
            self._release()

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.final / NEXT_MARKER)
        shutil.rmtree(self.aside, ignore_errors=True)
        self._release()

    def _remove_stale(self) -> None:
        made = set(self._written)  # case-folded
        emptied = set()
        for folder, dirs, files in os.walk(self.final):
            prefix = os.path.relpath(folder, self.final).replace(os.sep, "/") + "/"
            if prefix == "./":
                prefix = ""
                dirs[:] = [d for d in dirs if d not in self.leave]
                files = [f for f in files if f not in self.leave and f not in (MARKER, NEXT_MARKER)]
            for name in files:
                if (prefix + name).casefold() not in made:
                    os.unlink(os.path.join(folder, name))
                    self.changed.append(prefix + name)
                    emptied.add(folder)
        for folder in sorted(emptied, key=len, reverse=True):  # deepest first, then their parents
            while folder != str(self.final) and not os.listdir(folder):
                os.rmdir(folder)
                folder = os.path.dirname(folder)
