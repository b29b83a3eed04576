"""JSON text as every export writes it: UTF-8, indented, keys in the order the records give."""

from __future__ import annotations

import json
from typing import Any


def json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
