import time

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
