"""JSON text as every export writes it: UTF-8, indented, keys in the order the records give.

orjson writes it: the standard library's encoder, once asked to indent, falls back to pure
Python and needed about 0.9 s for the 68 MB ``briefing.json`` of 10,000 articles (orjson: 0.06 s).
Both write the same bytes for what the records hold (strings, integers, booleans, null, lists and
string-keyed objects; tested). For anything orjson refuses (an integer beyond 64 bits, a
non-string key) the standard library writes it, as before.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def json_bytes(value: Any) -> bytes:
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # orjson.JSONEncodeError
        return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
