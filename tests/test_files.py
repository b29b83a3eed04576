import os

import pytest

from generator.errors import Problems
from generator.load.files import content_files, refuse_case_twins


def listing(site, folder="content/articles", suffixes=(".md",)):
    problems = Problems()
    files = content_files(site, folder, suffixes, problems)
    return [rel for _, rel in files], sorted((p.severity, p.path, p.message) for p in problems._items)


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "content/articles").mkdir(parents=True)
    (root / "content/articles/b.md").write_text("b")
    (root / "content/articles/a.md").write_text("a")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("not for publishing")
    return root


def test_files_are_sorted_and_hidden_ones_skipped(site):
    (site / "content/articles/.draft.md").write_text("x")
    (site / "content/articles/.git").mkdir()
    (site / "content/articles/.git/x.md").write_text("x")
    assert listing(site) == (["content/articles/a.md", "content/articles/b.md"], [])


def test_suffixes_match_in_any_case_and_other_files_are_named(site):
    (site / "content/articles/C.MD").write_text("c")
    (site / "content/articles/notes.txt").write_text("n")
    (site / "content/articles/d.md~").write_text("backup")
    files, problems = listing(site)
    assert files == ["content/articles/C.MD", "content/articles/a.md", "content/articles/b.md"]
    assert problems == [
        ("warning", "content/articles/d.md~", "this file is not read: only .md files are"),
        ("warning", "content/articles/notes.txt", "this file is not read: only .md files are"),
    ]


def test_a_file_link_out_of_the_site_is_refused(site):
    os.symlink(site.parent / "outside/secret.md", site / "content/articles/secret.md")
    files, problems = listing(site)
    assert "content/articles/secret.md" not in files
    assert problems == [("error", "content/articles/secret.md", "this is a link to a file outside the site directory")]


def test_a_folder_link_out_of_the_site_is_refused(site):
    os.symlink(site.parent / "outside", site / "content/articles/more")
    files, problems = listing(site)
    assert files == ["content/articles/a.md", "content/articles/b.md"]
    assert problems == [("error", "content/articles/more", "this folder is a link to a folder outside the site directory")]


def test_the_content_folder_itself_may_not_lead_out(tmp_path, site):
    (site / "static").symlink_to(tmp_path / "outside", target_is_directory=True)
    files, problems = listing(site, "static", ("",))
    assert files == [] and problems == [("error", "static", "this folder is a link to a folder outside the site directory")]


def test_links_inside_the_site_are_followed_once_without_looping(site):
    (site / "shared").mkdir()
    (site / "shared/c.md").write_text("c")
    os.symlink(site / "shared", site / "content/articles/shared")
    os.symlink(site / "shared/c.md", site / "content/articles/c-link.md")
    os.symlink(site / "content/articles", site / "shared/loop")  # a cycle
    files, problems = listing(site)
    assert files == ["content/articles/a.md", "content/articles/b.md", "content/articles/c-link.md",
                     "content/articles/shared/c.md"]
    assert problems == []


def test_broken_links_and_pipes_are_named(site):
    os.symlink(site / "nowhere.md", site / "content/articles/broken.md")
    os.mkfifo(site / "content/articles/pipe.md")  # reading it would block the build for ever
    files, problems = listing(site)
    assert files == ["content/articles/a.md", "content/articles/b.md"]
    assert problems == [
        ("error", "content/articles/broken.md", "this is a link to a file that does not exist"),
        ("error", "content/articles/pipe.md", "this is not a regular file (a pipe, socket or device?)"),
    ]


def test_a_file_where_the_folder_should_be(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/articles").write_text("oops")
    assert listing(tmp_path) == ([], [("error", "content/articles", "this should be a folder")])


def test_names_with_spaces_and_other_scripts_are_found(site):
    (site / "content/articles/Doha talks.md").write_text("x")
    (site / "content/articles/کابل.md").write_text("x")
    files, _ = listing(site)
    assert "content/articles/Doha talks.md" in files and "content/articles/کابل.md" in files


def test_case_twins_are_refused():
    problems = Problems()
    refuse_case_twins([(None, "static/Logo.png"), (None, "static/css/a.css"), (None, "static/logo.png")], problems)
    assert [(p.path, p.message) for p in problems.errors] == [
        ("static/logo.png", "this file name differs from static/Logo.png only in letter case")]
