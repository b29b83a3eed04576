"""Regenerate the committed expectations after an intended change, then review the diff:

    .venv/bin/python tests/regenerate.py

- tests/golden/: the sample briefing as built (compared byte for byte by test_sample_site.py)
- tests/invalid/*/expected.txt: the exact error report of each invalid site
- schemas/*.json: the JSON Schema files for editors (also `briefing schema --out schemas`)
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
INVALID = REPO / "tests" / "invalid"

sys.path.insert(0, str(REPO))

from generator.build import build_site  # noqa: E402
from generator.cli import main  # noqa: E402
from generator.json_schema import write_schemas  # noqa: E402


def prepare_invalid_site(case: Path, workdir: Path) -> Path:
    """Copy an invalid-site case as a site of its own; templates it does not have come from the
    packaged theme (a case may break one template by overriding it)."""
    site = workdir / case.name
    shutil.copytree(case, site, ignore=shutil.ignore_patterns("expected.txt"))
    return site


def run_invalid_site(case: Path) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as workdir:
        site = prepare_invalid_site(case, Path(workdir))
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            code = main(["build", "--site", str(site)])
        return code, stderr.getvalue()


def regenerate() -> None:
    shutil.rmtree(GOLDEN, ignore_errors=True)
    build_site(REPO, GOLDEN)
    print(f"wrote {GOLDEN.relative_to(REPO)}")
    for case in sorted(p for p in INVALID.iterdir() if p.is_dir()):
        code, report = run_invalid_site(case)
        if code != 1:
            raise SystemExit(f"{case.name}: expected the build to fail, it exited {code}")
        (case / "expected.txt").write_text(report, encoding="utf-8")
        print(f"wrote {(case / 'expected.txt').relative_to(REPO)}")
    for path in write_schemas(REPO / "schemas"):
        print(f"wrote {path.relative_to(REPO)}")


if __name__ == "__main__":
    regenerate()
