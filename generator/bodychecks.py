"""What does not belong in an article's body, found in markdown-it's token stream: template syntax
of other generators left in the text (Liquid, Hugo shortcodes), root-relative links, reference
links with no definition, fenced code in a language no one knows; and a body with no text at all.

Each is a note (line within the body, message, hint) that the build reports as a warning of the
article's file (an error under ``--strict``). The notes are part of the rendered body, so a body
taken from the cache still reports them (``generator.bodies``).

Only text is looked at, never code: a post about Liquid may show ``{{ page.title }}`` in a code
span or block, and that is what it means to show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

ENV_KEY = "body_checks"

# {% tag %} and {{ value }} (Liquid, Jinja, Nunjucks), {{< shortcode >}} and {{% shortcode %}} (Hugo).
_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}")
_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")
# [text][label] and [text][] that markdown-it left as text: their label has no definition. A
# placeholder stands for inline code, so that brackets in code never join brackets outside it.
_REFERENCE = re.compile(r"\[([^\[\]\x00]+)\]\[([^\[\]\x00^]*)\]")
_CODE = "\x00"
# Names of code that no highlighter knows but that say plainly what the block holds.
PLAIN_LANGUAGES = frozenset({"plaintext", "plain", "txt", "none", "nohighlight", "output", "mermaid", "math",
                             "sh-session", "shell-session"})


@dataclass(frozen=True)
class BodyNote:
    """One thing in a body that does not belong there."""

    line: int  # 0-based, within the body
    message: str
    hint: str

    def to_json(self) -> list[object]:
        return [self.line, self.message, self.hint]

    @classmethod
    def from_json(cls, value: object) -> BodyNote:
        """The note of a cache entry; ValueError if it is not one."""
        if not (isinstance(value, list) and len(value) == 3 and type(value[0]) is int
                and isinstance(value[1], str) and isinstance(value[2], str)):
            raise ValueError(value)
        return cls(value[0], value[1], value[2])


def body_checks_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("body_checks", _check_body)


def notes_of(env: dict[str, object]) -> tuple[BodyNote, ...]:
    notes = env.get(ENV_KEY, [])
    assert isinstance(notes, list)
    return tuple(notes)


def _check_body(state: StateCore) -> None:
    notes: list[BodyNote] = []
    if not state.tokens:  # nothing but space (or link definitions) below the front matter
        notes.append(BodyNote(0, "the article has no text: its page would show the headline alone",
                              "paste the article's text below the front matter, or set `draft: true` until it "
                              "has some"))
    for token in state.tokens:
        if token.type == "fence":
            _check_fence(token, notes)
        elif token.type == "inline" and token.children:
            _check_inline(token, notes)
    notes.sort(key=lambda n: n.line)
    state.env[ENV_KEY] = notes


def _check_fence(token: Token, notes: list[BodyNote]) -> None:
    language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
    language = language.strip("{}.")  # {.ruby} and .ruby, as Pandoc and kramdown write them
    if language and not is_known_language(language):
        notes.append(BodyNote(_line(token), f"the code block's language '{language}' is not one briefing knows",
                              "write a language name highlighters know (python, ruby, yaml, shell, text...), "
                              "or none after the ```"))


def _check_inline(token: Token, notes: list[BodyNote]) -> None:
    first = _line(token)
    for line, text in _text_lines(token, first):
        if "{" in text:
            for match in _SHORTCODE.finditer(text):
                notes.append(BodyNote(line, f"a Hugo shortcode is left in the text: {_short(match.group(0))!r}",
                                      "briefing does not run shortcodes: write what it stood for (a link, an image, "
                                      "a quote) in Markdown, or remove it"))
            for match in _TEMPLATE.finditer(_SHORTCODE.sub("", text)):
                notes.append(BodyNote(line, f"template syntax (Liquid) is left in the text: {_short(match.group(0))!r}",
                                      "briefing does not run templates: write the value or link it stood for, or "
                                      "remove it (`briefing import` converts {% highlight %} and {% raw %}, and "
                                      "{% post_url %} and {% link _posts/... %} to a post it imports; a {% link %} "
                                      "to another page of the old site needs its full address)"))
        if "][" in text:
            for match in _REFERENCE.finditer(text):
                label = match.group(2) or match.group(1)
                notes.append(BodyNote(line, f"the reference link [{match.group(1)}][{match.group(2)}] has no "
                                      "definition: it shows as plain text",
                                      f"add a line `[{label}]: https://...` to the article, or write the link as "
                                      "[text](https://...)"))
    line = first
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type in ("link_open", "image"):
            address = str(child.attrGet("href" if child.type == "link_open" else "src") or "")
            if address.startswith("/") and not address.startswith("//"):
                what = "link" if child.type == "link_open" else "image"
                notes.append(BodyNote(line, f"the {what} '{address}' is root-relative: it leads to the top of "
                                      "whatever host serves the site, not to a page of this briefing",
                                      "give the full address (https://...), or an address relative to the article's "
                                      "page (another article is ID.html)"))


def _text_lines(token: Token, first: int) -> Iterator[tuple[int, str]]:
    """The text of an inline token line by line, inline code replaced by a placeholder."""
    line, parts = first, list[str]()
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            yield line, "".join(parts)
            line, parts = line + 1, []
        elif child.type == "text":
            parts.append(child.content)
        elif child.type == "code_inline":
            parts.append(_CODE)
    yield line, "".join(parts)


def _line(token: Token) -> int:
    return token.map[0] if token.map else 0


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_known_language(name: str) -> bool:
    return name.lower() in PLAIN_LANGUAGES or name.lower() in _highlighter_languages()


@lru_cache(maxsize=1)
def _highlighter_languages() -> frozenset[str]:
    # Pygments' names, the widest list there is (500-odd languages and their aliases); loaded only
    # when a body has a fenced block with a language.
    from pygments.lexers import get_all_lexers  # type: ignore[import-untyped]

    return frozenset(alias.lower() for _, aliases, _, _ in get_all_lexers(plugins=False) for alias in aliases)
