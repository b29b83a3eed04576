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


@pytest.mark.parametrize("path", ["../escape.html", "/etc/passwd", "a/../../b.html", "", "a\\..\\b"])
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
