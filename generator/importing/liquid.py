"""Template syntax of other generators in a post's body, converted where Markdown has a plain
equivalent; the rest is left as written, for the import's report and the build's warnings to name
(``generator.bodychecks``).

Jekyll (Liquid): ``{% raw %}`` is unwrapped, ``{% highlight lang %}`` becomes a fenced code
block, ``{% post_url name %}`` and ``{% link _posts/name.md %}`` a link to the imported article,
``{{ site.x }}`` and ``{{ page.x }}`` their value when it is known (``--var``, the post's own front
matter), and the usual Jekyll loop that writes reference links, an ``assign`` of a split list and a
``for`` over it, is written out. Hugo: ``{{< highlight lang >}}`` likewise, ``{{< ref "x" >}}`` and
``{{< relref "x" >}}`` to the article, ``{{< figure src=... >}}`` an image, ``{{< youtube id >}}`` a
link to the video.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from generator.load.content import slugify

_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_HIGHLIGHT = re.compile(r"^([ \t]*)\{%-?\s*highlight\s+([\w+#.-]+)[^%]*-?%\}[ \t]*\n(.*?)\n?[ \t]*"
                        r"\{%-?\s*endhighlight\s*-?%\}", re.DOTALL | re.MULTILINE)
_HUGO_HIGHLIGHT = re.compile(r"^([ \t]*)\{\{[<%]\s*highlight\s+([\w+#.-]+)[^}]*[>%]\}\}[ \t]*\n(.*?)\n?[ \t]*"
                             r"\{\{[<%]\s*/highlight\s*[>%]\}\}", re.DOTALL | re.MULTILINE)
_POST_LINK = re.compile(r"\{%-?\s*(?:post_url\s+(?P<post>[^\s%]+)|link\s+(?P<link>[^\s%]+))\s*-?%\}")
_HUGO_REF = re.compile(r"\{\{<\s*(?:rel)?ref\s+\"?(?P<ref>[^\"\s>]+)\"?\s*>\}\}")
_HUGO_FIGURE = re.compile(r"\{\{<\s*figure\s+([^>]*?)/?>\}\}")
_HUGO_YOUTUBE = re.compile(r"\{\{<\s*youtube\s+(?:id=)?\"?([\w-]{6,20})\"?\s*/?>\}\}")
_ATTRIBUTE = re.compile(r"(\w+)=\"([^\"]*)\"")
_ASSIGN_SPLIT = re.compile(r"\{%-?\s*assign\s+(\w+)\s*=\s*\"([^\"]*)\"\s*\|\s*split:\s*\"([^\"]*)\"\s*-?%\}[ \t]*\n?")
_FOR = re.compile(r"\{%-?\s*for\s+(\w+)\s+in\s+([\w.]+)\s*-?%\}[ \t]*\n?(.*?)\{%-?\s*endfor\s*-?%\}[ \t]*\n?",
                  re.DOTALL)
_ASSIGN_FILTER = re.compile(r"\{%-?\s*assign\s+(\w+)\s*=\s*(\w+)\s*\|\s*slugify\s*-?%\}[ \t]*\n?")
_OUTPUT = re.compile(r"\{\{-?\s*(?:\"([^\"]*)\"|'([^']*)'|([\w.]+))\s*"
                     r"((?:\|\s*[\w]+(?::\s*(?:\"[^\"]*\"|'[^']*'))?\s*)*)-?\}\}")
_FILTER = re.compile(r"\|\s*(\w+)(?::\s*(?:\"([^\"]*)\"|'([^']*)'))?")
# Filters that leave a value as it is, for a site that is not Jekyll: addresses stay as written
# (a root-relative one is then reported).
_NEUTRAL_FILTERS = frozenset({"relative_url", "absolute_url", "escape", "xml_escape", "uri_escape", "strip"})


@dataclass
class Conversion:
    """What converting one body did."""

    converted: list[str] = field(default_factory=list)  # what was converted, for the report
    unknown: set[str] = field(default_factory=set)  # variables with no known value
    left: dict[str, str] = field(default_factory=dict)  # a link tag left as written -> why it cannot be converted


def convert_templates(body: str, variables: Mapping[str, Any], link_to: Callable[[str], str | None]) -> tuple[
        str, Conversion]:
    """``body`` with the template syntax converted that has a plain equivalent. ``variables``:
    values of ``site.x`` and ``page.x``; ``link_to``: the address of an imported post, by its
    file name (without folder or suffix), or None."""
    done = Conversion()
    kept: list[str] = []  # {% raw %} contents, put back at the end untouched

    def keep(text: str) -> str:
        kept.append(text)
        return f"\x00{len(kept) - 1}\x00"

    def fence(match: re.Match[str]) -> str:
        indent, language, code = match.group(1), match.group(2), match.group(3)
        done.converted.append(f"highlight {language} -> fenced code block")
        return keep(f"{indent}```{language}\n{code}\n{indent}```")

    body = _RAW.sub(lambda m: keep(m.group(1)), body)
    body = _HIGHLIGHT.sub(fence, body)
    body = _HUGO_HIGHLIGHT.sub(fence, body)

    def post_link(match: re.Match[str]) -> str:
        name = match.group("post") or match.group("link") or match.group("ref") or ""
        if match.group("link") and "_posts/" not in name:
            # A page of the old site: where Jekyll put it depends on that site's permalink settings,
            # which a post does not carry. Left for the build to report, with the reason.
            done.left[match.group(0)] = (f"{name} is a page of the old site, not a post: its address there depends on "
                                         "the old site's permalink settings, which briefing cannot see; write its "
                                         "full address (https://...)")
            return match.group(0)
        stem = re.sub(r"\.(markdown|md|mdown|mkd|html)$", "", name.rsplit("/", 1)[-1].split("#")[0])
        address = link_to(stem)
        if address is None:
            done.left[match.group(0)] = (f"the post {stem} is not imported, with these posts or before: import it "
                                         "too (then run this import again), or write its full address")
            return match.group(0)
        done.converted.append(f"link to post {stem} -> {address}")
        return address

    body = _POST_LINK.sub(post_link, body)
    body = _HUGO_REF.sub(post_link, body)
    body = _HUGO_FIGURE.sub(lambda m: _figure(m, done), body)
    body = _HUGO_YOUTUBE.sub(lambda m: _youtube(m, done), body)
    body = _unroll_loops(body, variables, done)
    body = _OUTPUT.sub(lambda m: _output(m, variables, done), body)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], body), done


def _figure(match: re.Match[str], done: Conversion) -> str:
    """Hugo's figure shortcode as a Markdown image, its caption below it in italics."""
    attributes = dict(_ATTRIBUTE.findall(match.group(1)))
    if "src" not in attributes:
        return match.group(0)
    done.converted.append("figure -> image")
    text = attributes.get("alt") or attributes.get("title") or attributes.get("caption") or ""
    image = f"![{text}]({attributes['src']})"
    caption = attributes.get("caption") or attributes.get("title")
    return image + (f"\n\n*{caption}*" if caption else "")


def _youtube(match: re.Match[str], done: Conversion) -> str:
    done.converted.append("youtube -> link to the video")
    return f"[Video on YouTube](https://www.youtube.com/watch?v={match.group(1)})"


def _unroll_loops(body: str, variables: Mapping[str, Any], done: Conversion) -> str:
    lists: dict[str, list[Any]] = {}

    def assign(match: re.Match[str]) -> str:
        lists[match.group(1)] = match.group(2).split(match.group(3))
        return ""

    body = _ASSIGN_SPLIT.sub(assign, body)

    def loop(match: re.Match[str]) -> str:
        name, source, inner = match.group(1), match.group(2), match.group(3)
        items = lists.get(source, variables.get(source))
        if not isinstance(items, list):
            return match.group(0)
        done.converted.append(f"for loop over {source} written out ({len(items)} items)")
        out = []
        for item in items:
            local = {**variables, name: item}
            text = _ASSIGN_FILTER.sub(partial(_assign_slug, local=local), inner)
            out.append(_OUTPUT.sub(partial(_output, variables=local, done=done), text))
        return "".join(out)

    return _FOR.sub(loop, body)


def _assign_slug(match: re.Match[str], local: dict[str, Any]) -> str:
    value = local.get(match.group(2))
    if value is None:
        return match.group(0)
    local[match.group(1)] = slugify(str(value))
    return ""


def _output(match: re.Match[str], variables: Mapping[str, Any], done: Conversion) -> str:
    literal = match.group(1) if match.group(1) is not None else match.group(2)
    name = match.group(3)
    if literal is not None:
        value: Any = literal
    elif name in variables:
        value = variables[name]
    else:
        done.unknown.add(name)
        return match.group(0)
    for filter_match in _FILTER.finditer(match.group(4) or ""):
        name_of_filter, argument = filter_match.group(1), filter_match.group(2) or filter_match.group(3) or ""
        if name_of_filter == "prepend":
            value = argument + str(value)
        elif name_of_filter == "append":
            value = str(value) + argument
        elif name_of_filter == "slugify":
            value = slugify(str(value))
        elif name_of_filter not in _NEUTRAL_FILTERS:
            return match.group(0)
    return str(value)
