"""Saved web pages: the article's text, headline, date, outlet, byline, language and the page's own
address, read by trafilatura (a library made for news pages) and htmldate.

trafilatura finds the article; what it keeps around it is then trimmed by general rules, never
by cases for particular sites: a trailer of calls to the reader and the outlet's notices
(``trailer`` rules of ``chrome.yaml``: "We want to hear what you think", "Our Standards", "Read
more", "Subscribe"...), chrome lines, and a header of dates and breadcrumb links. Links become
absolute against the page's own address. The address is the page's own (its canonical link,
else ``og:url``), never guessed.

trafilatura, htmldate and lxml are imported here only, so that every other command starts
without them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from generator.dates import MONTHS, PartialDate
from generator.importing.draft import Draft
from generator.importing.rules import Rules
from generator.importing.textdates import date_line, is_time_line

TRAILER_PARAGRAPHS = 6  # how far from the end a trailer may begin
_LINK = re.compile(r"(!?\[(?:[^\[\]]|\[[^\]]*\])*\])\(([^()\s]*(?:\([^()\s]*\))?[^()\s]*)\)")
_LONE_LINK = re.compile(r"^\s*\[[^\]]*\]\([^)]*\)\s*$")
_DATELINE_ONLY = re.compile(r"^[A-Z][A-Z .,'/-]{2,40}\s*[\u2014\u2013-]+$")
_UPDATE_LINE = re.compile(r"^(latest update|last updated|updated|published|posted)\b.{0,60}$", re.IGNORECASE)
_MONTH_IN_NAME = re.compile(r"\b(" + "|".join(MONTHS[1:]) + r")\b|\d")


def read_webpage(html: str, draft: Draft, rules: Rules) -> None:
    """Fill ``draft`` from the saved page ``html``."""
    import lxml.html  # type: ignore[import-untyped]
    import trafilatura
    from htmldate import find_date

    tree = lxml.html.fromstring(html)  # read only here: trafilatura and htmldate parse their own copies
    url = own_address(tree)
    meta = trafilatura.extract_metadata(html, default_url=url)
    body = trafilatura.extract(html, url=url, output_format="markdown", include_links=True, include_formatting=True,
                               include_tables=True, include_images=False, include_comments=False, with_metadata=False)
    if url:
        draft.url = url
        draft.outlet_home = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/"
        draft.found.append("the page's own address (canonical link)")
    else:
        draft.check.append("the page names no address of its own (no canonical link, no og:url): add `url:` if you "
                           "know where it was published")
    title = _clean(meta.title) if meta is not None else None
    draft.title = title or None
    if title:
        draft.found.append("headline")
    # The date the page states (its metadata, its markup); only then a search of its text, whose
    # find is a guess (a copyright line's "2025" comes back as 2025-01-01): marked circa, said so.
    published = find_date(html, original_date=True, extensive_search=False)
    if published:
        draft.date = PartialDate.parse(published)
        draft.found.append(f"date {published} (htmldate)")
    elif searched := find_date(html, original_date=True):
        draft.date = PartialDate.parse(searched)
        draft.circa = True
        draft.date_note = ("The page states no date of publication in its metadata or markup; this date was "
                           "found by a search of its text.")
        draft.guessed.append(f"date {searched} (circa), found in the page's text, not stated as its date of "
                             "publication: check it, set `date:` and remove `circa:`")
    else:
        draft.check.append("the page gives no date of publication: set `date:`")
    if meta is not None:
        _metadata(meta, draft)
    language = tree.get("lang") or (meta.language if meta is not None else None)
    if language and re.match(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", language):
        draft.language = language
    if not body:
        draft.empty = "no article text was found in the page: is it a saved news page?"
        return
    draft.body = _trim(body, draft, rules, url, title or "")


def own_address(tree: Any) -> str | None:
    """The page's own address: its canonical link, else its og:url; only a full http(s) one."""
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content',
                  '//meta[@name="og:url"]/@content'):
        for value in tree.xpath(xpath):
            value = str(value).strip()
            if re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
                return value
    return None


def _metadata(meta: Any, draft: Draft) -> None:
    if meta.sitename:
        draft.outlet_name = _clean(meta.sitename)
        draft.found.append(f"site name “{draft.outlet_name}”")
    if meta.author:
        names = [name.strip() for name in re.split(r";|,| and ", meta.author) if name.strip()]
        kept = [name for name in names if not _MONTH_IN_NAME.search(name)
                and (not draft.outlet_name or draft.outlet_name.casefold() not in name.casefold())]
        draft.authors = kept
        if kept:
            draft.found.append("author " + ", ".join(kept))
        if len(kept) < len(names):
            dropped = [name for name in names if name not in kept]
            draft.check.append(f"the page's author field reads “{meta.author}”; "
                               + ", ".join(f"“{name}”" for name in dropped) + " is not taken for a name: "
                               + ("`author:` is left out" if not kept else f"`author:` is {', '.join(kept)}"))
    if meta.description:
        draft.summary = _clean(meta.description)
        draft.guessed.append("summary, from the page's description")


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _trim(body: str, draft: Draft, rules: Rules, url: str | None, title: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    removed: list[str] = []
    # The header: dates, times, update notices, breadcrumb links, the headline again.
    while paragraphs and (date_line(_plain(paragraphs[0])) or is_time_line(_plain(paragraphs[0]))
                          or _UPDATE_LINE.match(_plain(paragraphs[0])) or _LONE_LINK.match(paragraphs[0])
                          or _plain(paragraphs[0]).lstrip("# ").casefold() == title.casefold()):
        removed.append(paragraphs.pop(0))
    # The standfirst, when the page's description is its first paragraph.
    if paragraphs and draft.summary and _plain(paragraphs[0]).casefold() == draft.summary.casefold():
        paragraphs.pop(0)
        draft.guessed.remove("summary, from the page's description")
        draft.found.append("standfirst, as the summary")
    # A dateline on a line of its own ("WASHINGTON —") opens the first paragraph.
    if len(paragraphs) > 1 and _DATELINE_ONLY.match(paragraphs[0]):
        paragraphs[:2] = [paragraphs[0] + " " + paragraphs[1]]
    kept = []
    for paragraph in paragraphs:
        rule = rules.chrome_rule(_plain(paragraph))
        if rule is not None:
            removed.append(paragraph)
            if rule.rest:
                break
            continue
        kept.append(paragraph)
    start = max(0, len(kept) - TRAILER_PARAGRAPHS)
    cut = next((i for i in range(start, len(kept)) if rules.is_trailer(_plain(kept[i]))), None)
    if cut is not None:
        removed += kept[cut:]
        kept = kept[:cut]
    if removed:
        draft.found.append("page chrome removed: " + "; ".join(f"“{_short(_plain(p))}”" for p in removed))
    return "\n\n".join(_absolute_links(p, url) for p in kept)


def _absolute_links(markdown: str, base: str | None) -> str:
    def absolute(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("#"):
            return match.group(0)
        if base is None:
            return label[1:-1] if not label.startswith("!") else ""
        return f"{label}({urljoin(base, target)})"

    return _LINK.sub(absolute, markdown)


def _plain(markdown: str) -> str:
    """A paragraph's text, without link targets and emphasis marks: what the rules are matched to."""
    text = re.sub(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)", r"\1", markdown)
    return " ".join(re.sub(r"[*_]{1,3}", "", text).split())


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
