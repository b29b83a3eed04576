"""XML documents (Atom feeds, sitemaps) built as element trees and serialised by the standard
library, which escapes every text and attribute. Text is first cleared of the few characters
XML 1.0 cannot carry at all (control characters), which would make a feed unreadable."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
XML_NS = "http://www.w3.org/XML/1998/namespace"


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def element(parent: ET.Element | None, tag: str, text: str | None = None, /, **attributes: str) -> ET.Element:
    """A child of ``parent`` (or a root). ``xml_lang=`` and ``xml_base=`` give ``xml:lang`` and
    ``xml:base``. A document's namespace is declared on its root as ``xmlns=``, which keeps the
    serialiser from inventing prefixes."""
    attrib = {(f"{{{XML_NS}}}{key[4:]}" if key.startswith("xml_") else key): xml_text(value)
              for key, value in attributes.items()}
    node = ET.Element(tag, attrib) if parent is None else ET.SubElement(parent, tag, attrib)
    if text is not None:
        node.text = xml_text(text)
    return node


def serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"
