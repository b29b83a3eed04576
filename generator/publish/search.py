"""Full-text search with Pagefind: the index is built from the written pages, in the staging
directory, before the build is swapped in, so a failed index never touches the last good output.

Pagefind (PyPI ``pagefind[bin]``) ships its own binary and runs offline. It indexes the
``data-pagefind-body`` element of each content page and writes its bundle (index, WebAssembly,
search UI) to ``pagefind/``; result links keep ``index.html``, like every other link of the site.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.errors import BriefingError

SEARCH_DIR = "pagefind"


class SearchIndexError(BriefingError):
    """Pagefind could not index the site."""


def index_command(site_root: Path, bundle: Path | None = None) -> list[str]:
    """The command that indexes ``site_root``: into ``site_root/pagefind``, or into ``bundle``."""
    where = ["--output-path", str(bundle)] if bundle is not None else ["--output-subdir", SEARCH_DIR]
    return [sys.executable, "-m", "pagefind", "--site", str(site_root), *where, "--keep-index-url", "--silent"]


def index_site(site_root: Path, bundle: Path | None = None) -> None:
    """Write Pagefind's bundle into ``site_root/pagefind`` (or ``bundle``); raises SearchIndexError."""
    try:
        result = subprocess.run(index_command(site_root, bundle), capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(f"cannot run Pagefind to index the site for search: {exc}. Fix: {INSTALL}, "
                               f"{WITHOUT_SEARCH}") from None
    failure = index_failure(result.returncode, result.stderr.strip() or result.stdout.strip(),
                            bundle if bundle is not None else site_root / SEARCH_DIR)
    if failure is not None:
        # The build stops before its output takes the place of the last one.
        raise SearchIndexError(f"{failure}\nNothing was written; the previous output is untouched. "
                               f"Fix: {failure.fix}, {WITHOUT_SEARCH}")


INSTALL = "install it with `pip install 'pagefind[bin]'`"
WITHOUT_SEARCH = "or build without search: briefing build --no-search"


class IndexFailure(SearchIndexError):
    """What went wrong with one run of Pagefind, said the same way by build and serve; each adds
    what it means for the command (``fix``: what to do about Pagefind itself)."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


def index_failure(returncode: int, output: str, bundle: Path) -> IndexFailure | None:
    """What went wrong with a run of index_command(), if anything."""
    if returncode != 0:
        output = output or f"exit code {returncode}"
        if "No module named pagefind" in output or "Could not find pagefind binary" in output:
            return IndexFailure("Pagefind is not installed, so the site cannot be indexed for search.", INSTALL)
        return IndexFailure(f"Pagefind failed to index the site for search:\n{output}",
                            "check the message above from Pagefind")
    if not (bundle / "pagefind.js").is_file():
        return IndexFailure("Pagefind ran but wrote no search index.", "check that pages carry data-pagefind-body")
    return None
