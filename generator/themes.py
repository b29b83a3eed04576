"""The theme: templates and static files resolve from the site first, then from the theme packaged
with briefing, as in Hugo, MkDocs and Zola. A site holds only what it changes.

The packaged theme is ``generator/theme/`` (in a checkout, links to the repository's
``templates/`` and ``static/``, which are also the sample briefing's own). A site file at the path
of a packaged one *overrides* it when its bytes differ: the sample briefing, whose folders are the
packaged theme, and a site holding an unchanged copy override nothing.

``briefing theme eject NAME`` copies one packaged file (a template, or a static file: CSS, script,
image) into the site, with a comment that records the briefing version and the packaged file's
hash, so that a build can warn when the packaged file has changed since: the override may miss a
fix or a field. The record is in the file itself, so that it survives a checkout or a copy, which
files' times do not; an override without one is never judged old. A file format without comments
(a PNG, a font) is copied as it is, and cannot be judged either.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator import __version__
from generator.errors import BriefingError, Problems

THEME_DIR = Path(__file__).resolve().parent / "theme"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
PACKAGED_TEMPLATES = THEME_DIR / TEMPLATES_DIR
PACKAGED_STATIC = THEME_DIR / STATIC_DIR
# How a packaged template is named where a site's file would be (in error reports).
PACKAGED_LABEL = "briefing's theme"

_RECORD = re.compile(r"ejected from briefing (?P<version>\S+)'s theme: (?P<name>\S+), sha256 (?P<digest>[0-9a-f]{12})\b")
_TEMPLATE_RECORD = re.compile(r"\A\{#-? " + _RECORD.pattern)
_RECORD_NOTE = "The build warns when briefing's own changes; keep this"
# How each kind of static file says the record: (before, after); a file of another kind gets none.
_STATIC_COMMENTS = {
    ".css": ("/* ", " */"),
    ".js": ("// ", ""),
    ".mjs": ("// ", ""),
    ".svg": ("<!-- ", " -->"),
    ".xml": ("<!-- ", " -->"),
    ".html": ("<!-- ", " -->"),
    ".htm": ("<!-- ", " -->"),
}
# What must stay first in a file, so the record goes after it: CSS's @charset (only honoured as the
# file's first bytes), an XML declaration, a script's #! line.
_MUST_LEAD = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:(?:@charset \"[^\"]*\";|<\?xml[^>]*\?>|#![^\n]*)\r?\n?)?")
_BOM = b"\xef\xbb\xbf"
_RECORD_LINES = 3  # where a static file's record may be: after what must lead it


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
class ThemeFile:
    """One file of the packaged theme."""

    folder: str  # TEMPLATES_DIR or STATIC_DIR
    name: str  # its path inside the folder: "article.html", "css/style.css"
    path: Path  # the packaged file

    @property
    def rel(self) -> str:
        """Its path in a site: "templates/article.html", "static/css/style.css"."""
        return f"{self.folder}/{self.name}"

    @property
    def known_as(self) -> str:
        """How briefing names it in records, messages and commands: a template as the template
        loader does ("article.html"), a static file by its path in a site ("static/css/style.css")."""
        return self.name if self.folder == TEMPLATES_DIR else self.rel

    @property
    def recordable(self) -> bool:
        """Whether an ejected copy can record where it came from (a file format with comments)."""
        return self.folder == TEMPLATES_DIR or PurePosixPath(self.name).suffix.lower() in _STATIC_COMMENTS


def packaged_files() -> list[ThemeFile]:
    """Every file of the packaged theme: its templates, then its static files."""
    return [ThemeFile(folder, name, path)
            for folder, root in ((TEMPLATES_DIR, PACKAGED_TEMPLATES), (STATIC_DIR, PACKAGED_STATIC))
            for name, path in theme_files(root).items()]


@dataclass(frozen=True)
class Override:
    file: ThemeFile  # the packaged file it replaces
    rel: str  # the site's file, from the site's folder: "templates/article.html"
    ejected_from: str | None  # the briefing version it was ejected from, if it says
    line: int  # the line of the record that says so (1 without one)
    outdated: bool | None  # the packaged file changed since it was ejected (None: it does not say)

    @property
    def name(self) -> str:
        return self.file.name


def _record(file: ThemeFile, data: bytes) -> tuple[re.Match[str], int] | None:
    """The record of where a site's copy of ``file`` came from, and its line, if it holds one."""
    if file.folder == TEMPLATES_DIR:
        found = _TEMPLATE_RECORD.match(data.decode("utf-8", "replace"))
        return None if found is None else (found, 1)
    for number, line in enumerate(data.split(b"\n", _RECORD_LINES)[:_RECORD_LINES], start=1):
        found = _RECORD.search(line.decode("utf-8", "replace"))
        if found is not None:
            return found, number
    return None


def overrides(site_dir: Path) -> list[Override]:
    """The site's templates and static files that replace a packaged one with other bytes."""
    found = []
    site_files = {folder: theme_files(site_dir / folder) for folder in (TEMPLATES_DIR, STATIC_DIR)}
    # A static file named in other letter case replaces the packaged one too (sitefolders).
    static_by_folded = {name.casefold(): name for name in site_files[STATIC_DIR]}
    for file in packaged_files():
        ours_name = file.name if file.folder == TEMPLATES_DIR else static_by_folded.get(file.name.casefold())
        path = site_files[file.folder].get(ours_name) if ours_name is not None else None
        if path is None:
            continue
        rel = f"{file.folder}/{ours_name}"
        try:
            ours, original = path.read_bytes(), file.path.read_bytes()
        except OSError:
            continue  # reported when the file is read for the build
        if ours == original:
            continue
        record = _record(file, ours)
        if record is not None and record[0]["name"] == file.known_as:
            found.append(Override(file, rel, record[0]["version"], record[1],
                                  record[0]["digest"] != _digest(original)))
        else:
            found.append(Override(file, rel, None, 1, None))
    return found


def warn_of_old_overrides(site_dir: Path, problems: Problems) -> None:
    """A warning for each override of a packaged file that has changed since it was ejected."""
    for override in overrides(site_dir):
        if not override.outdated:
            continue
        rel, shown = override.rel, override.file.known_as
        kind = "template" if override.file.folder == TEMPLATES_DIR else "file"
        problems.warning(rel, override.line,
                         f"this {kind} replaces {shown} of {PACKAGED_LABEL} as it was in briefing "
                         f"{override.ejected_from}; the theme's {shown} has changed since",
                         f"compare them (briefing theme show {shown} | diff - {rel}), carry your changes "
                         f"over to a fresh copy (briefing theme eject {shown} --force), or delete {rel} "
                         "to use briefing's own")


def packaged_file(name: str) -> ThemeFile:
    """The packaged file called ``name``: a template ("page.html", "page", "templates/page.html") or
    a static file ("static/css/style.css", "css/style.css", or "style.css" where only one file is
    called that). Raises ThemeError."""
    files = packaged_files()
    by_rel = {file.rel: file for file in files}
    folders = (TEMPLATES_DIR, STATIC_DIR)
    if name.split("/", 1)[0] in folders:
        candidates = [name, f"{name}.html"] if name.startswith(f"{TEMPLATES_DIR}/") else [name]
    else:
        candidates = [f"{TEMPLATES_DIR}/{name}", f"{TEMPLATES_DIR}/{name}.html", f"{STATIC_DIR}/{name}"]
    for candidate in candidates:
        if candidate in by_rel:
            return by_rel[candidate]
    called = [file for file in files if PurePosixPath(file.name).name == name]
    if len(called) == 1:
        return called[0]
    templates = [file.name for file in files if file.folder == TEMPLATES_DIR]
    static = [file.name for file in files if file.folder == STATIC_DIR]
    if len(called) > 1:
        raise ThemeError(f"briefing's theme has more than one file called '{name}': "
                         f"{', '.join(file.rel for file in called)}; name one of them by its path")
    guess = difflib.get_close_matches(name, sorted({*templates, *static, *by_rel}), n=1, cutoff=0.6)
    raise ThemeError(f"briefing's theme has no template or static file '{name}'"
                     + (f" (did you mean '{guess[0]}'?)" if guess else "")
                     + f": its templates are {', '.join(templates)}; its static files are {', '.join(static)}")


def ejected_text(file: ThemeFile, original: bytes) -> bytes:
    """The packaged file with the comment that records where it came from (none where its format
    has no comments)."""
    record = f"ejected from briefing {__version__}'s theme: {file.known_as}, sha256 {_digest(original)}."
    if file.folder == TEMPLATES_DIR:
        return f"{{#- {record} {_RECORD_NOTE} line. -#}}\n".encode() + original
    comment = _STATIC_COMMENTS.get(PurePosixPath(file.name).suffix.lower())
    if comment is None:
        return original
    lead = _MUST_LEAD.match(original)
    split = 0 if lead is None else lead.end()  # it always matches, perhaps nothing
    head, rest = original[:split], original[split:]
    if head.removeprefix(_BOM) and not head.endswith(b"\n"):
        head += b"\n"  # '@charset "utf-8";' with rules after it on its line: the record goes on its own
    before, after = comment
    return head + f"{before}{record} {_RECORD_NOTE} comment.{after}\n".encode() + rest


def eject(site_dir: Path, name: str, *, force: bool = False) -> tuple[Path, ThemeFile]:
    """Copy the packaged file ``name`` into the site's templates/ or static/ (never over a file,
    unless ``force``). Returns the new file and the packaged one."""
    file = packaged_file(name)
    folder = site_dir / file.folder
    target = folder / file.name
    if file.folder == STATIC_DIR:  # the site's file in other letter case is the one that replaces it
        theirs = {rel.casefold(): path for rel, path in theme_files(folder).items()}
        target = theirs.get(file.name.casefold(), target)
    if target.exists() and target.resolve() == file.path.resolve():
        raise ThemeError(f"{target} is briefing's own {file.known_as} (this site's {file.folder}/ is the packaged "
                         "theme): edit it there")
    if target.exists() and not force:
        raise ThemeError(f"{target} exists already: it overrides briefing's {file.known_as}. "
                         f"Pass --force to replace it with a fresh copy of briefing's")
    text = ejected_text(file, file.path.read_bytes())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text)
    return target, file
