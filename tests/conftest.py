"""Shared fixtures: ``tmp_site`` writes a small site (the repo's theme plus the given files)."""

from __future__ import annotations

import os
import shutil
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

from sitefiles import MINIMAL_FILES, MINIMAL_SITE_YAML, REPO, write_files  # noqa: E402


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
