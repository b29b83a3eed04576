"""The theme: a site's templates and static files resolve from the site first, then from the
theme packaged with briefing; init copies none of it; `briefing theme eject` copies one template,
and a build warns when the packaged one changes after that."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import __version__, themes
from generator.build import Builder, BuildOptions, build_site, check_site
from generator.cache import Cache
from generator.cli import main
from generator.errors import BuildFailed, Problems
from generator.scaffold import init_site
from generator.sitefolders import find_static_files, templates_key
from generator.themes import ThemeError, eject, overrides
from sitefiles import MINIMAL_FILES, MINIMAL_SITE_YAML, REPO, write_files


@pytest.fixture
def bare_site(tmp_path: Path) -> Path:
    """A site with content only: no templates/, no static/."""
    root = tmp_path / "site"
    write_files(root, {"site.yaml": MINIMAL_SITE_YAML, **MINIMAL_FILES})
    return root


@pytest.fixture
def theme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the packaged theme, packaged in its stead, which a test may change as a later
    briefing would."""
    copy = tmp_path / "theme"
    for part in ("templates", "static"):
        shutil.copytree(REPO / part, copy / part)
    monkeypatch.setattr(themes, "PACKAGED_TEMPLATES", copy / "templates")
    monkeypatch.setattr(themes, "PACKAGED_STATIC", copy / "static")
    return copy


def pages(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_site_without_templates_or_static_files_builds_with_the_packaged_theme(bare_site, tmp_site):
    build_site(bare_site, bare_site / "output")
    copied = tmp_site()  # the same content, beside a copy of the whole theme
    build_site(copied, copied / "output")
    assert pages(bare_site / "output") == pages(copied / "output")
    assert (bare_site / "output/static/css/style.css").read_bytes() == (REPO / "static/css/style.css").read_bytes()


def test_the_sites_template_and_static_file_win(bare_site):
    write_files(bare_site, {"templates/404.html": "{% extends \"base.html\" %}{% block main %}Gone.{% endblock %}\n",
                            "static/css/style.css": "body { color: black }\n"})
    build_site(bare_site, bare_site / "output")
    assert "Gone." in (bare_site / "output/404.html").read_text(encoding="utf-8")
    assert (bare_site / "output/static/css/style.css").read_text(encoding="utf-8") == "body { color: black }\n"
    assert (bare_site / "output/static/css/print.css").read_bytes() == (REPO / "static/css/print.css").read_bytes()
    static = dict(find_static_files(bare_site, Problems()))
    assert static["static/css/style.css"] == bare_site / "static/css/style.css"


def test_init_writes_no_copy_of_the_theme(tmp_path):
    site = init_site(tmp_path / "new").path
    assert sorted(p.relative_to(site).as_posix() for p in (site / "templates").rglob("*")) == ["templates/.gitkeep"]
    assert sorted(p.relative_to(site).as_posix() for p in (site / "static").rglob("*")) == ["static/.gitkeep"]
    build_site(site, site / "output")
    assert (site / "output/static/css/style.css").is_file() and not (site / "output/static/.gitkeep").exists()


def test_eject_copies_one_template_noting_where_it_came_from(bare_site, capsys):
    assert main(["theme", "eject", "article", "--site", str(bare_site)]) == 0
    assert "Created" in capsys.readouterr().out
    copied = (bare_site / "templates/article.html").read_text(encoding="utf-8")
    first, rest = copied.split("\n", 1)
    assert first.startswith(f"{{#- ejected from briefing {__version__}'s theme: article.html, sha256 ")
    assert rest == (REPO / "templates/article.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (bare_site / "templates").iterdir()) == ["article.html"]
    # Its first line leaves no trace in the pages, and it is an override that is up to date.
    build_site(bare_site, bare_site / "output")
    plain = bare_site.parent / "plain"
    write_files(plain, {"site.yaml": MINIMAL_SITE_YAML, **MINIMAL_FILES})
    build_site(plain, plain / "output")
    assert pages(bare_site / "output") == pages(plain / "output")
    assert [(o.name, o.ejected_from, o.outdated) for o in overrides(bare_site)] == [
        ("article.html", __version__, False)]
    assert check_site(bare_site).warnings == ()


def test_eject_refuses_to_replace_unknown_names_and_the_theme_itself(bare_site, capsys):
    eject(bare_site, "article.html")
    (bare_site / "templates/article.html").write_text("mine\n", encoding="utf-8")
    with pytest.raises(ThemeError, match="exists already"):
        eject(bare_site, "article.html")
    assert (bare_site / "templates/article.html").read_text(encoding="utf-8") == "mine\n"
    eject(bare_site, "article.html", force=True)
    assert (bare_site / "templates/article.html").read_text(encoding="utf-8") != "mine\n"
    with pytest.raises(ThemeError, match=r"has no template 'artcle.html' \(did you mean 'article.html'\?\)"):
        eject(bare_site, "artcle.html")
    with pytest.raises(ThemeError, match=r"is briefing's own article\.html"):
        eject(REPO, "article.html", force=True)
    assert main(["theme", "eject", "nothing-like-it", "--site", str(bare_site)]) == 1
    assert capsys.readouterr().err.startswith(
        "error: briefing's theme has no template 'nothing-like-it': its templates are")


def test_the_sample_site_and_a_copy_of_the_theme_override_nothing(tmp_site):
    # The sample briefing's templates/ is the packaged theme; tmp_site copies it whole.
    assert overrides(REPO) == [] and overrides(tmp_site()) == []


def test_a_build_warns_when_the_packaged_template_changed_after_the_eject(bare_site, theme):
    eject(bare_site, "article.html")
    assert check_site(bare_site).warnings == ()
    with (theme / "templates/article.html").open("a", encoding="utf-8") as file:
        file.write("{# a fix in a later briefing #}\n")
    [warning] = check_site(bare_site).warnings
    assert (warning.path, warning.line, warning.message) == (
        "templates/article.html", 1,
        f"this template replaces article.html of briefing's theme as it was in briefing {__version__}; "
        "the theme's article.html has changed since")
    assert "briefing theme show article.html | diff - templates/article.html" in warning.hint
    with pytest.raises(BuildFailed):
        check_site(bare_site, strict=True)


def test_a_copy_without_its_first_line_is_judged_by_the_files_times(bare_site, theme):
    write_files(bare_site, {"templates/article.html": (theme / "templates/article.html").read_text() + "{# mine #}\n"})
    copy, packaged = bare_site / "templates/article.html", theme / "templates/article.html"
    os.utime(copy, (packaged.stat().st_mtime + 60,) * 2)
    assert check_site(bare_site).warnings == ()  # edited after the theme was installed
    os.utime(copy, (packaged.stat().st_mtime - 86400,) * 2)
    [warning] = check_site(bare_site).warnings
    assert warning.message == ("this template replaces article.html of briefing's theme, which is newer than this "
                               "copy: it may have changed since the copy was made")


def test_pages_are_keyed_on_the_templates_used_wherever_they_come_from(bare_site, theme):
    key = templates_key(bare_site)
    with (theme / "templates/outlet.html").open("a", encoding="utf-8") as file:
        file.write("<!-- a later theme -->\n")
    assert templates_key(bare_site) != key  # a packaged template the site uses changed
    changed = templates_key(bare_site)
    write_files(bare_site, {"templates/outlet.html": (theme / "templates/outlet.html").read_text() + "<!-- mine -->\n"})
    assert templates_key(bare_site) != changed  # the site's own replaces it


def test_an_incremental_build_renders_again_what_a_changed_packaged_template_draws(bare_site, theme):
    cache = Cache.open(bare_site)
    builder = Builder(bare_site, cache=cache, jobs=1)
    try:
        builder.build(bare_site / "output", BuildOptions())
        with (theme / "templates/base.html").open("a", encoding="utf-8") as file:
            file.write("<!-- a later theme -->\n")
        builder.build(bare_site / "output", BuildOptions())
    finally:
        builder.close()
    assert (bare_site / "output/outlets/wire.html").read_text(encoding="utf-8").endswith("<!-- a later theme -->\n")


def test_theme_list_and_show(tmp_site, capsys):
    site = tmp_site({"templates/outlet.html": "{% extends \"base.html\" %}\n"})
    assert main(["theme", "list", "--site", str(site)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert "outlet.html  overridden by the site's" in listed and "article.html" in listed
    assert len(listed) == len(list((REPO / "templates").iterdir()))
    assert main(["theme", "show", "base.html"]) == 0
    assert capsys.readouterr().out == (REPO / "templates/base.html").read_text(encoding="utf-8")


def test_theme_show_into_a_pipe_closed_early_ends_quietly():
    # `briefing theme show base.html | head -n 1`: the reader stops before the output is written.
    import subprocess
    import sys

    shown = subprocess.Popen([sys.executable, "-m", "generator", "theme", "show", "base.html"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert shown.stdout is not None and shown.stderr is not None
    shown.stdout.close()  # long before the command has loaded and writes
    assert shown.wait(60) == 141 and shown.stderr.read() == b""  # as a program stopped by SIGPIPE
    shown.stderr.close()
