"""The site's folders as a build sees them: where the site is, the static files it copies, the
templates whose change renders every page again, and where the output may not go."""

from __future__ import annotations

from pathlib import Path

from generator import themes
from generator.cache import content_hash
from generator.errors import BriefingError, OutputError, Problems
from generator.load.config import CONFIG_FILE
from generator.load.files import content_files, refuse_case_twins
from generator.themes import STATIC_DIR, TEMPLATES_DIR, effective_templates, theme_files

SOURCE_DIRS = ("content", TEMPLATES_DIR, STATIC_DIR)


class NotASite(BriefingError):
    """A command that needs a site was run where there is none."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint

    def report(self) -> str:
        return f"error: {self.message}\n  hint: {self.hint}"


def find_site(given: Path | None, start: Path | None = None) -> Path:
    """The site a command works on: ``given`` (--site) exactly, or else, as git and Hugo find
    their project, the nearest folder holding site.yaml from ``start`` (the current directory)
    upward. Raises NotASite, before anything is written, where there is none."""
    if given is not None:
        if (given / CONFIG_FILE).is_file():
            return given
        raise NotASite(f"{given} is not a briefing site: it holds no {CONFIG_FILE}",
                       f"pass the folder that holds {CONFIG_FILE}, or make a new site with `briefing init DIR`")
    start = (start or Path.cwd()).absolute()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return Path(".") if folder == Path.cwd().absolute() else folder
    raise NotASite(f"no {CONFIG_FILE} in {start} or any folder above it: this is not inside a briefing site",
                   f"run briefing inside a site (a folder holding {CONFIG_FILE}), pass --site DIR, "
                   "or make a new site with `briefing init DIR`")


def find_static_files(site_dir: Path, problems: Problems) -> tuple[tuple[str, Path], ...]:
    """The static files copied as they are, as (output path, source path): the site's, and the
    packaged theme's that the site has no file of the same path for."""
    files = content_files(site_dir, STATIC_DIR, ("",), problems)
    refuse_case_twins(files, problems)
    found = {rel: path for path, rel in files}
    taken = {rel.casefold() for rel in found}  # a site file named in other letter case replaces it too
    for name, path in theme_files(themes.PACKAGED_STATIC).items():
        rel = f"{STATIC_DIR}/{name}"  # static files keep their folder in the output, as the site's
        if rel.casefold() not in taken:
            found[rel] = path
    return tuple(sorted(found.items()))


def templates_key(site_dir: Path) -> str:
    """A hash of every template a build can load, wherever it comes from (the site's, else the
    packaged theme's): any change to one renders every page again. Linked folders are followed, as
    the template loader follows them (each real folder once)."""
    parts: list[str | bytes] = []
    for name, path in sorted(effective_templates(site_dir).items()):
        parts += [name, path.read_bytes()]
    return content_hash(*parts)


def check_output_location(site_dir: Path, out_dir: Path) -> None:
    """The output must not be inside a folder the build reads: it would be read back next time."""
    out_real = out_dir.absolute().resolve()
    for folder in SOURCE_DIRS:
        source = (site_dir / folder).resolve()
        if out_real == source or out_real.is_relative_to(source):
            raise OutputError(f"the output directory {out_dir} is inside {folder}/, which the build reads",
                              "choose an --out outside content/, templates/ and static/ (the default is output/)")
