"""Each site under tests/invalid/ must fail to build with exactly the report in its expected.txt
(regenerate with tests/regenerate.py after an intended change, and review the diff)."""

import shutil
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


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_site_leaves_the_previous_output_untouched(case: Path, tmp_path, tmp_site, capsys):
    from generator.cli import main
    from regenerate import prepare_invalid_site

    good = tmp_site()
    assert main(["build", "--site", str(good)]) == 0
    site = prepare_invalid_site(case, tmp_path / "cases")
    shutil.copytree(good / "output", site / "output")
    before = {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["build", "--site", str(site)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".output")) == []
