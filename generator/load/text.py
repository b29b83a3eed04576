"""Reading a source file as text: UTF-8 only (a BOM and CRLF or CR line endings accepted, so such a
file builds exactly like its LF twin), everything else refused with the line where it goes wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import Problems

_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_UTF8_BOM = b"\xef\xbb\xbf"
# Invisible characters that are errors in HTML text and in YAML: C0 and C1 controls (other than
# tab, line feed, form feed and carriage return), DEL and the BMP non-characters. They arrive
# with text copied from PDFs, terminals and mis-decoded pages.
_FORBIDDEN = re.compile("[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def read_source_text(path: Path, rel: str, problems: Problems) -> str | None:
    """The file's text with LF line endings, or None after recording why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        report_unreadable(rel, exc, problems)
        return None
    return text_of(data, rel, problems)


def report_unreadable(rel: str, exc: OSError, problems: Problems) -> None:
    problems.error(rel, None, f"cannot read this file: {exc.strerror or exc}", "check that it exists and that you may read it")


def text_of(data: bytes, rel: str, problems: Problems) -> str | None:
    """The text of a file's bytes, or None after recording why it is not acceptable text."""
    text, line, message, hint = decode_source(data)
    if text is None:
        problems.error(rel, line, message, hint)
    return text


def decode_source(data: bytes) -> tuple[str | None, int | None, str, str]:
    """(text, None, "", "") for acceptable bytes, else (None, line, message, hint)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return None, 1, f"this file is {encoding}; briefing reads UTF-8 only", "re-save it as UTF-8"
    data = data.removeprefix(_UTF8_BOM)
    if b"\x00" in data:
        if _looks_like_utf16(data):
            return None, 1, "this file is UTF-16 (without a byte-order mark); briefing reads UTF-8 only", "re-save it as UTF-8"
        return None, None, "this looks like a binary file, not text", "remove it, or replace it with a UTF-8 text file"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return (None, line, f"this is not UTF-8 text (byte 0x{data[exc.start]:02x} on this line)",
                "re-save the file as UTF-8 (it was probably saved as Windows-1252 or Latin-1)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _FORBIDDEN.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        return (None, line, f"the invisible control character U+{ord(bad.group()):04X} (column {column}) is not allowed",
                "delete it (retype the text around it); it often comes with text copied from a PDF or a terminal")
    return text, None, "", ""


def decode_accepted(data: bytes) -> str:
    """The text of bytes that ``decode_source`` accepted before (the same bytes): without the checks."""
    return data.removeprefix(_UTF8_BOM).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_utf16(data: bytes) -> bool:
    """Mostly ASCII text in UTF-16 has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    return any(sample[start::2].count(0) >= 0.9 * len(sample[start::2]) for start in (0, 1))
