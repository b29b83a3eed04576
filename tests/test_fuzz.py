"""Property-based tests over front matter, YAML metadata and Markdown: whatever an editor, a
scraper or a stranger writes, the build ends in a success or in problems that each name a file of
the site and, where there is one, a line inside it. Never a traceback; never a script in a page.

Examples per test: see the hypothesis profiles in conftest.py (bounded and fixed in CI)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.build import check_site
from generator.errors import BuildFailed
from generator.markdown import make_body_parser, make_snippet_parser, render
from generator.schema import ActorSpec, ArticleFrontMatter, EventSpec, MarkdownOptions, OutletSpec, SiteConfig
from sitecheck import unsafe_markup
from sitefiles import MINIMAL_FILES, MINIMAL_SITE_YAML, REPO, write_files

HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "JaVaScRiPt:x",
           "data:text/html,<script>x</script>", "{{ 7*7 }}", "{% raw %}", "../../etc/passwd", "/etc/passwd",
           "\u2028", "\u202e", "\ufeff", "\x1b[1m", "\x00", "\u0085"]
PLAUSIBLE = ["2025-10-19", "2025-02-30", "2025-13-01", "19 October 2025", "2025-10", "2025", "wire", "bob", "first",
             "unknown", "digest", "person", "https://example.org/a", "en", "ps-AF", "true", "~", "", " ", "index", "Bob"]


def field_names(*models) -> list[str]:
    names = sorted({name for model in models for name in model.model_fields})
    return [*names, "sumary", "Title", "tittle", "<<", "on", "yes", "2025"]


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(), st.dates(), st.datetimes(),
    st.text(max_size=20), st.sampled_from(HOSTILE + PLAUSIBLE),
)


def values(keys: list[str]) -> st.SearchStrategy:
    return st.recursive(
        scalars,
        lambda children: st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(keys) | st.text(max_size=8), children, max_size=4),
        max_leaves=12,
    )


def records(keys: list[str]) -> st.SearchStrategy[dict]:
    return st.dictionaries(st.sampled_from(keys) | st.text(max_size=8), values(keys), max_size=9)


def dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=60)


YAML_TOKENS = [":", ": ", "-", "- ", "[", "]", "{", "}", ",", "#", "&a", "*a", "!", "!!str", "!!python/object:os.system",
               "|", ">", "'", '"', "%", "@", "`", "?", "<<", " ", "  ", "\t", "\n", "\n  ", "---", "...", "title",
               "date", "id", "name", "kind", "citations", "2025-10-19", "bob", "é", "\u2028", "\x85", "\ufeff"]
raw_yaml = st.lists(st.sampled_from(YAML_TOKENS) | st.text(max_size=5), max_size=60).map("".join)


def mutated(text_strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Well-formed text with something inserted somewhere, or deleted: near-misses find the most."""
    def apply(args):
        text, position, insert, delete = args
        position = position % (len(text) + 1)
        return text[:position] + insert + text[position + delete:]
    return st.tuples(text_strategy, st.integers(0, 10_000), st.sampled_from(YAML_TOKENS) | st.text(max_size=3),
                     st.integers(0, 3)).map(apply)


ARTICLE_KEYS = field_names(ArticleFrontMatter)
front_matter_yaml = st.one_of(records(ARTICLE_KEYS).map(dump), mutated(records(ARTICLE_KEYS).map(dump)), raw_yaml)

MARKDOWN_TOKENS = ["*", "**", "_", "[", "]", "(", ")", "![", "](", "<", ">", "`", "```", "#", "## ", "-", "- ", "+ ",
                   "1. ", "|", "|-|", "\n", "\n\n", " ", "    ", "\t", "&", "&#106;", "&amp;", ";", "javascript:",
                   "data:image/png;base64,AA", "vbscript:", "http://x.example", "<script>", "</script>", "<img ",
                   "onerror=", "<a href=", '"', "'", "=", "[^1]", "[^1]: ", "~~", "> ", "\\", "Bob Example", "text"]
markdown_text = st.lists(st.sampled_from(MARKDOWN_TOKENS) | st.text(max_size=4), max_size=80).map("".join)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "site"
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    write_files(root, {"site.yaml": MINIMAL_SITE_YAML, **MINIMAL_FILES})
    return root


def outcome(site: Path, rel: str, data: bytes) -> tuple[dict[str, str] | None, list]:
    """Build with ``rel`` holding ``data``: the pages, or the problems. Any other exception fails."""
    path = site / rel
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(data)
    try:
        return check_site(site).pages, []
    except BuildFailed as failure:
        return None, list(failure.problems)
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


# Problems about a whole file, which have no line.
FILE_PROBLEMS = ("this looks like a binary file, not text", "the article file is empty")


def assert_located(site: Path, rel: str, data: bytes, problems: list) -> None:
    # Lines as an editor counts them: CRLF, CR and LF each end one.
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    assert problems, "a failed build must say why"
    for problem in problems:
        assert problem.path == rel or (site / problem.path).exists(), problem.format()
        if problem.path == rel:
            if problem.line is None:
                assert problem.message in FILE_PROBLEMS, f"no line: {problem.format()}"
            else:
                assert 1 <= problem.line <= lines, f"line out of range: {problem.format()}"
        assert problem.message and "Traceback" not in problem.message


@given(front=front_matter_yaml, body=markdown_text)
def test_any_front_matter_builds_or_fails_with_located_problems(site, front, body):
    rel = "content/articles/fuzz.md"
    data = f"---\n{front}\n---\n{body}\n".encode()
    pages, problems = outcome(site, rel, data)
    if pages is None:
        assert_located(site, rel, data, problems)
    else:
        assert unsafe_markup(pages["articles/fuzz.html"]) == []


@given(text=st.one_of(st.text(max_size=300), raw_yaml, markdown_text))
def test_any_article_file_builds_or_fails_with_located_problems(site, text):
    rel = "content/articles/fuzz.md"
    data = text.encode()
    pages, problems = outcome(site, rel, data)
    if pages is None:
        assert_located(site, rel, data, problems)


def metadata(model, kind: str) -> st.SearchStrategy[str]:
    keys = field_names(model)
    structured = st.one_of(records(keys), st.lists(records(keys), max_size=4)).map(dump)
    return st.one_of(structured, mutated(structured), raw_yaml).map(lambda text: (kind, text))


@given(case=st.one_of(metadata(ActorSpec, "actors"), metadata(EventSpec, "events"), metadata(OutletSpec, "outlets")))
def test_any_metadata_file_builds_or_fails_with_located_problems(site, case):
    kind, text = case
    rel = f"content/{kind}/fuzz.yaml"
    data = text.encode()
    pages, problems = outcome(site, rel, data)
    if pages is None:
        assert_located(site, rel, data, problems)


@given(text=st.one_of(records(field_names(SiteConfig)).map(dump), mutated(st.just(MINIMAL_SITE_YAML)), raw_yaml))
def test_any_site_yaml_builds_or_fails_with_located_problems(site, text):
    data = text.encode()
    pages, problems = outcome(site, "site.yaml", data)
    if pages is None:
        assert_located(site, "site.yaml", data, problems)
    else:
        for html in pages.values():
            assert unsafe_markup(html) == []


@given(text=markdown_text | st.text(max_size=200))
def test_markdown_never_renders_active_content(text):
    for make in (make_body_parser, make_snippet_parser):
        html = render(make(MarkdownOptions()), text).html
        assert unsafe_markup(html) == [], (text, html)


def test_the_strategies_reach_both_outcomes(site):
    # A property test whose examples all fail (or all pass) the same way tests little.
    good = dump({"title": "T", "date": dt.date(2025, 10, 19)})
    assert outcome(site, "content/articles/fuzz.md", f"---\n{good}---\nText.\n".encode())[0] is not None
    assert outcome(site, "content/articles/fuzz.md", b"---\ntitle: [\n---\n")[0] is None
