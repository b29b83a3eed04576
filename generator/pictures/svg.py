"""What every picture needs to write SVG: numbers that print the same on every machine, escaped
markup, and text measured (by estimate) so that labels can be wrapped or shortened before drawing.

Pictures are inline SVG in the HTML page, styled by the site's stylesheet (classes, CSS variables,
``currentColor``), so they follow the reader's light or dark scheme and print in black.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from markupsafe import Markup, escape

Attrs = Mapping[str, str | int | float | None]


def num(value: float) -> str:
    """A coordinate as SVG text: rounded to a tenth, no trailing zeros, never "-0".

    Coordinates are computed from integers and a few divisions; rounding to a tenth of a unit
    hides any difference in the last bits of a float, so the output is byte-identical anywhere.
    """
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attr_text(value: str | int | float) -> str:
    if isinstance(value, bool):
        raise TypeError("SVG attributes are not booleans")
    if isinstance(value, int | float):
        return num(value)
    return value


def attrs(values: Attrs) -> Markup:
    """Attributes in the order given (so output is stable), None values left out."""
    # Plain string building with explicit escapes: what Markup.format would give, without its
    # formatter's cost (a drawing has thousands of attributes).
    return Markup("".join([f' {escape(name)}="{escape(_attr_text(value))}"'
                           for name, value in values.items() if value is not None]))


def el(tag: str, values: Attrs | None = None, *children: str) -> Markup:
    """One element; strings among ``children`` are escaped unless they are already Markup."""
    if not children:
        return Markup(f"<{tag}{attrs(values or {})}/>")
    inner = "".join([escape(child) for child in children])
    return Markup(f"<{tag}{attrs(values or {})}>{inner}</{tag}>")


def join(parts: Iterable[str]) -> Markup:
    return Markup("\n").join(escape(part) for part in parts)


def path_data(*commands: tuple[str, *tuple[float, ...]]) -> str:
    """``("M", 0, 1), ("L", 2, 3)`` as ``M0 1L2 3``."""
    return "".join(cmd + " ".join(num(v) for v in values) for cmd, *values in commands)


# Advance widths of a plain sans-serif, in thousandths of an em (Helvetica's metrics). The
# fonts a reader may have are wider: DejaVu Sans (Linux's system-ui) by about 12%, its bold by
# about 20%; TEXT_SAFETY and BOLD_SAFETY cover them, with a little to spare.
_WIDTHS = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10, 278, 278,
     584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
     667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500,
     556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
     500, 500, 500, 334, 260, 334, 584),
    strict=True,
))
_WIDTHS.update({"“": 333, "”": 333, "‘": 222, "’": 222, "–": 556, "—": 1000, "…": 1000, "·": 278})
_OTHER_WIDTH = 620  # letters of other scripts, accented capitals...
TEXT_SAFETY = 1.16
BOLD_SAFETY = 1.12  # bold is wider still


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An upper estimate of the width of ``text`` at font size ``size``, in SVG units."""
    em = sum(_WIDTHS.get(ch, _OTHER_WIDTH) for ch in text) / 1000
    return em * size * TEXT_SAFETY * (BOLD_SAFETY if bold else 1)


def shorten(text: str, size: float, width: float, *, bold: bool = False) -> str:
    """``text``, cut at a word with an ellipsis if it would be wider than ``width``."""
    if text_width(text, size, bold=bold) <= width:
        return text
    words = text.split()
    while words:
        candidate = " ".join(words).rstrip(",;:.–—-") + "…"
        if text_width(candidate, size, bold=bold) <= width:
            return candidate
        words.pop()
    cut = text
    while cut and text_width(cut + "…", size, bold=bold) > width:
        cut = cut[:-1]
    return cut + "…"


def wrap(text: str, size: float, width: float, max_lines: int, *, bold: bool = False) -> tuple[str, ...]:
    """``text`` broken into lines no wider than ``width``; the last line shortened if need be."""
    lines: list[str] = []
    current = ""
    words = text.split()
    for i, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= width or not current:
            current = candidate
            continue
        if len(lines) == max_lines - 1:
            return (*lines, shorten(" ".join([current, *words[i:]]), size, width, bold=bold))
        lines.append(current)
        current = word
    if current:
        lines.append(shorten(current, size, width, bold=bold))
    return tuple(lines)


def text_lines(lines: Iterable[str], x: float, y: float, line_height: float, values: Attrs | None = None) -> Markup:
    """A ``<text>`` of one or more lines (``tspan`` per line), the first baseline at ``y``. Lines
    but the last end with a space, so that the text reads (and copies) as the words it wraps."""
    lines = list(lines)
    spans = [el("tspan", {"x": x, "dy": 0 if i == 0 else line_height}, line + (" " if i < len(lines) - 1 else ""))
             for i, line in enumerate(lines)]
    return el("text", {"x": x, "y": y, **(values or {})}, *spans)
