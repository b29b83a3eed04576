"""Finding a site's files: inside the site directory only, regular files only, in a stable order.

A link (symlink) that leads out of the site is refused, whether it is a file or a folder: a site
copied from someone else's repository must not publish or read ``~/.ssh`` through a link.
Links inside the site are followed, each folder read once (no loops).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from generator.errors import Problems


def content_files(site_dir: Path, folder: str, suffixes: tuple[str, ...], problems: Problems) -> list[tuple[Path, str]]:
    """The files under ``folder`` whose names end with one of ``suffixes`` (in any case), as
    (path, path relative to the site), sorted. Other visible files get a warning: they are not
    read, which an editor should know. Hidden files and folders (".git", ".DS_Store") are skipped.
    """
    return [(Path(path), rel) for path, rel in content_file_paths(site_dir, folder, suffixes, problems)]


def content_file_paths(site_dir: Path, folder: str, suffixes: tuple[str, ...],
                       problems: Problems) -> list[tuple[str, str]]:
    """``content_files``, each path a string: what a build reads on every save, where making a
    Path of each of 10,000 files cost 0.1 s."""
    root = site_dir / folder
    if not root.exists() and not root.is_symlink():
        return []
    site_real = site_dir.resolve()
    found: list[tuple[str, str]] = []
    read: set[Path] = set()
    pending = [root]
    while pending:
        directory = pending.pop()
        rel_dir = directory.relative_to(site_dir).as_posix()
        real = directory.resolve()
        if not real.is_relative_to(site_real):
            problems.error(rel_dir, None, "this folder is a link to a folder outside the site directory",
                           "copy the files into the site instead of linking to them")
            continue
        if not real.is_dir():
            problems.error(rel_dir, None, "this should be a folder", f"move the file away and create the folder {rel_dir}/")
            continue
        if real in read:
            continue
        read.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            problems.error(rel_dir, None, f"cannot read this folder: {exc.strerror or exc}", "check its permissions")
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            # Strings, not Paths, until a file is found: a folder may hold tens of thousands.
            rel = f"{rel_dir}/{name}"
            if _is_dir(entry):
                pending.append(Path(entry.path))
            elif not name.lower().endswith(suffixes):
                problems.warning(rel, None, f"this file is not read: only {_names(suffixes)} files are",
                                 "rename it if it is meant to be read, or move it out of this folder")
            elif entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(site_real):
                problems.error(rel, None, "this is a link to a file outside the site directory",
                               "copy the file into the site instead of linking to it")
            elif entry.is_symlink() and not os.path.exists(entry.path):
                problems.error(rel, None, "this is a link to a file that does not exist", "fix the link or remove it")
            elif not _is_file(entry):
                problems.error(rel, None, "this is not a regular file (a pipe, socket or device?)", "remove it")
            else:
                found.append((entry.path, rel))
    found.sort(key=lambda item: item[1])
    return found


def site_file(site_dir: Path, rel: str, problems: Problems) -> Path | None:
    """The single file ``rel`` of the site (``site.yaml``, ``content/changes.yaml``), or None when
    there is none; a link to a file outside the site is refused like any other."""
    path = site_dir / rel
    if path.is_symlink() and not path.resolve().is_relative_to(site_dir.resolve()):
        problems.error(rel, None, f"{rel} is a link to a file outside the site directory",
                       "copy the file into the site instead of linking to it")
        return None
    if path.is_symlink() and not path.exists():
        problems.error(rel, None, "this is a link to a file that does not exist", "fix the link or remove it")
        return None
    return path if path.is_file() else None


def refuse_case_twins(files: Iterable[tuple[Path, str]], problems: Problems) -> None:
    """Two files whose paths differ only in letter case would overwrite each other on macOS and
    Windows, and on a static host's case-insensitive storage: refuse them on every system."""
    first: dict[str, str] = {}
    for _, rel in files:
        other = first.setdefault(rel.casefold(), rel)
        if other != rel:
            problems.error(rel, None, f"this file name differs from {other} only in letter case",
                           "rename one of them: they would be the same file on macOS, Windows and many hosts")


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=True)
    except OSError:
        return False


def _names(suffixes: tuple[str, ...]) -> str:
    return " and ".join(", ".join(suffixes).rsplit(", ", 1))
