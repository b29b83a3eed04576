import pytest

from generator.errors import OutputError
from generator.writer import MARKER, OutputWriter


def test_commit_replaces_previous_output(tmp_path):
    out = tmp_path / "output"
    first = OutputWriter(out)
    first.write_text("old.html", "old")
    first.commit()
    second = OutputWriter(out)
    second.write_text("new.html", "new")
    assert (out / "old.html").exists()  # nothing changes before commit
    second.commit()
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "new.html"]


def test_discard_leaves_previous_output_untouched(tmp_path):
    out = tmp_path / "output"
    writer = OutputWriter(out)
    writer.write_text("index.html", "good")
    writer.commit()
    failed = OutputWriter(out)
    failed.write_text("index.html", "half")
    failed.discard()
    assert (out / "index.html").read_text() == "good"
    assert not any(p.name.startswith(".output") for p in tmp_path.iterdir())


@pytest.mark.parametrize("path", ["../escape.html", "/etc/passwd", "a/../../b.html", "", "a\\..\\b", "a//b.html",
                                  "./a.html", "a/./b.html", "a/", "a\x00b"])
def test_paths_outside_the_output_are_refused(tmp_path, path):
    writer = OutputWriter(tmp_path / "output")
    with pytest.raises(OutputError, match="inside the output directory"):
        writer.write_text(path, "x")


def test_the_same_path_twice_is_refused_even_in_another_case(tmp_path):
    writer = OutputWriter(tmp_path / "output")
    writer.write_text("actors/bob.html", "x")
    with pytest.raises(OutputError, match="same path"):
        writer.write_text("actors/Bob.html", "y")


def test_a_directory_not_made_by_briefing_is_never_replaced(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(OutputError, match="not made by `briefing build`"):
        OutputWriter(out)
    assert (out / "thesis.tex").exists()


def test_an_interrupted_swap_is_recovered(tmp_path):
    out = tmp_path / "output"
    writer = OutputWriter(out)
    writer.write_text("index.html", "good")
    writer.commit()
    out.rename(tmp_path / ".output.previous")  # as if killed between the two renames
    OutputWriter(out).discard()
    assert (out / "index.html").read_text() == "good"


def test_a_file_made_aside_is_moved_in_and_the_scratch_folder_never_stays(tmp_path):
    out = tmp_path / "output"
    writer = OutputWriter(out)
    made = writer.write_scratch("big.db", b"made by another process")
    assert not made.is_relative_to(writer.stage)  # never part of the site unless moved in
    writer.move_in("data/big.db", made)
    writer.commit()
    assert (out / "data/big.db").read_bytes() == b"made by another process"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
    failed = OutputWriter(out)
    failed.write_scratch("half.db", b"half")
    failed.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_killed_builds_scratch_files_are_removed_by_the_next(tmp_path):
    out = tmp_path / "output"
    leftover = tmp_path / ".output.aside"
    leftover.mkdir()
    (leftover / "briefing.db").write_bytes(b"half")
    OutputWriter(out).commit()
    assert not leftover.exists()


def test_moving_in_obeys_the_same_rules_as_writing(tmp_path):
    writer = OutputWriter(tmp_path / "output")
    writer.write_text("data/a.json", "{}")
    with pytest.raises(OutputError, match="two files would be written"):
        writer.move_in("data/A.json", writer.write_scratch("a.json", b"[]"))
    with pytest.raises(OutputError, match="inside the output"):
        writer.move_in("../a.json", writer.write_scratch("b.json", b"[]"))
    writer.discard()
