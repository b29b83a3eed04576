"""Real-browser fixtures: the sample briefing built with search, served under a sub-path on the
loopback interface, and Debian's Chromium driven by Playwright.

In CI (CI=true) every tool must be there (scripts/setup installs them), and a missing one fails
the run. Elsewhere, a missing tool skips these tests with a message saying how to get it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import build_site
from staticserver import serve_site

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path(os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium"))
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
IN_CI = os.environ.get("CI") == "true"
# What the deploy workflow passes as --base-url; the local server answers under the same path.
BASE_URL = "https://example.org/briefing/"
SUB_PATH = "/briefing/"
# Chromium as the machine's closed network needs it: no sandbox (root), no calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require(available: bool, what: str) -> None:
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing: in CI, scripts/setup must install it (see README, Tests)")
    pytest.skip(f"{what} is missing, so the browser tests are skipped here; "
                "`CI=true scripts/test` (as root) installs everything they need")


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """The sample briefing as the deploy workflow builds it: strict, with search."""
    out = tmp_path_factory.mktemp("browser") / "output"
    build_site(REPO, out, strict=True, search=True, base_url=BASE_URL)
    return out


@pytest.fixture(scope="session")
def site_url(published) -> Iterator[str]:
    with serve_site(published, SUB_PATH) as root:
        yield root


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.is_file(), f"Chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    require(AXE.is_file(), f"axe-core ({AXE.relative_to(REPO)}; npm ci)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots and PDFs for people to look at (test-artifacts/, ignored by git)."""
    for sub in ("screenshots", "print"):
        shutil.rmtree(ARTIFACTS / sub, ignore_errors=True)
        (ARTIFACTS / sub).mkdir(parents=True)
    return ARTIFACTS
