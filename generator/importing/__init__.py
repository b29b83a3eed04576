"""``briefing import``: clippings, saved web pages and other generators' posts turned into checked
articles. ``run`` holds the command's steps; one module per kind of source (``clipping``,
``webpage``, ``posts`` with ``liquid``), and what they share: the chrome rules (``rules``,
``chrome.yaml``), dates in text (``textdates``), names and outlets (``names``), the article being
made (``draft``).

Nothing here is imported by the build: ``briefing import`` loads it (and trafilatura, for web
pages) only when it runs.
"""

from generator.importing.run import (
                                     KINDS,
                                     Imported,
                                     ImportFailed,
                                     ImportOptions,
                                     ImportReport,
                                     import_sources,
                                     parse_variables,
)

__all__ = ["KINDS", "ImportFailed", "ImportOptions", "ImportReport", "Imported", "import_sources", "parse_variables"]
