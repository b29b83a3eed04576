"""The sources of an import: the files named (a folder stands for the files in it) and their kinds,
told by the name's suffix or, for Markdown posts, by the front matter's shape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from generator.importing.posts import JEKYLL_NAME, POST_SUFFIXES

KINDS = ("clipping", "html", "jekyll", "hugo", "pelican", "markdown")
POST_KINDS = ("jekyll", "hugo", "pelican", "markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")
SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + POST_SUFFIXES


def find_sources(sources: Sequence[Path], kind: str | None) -> list[tuple[Path, str, str | None]]:
    """Every source file, its kind, and why it cannot be imported (or None). A folder stands for
    the files in it (not in its subfolders) with a suffix briefing imports."""
    found: list[tuple[Path, str, str | None]] = []
    for source in sources:
        if source.is_dir():
            files = sorted(p for p in source.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not p.name.startswith("."))
            if not files:
                found.append((source, kind or "?", f"the folder has no file to import ({', '.join(SUFFIXES)})"))
            found += [(p, kind or detect_kind(p), None) for p in files]
        elif not source.exists():
            found.append((source, kind or "?", "no such file"))
        elif kind is None and source.suffix.lower() not in SUFFIXES:
            found.append((source, "?", f"not a kind of file briefing imports ({', '.join(SUFFIXES)}): "
                                       "name its kind with --as"))
        else:
            found.append((source, kind or detect_kind(source), None))
    return found


def detect_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "clipping"
    head = path.read_bytes()[:4096].decode("utf-8", "replace").lstrip("\ufeff")
    if head.startswith("+++"):
        return "hugo"
    if re.match(r"^[A-Za-z][\w-]*:\s*\S", head) and not head.startswith("---"):
        return "pelican"
    if JEKYLL_NAME.match(path.stem) or "{%" in head:
        return "jekyll"
    if "{{<" in head or "{{%" in head:
        return "hugo"
    return "markdown"


def html_text(data: bytes) -> str:
    """A saved page's text: UTF-8, else the encoding its head declares, else Windows-1252."""
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    try:
        return data.decode(declared.group(1).decode("ascii") if declared else "cp1252", "replace")
    except LookupError:
        return data.decode("cp1252", "replace")
