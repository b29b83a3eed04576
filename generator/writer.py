"""Stage 4: the one writer that owns the output directory.

Pages are written into a staging directory beside the output; only a complete build replaces the
output, by renaming. A failed or killed build leaves the previous site as it was. The writer
refuses to write one path twice and any path that would land outside the output.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path, PurePosixPath

from generator.errors import OutputError

# Marks a directory as briefing's output, so that --out never replaces a directory it did not make.
MARKER = ".briefing-output"


class OutputWriter:
    def __init__(self, out_dir: Path):
        self.final = out_dir.absolute()
        self.stage = self.final.with_name(f".{self.final.name}.building")
        self.backup = self.final.with_name(f".{self.final.name}.previous")
        self._written: dict[str, str] = {}  # case-folded path -> path as written
        self._recover_interrupted_swap()
        self._check_replaceable()
        try:
            if self.stage.exists():
                shutil.rmtree(self.stage)
            self.stage.mkdir(parents=True)
            (self.stage / MARKER).write_text("This directory is written by `briefing build`.\n", encoding="utf-8")
        except OSError as exc:
            raise OutputError(_describe(exc, self.stage)) from None

    def _recover_interrupted_swap(self) -> None:
        # A build killed between the two renames of commit() leaves only the backup: put it back.
        if self.backup.exists() and not self.final.exists():
            os.rename(self.backup, self.final)
        elif self.backup.exists():
            shutil.rmtree(self.backup, ignore_errors=True)

    def _check_replaceable(self) -> None:
        if not self.final.exists():
            return
        if not self.final.is_dir():
            raise OutputError(f"{self.final} exists and is not a directory: choose another --out")
        if any(self.final.iterdir()) and not (self.final / MARKER).exists():
            raise OutputError(f"refusing to replace {self.final}: it was not made by `briefing build`. "
                              "Empty or remove it, or choose another --out")

    def _target(self, rel: str) -> Path:
        pure = PurePosixPath(rel)
        if pure.is_absolute() or not pure.parts or any(part in ("", ".", "..") for part in pure.parts) or "\\" in rel:
            raise OutputError(f"refusing to write {rel!r}: the path must stay inside the output directory")
        key = rel.casefold()
        if key in self._written:
            raise OutputError(f"two pages would be written to the same file {rel!r} "
                              f"(also {self._written[key]!r}): give one of them another id")
        self._written[key] = rel
        target = self.stage.joinpath(*pure.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes) -> None:
        try:
            self._target(rel).write_bytes(data)
        except OSError as exc:
            raise OutputError(_describe(exc, self.stage / rel)) from None

    def copy_file(self, rel: str, source: Path) -> None:
        try:
            shutil.copyfile(source, self._target(rel))
        except OSError as exc:
            raise OutputError(_describe(exc, self.stage / rel)) from None

    @property
    def written(self) -> tuple[str, ...]:
        return tuple(sorted(self._written.values()))

    def commit(self) -> None:
        """Swap the finished build in place of the previous output."""
        try:
            if self.final.exists():
                os.rename(self.final, self.backup)
            os.rename(self.stage, self.final)
        except OSError as exc:
            raise OutputError(_describe(exc, self.final)) from None
        shutil.rmtree(self.backup, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)


def _describe(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"the disk is full while writing {path}: free some space and build again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {path}: permission denied. Choose a writable --out"
    return f"cannot write {path}: {exc.strerror or exc}"
