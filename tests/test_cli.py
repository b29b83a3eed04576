import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main


def test_build_succeeds_and_reports(tmp_site, capsys):
    site = tmp_site()
    assert main(["build", "--site", str(site)]) == 0
    out = capsys.readouterr().out
    assert re.match(r"Built \d+ pages \(\d+ files, indexed for search\) into ", out), out
    assert (site / "output" / "index.html").exists()
    assert (site / "output" / "pagefind" / "pagefind.js").exists()


def test_errors_are_reported_together_without_traceback(tmp_site, capsys):
    site = tmp_site({
        "content/articles/first.md": "---\ntitle: First\ndate: 2025-13-01\n---\nText.\n",
        "content/actors/people.yaml": "- id: bob\n  name: Bob\n  kind: persn\n",
    })
    assert main(["build", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "content/actors/people.yaml:3: error: 'kind' is 'persn', which is not allowed\n  hint: did you mean 'person'?" in err
    assert "content/articles/first.md:3: error: 'date': '2025-13-01' has no month 13: months run 01 to 12" in err
    assert err.rstrip().endswith("Build failed: 2 errors. Nothing was written; the previous output is untouched.")
    assert not (site / "output").exists()


def test_a_failed_check_says_check_failed_and_nothing_of_an_output(tmp_site, capsys):
    site = tmp_site({
        "content/articles/first.md": "---\ntitle: First\ndate: 2025-13-01\n---\nText.\n",
        "content/actors/people.yaml": "- id: bob\n  name: Bob\n  kind: persn\n",
    })
    assert main(["check", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "content/articles/first.md:3: error: 'date': '2025-13-01' has no month 13" in err
    assert err.endswith("\nCheck failed: 2 errors.\n"), err
    assert "Build failed" not in err and "Nothing was written" not in err and "output" not in err
    (site / "content/articles/first.md").write_text("---\ntitle: First\ndate: 2025-10-01\n---\nText.\n")
    (site / "content/actors/people.yaml").write_text("- id: bob\n  name: Bob\n  kind: person\n")
    assert main(["check", "--strict", "--site", str(site)]) == 1
    assert capsys.readouterr().err.endswith("\nCheck failed: 1 error.\n")  # the unused actor, made an error


def test_failed_build_keeps_the_previous_output(tmp_site):
    site = tmp_site()
    assert main(["build", "--site", str(site)]) == 0
    before = {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}
    (site / "content/events/events.yaml").write_text("- id: broken\n  title: no date\n")
    assert main(["build", "--site", str(site)]) == 1
    after = {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}
    assert after == before


def test_strict_turns_warnings_into_errors(tmp_site, capsys):
    site = tmp_site({"content/actors/more.yaml": "- id: carol\n  name: Carol\n  kind: person\n"})
    assert main(["build", "--site", str(site)]) == 0
    assert "warning: actor 'carol' appears in no event and no article" in capsys.readouterr().err
    assert main(["build", "--strict", "--site", str(site)]) == 1
    assert "error: actor 'carol' appears in no event and no article" in capsys.readouterr().err


def test_check_writes_nothing(tmp_site, capsys):
    site = tmp_site()
    assert main(["check", "--site", str(site)]) == 0
    assert capsys.readouterr().out.startswith("OK: 1 articles, 1 events, 1 actors, 1 outlets")
    assert not (site / "output").exists()


def _all_files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_out_option_and_missing_site_yaml(tmp_site, tmp_path, capsys):
    site = tmp_site({"site.yaml": None})
    before = _all_files(site)
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "elsewhere")]) == 1
    assert capsys.readouterr().err == (
        f"error: {site} is not a briefing site: it holds no site.yaml\n"
        "  hint: pass the folder that holds site.yaml, or make a new site with `briefing init DIR`\n")
    assert _all_files(site) == before and not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("command", [["build"], ["check"], ["serve", "--port", "0"], ["new", "article", "A headline"],
                                     ["new", "actor", "Bob"], ["build", "--no-cache"]])
def test_outside_a_site_every_command_says_so_and_writes_nothing(tmp_path, monkeypatch, capsys, command):
    outside = tmp_path / "not-a-site" / "notes"
    outside.mkdir(parents=True)
    monkeypatch.chdir(outside)
    assert main(command) == 1
    assert capsys.readouterr().err == (
        f"error: no site.yaml in {outside} or any folder above it: this is not inside a briefing site\n"
        "  hint: run briefing inside a site (a folder holding site.yaml), pass --site DIR, "
        "or make a new site with `briefing init DIR`\n")
    assert _all_files(tmp_path) == ["not-a-site", "not-a-site/notes"]  # no .briefing-cache, no output


def test_the_site_is_the_nearest_folder_upward_holding_site_yaml(tmp_site, monkeypatch, capsys):
    site = tmp_site()
    monkeypatch.chdir(site / "content" / "articles")
    assert main(["build", "--no-search"]) == 0
    assert f"into {site / 'output'} in " in capsys.readouterr().out
    assert (site / "output" / "index.html").is_file() and (site / ".briefing-cache").is_dir()
    assert sorted(p.name for p in (site / "content" / "articles").iterdir()) == ["first.md"]  # no litter here
    assert main(["new", "actor", "Carol Example"]) == 0
    assert (site / "content" / "actors" / "carol-example.yaml").is_file()
    assert main(["check", "--quiet"]) == 0


def test_the_nearest_site_yaml_wins_and_a_folder_named_on_the_command_line_is_taken_as_it_is(tmp_path, monkeypatch):
    from generator.sitefolders import NotASite, find_site

    outer = tmp_path / "outer"
    inner = outer / "content" / "nested"
    (inner / "deeper").mkdir(parents=True)
    for folder in (outer, inner):
        (folder / "site.yaml").write_text("title: T\n", encoding="utf-8")
    assert find_site(None, start=inner / "deeper") == inner
    assert find_site(None, start=outer / "content") == outer
    monkeypatch.chdir(outer)
    assert find_site(None) == Path(".")  # shown as the user is used to: output/, not a long path
    assert find_site(inner) == inner
    with pytest.raises(NotASite):
        find_site(inner / "deeper")  # --site is not searched upward: it names the site


def test_debug_shows_the_traceback(tmp_site):
    site = tmp_site({"site.yaml": "title: [x]\n"})
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--debug", "--site", str(site)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" in run.stderr
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(site)], capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr and "site.yaml:1: error: 'title' must be text" in run.stderr


def test_check_is_fit_for_a_pre_commit_hook(tmp_site, capsys):
    site = tmp_site()
    assert main(["check", "--quiet", "--site", str(site)]) == 0
    assert capsys.readouterr() == ("", "")  # silent when all is well
    (site / "content/articles/first.md").write_text("---\ntitle: First\n---\n")
    assert main(["check", "--quiet", "--site", str(site)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "content/articles/first.md:2: error: 'date' is required but missing" in err
    assert not (site / "output").exists()


def test_the_pre_commit_hook_runs_check_quietly(tmp_site, capsys, monkeypatch):
    import shlex

    import yaml

    from sitefiles import REPO

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    command = shlex.split(hook["entry"])
    assert command[:2] == ["briefing", "check"] and hook["pass_filenames"] is False
    site = tmp_site()
    monkeypatch.chdir(site)
    assert main(command[1:]) == 0 and capsys.readouterr() == ("", "")
    (site / "content/actors/more.yaml").write_text("- id: carol\n  name: Carol\n  kind: person\n")
    assert main(command[1:]) == 1  # --strict: an unused actor stops the commit
    assert "error: actor 'carol' appears in no event and no article" in capsys.readouterr().err


def test_an_internal_error_is_one_line_without_traceback(tmp_site, monkeypatch, capsys):
    import generator.cli

    def broken(*args, **kwargs):
        raise RuntimeError("something briefing did not expect")

    monkeypatch.setattr(generator.cli, "build_site", broken)
    assert main(["build", "--site", str(tmp_site())]) == 1
    assert capsys.readouterr().err == (
        "error: internal error in briefing, not in your files: RuntimeError: something briefing did not expect\n"
        "  hint: run the same command with --debug to see where, and report it; the previous output is untouched\n")


def test_an_output_that_is_a_file_is_refused(tmp_site, capsys):
    site = tmp_site()
    (site / "output").write_text("not a folder")
    assert main(["build", "--site", str(site)]) == 1
    assert capsys.readouterr().err == f"error: {site / 'output'} exists and is not a directory\n  hint: choose another --out\n"
    assert (site / "output").read_text() == "not a folder"


def test_a_command_line_mistake_exits_1_and_says_what_to_do(capsys):
    for argv in (["build", "--jobs", "0"], ["build", "--no-such-option"], ["no-such-command"]):
        with pytest.raises(SystemExit) as exit:
            main(argv)
        assert exit.value.code == 1, argv
        err = capsys.readouterr().err
        assert "error:" in err and "--help" in err and "Traceback" not in err, err


def test_ctrl_c_says_whether_the_output_is_the_previous_one_or_the_new_one(tmp_site, monkeypatch, capfd):
    import generator.cli
    from generator.build import build_site

    site = tmp_site()
    assert main(["build", "--no-search", "--site", str(site)]) == 0
    capfd.readouterr()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.cli, "build_site", interrupted)
    assert main(["build", "--site", str(site)]) == 130
    assert capfd.readouterr().err == "interrupted; the previous output is untouched\n"

    def interrupted_once_swapped(*args, **kwargs):
        build_site(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.cli, "build_site", interrupted_once_swapped)
    assert main(["build", "--no-search", "--site", str(site)]) == 130
    assert capfd.readouterr().err == "interrupted as the build ended; the new output is complete and in place\n"
