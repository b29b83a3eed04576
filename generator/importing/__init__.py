"""``briefing import``: clippings, saved web pages and other generators' posts turned into checked
articles. ``run`` holds the command's steps; one module per kind of source (``clipping``,
``webpage``, ``posts`` with ``liquid``), and what they share: the sources and their kinds
(``sources``), the chrome rules (``rules``, ``chrome.yaml``), dates in text (``textdates``), names
and outlets (``names``, ``outlets``), sources imported before (``again``), the article being made
(``draft``).

Nothing here is imported by the build: ``briefing import`` loads it (and trafilatura, for web
pages) only when it runs.
"""

from generator.importing.run import (
                                     Imported,
                                     ImportFailed,
                                     ImportInterrupted,
                                     ImportOptions,
                                     ImportReport,
                                     import_sources,
                                     parse_variables,
)
from generator.importing.sources import KINDS

__all__ = ["KINDS", "ImportFailed", "ImportInterrupted", "ImportOptions", "ImportReport", "Imported", "import_sources", "parse_variables"]
