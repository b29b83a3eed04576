"""YAML with positions: plain Python data plus the line of every key and item.

PyYAML's composer gives nodes with marks; we build the data ourselves from those nodes so that a
validation error at ``("events", 3, "date")`` can name its line. Only the safe scalar types are
ever constructed (tags such as ``!!python/object`` are refused, never executed), duplicate keys are
errors rather than silently overwritten, and alias expansion is bounded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problems

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Loc = tuple[str | int, ...]

# Far beyond any real briefing file, small enough that an alias bomb stops in milliseconds.
MAX_NODES = 500_000
MAX_DEPTH = 100

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class LocatedData:
    """Data read from one YAML text, with the line (1-based) of each location in it."""

    data: Any
    path: str
    lines: Mapping[Loc, int]

    def line(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest enclosing location that has one."""
        for end in range(len(loc), -1, -1):
            found = self.lines.get(tuple(loc[:end]))
            if found is not None:
                return found
        return None


class _Invalid(Exception):
    def __init__(self, line: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def load_yaml(text: str, path: str, problems: Problems, *, first_line: int = 1) -> LocatedData | None:
    """Parse one YAML document. ``first_line`` is the file line where ``text`` starts."""
    offset = first_line - 1
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset) if mark else None
        tab_line = _first_tab_indented_line(text, upto=mark.line + 1 if mark else None)
        if tab_line is not None:
            problems.error(path, tab_line + offset, "a tab is used for indentation; YAML allows only spaces", "replace the tab with spaces")
            return None
        what = exc.problem or "invalid YAML"
        if exc.context:
            context = exc.context
            started = exc.context_mark.line + 1 + offset if exc.context_mark else None
            if started is not None and started != line:
                context += f" (which starts at line {started})"
            what = f"{context}, {what}"
        problems.error(path, line, f"YAML syntax error: {what}", "fix the YAML at this line (check indentation, colons and quotes)")
        return None
    except yaml.YAMLError as exc:
        problems.error(path, first_line, f"YAML error: {exc}", "fix the YAML")
        return None
    if root is None:
        return LocatedData(None, path, {(): first_line})
    lines: dict[Loc, int] = {}
    builder = _Builder(offset, lines)
    try:
        data = builder.build(root, (), 0)
    except _Invalid as exc:
        problems.error(path, exc.line, exc.message, exc.hint)
        return None
    return LocatedData(data, path, lines)


def _first_tab_indented_line(text: str, upto: int | None) -> int | None:
    for number, row in enumerate(text.split("\n")[:upto], 1):
        if "\t" in row[: len(row) - len(row.lstrip())]:
            return number
    return None


class _Builder:
    def __init__(self, offset: int, lines: dict[Loc, int]):
        self.offset = offset
        self.lines = lines
        self.nodes = 0
        self.constructor = SafeConstructor()

    def line_of(self, node: Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def build(self, node: Node, loc: Loc, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise _Invalid(self.line_of(node), "this YAML expands to too much data (aliases nested too deeply?)", "write the data out without nested aliases")
        self.lines.setdefault(loc, self.line_of(node))
        if isinstance(node, MappingNode):
            return self.build_mapping(node, loc, depth)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self.tag_error(node)
            return [self.build(item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.build_scalar(node)

    def build_mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
        if node.tag != _MAP_TAG:
            raise self.tag_error(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Invalid(self.line_of(key_node), "a key must be a plain name, not a list or mapping", "write the key as text")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Invalid(self.line_of(key_node), "YAML merge keys (<<) are not supported", "write the fields out in full")
            key = self.build_scalar(key_node)
            if not isinstance(key, (str, int)):
                key = str(key)
            if key in result:
                raise _Invalid(self.line_of(key_node), f"the key {key!r} appears twice in the same mapping", "remove one of them")
            key_loc = loc + (key,)
            self.lines[key_loc] = self.line_of(key_node)
            result[key] = self.build(value_node, key_loc, depth + 1)
        return result

    def tag_error(self, node: Node) -> _Invalid:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return _Invalid(self.line_of(node), f"the YAML tag {tag} is not allowed",
                        "remove the tag: briefing reads plain values only and never runs code from YAML")

    def build_scalar(self, node: ScalarNode) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except ConstructorError:
            raise self.tag_error(node) from None
        except ValueError:
            # PyYAML reads 2025-02-30 as a date and fails on the impossible day: keep the text, so
            # the schema reports it along with every other problem of the record.
            return node.value
