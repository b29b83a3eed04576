"""The theme: a site's templates and static files resolve from the site first, then from the
theme packaged with briefing; init copies none of it; `briefing theme eject` copies one template
or static file, and a build warns when the packaged one changes after that."""

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
    with pytest.raises(ThemeError, match=r"has no template or static file 'artcle.html' \(did you mean 'article.html'\?\)"):
        eject(bare_site, "artcle.html")
    with pytest.raises(ThemeError, match=r"is briefing's own article\.html"):
        eject(REPO, "article.html", force=True)
    assert main(["theme", "eject", "nothing-like-it", "--site", str(bare_site)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: briefing's theme has no template or static file 'nothing-like-it': "
                          "its templates are 404.html, actor.html,")
    assert "; its static files are favicon.svg, css/print.css, css/style.css, js/search.js\n" in err


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


def test_a_copy_without_its_first_line_is_never_judged_old(bare_site, theme, capsys):
    # Files' times say nothing reliable (a checkout or a copy sets them): without the record of
    # an eject, no warning, whichever file is older, and the list says it cannot tell.
    write_files(bare_site, {"templates/article.html": (theme / "templates/article.html").read_text() + "{# mine #}\n",
                            "static/css/style.css": "body { color: black }\n"})
    for copy, packaged in ((bare_site / "templates/article.html", theme / "templates/article.html"),
                           (bare_site / "static/css/style.css", theme / "static/css/style.css")):
        os.utime(copy, (packaged.stat().st_mtime - 86400,) * 2)
    with (theme / "templates/article.html").open("a", encoding="utf-8") as file:
        file.write("{# a fix in a later briefing #}\n")
    assert check_site(bare_site).warnings == ()
    assert [(o.file.rel, o.ejected_from, o.outdated) for o in overrides(bare_site)] == [
        ("templates/article.html", None, None), ("static/css/style.css", None, None)]
    assert main(["theme", "list", "--site", str(bare_site)]) == 0
    assert ("static/css/style.css  overridden by the site's (not ejected: whether briefing's changed since is not "
            "known)") in capsys.readouterr().out.splitlines()


def test_eject_copies_a_static_file_with_a_comment_noting_where_it_came_from(bare_site, capsys):
    assert main(["theme", "eject", "style.css", "--site", str(bare_site)]) == 0
    assert capsys.readouterr().out.startswith(
        f"Created {bare_site / 'static/css/style.css'} from briefing {__version__}'s static/css/style.css")
    first, rest = (bare_site / "static/css/style.css").read_text(encoding="utf-8").split("\n", 1)
    assert first.startswith(f"/* ejected from briefing {__version__}'s theme: static/css/style.css, sha256 ")
    assert first.endswith(" */") and rest == (REPO / "static/css/style.css").read_text(encoding="utf-8")
    for name, comment in (("js/search.js", "// ejected from"), ("static/favicon.svg", "<!-- ejected from")):
        eject(bare_site, name)
        path = bare_site / "static" / name.removeprefix("static/")
        first, rest = path.read_text(encoding="utf-8").split("\n", 1)
        assert first.startswith(comment) and rest == (REPO / "static" / name.removeprefix("static/")).read_text()
    assert [(o.file.rel, o.ejected_from, o.outdated) for o in overrides(bare_site)] == [
        ("static/favicon.svg", __version__, False), ("static/css/style.css", __version__, False),
        ("static/js/search.js", __version__, False)]
    assert check_site(bare_site).warnings == ()
    build_site(bare_site, bare_site / "output")
    assert (bare_site / "output/static/css/style.css").read_bytes() == (bare_site / "static/css/style.css").read_bytes()
    with pytest.raises(ThemeError, match=r"exists already: it overrides briefing's static/css/style\.css"):
        eject(bare_site, "css/style.css")


def test_a_build_warns_when_the_packaged_static_file_changed_after_the_eject(bare_site, theme):
    eject(bare_site, "static/css/print.css")
    with (theme / "static/css/print.css").open("a", encoding="utf-8") as file:
        file.write("/* a fix in a later briefing */\n")
    [warning] = check_site(bare_site).warnings
    assert (warning.path, warning.line, warning.message) == (
        "static/css/print.css", 1,
        f"this file replaces static/css/print.css of briefing's theme as it was in briefing {__version__}; "
        "the theme's static/css/print.css has changed since")
    assert warning.hint == (
        "compare them (briefing theme show static/css/print.css | diff - static/css/print.css), carry your changes "
        "over to a fresh copy (briefing theme eject static/css/print.css --force), or delete static/css/print.css "
        "to use briefing's own")
    eject(bare_site, "print.css", force=True)
    assert check_site(bare_site).warnings == ()


def test_the_record_goes_after_what_must_lead_a_file_and_a_file_without_comments_holds_none(bare_site, theme, capsys):
    write_files(theme, {"static/css/fonts.css": '@charset "utf-8";\nbody { font: serif }\n',
                        "static/img/map.svg": '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>\n'})
    (theme / "static/img/dot.png").write_bytes(b"\x89PNG\r\n\x1a\n one dot")
    eject(bare_site, "fonts.css")
    lines = (bare_site / "static/css/fonts.css").read_text(encoding="utf-8").splitlines()
    assert lines[0] == '@charset "utf-8";' and lines[1].startswith("/* ejected from") and lines[2:] == ["body { font: serif }"]
    eject(bare_site, "img/map.svg")
    lines = (bare_site / "static/img/map.svg").read_text(encoding="utf-8").splitlines()
    assert lines[0] == '<?xml version="1.0"?>' and lines[1].startswith("<!-- ejected from")
    assert lines[2] == '<svg xmlns="http://www.w3.org/2000/svg"/>'
    assert main(["theme", "eject", "dot.png", "--site", str(bare_site)]) == 0
    assert "a .png cannot record where it came from, so no build warns" in capsys.readouterr().out
    assert (bare_site / "static/img/dot.png").read_bytes() == (theme / "static/img/dot.png").read_bytes()
    for name in ("css/fonts.css", "img/map.svg", "img/dot.png"):
        with (theme / "static" / name).open("a", encoding="utf-8") as file:
            file.write("\n")
    warnings = check_site(bare_site).warnings
    assert [(w.path, w.line) for w in warnings] == [("static/css/fonts.css", 2), ("static/img/map.svg", 2)]


def test_a_static_file_in_other_letter_case_is_the_sites_override(bare_site, theme):
    write_files(bare_site, {"static/CSS/Style.css": "body { color: black }\n"})
    with pytest.raises(ThemeError, match=r"static/CSS/Style\.css exists already"):
        eject(bare_site, "style.css")
    eject(bare_site, "style.css", force=True)
    assert sorted(p.relative_to(bare_site).as_posix() for p in (bare_site / "static").rglob("*.css")) == [
        "static/CSS/Style.css"]
    [override] = overrides(bare_site)
    assert (override.rel, override.outdated) == ("static/CSS/Style.css", False)


def test_static_names_and_files_of_one_name(theme):
    assert themes.packaged_file("static/css/style.css") == themes.packaged_file("css/style.css")
    assert themes.packaged_file("style.css").path == theme / "static/css/style.css"
    assert themes.packaged_file("templates/article").rel == "templates/article.html"
    write_files(theme, {"static/print/style.css": "a {}\n"})
    with pytest.raises(ThemeError, match=r"more than one file called 'style\.css': static/css/style\.css, "
                                         r"static/print/style\.css; name one of them by its path"):
        themes.packaged_file("style.css")


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
    assert ("templates/outlet.html  overridden by the site's (not ejected: whether briefing's changed since is not "
            "known)") in listed
    assert "templates/article.html" in listed and "static/css/style.css" in listed
    assert len(listed) == len(list((REPO / "templates").iterdir())) + len([p for p in (REPO / "static").rglob("*")
                                                                           if p.is_file()])
    assert main(["theme", "show", "base.html"]) == 0
    assert capsys.readouterr().out == (REPO / "templates/base.html").read_text(encoding="utf-8")
    for name in ("static/css/style.css", "css/style.css", "style.css"):
        assert main(["theme", "show", name]) == 0
        assert capsys.readouterr().out == (REPO / "static/css/style.css").read_text(encoding="utf-8")


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
