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


def index_site(site_root: Path) -> None:
    """Write Pagefind's bundle into ``site_root/pagefind``; raises SearchIndexError."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_root), "--output-subdir", SEARCH_DIR,
               "--keep-index-url", "--silent"]
    hint = "install it with `pip install 'pagefind[bin]'`, or build without search: briefing build --no-search"
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(f"cannot run Pagefind to index the site for search: {exc}. Fix: {hint}") from None
    if result.returncode != 0:
        output = (result.stderr.strip() or result.stdout.strip() or f"exit code {result.returncode}")
        if "No module named pagefind" in output or "Could not find pagefind binary" in output:
            raise SearchIndexError(f"Pagefind is not installed, so the site cannot be indexed for search. Fix: {hint}")
        raise SearchIndexError(f"Pagefind failed to index the site for search:\n{output}\n"
                               "Nothing was written; the previous output is untouched. "
                               "To publish without search: briefing build --no-search")
    if not (site_root / SEARCH_DIR / "pagefind.js").is_file():
        raise SearchIndexError("Pagefind ran but wrote no search index: check that pages carry data-pagefind-body. "
                               "To publish without search: briefing build --no-search")
