"""Real-browser fixtures: the sample briefing built with search, served under a sub-path on the
loopback interface, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import build_site
from staticserver import serve_site
from tools import ARTIFACTS, AXE, BASE_URL, CHROMIUM, CHROMIUM_ARGS, REPO, SUB_PATH, require


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


# Small enough that every kind of page a long briefing splits into appears in the sample briefing:
# the timeline by month (a month over several pages), an actor's lists, the disputes, the list of
# every page, who's who, the articles with no outlet stated.
PAGED_SETTINGS = "pagination:\n  timeline: 5\n  lists: 2\n"


@pytest.fixture(scope="session")
def published_paged(tmp_path_factory) -> Path:
    """The sample briefing with small pagination thresholds, built as the deploy workflow builds."""
    site = tmp_path_factory.mktemp("browser-paged") / "site"
    for folder in ("content", "templates", "static"):
        shutil.copytree(REPO / folder, site / folder)
    (site / "site.yaml").write_text((REPO / "site.yaml").read_text(encoding="utf-8") + PAGED_SETTINGS, encoding="utf-8")
    out = site.parent / "output"
    build_site(site, out, strict=True, search=True, base_url=BASE_URL)
    return out


@pytest.fixture(scope="session")
def paged_site_url(published_paged) -> Iterator[str]:
    with serve_site(published_paged, SUB_PATH) as root:
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
