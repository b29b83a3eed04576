"""Markdown through markdown-it-py: one configured parser for article bodies, one for short
fields (descriptions, key points, accounts).

Everything is done with plugins and core rules over tokens, never with regexes over HTML.
Raw HTML is off unless ``site.yaml`` opts in; links and images go only to http(s), mailto and
relative addresses (``generator.safelinks``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generator.bodychecks import body_checks_plugin
from generator.mentions import ACTOR_META, ENV_KEY, ActorNames, MentionContext, mentions_plugin
from generator.model import NO_PROSE, Prose, ProseMention
from generator.safelinks import safe_links_plugin
from generator.schema import MarkdownOptions


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    # The plain text of each paragraph, heading, list item or quote line, whitespace-collapsed:
    # what citation excerpts are checked against.
    blocks: tuple[str, ...]
    # The same, without headings: the prose that quotes are found in.
    prose: tuple[str, ...] = ()


# The ids the article page gives its own parts (templates/base.html, templates/article.html): a
# heading of the body must not take one, or the skip link and the page's sections would lead to it.
PAGE_IDS = frozenset({"main", "named", "quoted", "supports"})


def heading_slug(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).lower()
    slug = re.sub(r"[\W_]+", "-", text).strip("-") or "section"
    return f"{slug}-section" if slug in PAGE_IDS else slug


def _demote_headings(state: StateCore) -> None:
    """Shift headings so a body's top level is <h2>: the page's <h1> is the article title."""
    levels = [int(t.tag[1]) for t in state.tokens if t.type in ("heading_open", "heading_close")]
    if not levels or min(levels) >= 2:
        return
    shift = 2 - min(levels)
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"


def _external_links(state: StateCore) -> None:
    """Links leaving the site get rel="noopener noreferrer" (a reader's privacy, not a page's)."""
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "link_open" and re.match(r"^https?://", str(token.attrGet("href") or ""), re.I):
                token.attrSet("rel", "noopener noreferrer")


def _unindexed_permalinks(state: StateCore) -> None:
    """A heading's "#" link is no word of the text: search previews leave it out."""
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "link_open" and token.attrGet("class") == "header-anchor":
                token.attrSet("data-pagefind-ignore", "")


def _footnote_block_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    # A titled section instead of the plugin's bare <hr><section>: every section has a heading.
    return '<section class="footnotes">\n<h2 class="footnotes-title">Notes</h2>\n<ol class="footnotes-list">\n'


def make_body_parser(options: MarkdownOptions) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": options.html, "typographer": options.typographer, "xhtmlOut": False})
    md.enable(["table", "strikethrough"])
    md.use(safe_links_plugin)
    md.core.ruler.after("block", "demote_headings", _demote_headings)
    md.use(footnote_plugin)
    md.add_render_rule("footnote_block_open", _footnote_block_open)
    md.use(anchors_plugin, min_level=2, max_level=6, slug_func=heading_slug,
           permalink=True, permalinkSymbol="#", permalinkSpace=True)
    md.core.ruler.push("unindexed_permalinks", _unindexed_permalinks)
    md.core.ruler.push("external_links", _external_links)
    md.use(mentions_plugin)  # active when render() is given a MentionContext
    md.use(body_checks_plugin)  # what does not belong in an article: its notes are left in env
    return md


def make_snippet_parser(options: MarkdownOptions) -> MarkdownIt:
    # Short fields share a page with many others: no heading ids or footnotes that could collide.
    md = MarkdownIt("commonmark", {"html": options.html, "typographer": options.typographer, "xhtmlOut": False})
    md.enable(["strikethrough"]).disable(["heading", "lheading"])
    md.use(safe_links_plugin)
    md.core.ruler.push("external_links", _external_links)
    md.use(mentions_plugin)  # active when render_prose() gives it the actors' names
    md.add_render_rule("link_open", _mention_open)
    md.add_render_rule("link_close", _mention_close)
    return md


# A mention of an actor in the site's own prose is written as MENTION, the actor's id, NAME, the
# name's HTML and MENTION, and turned into a ProseMention (linked on each page that shows it).
# NUL never reaches markdown-it's output otherwise: CommonMark replaces it in the input with U+FFFD.
_MENTION, _NAME = "\x00", "\x01"


def _mention_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    actor_id: str | None = tokens[idx].meta.get(ACTOR_META)
    return f"{_MENTION}{actor_id}{_NAME}" if actor_id else str(self.renderToken(tokens, idx, options, env))


def _mention_close(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    return _MENTION if tokens[idx].meta.get(ACTOR_META) else self.renderToken(tokens, idx, options, env)


def render_prose(md: MarkdownIt, text: str, names: ActorNames) -> Prose:
    """A short field (``md`` from make_snippet_parser) with the first mention of each actor in
    ``names`` left for the page to link, as in article bodies: never in links, code or images."""
    if not text:
        return NO_PROSE
    # The page path only matters to the href, which the snippet parser's render rules leave out.
    html = render(md, text, {ENV_KEY: MentionContext(names, "index.html")}).html
    pieces: list[str | ProseMention] = []
    for i, piece in enumerate(html.split(_MENTION)):
        if i % 2:
            actor_id, name = piece.split(_NAME, 1)
            pieces.append(ProseMention(actor_id, name))
        elif piece:
            pieces.append(piece)
    plain = "".join(p if isinstance(p, str) else p.name_html for p in pieces)
    return Prose(plain, tuple(pieces))


def render(md: MarkdownIt, text: str, env: dict[str, object] | None = None) -> RenderedMarkdown:
    """``env`` is markdown-it's per-document state: plugins read their inputs from it and leave
    their findings in it (see ``generator.mentions``)."""
    env = {} if env is None else env
    tokens = md.parse(text, env)
    html = md.renderer.render(tokens, md.options, env)
    blocks, prose = [], []
    in_heading = False
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
        elif token.type == "inline":
            parts = [c.content if c.type in ("text", "code_inline") else " " for c in token.children or ()
                     if c.type in ("text", "code_inline", "softbreak", "hardbreak")]
            plain = collapse_space("".join(parts))
            if plain:
                blocks.append(plain)
                if not in_heading:
                    prose.append(plain)
    return RenderedMarkdown(html, tuple(blocks), tuple(prose))


def collapse_space(text: str) -> str:
    return " ".join(text.split())
