"""The small site the unit tests build on, and writing files into a site. A plain module, not a
conftest, so that test files anywhere can import it by name."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import NoReturn

import pytest

from generator.build import load_briefing
from generator.errors import Problems
from generator.model import Briefing

REPO = Path(__file__).resolve().parent.parent

MINIMAL_SITE_YAML = "title: Test briefing\n"

MINIMAL_FILES = {
    "content/outlets/outlets.yaml": """
        - id: wire
          name: The Wire
          kind: wire
    """,
    "content/actors/people.yaml": """
        - id: bob
          name: Bob Example
          kind: person
          aliases: [Robert Example]
    """,
    "content/articles/first.md": """
        ---
        title: First article
        date: 2025-10-19
        outlet: wire
        ---
        Bob Example met reporters in Doha.

        ## Second section

        Robert Example said nothing more.
    """,
    "content/events/events.yaml": """
        - id: meeting
          date: 2025-10-19
          title: Bob meets reporters
          actors: [bob]
          citations:
            - article: first
              excerpt: met reporters in Doha
    """,
}


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    for rel, content in files.items():
        path = root / rel
        if content is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


def load_valid(site: Path) -> Briefing:
    """The briefing of a site that must load without errors (warnings allowed)."""
    problems = Problems()
    briefing = load_briefing(site, problems)
    assert problems.errors == [], [p.format() for p in problems.errors]
    assert briefing is not None
    return briefing


def skip_unless_ci(reason: str) -> NoReturn:
    """Skip a check that cannot run here, saying why; in CI (CI=true) fail instead: there a check
    that silently does not run would let a regression through."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: this check must run in CI, so it fails instead of skipping)")
    pytest.skip(reason)
