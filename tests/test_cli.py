import re
import subprocess
import sys

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
        "content/articles/first.md": "---\ntitle: First\ndate: 2025-13-01\n---\n",
        "content/actors/people.yaml": "- id: bob\n  name: Bob\n  kind: persn\n",
    })
    assert main(["build", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "content/actors/people.yaml:3: error: 'kind' is 'persn', which is not allowed\n  hint: did you mean 'person'?" in err
    assert "content/articles/first.md:3: error: 'date': '2025-13-01' has no month 13: months run 01 to 12" in err
    assert err.rstrip().endswith("Build failed: 2 errors. Nothing was written; the previous output is untouched.")
    assert not (site / "output").exists()


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


def test_out_option_and_missing_site_yaml(tmp_site, tmp_path, capsys):
    site = tmp_site({"site.yaml": None})
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "elsewhere")]) == 1
    assert "site.yaml: error: no site.yaml in" in capsys.readouterr().err


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
