"""New files in a site, as ``briefing new`` and ``briefing import`` make them: the site must be
there, today is the site's today, an id is free or refused, and a file is created whole or not at
all, never over another.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import zoneinfo
from pathlib import Path

from generator.errors import BriefingError, Problems
from generator.interrupt import interrupts_held
from generator.load.config import CONFIG_FILE, load_config
from generator.load.content import slugify
from generator.schema import ID_PATTERN

SCHEMAS_DIR = "schemas"
MAX_SLUG_LENGTH = 60


class NewFileError(BriefingError):
    """A new file cannot be made as asked."""


def require_site(site_dir: Path) -> None:
    if not (site_dir / CONFIG_FILE).is_file():
        raise NewFileError(f"no {CONFIG_FILE} in {site_dir}: run this in a briefing site, pass --site DIR, "
                           "or make a site with `briefing init DIR`")


def site_today(site_dir: Path) -> dt.date:
    """Today in the site's time zone (UTC when its settings cannot be read)."""
    config = load_config(site_dir, Problems())
    zone = config.spec.timezone if config is not None else "UTC"
    return dt.datetime.now(zoneinfo.ZoneInfo(zone)).date()


def short_slug(text: str) -> str:
    """``text`` as an id, cut at a hyphen to at most MAX_SLUG_LENGTH characters."""
    slug = slugify(text)
    if len(slug) <= MAX_SLUG_LENGTH:
        return slug
    cut = slug[:MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return cut or slug[:MAX_SLUG_LENGTH]


def claim_id(folder: Path, suffix: str, wanted: str | None, derived: str, taken: frozenset[str],
             what: str) -> tuple[str, Path]:
    """A new id and its file: ``wanted`` exactly, or ``derived`` with a suffix if it is taken."""
    if wanted is not None:
        if not re.match(ID_PATTERN, wanted) or wanted != wanted.lower():
            raise NewFileError(f"'{wanted}' is not a valid id: use lowercase letters, digits and single hyphens")
        path = folder / f"{wanted}{suffix}"
        if wanted in taken or path.exists():
            raise NewFileError(f"the {what} id '{wanted}' is taken ({_where(folder, wanted, suffix)}): "
                               "choose another --id, or leave --id out for a free one")
        return wanted, path
    if not derived:
        raise NewFileError(f"cannot make an id from that {'title' if what in ('article', 'event') else 'name'}: "
                           "it has no letters or digits. Pass --id")
    for number in range(1, 10_000):
        candidate = derived if number == 1 else f"{derived}-{number}"
        path = folder / f"{candidate}{suffix}"
        if candidate not in taken and not path.exists() and not path.with_suffix(".yml").exists():
            return candidate, path
    raise NewFileError(f"no free id near '{derived}': pass --id")


def _where(folder: Path, item_id: str, suffix: str) -> str:
    path = folder / f"{item_id}{suffix}"
    return f"{path} exists" if path.exists() else "another file defines it"


def create_file(path: Path, text: str) -> None:
    """Write ``path``, which must not exist: the text goes to a file of its own first, which is
    then linked in under the name, so that the name never stands for half a file (Ctrl+C, a full
    disk) and never replaces one that appeared meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.new"
    # Ctrl+C is raised once the file is in place and the temporary one gone: pressed between the
    # two, it left the temporary file in the site (seen in tests/test_interrupt.py).
    with interrupts_held():
        # Created as open(..., "x") creates a file: its mode is the user's (umask), not mkstemp's 0600.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            try:
                os.link(temporary, path)  # fails if the name exists: never replaces a file
            except FileExistsError:
                raise NewFileError(f"{path} appeared meanwhile: run the command again") from None
            except OSError:  # a file system without hard links: create the name exclusively instead
                _create_exclusively(path, text)
        finally:
            os.unlink(temporary)


def _create_exclusively(path: Path, text: str) -> None:
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:  # "x": never replace a file
            stream.write(text)
    except FileExistsError:
        raise NewFileError(f"{path} appeared meanwhile: run the command again") from None


def yaml_file(site_dir: Path, kind: str, lines: list[str]) -> str:
    """A metadata file's text: its lines, under the line that names its schema when the site has it."""
    header = []
    if (site_dir / SCHEMAS_DIR / f"{kind}.schema.json").is_file():
        header.append(f"# yaml-language-server: $schema=../../{SCHEMAS_DIR}/{kind}.schema.json")
    return "\n".join(header + lines) + "\n"
