"""JSON Schema files for editors, generated from the pydantic schemas the build validates with.

With them, an editor that reads JSON Schema (VS Code's YAML extension, JetBrains IDEs) completes
field names and underlines unknown fields, missing required fields and wrong values as you type.
They are never edited by hand: ``briefing schema --out schemas/`` writes them again, and a test
fails when the committed ones fall behind ``generator/schema.py``.

The files are JSON Schema draft-07, the version VS Code's YAML extension supports. Checks that
JSON Schema cannot express (a real calendar date, an event ending after it starts, references
between files) stay with ``briefing check``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.schema import ID_PATTERN, ActorSpec, ArticleFrontMatter, ChangeSpec, EventSpec, OutletSpec, SiteConfig

DRAFT = "http://json-schema.org/draft-07/schema#"

# JSON Schema patterns are ECMAScript regular expressions, where \w is ASCII only: the id pattern
# is written with Unicode classes instead, so ids in any script are accepted there too.
ECMA_PATTERNS = {ID_PATTERN: r"^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$"}


def _folder(folder: str) -> tuple[str, ...]:
    # The YAML extension's patterns match the end of a file's path, and ``**/`` needs at least one
    # folder, so files directly in the folder get their own pattern.
    return tuple(f"/{folder}/{glob}.{suffix}" for glob in ("*", "**/*") for suffix in ("yaml", "yml"))


@dataclass(frozen=True)
class SchemaFile:
    name: str  # file name in the schemas folder
    model: type[BaseModel]
    title: str
    patterns: tuple[str, ...]  # the YAML files it describes; none for front matter
    record: str | None = None  # what one record is, for files that hold a record or a list of them


SCHEMA_FILES = (
    SchemaFile("site.schema.json", SiteConfig, "briefing site.yaml", ("/site.yaml",)),
    SchemaFile("article.schema.json", ArticleFrontMatter, "briefing article front matter", ()),
    SchemaFile("actor.schema.json", ActorSpec, "briefing actors", _folder("content/actors"), "actor"),
    SchemaFile("event.schema.json", EventSpec, "briefing events", _folder("content/events"), "event"),
    SchemaFile("outlet.schema.json", OutletSpec, "briefing outlets", _folder("content/outlets"), "outlet"),
    SchemaFile("changes.schema.json", ChangeSpec, "briefing changes (editions)",
               ("/content/changes.yaml", "/content/changes.yml"), "edition"),
)


def json_schema(spec: SchemaFile) -> dict[str, Any]:
    generated = spec.model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = generated.pop("$defs", {})
    record = spec.model.__name__
    document: dict[str, Any] = {"$schema": DRAFT, "title": spec.title}
    if spec.record:
        document["description"] = f"One {spec.record} (a mapping of fields), or a list of them."
        document["anyOf"] = [{"$ref": f"#/definitions/{record}"},
                             {"type": "array", "items": {"$ref": f"#/definitions/{record}"}}]
        definitions[record] = generated
    else:
        document.update({k: v for k, v in generated.items() if k != "title"})
    if definitions:
        document["definitions"] = dict(sorted(definitions.items()))
    patterned: dict[str, Any] = _ecma_patterns(document)
    return patterned


def _ecma_patterns(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: (ECMA_PATTERNS.get(value, value) if key == "pattern" else _ecma_patterns(value))
                for key, value in node.items()}
    if isinstance(node, list):
        return [_ecma_patterns(item) for item in node]
    return node


def render(spec: SchemaFile) -> str:
    return json.dumps(json_schema(spec), indent=2, ensure_ascii=False) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SCHEMA_FILES:
        path = out_dir / spec.name
        path.write_text(render(spec), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def stale_schemas(out_dir: Path) -> list[str]:
    """The schema files in ``out_dir`` that are missing or differ from the current schema."""
    stale = []
    for spec in SCHEMA_FILES:
        path = out_dir / spec.name
        if not path.is_file() or path.read_text(encoding="utf-8") != render(spec):
            stale.append(spec.name)
    return stale


def vscode_settings(schemas_dir: str = "schemas") -> dict[str, Any]:
    """VS Code workspace settings that give every YAML file of a site its schema."""
    return {"yaml.schemas": {f"./{schemas_dir}/{spec.name}": list(spec.patterns)
                             for spec in SCHEMA_FILES if spec.patterns}}
