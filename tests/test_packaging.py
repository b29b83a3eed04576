"""The installed package, not only this checkout: a wheel carries the default theme, and
`briefing init` from that wheel makes a site that builds."""

import os
import shutil
import subprocess
import sys
import zipfile

from sitefiles import REPO


def test_a_wheel_carries_the_theme_and_init_works_from_it(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, source / name)
    shutil.copytree(REPO / "generator", source / "generator", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"),
                            str(source)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    [wheel] = (tmp_path / "dist").glob("briefing-*.whl")
    installed = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for part in ("templates", "static"):
            for path in (REPO / part).rglob("*"):
                if path.is_file():
                    inside = f"generator/theme/{part}/{path.relative_to(REPO / part).as_posix()}"
                    assert inside in names, inside
                    assert archive.read(inside) == path.read_bytes(), inside
        archive.extractall(installed)
    assert not (installed / "generator/theme/templates").is_symlink()

    env = {**os.environ, "PYTHONPATH": str(installed)}
    run = lambda *args: subprocess.run([sys.executable, *args], cwd=tmp_path, env=env,  # noqa: E731
                                       capture_output=True, text=True, timeout=300)
    where = run("-c", "import generator; print(generator.__file__)")
    assert where.stdout.strip() == str(installed / "generator/__init__.py"), where.stderr
    assert run("-m", "generator", "init", "story", "--title", "Another story").returncode == 0
    built = run("-m", "generator", "build", "--strict", "--site", "story")
    assert built.returncode == 0, built.stderr
    assert "Another story" in (tmp_path / "story/output/index.html").read_text(encoding="utf-8")
