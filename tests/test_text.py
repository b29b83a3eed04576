import pytest

from generator.errors import Problems
from generator.load.text import decode_source, read_source_text

LF = "---\ntitle: T\ndate: 2025-10-19\n---\nBody.\n"


@pytest.mark.parametrize("data", [
    LF.encode(),
    b"\xef\xbb\xbf" + LF.encode(),
    LF.replace("\n", "\r\n").encode(),
    b"\xef\xbb\xbf" + LF.replace("\n", "\r\n").encode(),
    LF.replace("\n", "\r").encode(),  # classic Mac OS
], ids=["lf", "bom", "crlf", "bom-crlf", "cr"])
def test_bom_and_line_endings_read_as_the_same_text(data):
    assert decode_source(data) == (LF, None, "", "")


@pytest.mark.parametrize("encoding, message", [
    ("utf-16", "this file is UTF-16; briefing reads UTF-8 only"),
    ("utf-16-le", "this file is UTF-16 (without a byte-order mark); briefing reads UTF-8 only"),
    ("utf-16-be", "this file is UTF-16 (without a byte-order mark); briefing reads UTF-8 only"),
    ("utf-32", "this file is UTF-32; briefing reads UTF-8 only"),
])
def test_utf16_and_utf32_are_named(encoding, message):
    assert decode_source(LF.encode(encoding)) == (None, 1, message, "re-save it as UTF-8")


def test_latin1_names_the_line_and_the_byte():
    data = "---\ntitle: T\n---\nLa d\u00e9l\u00e9gation.\n".encode("latin-1")
    text, line, message, hint = decode_source(data)
    assert (text, line, message) == (None, 4, "this is not UTF-8 text (byte 0xe9 on this line)")
    assert "re-save the file as UTF-8" in hint


def test_binary_has_no_line():
    text, line, message, _ = decode_source(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert (text, line, message) == (None, None, "this looks like a binary file, not text")


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x0b", "\x7f", "\x85", "\ufffe"])
def test_invisible_control_characters_are_located(char):
    data = f"---\ntitle: T\n---\nab{char}c\n".encode()
    text, line, message, _ = decode_source(data)
    assert (text, line) == (None, 4)
    assert message == f"the invisible control character U+{ord(char):04X} (column 3) is not allowed"


@pytest.mark.parametrize("char", ["\t", "\x0c", "\u2028", "\u00a0", "\u200b"])
def test_ordinary_invisible_characters_are_text(char):
    assert decode_source(f"a{char}b\n".encode())[0] == f"a{char}b\n"


def test_unreadable_file_is_a_problem_not_a_traceback(tmp_path):
    problems = Problems()
    assert read_source_text(tmp_path / "missing.md", "content/articles/missing.md", problems) is None
    [problem] = problems.errors
    assert (problem.path, problem.line) == ("content/articles/missing.md", None)
    assert problem.message.startswith("cannot read this file: ")
