"""Reading pictures back: the inline SVGs of a page (or a picture's markup) as XML elements."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def parse_svg(markup: str) -> ET.Element:
    """One picture's markup as an element tree (the SVG is well-formed XML as well as HTML)."""
    return ET.fromstring(str(markup))


def page_svgs(page: Path, css_class: str = "picture-svg") -> list[ET.Element]:
    """The pictures of a built page (not the legend swatches)."""
    found = [parse_svg(m.group()) for m in _SVG.finditer(page.read_text(encoding="utf-8"))]
    return [svg for svg in found if css_class in svg.get("class", "").split()]


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def assert_text_alternative(svg: ET.Element) -> None:
    """The picture is named by its <title> and described by its <desc>, both with real text."""
    role = svg.get("role")
    assert role in ("img", "group"), role
    ids = {e.get("id"): e for e in svg.iter() if e.get("id")}
    if role == "img":  # a plain image: named by title and description together
        label_ids = svg.get("aria-labelledby", "").split()
        assert len(label_ids) == 2, label_ids
        title, desc = (ids[i] for i in label_ids)
        assert not list(svg.iter("a")), "an image with links fails axe (nested-interactive)"
    else:
        title, desc = ids[svg.get("aria-labelledby")], ids[svg.get("aria-describedby")]
    assert (title.tag, desc.tag) == ("title", "desc")
    assert len(text_of(title)) > 20 and len(text_of(desc)) > 80
    for link in svg.iter("a"):  # every link has a name: its aria-label or its text
        assert link.get("aria-label") or text_of(link), ET.tostring(link)[:200]
