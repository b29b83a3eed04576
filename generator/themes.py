"""The theme: templates and static files resolve from the site first, then from the theme packaged
with briefing, as in Hugo, MkDocs and Zola. A site holds only what it changes.

The packaged theme is ``generator/theme/`` (in a checkout, links to the repository's
``templates/`` and ``static/``, which are also the sample briefing's own). A site template of the
same name *overrides* the packaged one when its bytes differ: the sample briefing, whose folders
are the packaged theme, and a site holding an unchanged copy override nothing.

``briefing theme eject NAME`` copies one packaged template into the site, with a first line that
records the briefing version and the packaged template's hash, so that a build can warn when the
packaged template has changed since: the override may miss a fix or a field.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.errors import BriefingError, Problems

THEME_DIR = Path(__file__).resolve().parent / "theme"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
PACKAGED_TEMPLATES = THEME_DIR / TEMPLATES_DIR
PACKAGED_STATIC = THEME_DIR / STATIC_DIR
# How a packaged template is named where a site's file would be (in error reports).
PACKAGED_LABEL = "briefing's theme"

_EJECTED = re.compile(r"\A\{#-? ejected from briefing (?P<version>\S+)'s theme: (?P<name>\S+), "
                      r"sha256 (?P<digest>[0-9a-f]{12})\b")


class ThemeError(BriefingError):
    """A theme command that cannot be done as asked."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def theme_files(root: Path) -> dict[str, Path]:
    """Every file under ``root`` by its path relative to it (links followed, each real folder once)."""
    found: dict[str, Path] = {}
    seen: set[str] = set()
    for folder, dirs, names in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            dirs.clear()
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder, name)
            if not name.startswith(".") and path.is_file():  # dot-files are not read, as in content/
                found[path.relative_to(root).as_posix()] = path
    return found


def packaged_templates() -> dict[str, Path]:
    return theme_files(PACKAGED_TEMPLATES)


def effective_templates(site_dir: Path) -> dict[str, Path]:
    """Each template name a build can load, and the file it loads: the site's, else the packaged one."""
    return {**packaged_templates(), **theme_files(site_dir / TEMPLATES_DIR)}


def packaged_label(name: str) -> str:
    return f"{PACKAGED_LABEL}: {TEMPLATES_DIR}/{name}"


@dataclass(frozen=True)
class Override:
    name: str  # e.g. "page.html"
    path: Path  # the site's file
    ejected_from: str | None  # the briefing version it was ejected from, if it says
    outdated: bool | None  # the packaged template changed since it was ejected (None: cannot tell)


def overrides(site_dir: Path) -> list[Override]:
    """The site's templates that replace a packaged one with other bytes."""
    packaged = packaged_templates()
    found = []
    for name, path in theme_files(site_dir / TEMPLATES_DIR).items():
        theirs = packaged.get(name)
        if theirs is None:
            continue  # a template of the site's own, not an override
        try:
            ours, original = path.read_bytes(), theirs.read_bytes()
        except OSError:
            continue  # reported when the template is loaded
        if ours == original:
            continue
        header = _EJECTED.match(ours.decode("utf-8", "replace"))
        if header is not None and header["name"] == name:
            found.append(Override(name, path, header["version"], header["digest"] != _digest(original)))
        else:
            found.append(Override(name, path, None, _older(path, theirs)))
    return found


def _older(override: Path, packaged: Path) -> bool | None:
    # Without a record of where it came from, the files' times are all there is to go by.
    try:
        return override.stat().st_mtime < packaged.stat().st_mtime
    except OSError:
        return None


def warn_of_old_overrides(site_dir: Path, problems: Problems) -> None:
    """A warning for each template overriding a packaged one that has changed since it was copied."""
    for override in overrides(site_dir):
        if not override.outdated:
            continue
        rel = f"{TEMPLATES_DIR}/{override.name}"
        if override.ejected_from is not None:
            message = (f"this template replaces {override.name} of {PACKAGED_LABEL} as it was in briefing "
                       f"{override.ejected_from}; the theme's {override.name} has changed since")
        else:
            message = (f"this template replaces {override.name} of {PACKAGED_LABEL}, which is newer than this "
                       "copy: it may have changed since the copy was made")
        problems.warning(rel, 1, message,
                         f"compare them (briefing theme show {override.name} | diff - {rel}), carry your changes "
                         f"over to a fresh copy (briefing theme eject {override.name} --force), or delete {rel} "
                         "to use briefing's own")


def packaged_template(name: str) -> tuple[str, Path]:
    """The packaged template called ``name`` ("page.html" or "page"); raises ThemeError."""
    packaged = packaged_templates()
    for candidate in (name, f"{name}.html"):
        if candidate in packaged:
            return candidate, packaged[candidate]
    guess = difflib.get_close_matches(name, sorted(packaged), n=1, cutoff=0.6)
    raise ThemeError(f"briefing's theme has no template '{name}'" + (f" (did you mean '{guess[0]}'?)" if guess else "")
                     + f": its templates are {', '.join(sorted(packaged))}")


def ejected_text(name: str, original: bytes) -> bytes:
    """The packaged template with the first line that records where it came from."""
    header = (f"{{#- ejected from briefing {__version__}'s theme: {name}, sha256 {_digest(original)}. "
              "The build warns when briefing's own changes; keep this line. -#}\n")
    return header.encode("utf-8") + original


def eject(site_dir: Path, name: str, *, force: bool = False) -> tuple[Path, str]:
    """Copy the packaged template ``name`` into the site's templates/ (never over a file, unless
    ``force``). Returns the new file and the template's name."""
    name, source = packaged_template(name)
    target = site_dir / TEMPLATES_DIR / name
    if target.exists() and target.resolve() == source.resolve():
        raise ThemeError(f"{target} is briefing's own {name} (this site's templates/ is the packaged theme): "
                         "edit it there")
    if target.exists() and not force:
        raise ThemeError(f"{target} exists already: it overrides briefing's {name}. "
                         f"Pass --force to replace it with a fresh copy of briefing's")
    text = ejected_text(name, source.read_bytes())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text)
    return target, name
