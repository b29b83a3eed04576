"""Shared fixtures: ``tmp_site`` writes a small site (the repo's theme plus the given files)."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property-based tests: a fixed, bounded and reproducible set of examples in CI (CI=true); fewer,
# fresh ones on each local run. HYPOTHESIS_PROFILE=ci|dev|thorough chooses explicitly.
settings.register_profile("ci", max_examples=100, derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev"))

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


@pytest.fixture
def tmp_site(tmp_path: Path) -> Callable[..., Path]:
    """Make a site: the repo's templates and static files, a minimal valid briefing, and ``files``
    on top (a value of None removes a default file)."""

    def make(files: dict[str, str | bytes | None] | None = None, *, minimal: bool = True) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        shutil.copytree(REPO / "templates", root / "templates", dirs_exist_ok=True)
        shutil.copytree(REPO / "static", root / "static", dirs_exist_ok=True)
        defaults: dict[str, str | bytes | None] = {"site.yaml": MINIMAL_SITE_YAML, **(MINIMAL_FILES if minimal else {})}
        write_files(root, {**defaults, **(files or {})})
        return root

    return make
