"""The site's folders as a build sees them: the static files it copies, the templates whose
change renders every page again, and where the output may not go."""

from __future__ import annotations

import os
from pathlib import Path

from generator.cache import content_hash
from generator.errors import OutputError, Problems
from generator.load.files import content_files, refuse_case_twins
from generator.render import TEMPLATES_DIR

STATIC_DIR = "static"
SOURCE_DIRS = ("content", TEMPLATES_DIR, STATIC_DIR)


def find_static_files(site_dir: Path, problems: Problems) -> tuple[tuple[str, Path], ...]:
    """The site's static files (copied as they are), as (output path, source path)."""
    files = content_files(site_dir, STATIC_DIR, ("",), problems)
    refuse_case_twins(files, problems)
    return tuple((rel, path) for path, rel in files)


def templates_key(site_dir: Path) -> str:
    """A hash of every template file: any change to one renders every page again. Linked folders
    are followed, as the template loader follows them (each real folder once)."""
    root = site_dir / TEMPLATES_DIR
    parts: list[str | bytes] = []
    seen: set[str] = set()
    for folder, dirs, names in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            dirs.clear()
            continue
        seen.add(real)
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file():
                parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return content_hash(*parts)


def check_output_location(site_dir: Path, out_dir: Path) -> None:
    """The output must not be inside a folder the build reads: it would be read back next time."""
    out_real = out_dir.absolute().resolve()
    for folder in SOURCE_DIRS:
        source = (site_dir / folder).resolve()
        if out_real == source or out_real.is_relative_to(source):
            raise OutputError(f"the output directory {out_dir} is inside {folder}/, which the build reads",
                              "choose an --out outside content/, templates/ and static/ (the default is output/)")
