"""Where the browser tests' tools are, and what to do when one is missing: in CI (CI=true) every
tool must be there (scripts/setup installs them) and a missing one fails the run; elsewhere it
skips the tests with a message saying how to get it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
        pytest.fail(f"{what} is missing: in CI, scripts/setup must install it (see docs/testing.md)")
    pytest.skip(f"{what} is missing, so the browser tests are skipped here; "
                "`CI=true scripts/test` (as root) installs everything they need")
