"""The writer of briefing serve's own folder (generator.inplace): files changed where they are."""

import re

import pytest

from generator.errors import OutputError
from generator.inplace import NEXT_MARKER, InPlaceWriter
from generator.writer import MARKER, file_stat


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*") if p.is_file()}


def test_a_build_changes_what_changed_and_removes_what_it_no_longer_makes(tmp_path):
    out = tmp_path / "serve"
    first = InPlaceWriter(out)
    first.write_text("index.html", "home")
    first.write_text("articles/a.html", "a")
    first.write_text("articles/b.html", "b")
    kept = first.write_text("actors/x.html", "x")
    first.commit()
    second = InPlaceWriter(out)
    second.write_text("index.html", "home, again")
    assert files(out)["index.html"] == "home, again"  # in place at once, before the build ends
    assert second.keep_previous("actors/x.html", kept) == kept
    second.write_text("articles/a.html", "a")
    second.move_in("exports/e.csv", second.write_scratch("e.csv", b"e"))
    second.commit()
    assert {k: v for k, v in files(out).items() if k != MARKER} == {
        "index.html": "home, again", "articles/a.html": "a", "actors/x.html": "x", "exports/e.csv": "e"}
    # What the build changed in the folder, in order (serve reloads the browsers that show it);
    # not the file it kept.
    assert second.changed == ["index.html", "articles/a.html", "exports/e.csv", "articles/b.html"]


def test_folders_emptied_are_removed_and_the_ones_left_to_others_are_not(tmp_path):
    out = tmp_path / "serve"
    first = InPlaceWriter(out, leave=("pagefind",))
    first.write_text("old/deep/page.html", "old")
    first.commit()
    (out / "pagefind").mkdir()
    (out / "pagefind/pagefind.js").write_text("index")
    second = InPlaceWriter(out, leave=("pagefind",))
    second.write_text("index.html", "home")
    second.commit()
    assert not (out / "old").exists()
    assert (out / "pagefind/pagefind.js").read_text() == "index"


def test_the_folder_is_marked_as_this_build_s_only_once_it_is_complete(tmp_path):
    out = tmp_path / "serve"
    first = InPlaceWriter(out)
    first.write_text("index.html", "home")
    first.commit()
    tag = file_stat(out / MARKER)
    stopped = InPlaceWriter(out)
    stopped.write_text("index.html", "half")
    assert stopped.tag() != tag
    stopped.discard()
    assert file_stat(out / MARKER) == tag and not (out / NEXT_MARKER).exists()
    assert files(out)["index.html"] == "half"  # left as it is: the next build writes it again


def test_a_folder_briefing_did_not_make_is_refused(tmp_path):
    out = tmp_path / "serve"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match="not made by"):
        InPlaceWriter(out)
    assert (out / "notes.txt").read_text() == "mine"


def test_a_file_changed_by_hand_is_not_kept(tmp_path):
    out = tmp_path / "serve"
    first = InPlaceWriter(out)
    stat = first.write_text("index.html", "home")
    first.commit()
    (out / "index.html").write_text("edited by hand")
    again = InPlaceWriter(out)
    assert again.keep_previous("index.html", stat) is None
    again.discard()


def test_a_file_kept_claims_its_path_as_a_written_one_does(tmp_path):
    out = tmp_path / "serve"
    first = InPlaceWriter(out)
    stat = first.write_text("articles/a.html", "a")
    first.commit()
    again = InPlaceWriter(out)
    assert again.keep_previous("articles/a.html", stat) == stat
    with pytest.raises(OutputError, match=re.escape("two files would be written to the same path 'Articles/A.html'")):
        again.write_text("Articles/A.html", "another")
    with pytest.raises(OutputError, match="must stay inside the output directory"):
        again.keep_previous("articles/../articles/a.html", stat)
    again.discard()
