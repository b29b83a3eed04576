"""Markdown posts of other generators: Jekyll, Hugo, Pelican, or plain Markdown with front matter.

Their front matter becomes briefing's (a date with a time and a zone becomes the day in the site's
time zone, the original kept under ``extra``; categories, tags and keywords become tags; a
description or excerpt the summary; authors the byline) and every other field goes under
``extra:``. Template syntax in the body is converted where it can be (``generator.importing.liquid``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from typing import Any

import yaml

from generator.dates import PartialDate
from generator.importing.draft import Draft
from generator.importing.liquid import convert_templates
from generator.importing.textdates import read_stamp
from generator.load.content import slugify
from generator.schema import ID_PATTERN

POST_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn")
# A Jekyll post's file name: its date, then its slug.
JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")
_PELICAN_FIELD = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")

SUMMARY_FIELDS = ("summary", "description", "excerpt", "subtitle", "lede")
AUTHOR_FIELDS = ("author", "authors", "byline")
TAG_FIELDS = ("categories", "category", "tags", "keywords")
DATE_FIELDS = ("date", "pubdate", "publishdate", "published_at")
LANGUAGE_FIELDS = ("language", "lang", "locale")
URL_FIELDS = ("canonical_url", "canonical", "source_url", "original_url", "link")


class PostError(Exception):
    """The post cannot be read: its message says where and why."""


def split_post(text: str) -> tuple[str, dict[str, Any], str, int]:
    """(flavour, front matter, body, line where the body starts) of a Markdown post: YAML between
    ``---`` lines, TOML between ``+++`` lines (Hugo), ``Key: value`` lines (Pelican), or none."""
    lines = text.split("\n")
    first = lines[0].strip() if lines else ""
    if first in ("---", "+++"):
        closing = next((i for i in range(1, len(lines)) if lines[i].strip() in (first, "...")), None)
        if closing is None:
            raise PostError(f"line 1: the front matter that starts here ('{first}') never closes")
        raw = "\n".join(lines[1:closing])
        body = "\n".join(lines[closing + 1:])
        data = _toml(raw) if first == "+++" else _yaml(raw)
        return ("hugo" if first == "+++" else "yaml"), data, body, closing + 2
    pelican: dict[str, Any] = {}
    index = 0
    while index < len(lines) and (match := _PELICAN_FIELD.match(lines[index])):
        pelican[match.group(1).lower()] = match.group(2).strip()
        index += 1
    if pelican and "title" in pelican and (index == len(lines) or not lines[index].strip()):
        return "pelican", pelican, "\n".join(lines[index + 1:]), index + 2
    return "plain", {}, text, 1


def _yaml(raw: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}: " if mark is not None else ""
        raise PostError(f"{where}the front matter is not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PostError("line 2: the front matter is not a mapping of fields")
    return {str(key): value for key, value in data.items()}


def _toml(raw: str) -> dict[str, Any]:
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise PostError(f"the front matter is not valid TOML: {exc}") from None


def read_post(text: str, stem: str, draft: Draft, *, timezone: str, variables: Mapping[str, Any],
              link_to: Callable[[str], str | None]) -> None:
    """Fill ``draft`` from the post ``text`` (its file name without suffix: ``stem``)."""
    flavour, front, body, _ = split_post(text)
    if draft.kind == "markdown" and flavour == "hugo":
        draft.kind = "hugo"
    fields = {key.lower(): (key, value) for key, value in front.items()}
    used: set[str] = set()

    def take(*names: str) -> tuple[str, Any] | None:
        for name in names:
            if name in fields and fields[name][1] not in (None, "", [], {}):
                used.add(name)
                return fields[name]
        return None

    if (title := take("title")) is not None:
        draft.title = str(title[1]).strip()
        draft.found.append("title")
    _post_date(draft, take(*DATE_FIELDS), stem, timezone)
    if (summary := take(*SUMMARY_FIELDS)) is not None:
        draft.summary = " ".join(str(summary[1]).split())
        draft.found.append(f"summary (from `{summary[0]}`)")
    for name in AUTHOR_FIELDS:
        if (author := take(name)) is not None:
            draft.authors += [str(a).strip() for a in (author[1] if isinstance(author[1], list) else [author[1]])]
    if draft.authors:
        draft.found.append("author " + ", ".join(draft.authors))
    for name in TAG_FIELDS:
        if (tags := take(name)) is not None:
            draft.tags += _tags(tags[1], pelican=flavour == "pelican")
    if draft.tags:
        draft.found.append("tags " + ", ".join(dict.fromkeys(draft.tags)))
    if (language := take(*LANGUAGE_FIELDS)) is not None and _LANGUAGE.match(str(language[1])):
        draft.language = str(language[1]).replace("_", "-")
    url = take("url", *URL_FIELDS)
    if url is not None and re.match(r"^https?://", str(url[1]), re.IGNORECASE):
        draft.url = str(url[1])
    elif url is not None:
        used.discard(url[0].lower())  # a site-relative `url:` is not the original address: kept in extra
    if take("draft") is not None and fields["draft"][1] is True:
        draft.draft = True
    if "published" in fields and fields["published"][1] is False:
        used.add("published")
        draft.draft = True
    for key, (original, value) in fields.items():
        if key not in used:
            draft.extra[original] = value
    if draft.draft:
        draft.check.append("the post was not published (draft): it is imported as `draft: true`")
    page = {f"page.{k}": v for k, v in front.items()}
    converted, done = convert_templates(body, {**variables, **page}, link_to)
    if draft.kind == "markdown" and ("{%" in body or JEKYLL_NAME.match(stem)):
        draft.kind = "jekyll"
    draft.body = converted
    if not converted.strip():
        draft.empty = "the post has no text below its front matter"
    if done.converted:
        draft.found.append("template syntax converted: " + "; ".join(sorted(set(done.converted))))
    draft.unconverted.update(done.left)
    if done.unknown:
        draft.check.append("template values with no known value, left in the text: "
                           + ", ".join(sorted(done.unknown)) + " (give them with --var NAME=VALUE)")
    if not draft.title:
        heading = re.search(r"^#\s+(.+)$", converted, re.MULTILINE)
        draft.title = heading.group(1).strip() if heading else JEKYLL_NAME.sub(r"\4", stem).replace("-", " ").strip()
        draft.guessed.append("title, from " + ("the first heading" if heading else "the file name"))
    draft.id_hint = slugify(stem) if re.match(ID_PATTERN, slugify(stem)) else None


def _post_date(draft: Draft, found: tuple[str, Any] | None, stem: str, timezone: str) -> None:
    if found is not None:
        stamp = read_stamp(found[1], timezone)
        if stamp is not None:
            draft.date = PartialDate(stamp.day.year, stamp.day.month, stamp.day.day)
            if stamp.had_time:
                draft.extra["published"] = str(found[1])
                zone = f", converted to {timezone}" if stamp.had_zone else ""
                draft.found.append(f"date {draft.date.iso} (from “{found[1]}”{zone}; the original kept as "
                                   "extra.published)")
            else:
                draft.found.append(f"date {draft.date.iso}")
            return
        draft.extra[found[0]] = found[1]
        draft.check.append(f"the date “{found[1]}” could not be read")
    name = JEKYLL_NAME.match(stem)
    if name is not None:
        try:
            year, month, day = (int(name.group(i)) for i in (1, 2, 3))
            draft.date = PartialDate.parse(f"{year:04d}-{month:02d}-{day:02d}")
        except ValueError:
            return
        draft.found.append(f"date {draft.date.iso} (from the file name)")


def _tags(value: Any, *, pelican: bool) -> list[str]:
    if isinstance(value, str):
        # Jekyll separates categories with spaces, Pelican with commas.
        items = value.split(",") if pelican or "," in value else value.split()
    elif isinstance(value, list):
        items = [str(v) for v in value]
    else:
        items = [str(value)]
    return [tag for tag in (slugify(item) for item in items) if tag]
