"""Each site under tests/invalid/ must fail to build with exactly the report in its expected.txt
(regenerate with tests/regenerate.py after an intended change, and review the diff)."""

from pathlib import Path

import pytest

from regenerate import INVALID, run_invalid_site

CASES = sorted(p for p in INVALID.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_site_reports_exactly(case: Path):
    code, report = run_invalid_site(case)
    assert code == 1
    assert "Traceback" not in report
    assert report == (case / "expected.txt").read_text(encoding="utf-8")


def test_there_are_invalid_sites():
    assert len(CASES) >= 10
