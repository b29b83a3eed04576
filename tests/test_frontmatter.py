"""Front matter: where it starts and ends, and error lines that are the file's lines exactly
(Hugo's long-standing pain is front-matter errors reported one line off, gohugoio/hugo#9857)."""

import pytest

from generator.errors import Problems
from generator.load.content import load_content
from generator.load.frontmatter import split_front_matter


def article_errors(tmp_path, data: bytes):
    (tmp_path / "content/articles").mkdir(parents=True, exist_ok=True)
    (tmp_path / "content/articles/a.md").write_bytes(data)
    problems = Problems()
    sources = load_content(tmp_path, problems)
    return sources, [(p.line, p.message) for p in problems.errors]


VARIANTS = {
    "lf": lambda text: text.encode(),
    "crlf": lambda text: text.replace("\n", "\r\n").encode(),
    "bom-crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
}

# (front matter lines between the fences, the file line of the error, the message)
CASES = [
    (["title: T", "date: 2025-10-19", "sumary: x"], 4, "unknown field 'sumary'"),
    (["title: T", "date: 2025-02-30"], 3, "'date': '2025-02-30' is not a real date: check the day and the month"),
    (["title: T", "date: 19 October 2025"], 3,
     "'date': '19 October 2025' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2025-10-19)"),
    (["title: [a, b]", "date: 2025-10-19"], 2, "'title' must be text, not a list"),
    (["title: T", "date: 2025-10-19", "", "", "tags: [a, b"], 6,
     "YAML syntax error: the '[' opened on this line is not closed with ']'"),
    (["title: T", "date: 2025-10-19", "actors:", "\t- bob"], 5, "a tab is used for indentation; YAML allows only spaces"),
    (["title: T", "date: 2025-10-19", "title: U"], 4, "the key 'title' appears twice in the same mapping"),
    (["# a comment", "title: T", "date: 2025-10-19", "circa: perhaps"], 5, "'circa' must be true or false"),
    (["title: 'open", "date: 2025-10-19"], 2, "YAML syntax error: the quoted value that starts on this line never closes"),
    (["title: T", "date: 2025-10-19", "summary: >", "  folded", "  text", "url: javascript:alert(1)"], 7,
     "'url': must be a full http:// or https:// address"),
]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("fields, line, message", CASES, ids=[c[2][:40] for c in CASES])
def test_error_lines_are_the_file_lines(tmp_path, variant, fields, line, message):
    text = "---\n" + "\n".join(fields) + "\n---\nBody.\n"
    _, errors = article_errors(tmp_path, VARIANTS[variant](text))
    assert errors == [(line, message)]


def test_body_line_is_recorded(tmp_path):
    sources, errors = article_errors(tmp_path, b"---\ntitle: T\ndate: 2025-10-19\n---\nBody.\n")
    assert errors == [] and sources.articles[0].body_line == 5 and sources.articles[0].body == "Body.\n"


@pytest.mark.parametrize("text, line, message", [
    ("---\ntitle: T\ndate: 2025-10-19\nBody without a closing fence.\n", 1, "the front matter that starts here never closes"),
    ("\n\n---\ntitle: T\n---\n", 3, "the front matter must start on the first line of the file"),
    ('+++\ntitle = "T"\n+++\n', 1, "this is TOML front matter (+++); briefing reads YAML front matter"),
    ("Just text.\n", 1, "the article has no front matter"),
])
def test_shapes_of_missing_front_matter(text, line, message):
    problems = Problems()
    assert split_front_matter(text, "a.md", problems) is None
    assert [(p.line, p.message) for p in problems.errors] == [(line, message)]


def test_dots_close_front_matter_too():
    split = split_front_matter("---\ntitle: T\n...\nBody\n", "a.md", Problems())
    assert (split.front_matter, split.body, split.body_line) == ("title: T", "Body\n", 4)
