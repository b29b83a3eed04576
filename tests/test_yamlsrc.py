import time

import pytest

from generator.errors import Problems
from generator.load.yamlsrc import load_yaml


def test_lines_are_recorded_for_keys_and_items():
    problems = Problems()
    data = load_yaml("a: 1\nitems:\n  - x: 2\n    y: 3\n", "f.yaml", problems)
    assert data is not None and not problems.errors
    assert data.data == {"a": 1, "items": [{"x": 2, "y": 3}]}
    assert data.line(("items", 0, "y")) == 4
    assert data.line(("items", 0, "missing")) == 3  # falls back to the enclosing item


def test_first_line_offset_is_applied():
    problems = Problems()
    data = load_yaml("a: 1\nb: 2\n", "f.md", problems, first_line=2)
    assert data.line(("b",)) == 3


def test_syntax_error_names_the_line():
    problems = Problems()
    assert load_yaml("a: 1\nb: [1, 2\nc: 3\n", "f.yaml", problems) is None
    [error] = problems.errors
    assert error.path == "f.yaml" and error.line is not None and error.message.startswith("YAML syntax error")


def test_tab_indentation_is_explained():
    problems = Problems()
    assert load_yaml("a:\n\tb: 1\n", "f.yaml", problems) is None
    [error] = problems.errors
    assert (error.line, error.message) == (2, "a tab is used for indentation; YAML allows only spaces")


def test_duplicate_keys_are_errors_not_overwrites():
    problems = Problems()
    assert load_yaml("title: a\ntitle: b\n", "f.yaml", problems) is None
    assert [(e.line, e.message) for e in problems.errors] == [(2, "the key 'title' appears twice in the same mapping")]


def test_python_tags_are_refused_never_executed():
    problems = Problems()
    text = "x: !!python/object/apply:os.system ['echo pwned']\n"
    assert load_yaml(text, "f.yaml", problems) is None
    assert "not allowed" in problems.errors[0].message


def test_alias_bomb_is_bounded():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    problems = Problems()
    started = time.monotonic()
    assert load_yaml("\n".join(lines) + "\n", "bomb.yaml", problems) is None
    assert time.monotonic() - started < 10
    assert "expands to more than 500,000 values" in problems.errors[0].message


def test_impossible_date_is_kept_as_text_for_the_schema_to_report():
    problems = Problems()
    data = load_yaml("date: 2025-02-30\n", "f.yaml", problems)
    assert data.data == {"date": "2025-02-30"}


def errors_of(text, first_line=1):
    problems = Problems()
    assert load_yaml(text, "f.yaml", problems, first_line=first_line) is None
    return [(e.line, e.message) for e in problems.errors]


@pytest.mark.parametrize("text", [
    "a: " + "[" * 100_000 + "]" * 100_000,  # crashed libyaml's recursive composer (segfault)
    "a: " + "{a: " * 100_000 + "}" * 100_000,
    "- " * 50_000 + "x\n",
    "".join("  " * i + "-\n" for i in range(150)),
])
def test_deep_nesting_is_refused_without_crashing(text):
    [(line, message)] = errors_of(text)
    assert message == "the YAML is nested more than 100 levels deep" and line >= 1


def test_nesting_up_to_the_limit_is_fine():
    problems = Problems()
    data = load_yaml("a: " + "[" * 99 + "]" * 99, "f.yaml", problems)
    assert not problems.errors
    depth, value = 0, data.data["a"]
    while value:
        depth, value = depth + 1, value[0]
    assert depth == 98  # 99 lists inside the mapping: 100 levels


@pytest.mark.parametrize("text, expected", [
    ("a: &a [1, *a]\n", [(1, "the alias *a refers to the list or mapping it is in")]),
    ("a: *nowhere\n", [(1, "the alias *nowhere refers to no anchor &nowhere above it")]),
    ("a: 1\n---\nb: 2\n", [(2, "the file holds a second YAML document (after a '---' line)")]),
    ("a: &x {b: 1}\nc:\n  <<: *x\n", [(3, "YAML merge keys (<<) are not supported")]),
    ("t: !!binary aGVsbG8=\n", [(1, "the YAML tag !!binary is not allowed")]),
    ("t: !!set {a, b}\n", [(1, "the YAML tag !!set is not allowed")]),
    ("t: !include other.yaml\n", [(1, "the YAML tag !include is not allowed")]),
    ("t: !!python/name:os.system\n", [(1, "the YAML tag !!python/name:os.system is not allowed")]),
    ("t: !!python/object/new:os.system [echo]\n", [(1, "the YAML tag !!python/object/new:os.system is not allowed")]),
    ("? [a]\n: b\n", [(1, "a key must be a plain name, not a list or mapping")]),
    ("a: 1\nb: x\x01\n", [(2, "the character U+0001 (invisible, a control character) is not allowed in YAML")]),
])
def test_refusals_name_their_line(text, expected):
    assert errors_of(text) == expected


def test_tags_are_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    for text in (f"x: !!python/object/apply:os.system ['touch {marker}']\n",
                 f"x: !!python/object/new:os.system ['touch {marker}']\n"):
        errors_of(text)
    assert not marker.exists()


def test_keys_are_names_as_written():
    problems = Problems()
    data = load_yaml("on: 1\nno: 2\n2025: 3\nnull: 4\n", "f.yaml", problems)
    assert data.data == {"on": 1, "no": 2, "2025": 3, "null": 4}


def test_aliases_within_bounds_are_fine():
    problems = Problems()
    data = load_yaml("a: &x [1, 2]\nb: *x\nc: &s hello\nd: *s\n", "f.yaml", problems)
    assert not problems.errors and data.data == {"a": [1, 2], "b": [1, 2], "c": "hello", "d": "hello"}


def test_unusual_line_breaks_do_not_shift_line_numbers():
    # YAML breaks lines at U+2028, U+2029 and U+0085; an editor does not. Lines must match the editor.
    problems = Problems()
    data = load_yaml('a: "x\u2028y"\nb: "p\u2029q"\nc: [1, 2\n', "f.yaml", problems, first_line=2)
    assert data is None
    assert [(e.line, e.message) for e in problems.errors] == [
        (4, "YAML syntax error: the '[' opened on this line is not closed with ']'")]
    assert errors_of("title: A\u2028B\ndate: 2025-10-01\n") == [
        (1, "YAML syntax error: the invisible character U+2028 on this line is a line break to YAML")]


@pytest.mark.parametrize("text, line, message", [
    ('a: 1\nb: "open\nc: 2\n', 2, "YAML syntax error: the quoted value that starts on this line never closes"),
    ("a: 1\ntitle: Talks: round two\n", 2, "YAML syntax error: a value contains ': ', which YAML reads as the start of another field"),
    ("a: 1\nb: [x, y\nc: 2\n", 2, "YAML syntax error: the '[' opened on this line is not closed with ']'"),
    ("a: 1\nb:\n  - x\n - y\n", 4, "YAML syntax error: this line is indented differently from the fields above it (from line 1)"),
])
def test_common_syntax_errors_are_explained(text, line, message):
    assert errors_of(text) == [(line, message)]


# Each mistake at its own line: where the bracket opened when it is never closed (not the line
# where YAML gave up looking for it), where the ',' is missing when it is closed further down.
@pytest.mark.parametrize("text, line, message", [
    ("title: T\ndate: 2025-10-19\nsummary: >\n  a\n  b\n\nactors: [bob, eve\n\nlocation: Doha\n", 7,
     "YAML syntax error: the '[' opened on this line is not closed with ']'"),
    ("- id: a\n  actors: [bob, eve\n  title: x\n- id: b\n  tags: [a]\n", 2,
     "YAML syntax error: the '[' opened on this line is not closed with ']'"),
    ("a: 1\nb: {x: 1, y: 2\n  # a comment ]\nc: 2\n", 2,
     "YAML syntax error: the '{' opened on this line is not closed with '}'"),
    ("a: 1\nb: [x, 'it''s ]', \"q\\\" ]\" # ]\n  y\nc: 2\n", 2,
     "YAML syntax error: the '[' opened on this line is not closed with ']'"),
    ("a: 1\nb: [x,\n  y\n", 2, "YAML syntax error: the '[' opened on this line is not closed with ']'"),
    ("actors: [\n  bob,\n  \"eve\"\n  \"carol\",\n]\n", 4,
     "YAML syntax error: a ',' is missing before this item of the '[' opened on line 1"),
    ("a: [b, c}\n", 1, "YAML syntax error: the '[' opened on this line is not closed with ']'"),
    ("a: [b, {c: d]]\n", 1, "YAML syntax error: the '{' opened on this line is not closed with '}'"),
    ('a: ["b" "c"]\n', 1, "YAML syntax error: a ',' is missing before this item of the '[' opened on this line"),
])
def test_a_bracket_error_is_reported_at_the_line_of_the_mistake(text, line, message):
    assert errors_of(text) == [(line, message)]
