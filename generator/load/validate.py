"""Validating located YAML data against a schema, turning every error into a located Problem.

Validation errors are rewritten as sentences an editor can act on (astro #15976: never a raw
validator dump): the field, what is wrong, and for an unknown key the field probably meant.
"""

from __future__ import annotations

import datetime as dt
import difflib
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
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f"did you mean '{guess[0]}'?" if guess else f"known fields: {', '.join(known)}; keep your own data under 'extra:'"
        return f"unknown field '{field}'", hint
    if kind == "missing":
        return f"'{field}' is required but missing", f"add a line `{loc[-1]}: ...`"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        guess = difflib.get_close_matches(str(error.get("input")), options, n=1, cutoff=0.5)
        hint = f"did you mean '{guess[0]}'?" if guess else f"use one of: {', '.join(options)}"
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


def _hint_for(kind: str) -> str:
    if kind == "value_error":
        return ""  # our own validators say what to do in the message itself
    return "correct this value to match the content schema in README.md"


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
