"""scripts/setup, scripts/serve and scripts/test on a copy of the repository, with a stand-in
Python that notes what it is asked to do (no real install): a fresh clone is set up by either of
the README's two commands, and a second start installs nothing until pyproject.toml,
constraints.txt or the script itself change."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from sitefiles import REPO

# A stand-in for Python: notes its arguments; "-m venv" makes .venv/bin/python (itself; with
# --clear, in an emptied .venv/, as venv does), "-m pip
# install" makes .venv/bin/briefing, ruff and mypy (stand-ins noting their arguments too), FAIL_PIP
# fails it.
FAKE_PYTHON = """#!/usr/bin/env bash
echo "python $*" >> "$SETUP_LOG"
if [ "${1:-}" = "-m" ] && [ "${2:-}" = "venv" ]; then
  [ "${3:-}" = "--clear" ] && rm -rf .venv
  mkdir -p .venv/bin && cp "$0" .venv/bin/python && chmod +x .venv/bin/python
elif [ "${1:-}" = "-m" ] && [ "${2:-}" = "pip" ]; then
  [ -n "${FAIL_PIP:-}" ] && exit 1
  for tool in briefing ruff mypy; do
    printf '#!/usr/bin/env bash\\necho "%s $*" >> "$SETUP_LOG"\\n' "$tool" > ".venv/bin/$tool"
    chmod +x ".venv/bin/$tool"
  done
fi
exit 0
"""
FAKE_NPM = """#!/usr/bin/env bash
echo "npm $*" >> "$SETUP_LOG"
mkdir -p node_modules
"""


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The files the scripts read, as in a fresh clone (no .venv/, no node_modules/)."""
    root = tmp_path / "clone"
    (root / "scripts").mkdir(parents=True)
    for name in ("setup", "serve", "test"):
        shutil.copy2(REPO / "scripts" / name, root / "scripts" / name)
    for name in ("pyproject.toml", "constraints.txt", "package.json", "package-lock.json"):
        shutil.copy2(REPO / name, root / name)
    tools = tmp_path / "tools"
    tools.mkdir()
    for name, text in (("python3", FAKE_PYTHON), ("npm", FAKE_NPM)):
        (tools / name).write_text(text, encoding="utf-8")
        (tools / name).chmod(stat.S_IRWXU)
    return root


def run(clone: Path, *command: str, **env: str) -> list[str]:
    """Run a script of the clone; what the stand-ins were asked to do."""
    log = clone.parent / "log.txt"
    log.write_text("", encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if key not in ("CI", "VIRTUAL_ENV")}
    environment.update(PATH=f"{clone.parent / 'tools'}:/usr/bin:/bin", SETUP_LOG=str(log), **env)
    done = subprocess.run(["bash", *command], cwd=clone, env=environment, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 or env.get("FAIL_PIP"), done.stderr
    return log.read_text(encoding="utf-8").splitlines()


def installs(log: list[str]) -> list[str]:
    return [line for line in log if line.startswith("python -m pip install")]


def test_a_fresh_clone_is_set_up_and_served_by_scripts_serve(clone):
    log = run(clone, "scripts/serve", "--port", "8080")
    assert log[0] == "python -m venv --clear .venv"
    assert installs(log) == ["python -m pip install --quiet --disable-pip-version-check -c constraints.txt "
                             "--config-settings editable_mode=compat -e ."]
    assert "python -m compileall -q generator" in log
    assert log[-1] == "briefing serve --port 8080"


def test_a_second_start_installs_nothing(clone):
    run(clone, "scripts/serve")
    log = run(clone, "scripts/serve")
    assert installs(log) == [] and not any("venv" in line for line in log)
    assert log[-1] == "briefing serve"


def test_scripts_test_sets_up_the_test_tools_once(clone):
    log = run(clone, "scripts/test", "-k", "golden")
    assert [line.rsplit(" ", 1)[-1] for line in installs(log)] == [".[test]"]
    assert "npm ci --no-audit --no-fund --loglevel=error" in log
    assert log[-3:] == ["ruff check", "mypy ", "python -m pytest -k golden"]
    log = run(clone, "scripts/test")
    assert installs(log) == [] and not any(line.startswith("npm") for line in log)
    # The test tools include what serving needs: no install for scripts/serve either.
    assert installs(run(clone, "scripts/serve")) == []


def test_setup_for_tests_after_setup_for_serving_installs_the_test_tools(clone):
    run(clone, "scripts/setup")
    assert [line.rsplit(" ", 1)[-1] for line in installs(run(clone, "scripts/setup", "test"))] == [".[test]"]


@pytest.mark.parametrize("changed", ["pyproject.toml", "constraints.txt", "scripts/setup"])
def test_a_changed_dependency_file_installs_again(clone, changed):
    run(clone, "scripts/setup")
    with (clone / changed).open("a", encoding="utf-8") as file:
        file.write("\n# changed\n")
    assert len(installs(run(clone, "scripts/setup"))) == 1
    assert installs(run(clone, "scripts/setup")) == []


def test_a_failed_install_is_tried_again(clone):
    run(clone, "scripts/setup")
    (clone / "constraints.txt").write_text("changed==1\n", encoding="utf-8")
    run(clone, "scripts/setup", FAIL_PIP="1")
    assert len(installs(run(clone, "scripts/setup"))) == 1


def test_a_venv_whose_python_is_gone_is_made_again(clone):
    run(clone, "scripts/setup")
    (clone / ".venv/bin/python").write_text("#!/no/such/interpreter\n", encoding="utf-8")
    log = run(clone, "scripts/setup")
    assert log[0] == "python -m venv --clear .venv" and len(installs(log)) == 1
