"""Actors named in text: one matcher per build for every actor's name and aliases, and one
markdown-it core rule that both counts every mention and links the first in each section. It
serves article bodies and the site's own prose alike (descriptions, accounts, key points).

The rule works on ``text`` tokens only, so code, raw HTML and image descriptions are never
touched; text inside a link is counted but not linked again, and headings are counted but never
linked (as on Wikipedia, the first mention in the section's prose is the one that links). A name
quoted is counted but not linked either (Wikipedia's MOS:LINKQUOTE): what someone said is theirs,
not the site's claim that they meant that actor. That holds inside quotation marks (“…”, "…",
‘…’, '…', followed across the emphasis and links of one paragraph) and in block quotations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.urls import actor_path, relative

ENV_KEY = "actor_mentions"
ACTOR_META = "actor"  # the actor id in the meta of a mention's link tokens
# Typewriter and typographic apostrophes are the same letter to a reader: "Pakistan's" is
# "Pakistan’s", whichever one an editor typed in the actor's name.
_APOSTROPHES = ("'", "\u2019")


class ActorNames:
    """Every name and alias of the build's actors, compiled once into a single pattern.

    Names are matched case-sensitively, as whole words, longest first: "Tehrik-i-Taliban Pakistan"
    is one mention of the TTP, not also one of "Pakistan".
    """

    def __init__(self, owners: Mapping[str, str]):
        self.owners: dict[str, str] = {}
        for name, actor_id in owners.items():
            for variant in _spellings(name):
                self.owners.setdefault(variant, actor_id)
        self.pattern = re.compile(_trie_pattern(self.owners) + r"(?!\w)") if self.owners else None

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, actor id) of each mention in ``text``, left to right."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(text):
            yield match.start(), match.end(), self.owners[match.group(0)]

    def count(self, text: str, counts: dict[str, int]) -> None:
        for _, _, actor_id in self.find(text):
            counts[actor_id] = counts.get(actor_id, 0) + 1


def _spellings(name: str) -> list[str]:
    if not any(a in name for a in _APOSTROPHES):
        return [name]
    return [name, *(name.replace(_APOSTROPHES[0], a).replace(_APOSTROPHES[1], a) for a in _APOSTROPHES)]

# A node of the names' trie: the next character -> the node after it ("" marks a name's end).
_Trie: TypeAlias = dict[str, "_Trie"]


def _trie_pattern(names: Iterable[str]) -> str:
    """One alternation shaped as a trie: the regex engine walks shared prefixes once instead of
    trying every name in turn, and at each branch the longer names are tried first.

    A name starts a word: "no letter or digit before it" is checked after the name's first
    character (``(?<!\\w[\\s\\S])``) rather than before it, so that the pattern starts with the
    set of first characters, which the regex engine scans for at C speed."""
    trie: _Trie = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        # A run of single-child nodes is one literal: nesting (and recursion) grows only where
        # names branch, never with a name's length.
        literal = ""
        while len(node) == 1 and "" not in node:
            [(char, node)] = node.items()
            literal += re.escape(char)
        return literal + branch(node)

    def branch(node: _Trie, after_first: str = "") -> str:
        branches = [re.escape(char) + after_first + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if "" in node:
            return "(?:" + "|".join(branches) + ")?"  # greedy: the longer name first, else end here
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    trie.pop("", None)  # an empty name names nothing
    return "(?:" + branch(trie, r"(?<!\w[\s\S])") + ")"


@dataclass
class MentionContext:
    """What the core rule needs for one article, passed in markdown-it's ``env``; it fills ``counts``."""

    names: ActorNames
    page_path: str  # the page the HTML goes on, so that links are relative to it
    counts: dict[str, int] = field(default_factory=dict)

    def href(self, actor_id: str) -> str:
        return relative(self.page_path, actor_path(actor_id))


def mentions_plugin(md: MarkdownIt) -> None:
    # After every other core rule: text tokens are final (joined, typographer applied).
    md.core.ruler.push("actor_mentions", _actor_mentions)


def _actor_mentions(state: StateCore) -> None:
    context = state.env.get(ENV_KEY)
    if not isinstance(context, MentionContext):
        return
    linked: set[str] = set()
    in_heading = False
    block_quotes = 0
    for token in state.tokens:
        if token.type in ("heading_open", "footnote_block_open"):
            linked = set()  # a new section: its first mention links again
            in_heading = token.type == "heading_open"
        elif token.type == "heading_close":
            in_heading = False
        elif token.type in ("blockquote_open", "blockquote_close"):
            block_quotes += token.nesting
        elif token.type == "inline" and token.children:
            token.children = _mark(token.children, context, linked, may_link=not (in_heading or block_quotes))


def _mark(children: list[Token], context: MentionContext, linked: set[str], may_link: bool) -> list[Token]:
    quoted = _quoted_spans("".join(_as_text(child) for child in children))
    result: list[Token] = []
    link_depth = 0
    offset = 0  # where ``child`` starts in the paragraph's text
    for child in children:
        if child.type == "link_open":
            link_depth += 1
        elif child.type == "link_close":
            link_depth -= 1
        if child.type != "text":
            offset += len(_as_text(child))
            result.append(child)
            continue
        position = 0
        for start, end, actor_id in context.names.find(child.content):
            context.counts[actor_id] = context.counts.get(actor_id, 0) + 1
            if not may_link or link_depth or actor_id in linked or _inside(offset + start, quoted):
                continue
            linked.add(actor_id)
            if start > position:
                result.append(_text(child.content[position:start], child))
            result.extend(_link(child.content[start:end], context.href(actor_id), child, actor_id))
            position = end
        if position == 0:
            result.append(child)
        elif position < len(child.content):
            result.append(_text(child.content[position:], child))
        offset += len(child.content)
    return result


# What a child of an inline token reads as, for finding quotation marks: its text; a line break is
# a space; code and images are one neutral character (a quotation mark inside code quotes nothing);
# emphasis and link markers and raw HTML tags are nothing.
_OBJECT = "\ufffc"


def _as_text(token: Token) -> str:
    if token.type == "text":
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    if token.type in ("code_inline", "image"):
        return _OBJECT
    return ""


_DOUBLE, _SINGLE = '"', "'"
_QUOTE_MARKS = re.compile("[\"'\u201c\u201d\u2018\u2019]")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) of each quotation in a paragraph's ``text``, nested ones too.

    Typographic marks say which way they face; a typewriter mark opens where it starts a word and
    closes where it ends one, as markdown-it's typographer decides. A single mark between two
    letters or digits is an apostrophe (Pakistan’s, don't), as is a closing single mark with no
    quotation open (the Talibans' leader). A double quotation still open at the end of the
    paragraph runs to its end (a quotation going on into the next paragraph is opened again
    there); a single one is dropped, being more likely an apostrophe. A single mark before a digit
    is an elision ('90s), never an opening mark."""
    spans: list[tuple[int, int]] = []
    open_marks: list[tuple[str, int]] = []  # (kind, position), innermost last

    def close(kind: str, at: int) -> bool:
        for depth in range(len(open_marks) - 1, -1, -1):
            if open_marks[depth][0] == kind:
                spans.append((open_marks[depth][1], at))
                del open_marks[depth:]  # a quotation left open inside this one ends with it
                return True
        return False

    for found in _QUOTE_MARKS.finditer(text):  # the marks alone: a paragraph is mostly letters
        i, char = found.start(), found.group()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        starts_word = not after.isspace() and (before.isspace() or _punctuation(before))
        ends_word = not before.isspace() and (after.isspace() or _punctuation(after))
        if char in "'\u2018" and after.isdigit():
            continue  # an elision ('90s, ‘25): no quotation opens with a figure's left-out digits
        if char == "\u201c":
            open_marks.append((_DOUBLE, i))
        elif char == "\u201d":
            close(_DOUBLE, i)
        elif char == "\u2018":
            open_marks.append((_SINGLE, i))
        elif before.isalnum() and after.isalnum() and char != '"':
            continue  # an apostrophe
        elif char == "\u2019":
            if ends_word:
                close(_SINGLE, i)
        else:
            kind = _DOUBLE if char == '"' else _SINGLE
            if not ((ends_word or not starts_word) and close(kind, i)) and starts_word:
                open_marks.append((kind, i))
    spans.extend((start, len(text)) for kind, start in open_marks if kind == _DOUBLE)
    return spans


def _punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in spans)


def _text(content: str, like: Token) -> Token:
    return Token("text", "", 0, content=content, level=like.level)


def _link(name: str, href: str, like: Token, actor_id: str) -> list[Token]:
    # ``meta`` says whose mention it is, for a renderer that links it later (generator.markdown.render_prose).
    meta = {ACTOR_META: actor_id}
    opening = Token("link_open", "a", 1, attrs={"href": href, "class": "actor-mention"}, level=like.level, meta=meta)
    closing = Token("link_close", "a", -1, level=like.level, meta=meta)
    return [opening, Token("text", "", 0, content=name, level=like.level + 1), closing]
