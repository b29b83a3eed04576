"""YAML with positions: plain Python data plus the line of every key and item.

The data is built straight from PyYAML's event stream (libyaml's when available) with an
explicit stack, so that a validation error at ``("events", 3, "date")`` can name its line and no
input can exhaust the C or Python stack: libyaml's own composer is recursive and crashes the
process on a few kilobytes of ``[[[[...``. Only plain scalars are ever constructed (tags such as
``!!python/object`` are refused, never executed), duplicate keys are errors rather than silently
overwritten, and aliases are bounded by the total size they expand to (alias bombs).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from generator.errors import Problems

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Loc = tuple[str | int, ...]

# Far beyond any real briefing file, small enough that an alias bomb stops in milliseconds.
MAX_NODES = 500_000
MAX_DEPTH = 100

_TAG_PREFIX = "tag:yaml.org,2002:"
_MAP_TAG = _TAG_PREFIX + "map"
_SEQ_TAG = _TAG_PREFIX + "seq"
_MERGE_TAG = _TAG_PREFIX + "merge"
# The scalars a content file may hold; anything else (!!binary, !!python/..., !custom) is refused.
_SCALAR_TAGS = frozenset(_TAG_PREFIX + name for name in ("str", "int", "float", "bool", "null", "timestamp"))


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
    lines = _LineNumbers(text, first_line)
    builder = _Builder(lines)
    try:
        data = builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        line, message, hint = _describe_syntax_error(exc, text, lines)
        problems.error(path, line, message, hint)
        return None
    except yaml.reader.ReaderError as exc:
        # The reader's position counts bytes in libyaml and characters in PyYAML: find the character.
        problems.error(path, lines.at(max(text.find(chr(exc.character)), 0)),
                       f"the character U+{exc.character:04X} (invisible, a control character) is not allowed in YAML",
                       "delete it: retype the text around it")
        return None
    except yaml.YAMLError as exc:
        problems.error(path, first_line, f"YAML error: {exc}", "fix the YAML")
        return None
    except _Invalid as exc:
        problems.error(path, exc.line, exc.message, exc.hint)
        return None
    if not builder.lines:  # an empty document
        return LocatedData(None, path, {(): first_line})
    return LocatedData(data, path, builder.lines)


_UNUSUAL_LINE_BREAKS = "\x85\u2028\u2029"


class _LineNumbers:
    """File lines of character offsets in a text. Lines end at "\n" only, as in an editor: YAML
    also breaks lines at U+0085, U+2028 and U+2029 (found in scraped text), and its own line
    numbers would drift from the file's after each one."""

    def __init__(self, text: str, first_line: int):
        self.first_line = first_line
        self.starts = [0]
        end = text.find("\n")
        while end != -1:
            self.starts.append(end + 1)
            end = text.find("\n", end + 1)

    def at(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index) - 1 + self.first_line

    def of(self, mark: Any) -> int:
        return self.at(mark.index)


def _describe_syntax_error(exc: yaml.MarkedYAMLError, text: str, lines: _LineNumbers) -> tuple[int | None, str, str]:
    mark = exc.problem_mark or exc.context_mark
    line = lines.of(mark) if mark else None
    tab_line = _first_tab_indented_line(text, upto=line - lines.first_line + 1 if line else None)
    if tab_line is not None:
        return tab_line + lines.first_line - 1, "a tab is used for indentation; YAML allows only spaces", "replace the tab with spaces"
    what = exc.problem or "invalid YAML"
    first = lines.of(exc.context_mark) if exc.context_mark else (line or lines.first_line)
    for number, row in enumerate(text.split("\n")[first - lines.first_line:(line or first) - lines.first_line + 1], first):
        separator = next((c for c in row if c in _UNUSUAL_LINE_BREAKS), None)
        if separator is not None:
            return (number, f"YAML syntax error: the invisible character U+{ord(separator):04X} on this line is a line break to YAML",
                    "delete it, or put the value in quotes")
    if exc.context == "while scanning a quoted scalar" and exc.context_mark:
        return (lines.of(exc.context_mark), "YAML syntax error: the quoted value that starts on this line never closes",
                "add the closing quote; inside a value in \"...\" write \\\" for a quote, inside '...' write ''")
    if (exc.problem or "").startswith("mapping values are not allowed"):
        return (line, "YAML syntax error: a value contains ': ', which YAML reads as the start of another field",
                'put the whole value in quotes, e.g. title: "Talks: round two"')
    opened = lines.of(exc.context_mark) if exc.context_mark else line
    if (exc.context in ("while parsing a flow sequence", "while parsing a flow mapping") and exc.context_mark
            and (exc.problem or "").startswith("did not find expected")):
        opening, closing = ("[", "]") if "sequence" in exc.context else ("{", "}")
        if not _flow_closes(text, exc.context_mark.index):
            # The mistake is where the bracket opened, not where YAML gave up looking for its end.
            return (opened, f"YAML syntax error: the '{opening}' opened on this line is not closed with '{closing}'",
                    f"add '{closing}' after its last item")
        where = "this line" if opened == line else f"line {opened}"
        return (line, f"YAML syntax error: a ',' is missing before this item of the '{opening}' opened on {where}",
                "add a ',' between the two items")
    if exc.context == "while parsing a block mapping" and exc.problem == "did not find expected key" and opened != line:
        return (line, f"YAML syntax error: this line is indented differently from the fields above it (from line {opened})",
                "line it up with the other fields of the same level, using spaces")
    if exc.context:
        context = exc.context
        started = lines.of(exc.context_mark) if exc.context_mark else None
        if started is not None and started != line:
            context += f" (which starts at line {started})"
        what = f"{context}, {what}"
    return line, f"YAML syntax error: {what}", "fix the YAML at this line (check indentation, colons and quotes)"


def _flow_closes(text: str, start: int) -> bool:
    """Whether the '[' or '{' at ``start`` is closed, as a reader of the file would see it: its
    brackets balance, each closed by its own kind, before a line that is indented no more than the line it opened on (where the
    fields of that level go on), unless that line begins with the closing bracket. Quoted text
    and comments are skipped."""
    line_start = text.rfind("\n", 0, start) + 1
    indent = len(text[line_start:start]) - len(text[line_start:start].lstrip(" "))
    open_brackets: list[str] = []
    index, quote, token_start = start, "", True
    while index < len(text):
        char = text[index]
        if quote:
            if quote == '"' and char == "\\":
                index += 2
                continue
            if char == quote:
                if quote == "'" and text.startswith("'", index + 1):
                    index += 2
                    continue
                quote = ""
            index += 1
            continue
        if char == "\n":
            following = index + 1
            end = text.find("\n", following)
            row = text[following:] if end == -1 else text[following:end]
            content = row.lstrip(" ")
            if content and not content.startswith("#") and len(row) - len(content) <= indent and content[0] not in "]}":
                return False
            index, token_start = following, True
            continue
        if char == "#" and text[index - 1] in " \t":
            end = text.find("\n", index)
            index = len(text) if end == -1 else end
            continue
        if char in "[{":
            open_brackets.append("]" if char == "[" else "}")
        elif char in "]}":
            if open_brackets.pop() != char:
                return False  # a '}' where a ']' closes, or the other way round
            if not open_brackets:
                return True
        elif char in "\"'" and token_start:
            quote = char
        token_start = char in "[{,: \t"
        index += 1
    return False


def _first_tab_indented_line(text: str, upto: int | None) -> int | None:
    for number, row in enumerate(text.split("\n")[:upto], 1):
        if "\t" in row[: len(row) - len(row.lstrip())]:
            return number
    return None


_NO_KEY = object()


class _Open:
    """A list or mapping being filled, and (for a mapping) the key waiting for its value."""

    __slots__ = ("value", "loc", "anchor", "total_at_start", "key")

    def __init__(self, value: list[Any] | dict[Any, Any], loc: Loc, anchor: str | None, total_at_start: int):
        self.value, self.loc, self.anchor, self.total_at_start = value, loc, anchor, total_at_start
        self.key: Any = _NO_KEY


class _Builder:
    def __init__(self, numbers: _LineNumbers):
        self.numbers = numbers
        self.lines: dict[Loc, int] = {}
        self.total = 0  # nodes built so far, counting every expansion of an alias
        self.anchors: dict[str, tuple[Any, int]] = {}  # name -> (value, nodes it expands to)
        self.open: list[_Open] = []
        self.resolver = Resolver()
        self.constructor = SafeConstructor()

    def line_of(self, event: Event) -> int:
        return self.numbers.of(event.start_mark)

    def build(self, events: Any) -> Any:
        root: Any = None
        documents = 0
        for event in events:
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Invalid(self.line_of(event), "the file holds a second YAML document (after a '---' line)",
                                   "a file holds one document: remove the '---' line, or split the file in two")
            elif isinstance(event, CollectionEndEvent):
                closed = self.open.pop()
                if closed.anchor is not None:
                    self.anchors[closed.anchor] = (closed.value, self.total - closed.total_at_start)
            elif isinstance(event, (ScalarEvent, AliasEvent, SequenceStartEvent, MappingStartEvent)):
                if not self.open:
                    root = self.node(event, ())
                elif isinstance(self.open[-1].value, dict) and self.open[-1].key is _NO_KEY:
                    self.key(event, self.open[-1])
                else:
                    parent = self.open[-1]
                    if isinstance(parent.value, list):
                        parent.value.append(self.node(event, (*parent.loc, len(parent.value))))
                    else:
                        parent.value[parent.key] = self.node(event, (*parent.loc, parent.key))
                        parent.key = _NO_KEY
        return root

    def grow(self, event: Event, nodes: int) -> None:
        self.total += nodes
        if self.total > MAX_NODES:
            raise _Invalid(self.line_of(event), f"this YAML expands to more than {MAX_NODES:,} values (aliases of aliases?)",
                           "write the data out without nested aliases (*name)")

    def node(self, event: ScalarEvent | AliasEvent | SequenceStartEvent | MappingStartEvent, loc: Loc) -> Any:
        """The value an event starts at ``loc``: a scalar, an alias's value, or a new open list or mapping."""
        self.lines.setdefault(loc, self.line_of(event))
        if isinstance(event, AliasEvent):
            return self.alias(event)
        self.grow(event, 1)
        if isinstance(event, ScalarEvent):
            value = self.scalar(event)
        else:
            if len(self.open) >= MAX_DEPTH:
                raise _Invalid(self.line_of(event), f"the YAML is nested more than {MAX_DEPTH} levels deep",
                               "flatten the data: no briefing file needs this much nesting")
            is_list = isinstance(event, SequenceStartEvent)
            if event.tag not in (None, "!", _SEQ_TAG if is_list else _MAP_TAG):
                raise self.tag_error(event, event.tag)
            value = [] if is_list else {}
            self.open.append(_Open(value, loc, event.anchor, self.total - 1))
            return value
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        return value

    def alias(self, event: AliasEvent) -> Any:
        if event.anchor not in self.anchors:
            if any(o.anchor == event.anchor for o in self.open):
                raise _Invalid(self.line_of(event), f"the alias *{event.anchor} refers to the list or mapping it is in",
                               "an alias cannot contain itself: write the data out")
            raise _Invalid(self.line_of(event), f"the alias *{event.anchor} refers to no anchor &{event.anchor} above it",
                           f"define &{event.anchor} before using *{event.anchor}, or write the value out")
        value, nodes = self.anchors[event.anchor]
        self.grow(event, nodes)
        return value

    def key(self, event: Event, mapping: _Open) -> None:
        if isinstance(event, AliasEvent):
            raise _Invalid(self.line_of(event), "a key must be written out, not an alias (*name)", "write the key as text")
        if not isinstance(event, ScalarEvent):
            raise _Invalid(self.line_of(event), "a key must be a plain name, not a list or mapping", "write the key as text")
        self.grow(event, 1)
        if event.tag in (None, "!") and self.resolver.resolve(ScalarNode, event.value, event.implicit) == _MERGE_TAG:
            raise _Invalid(self.line_of(event), "YAML merge keys (<<) are not supported", "write the fields out in full")
        # A key is a name: `on:`, `no:` or `2025:` are the text as written, not true, false or a number.
        key = self.scalar(event)
        if not isinstance(key, str):
            key = event.value
        if key in mapping.value:
            raise _Invalid(self.line_of(event), f"the key {key!r} appears twice in the same mapping", "remove one of them")
        self.lines[(*mapping.loc, key)] = self.line_of(event)
        mapping.key = key

    def scalar(self, event: ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(ScalarNode, event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            raise self.tag_error(event, tag)
        try:
            # libyaml's events carry its own Mark class, which PyYAML's stubs do not allow here; the
            # node only stores the marks.
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)  # type: ignore[arg-type]
            return SafeConstructor.yaml_constructors[tag](self.constructor, node)
        except ConstructorError:
            raise self.tag_error(event, tag) from None
        except ValueError:
            # PyYAML reads 2025-02-30 as a date and fails on the impossible day: keep the text, so
            # the schema reports it along with every other problem of the record.
            return event.value

    def tag_error(self, event: Event, tag: str) -> _Invalid:
        shown = tag.replace(_TAG_PREFIX, "!!")
        return _Invalid(self.line_of(event), f"the YAML tag {shown} is not allowed",
                        "remove the tag: briefing reads plain values only and never runs code from YAML")
