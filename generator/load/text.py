"""Reading a source file as text: UTF-8 only, BOM and CRLF accepted, everything else refused."""

from __future__ import annotations

from pathlib import Path

from generator.errors import Problems

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_source_text(path: Path, rel: str, problems: Problems) -> str | None:
    """The file's text with LF line endings, or None after recording why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(rel, None, f"cannot read this file: {exc.strerror}", "check that it exists and is readable")
        return None
    if data.startswith(_UTF16_BOMS):
        problems.error(rel, 1, "this file is UTF-16; briefing reads UTF-8 only", "re-save it as UTF-8")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.error(rel, line, "this looks like a binary file, not text", "remove it from content/ or replace it with a UTF-8 text file")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error(rel, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", "re-save the file as UTF-8")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
