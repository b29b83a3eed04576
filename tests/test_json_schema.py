"""The JSON Schema files editors use: generated from generator/schema.py, committed up to date,
accepting the sample briefing and refusing what the build refuses."""

import json
import re
import sys
import unicodedata
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.cli import main
from generator.json_schema import ECMA_PATTERNS, SCHEMA_FILES, json_schema, stale_schemas, vscode_settings
from generator.schema import ID_PATTERN
from sitefiles import REPO

SCHEMAS = {spec.name.split(".")[0]: spec for spec in SCHEMA_FILES}


def test_the_committed_schema_files_are_current():
    stale = stale_schemas(REPO / "schemas")
    assert not stale, f"{stale} are out of date: run `.venv/bin/briefing schema --out schemas` (or tests/regenerate.py)"


def test_the_committed_vscode_settings_are_current():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == vscode_settings()["yaml.schemas"]


def test_schema_command_writes_and_checks(tmp_path, capsys):
    out = tmp_path / "schemas"
    assert main(["schema", "--check", "--out", str(out)]) == 1
    assert "site.schema.json: out of date with generator/schema.py" in capsys.readouterr().err
    assert main(["schema", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(spec.name for spec in SCHEMA_FILES)
    assert main(["schema", "--check", "--out", str(out)]) == 0
    (out / "event.schema.json").write_text("{}")
    assert main(["schema", "--check", "--out", str(out)]) == 1


def test_every_schema_is_valid_draft_07():
    for spec in SCHEMA_FILES:
        document = json_schema(spec)
        assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
        # Without format checks: the metaschema's "regex" format is judged by Python's re, which
        # lacks ECMAScript's \p{...} classes.
        jsonschema.Draft7Validator.check_schema(document, format_checker=None)
        assert "$defs" not in json.dumps(document)  # draft-07 names them definitions


def test_the_id_pattern_means_the_same_in_both_dialects():
    """Python's [^\\W_] and ECMAScript's [\\p{L}\\p{N}]: the same characters, all of Unicode."""
    python_id_char = re.compile(r"[^\W_]")
    differ = [hex(c) for c in range(sys.maxunicode + 1)
              if bool(python_id_char.fullmatch(chr(c))) != (unicodedata.category(chr(c))[0] in "LN")]
    assert differ == []
    assert ECMA_PATTERNS[ID_PATTERN] == r"^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$"


class _Yaml12Loader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (1.2): 2025-10-19 is text, not a date."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(kind):
    """A draft-07 validator for ``kind``; ECMAScript's \\p classes, which Python's re lacks, are
    checked with the Python pattern they stand for (their equivalence is tested above)."""
    python_patterns = {ecma: python for python, ecma in ECMA_PATTERNS.items()}

    def pattern(validator, patrn, instance, schema):
        if isinstance(instance, str) and not re.search(python_patterns.get(patrn, patrn), instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {patrn!r}")

    cls = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": pattern})
    return cls(json_schema(SCHEMAS[kind]))


def errors(kind, text):
    return sorted(e.message for e in validator(kind).iter_errors(yaml.load(text, Loader=_Yaml12Loader)))


def front_matter(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n")[1]


def test_the_sample_briefing_matches_its_schemas():
    checked = 0
    assert errors("site", (REPO / "site.yaml").read_text(encoding="utf-8")) == []
    for path in sorted((REPO / "content/articles").glob("*.md")):
        assert errors("article", front_matter(path)) == [], path
        checked += 1
    for kind in ("actor", "event", "outlet"):
        for path in sorted((REPO / f"content/{kind}s").glob("*.yaml")):
            assert errors(kind, path.read_text(encoding="utf-8")) == [], path
            checked += 1
    assert errors("changes", (REPO / "content/changes.yaml").read_text(encoding="utf-8")) == []
    assert checked >= 10


@pytest.mark.parametrize(("kind", "text", "expected"), [
    ("article", "title: T\ndate: 2025-10-19\nsumary: x\n", "Additional properties are not allowed ('sumary' was unexpected)"),
    ("article", "date: 2025-10-19\n", "'title' is a required property"),
    ("article", "title: T\ndate: 19 October 2025\n", "is not valid under any of the given schemas"),
    ("actor", "- id: bob\n  name: Bob\n  kind: persn\n", "is not valid under any of the given schemas"),
    ("actor", "id: Bob Example\nname: Bob\nkind: person\n", "is not valid under any of the given schemas"),
    ("event", "- id: e\n  date: 2025\n  title: T\n  citations: [{article: a, except: x}]\n",
     "is not valid under any of the given schemas"),
    ("article", "title: T\ndate: 2025-10-19\nurl: example.com/story\n", "is not valid under any of the given schemas"),
    ("site", "title: T\nbase_url: javascript:alert(1)\n", "is not valid under any of the given schemas"),
    ("site", "title: T\nnav: [{label: Home, page: index}]\n",
     "'index' is not one of ['home', 'timeline', 'actors', 'sources', 'disputes', 'changes', 'data', 'search']"),
])
def test_what_the_build_refuses_is_underlined(kind, text, expected):
    found = errors(kind, text)
    assert any(expected in message for message in found), found


@pytest.mark.parametrize(("kind", "text"), [
    ("event", "- id: e\n  date: 2025\n  title: T\n  citations: [an-article, {article: b, excerpt: x}]\n"),
    ("event", "id: e\ndate: 2025-10\nperiod: late\ntitle: T\ncitations: [a]\n"),
    ("actor", "- id: طالبان\n  name: Taliban\n  kind: armed-group\n"),
    ("article", "title: T\ndate: 2025-10-19\nextra: {anything: [1, 2]}\n"),
    ("article", "title: T\ndate: 2025-10-19\nurl: HTTPS://example.org/story\n"),
])
def test_what_the_build_accepts_is_not_underlined(kind, text):
    assert errors(kind, text) == []
