"""Validating located YAML data against a schema, turning every error into a located Problem.

Validation errors are rewritten as sentences an editor can act on (astro #15976: never a raw
validator dump): the field, what is wrong, and for an unknown key the field probably meant.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.errors import Problems
from generator.load.yamlsrc import Loc, LocatedData

M = TypeVar("M", bound=BaseModel)


def validate_record(model: type[M], data: Any, located: LocatedData, loc: Loc, problems: Problems, what: str) -> M | None:
    """Validate ``data`` (found at ``loc`` in ``located``) as ``model``; None if it is invalid."""
    if not isinstance(data, dict):
        problems.error(located.path, located.line(loc), f"{what} must be a mapping of fields (key: value), not {_kind(data)}",
                       "write it as `field: value` lines")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            field_loc = tuple(error["loc"])
            line = located.line(loc + field_loc)
            message, hint = describe(model, error, data)
            problems.error(located.path, line, message, hint)
        return None


def describe(model: type[BaseModel], error: ErrorDetails, data: Any) -> tuple[str, str]:
    loc = tuple(error["loc"])
    field = _dotted(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        return f"unknown field '{field}'", unknown_field_hint(str(loc[-1]), known)
    if kind == "missing":
        return f"'{field}' is required but missing", f"add a line `{loc[-1]}: ...`"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        guess = closest(str(error.get("input")), options)
        hint = f"did you mean '{guess}'?" if guess else f"use one of: {', '.join(options)}"
        return f"'{field}' is {error.get('input')!r}, which is not allowed", hint
    if kind == "string_pattern_mismatch" and loc and _looks_like_id_field(loc):
        return (f"'{field}' is {error.get('input')!r}, which is not a valid id",
                "use lowercase letters, digits and single hyphens, e.g. khawaja-asif")
    if kind == "string_type":
        value = error.get("input")
        if isinstance(value, (list, dict)) or value is None:
            return f"'{field}' must be text, not {_kind(value)}", "write a single value (quote it if needed)"
        example = f"{loc[-1]}: \"...\"" if loc and isinstance(loc[-1], str) else "\"...\""
        return f"'{field}' must be text, not {_kind(value)}", f"put the value in quotes: {example}"
    if kind == "string_too_short":
        return f"'{field}' is empty", "write a value, or remove the line"
    if kind == "string_too_long":
        return f"'{field}' is longer than {error.get('ctx', {}).get('max_length')} characters", "shorten it"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "language":
        return f"'{field}' is {error.get('input')!r}, which is not a language tag", "use a BCP 47 tag such as en, ur or ps-AF"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"'{field}' must be a whole number, not {error.get('input')!r}", "write a number such as 1 or 2"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if loc and "citations" in loc and isinstance(loc[-1], int):
            return (f"'{field}' must be an article id or a mapping (article, excerpt, note), not {_kind(error.get('input'))}",
                    "write the id of an article, e.g. - 2025-10-19-doha-ceasefire")
        return (f"'{field}' must be a mapping of fields (key: value), not {_kind(error.get('input'))}",
                "write it as `field: value` lines, indented below it")
    if kind in ("tuple_type", "list_type"):
        return f"'{field}' must be a list, not {_kind(error.get('input'))}", "write it as [a, b] or as lines starting with '- '"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"'{field}' must be true or false", "write true or false"
    if kind == "too_short":
        return f"'{field}' needs at least {error.get('ctx', {}).get('min_length', 1)} item(s)", "add the missing entries"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    where = f"'{field}': " if field else ""
    return f"{where}{message}", _hint_for(kind)


# Fields other generators (Jekyll, Hugo, Pelican, Zola, Astro...) use, and what briefing calls them
# or does instead: the hint for one of them names the briefing field, not whatever is spelt alike.
FOREIGN_FIELDS = {
    "description": ("summary", "the standfirst shown under the headline"),
    "excerpt": ("summary", "the standfirst shown under the headline"),
    "subtitle": ("summary", "the standfirst shown under the headline"),
    "lede": ("summary", "the standfirst shown under the headline"),
    "authors": ("author", "one name, or a list of names"),
    "byline": ("author", "one name, or a list of names"),
    "creator": ("author", "one name, or a list of names"),
    "categories": ("tags", "a list of ids"),
    "category": ("tags", "a list of ids"),
    "keywords": ("tags", "a list of ids"),
    "lang": ("language", "a BCP 47 tag such as en"),
    "locale": ("language", "a BCP 47 tag such as en"),
    "link": ("url", "the original http(s) address"),
    "source": ("url", "the original http(s) address"),
    "canonical": ("url", "the original http(s) address"),
    "canonical_url": ("url", "the original http(s) address"),
    "publisher": ("outlet", "an outlet id from content/outlets/"),
    "publication": ("outlet", "an outlet id from content/outlets/"),
    "published": ("draft", "`draft: true` for an unpublished article"),
    "pubdate": ("date", "the publication date, YYYY-MM-DD"),
    "publishdate": ("date", "the publication date, YYYY-MM-DD"),
    "published_at": ("date", "the publication date, YYYY-MM-DD"),
    "status": ("draft", "`draft: true` for an unpublished article"),
}
# Fields of other generators with no briefing equivalent: what to do instead.
FOREIGN_ONLY = {
    "layout": "briefing has one page layout per kind of page: remove the line",
    "permalink": "an article's address is its file name (content/articles/ID.md -> articles/ID.html): "
                 "rename the file, or remove the line",
    "slug": "an article's address is its file name: rename the file, or remove the line",
    "url_path": "an article's address is its file name: rename the file, or remove the line",
    "aliases": "briefing makes no redirects: remove the line, or keep it under 'extra:'",
    "redirect_from": "briefing makes no redirects: remove the line, or keep it under 'extra:'",
    "weight": "articles are ordered by date: remove the line, or keep it under 'extra:'",
}


def unknown_field_hint(name: str, known: list[str]) -> str:
    """What to write instead of the unknown field ``name``, given the ``known`` fields here."""
    foreign = FOREIGN_FIELDS.get(name.lower())
    if foreign is not None and foreign[0] in known and name.lower() not in known:
        return f"briefing calls this '{foreign[0]}' ({foreign[1]}); keep the original under 'extra:' if you need it"
    if name.lower() in FOREIGN_ONLY and "extra" in known:
        return FOREIGN_ONLY[name.lower()]
    guess = closest(name, known)
    if guess is not None:
        return f"did you mean '{guess}'?"
    return f"known fields: {', '.join(known)}; keep your own data under 'extra:'"


def closest(word: str, options: list[str]) -> str | None:
    """The option ``word`` is most likely a misspelling or another form of, if one is close: at
    most one edit for short words and two for longer ones (a letter added, dropped, changed or two
    swapped), or the same stem ('corrected', 'corrections'). Sharing letters is not enough:
    'author' is not a misspelling of 'actors'."""
    allowed = 1 if len(word) <= 5 else 2
    best: tuple[int, str] | None = None
    for option in options:
        a, b = word.lower(), option.lower()
        distance = _edits(a, b)
        stem = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        if distance > allowed and stem >= max(5, 0.7 * min(len(a), len(b))):
            distance = allowed
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, option)
    return best[1] if best is not None else None


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    if abs(len(a) - len(b)) > 2:
        return 3  # more than any allowance
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def _hint_for(kind: str) -> str:
    if kind == "value_error":
        return ""  # our own validators say what to do in the message itself
    return "correct this value to match the content schema (docs/content.md in briefing's repository)"


def _looks_like_id_field(loc: tuple[Any, ...]) -> bool:
    names = [part for part in loc if isinstance(part, str)]
    return bool(names) and names[-1] in {"id", "outlet", "via", "actors", "tags", "article", "affiliation", "by", "event", "actor",
                                           "new_articles", "new_events", "new_actors"}


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
        if current is None:
            return []
    return sorted(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _inner_model(origin)
    return None


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    return f"{type(value).__name__}"
