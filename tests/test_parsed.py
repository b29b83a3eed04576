"""Content files parsed by an earlier build come from the cache: the same sources as parsing
them, never a file with a problem, never data that JSON would not give back exactly."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time

import pytest

from generator.build import build_site
from generator.cache import CACHE_DIR, DB_NAME, Cache
from generator.errors import BuildFailed, Problems
from generator.load import content as content_module
from generator.load import parsed as parsed_module
from generator.load.content import load_content
from generator.load.parsed import CACHE_KIND, ParsedText, _decode, _encode
from generator.load.yamlsrc import LocatedData, load_yaml


@pytest.fixture
def parses(monkeypatch):
    """The files whose YAML is parsed (not taken from the cache), in order."""
    parsed: list[str] = []
    real = content_module.load_yaml

    def counting(text, path, problems, **kwargs):
        parsed.append(path)
        return real(text, path, problems, **kwargs)

    monkeypatch.setattr(content_module, "load_yaml", counting)
    return parsed


def load(site):
    problems = Problems()
    cache = Cache.open(site)
    try:
        return load_content(site, problems, cache), problems
    finally:
        cache.close()


def test_a_second_load_parses_nothing_and_gives_the_same_sources(tmp_site, parses):
    site = tmp_site()
    first, _ = load(site)
    assert "content/articles/first.md" in parses
    parses.clear()
    second, problems = load(site)
    assert parses == [] and not problems.errors and not problems.warnings
    assert second == first  # specs, bodies, body lines, located data and lines alike


def test_an_edited_file_alone_is_parsed_again(tmp_site, parses):
    site = tmp_site()
    load(site)
    article = site / "content/articles/first.md"
    article.write_text(article.read_text() + "\nOne more line.\n")
    parses.clear()
    sources, _ = load(site)
    assert parses == ["content/articles/first.md"]
    assert sources.articles[0].body.endswith("One more line.\n")


def test_a_file_with_a_problem_is_parsed_every_time(tmp_site, parses):
    site = tmp_site({"content/actors/people.yaml": "- id: bob\n  name: Bob Example\n  kind: person\n  colour: red\n"})
    for _ in range(2):
        parses.clear()
        _, problems = load(site)
        assert "content/actors/people.yaml" in parses
        assert [(p.path, p.line) for p in problems.errors] == [("content/actors/people.yaml", 4)]


def test_errors_found_later_name_the_same_line_whether_parsed_or_cached(tmp_site):
    site = tmp_site({"content/events/events.yaml": "- id: meeting\n  date: 2025-10-19\n  title: Bob meets reporters\n"
                                                   "  actors: [bob, nobody]\n  citations:\n    - article: first\n"})
    messages = []
    for _ in range(2):
        with pytest.raises(BuildFailed) as failed:
            build_site(site, site.parent / "out")
        messages.append([(p.path, p.line, p.message) for p in failed.value.problems if p.severity == "error"])
    assert messages[0] == messages[1] and messages[0][0][:2] == ("content/events/events.yaml", 4)


def located(text):
    found = load_yaml(text, "x.yaml", Problems())
    assert found is not None
    return found


def test_dates_nested_values_and_lines_come_back_exactly():
    original = located("a: 2025-10-19\nb:\n  - [1, 2.5, true, null, 'é']\n  - c: 2024-02-29\nd: {}\n")
    decoded = _decode(_encode(ParsedText(original, 7, 3)), "x.yaml")
    assert decoded == ParsedText(original, 7, 3)
    assert type(decoded.located.data["b"][1]["c"]) is dt.date


@pytest.mark.parametrize("text", ["a: 2025-10-19 10:00:00\n", "a: 99999999999999999999\n", "a: .nan\n", "a: [1, 2025-10-19T10:00:00Z]\n"])
def test_data_that_json_would_change_is_not_kept(text):
    assert _encode(ParsedText(located(text))) is None


@pytest.mark.parametrize("entry", [{"data": {}}, {"data": {}, "dates": [["a"]], "lines": [], "body": [0, 0]},
                                   {"data": {"a": 1}, "dates": [], "lines": [[["a"], "1"]], "body": [0, 0]},
                                   {"data": {}, "dates": [], "lines": [], "body": [0]}, "text", None])
def test_an_entry_that_is_not_a_parse_result_is_a_miss(entry):
    assert _decode(entry, "x.yaml") is None


def test_a_tampered_entry_is_not_used(tmp_site, tmp_path):
    site = tmp_site()
    build_site(site, tmp_path / "first")
    with sqlite3.connect(site / CACHE_DIR / DB_NAME) as db:
        db.execute("UPDATE entries SET value = '[1, 2]' WHERE kind = ?", (CACHE_KIND,))
    sources, problems = load(site)
    assert not problems.errors and sources.articles[0].front.spec.title == "First article"


def test_only_the_current_files_are_kept(tmp_site):
    site = tmp_site()
    load(site)
    article = site / "content/articles/first.md"
    article.write_text(article.read_text() + "\nEdited.\n")
    load(site)
    with sqlite3.connect(site / CACHE_DIR / DB_NAME) as db:
        count = db.execute("SELECT count(*) FROM entries WHERE kind = ?", (CACHE_KIND,)).fetchone()[0]
    assert count == 4  # the article, the outlets, the actors and the events file, each once


def test_located_data_compares_by_value():
    # The first test relies on it: sources from the cache are equal to parsed ones, not identical.
    assert located("a: 1\n") == LocatedData({"a": 1}, "x.yaml", {(): 1, ("a",): 1})


def test_a_file_changed_twice_within_a_tick_of_the_file_system_is_not_taken_as_unchanged(tmp_site, monkeypatch):
    # A serving builder keeps each file by its size, times and inode. Two saves within one tick of
    # the file system's clock, to the same size, leave all of them as they were: emulated here
    # with os.stat giving what it gave the first build. A file changed within a tick of its
    # reading is read again by the next build.
    site = tmp_site({"content/actors/people.yaml": "- id: bob\n  name: Bob\n  kind: person\n"})
    path = site / "content/actors/people.yaml"
    real_stat = os.stat
    first_stats: dict[str, os.stat_result] = {}

    def stat_of_the_first_build(target, *args, **kwargs):
        found = real_stat(target, *args, **kwargs)
        return first_stats.setdefault(str(target), found) if str(target) == str(path) else found

    monkeypatch.setattr(parsed_module.os, "stat", stat_of_the_first_build)
    cache = Cache.open(site)
    cache.keep_in_memory(CACHE_KIND)
    try:
        assert [a.spec.name for a in load_content(site, Problems(), cache).actors] == ["Bob"]
        path.write_text("- id: bob\n  name: Rob\n  kind: person\n")  # the same size
        assert [a.spec.name for a in load_content(site, Problems(), cache).actors] == ["Rob"]
    finally:
        cache.close()


def test_a_serving_builder_does_not_read_again_a_file_unchanged_since_well_before_its_reading(tmp_site, monkeypatch):
    site = tmp_site({"content/actors/people.yaml": "- id: bob\n  name: Bob\n  kind: person\n"})
    time.sleep(0.1)  # past the file system's tick (see the test above)
    reads: list[str] = []
    real_read_bytes = parsed_module.read_bytes

    def counting(path):
        reads.append(os.path.basename(path))
        return real_read_bytes(path)

    monkeypatch.setattr(parsed_module, "read_bytes", counting)
    cache = Cache.open(site)
    cache.keep_in_memory(CACHE_KIND)
    try:
        load_content(site, Problems(), cache)
        assert "people.yaml" in reads
        reads.clear()
        assert [a.spec.name for a in load_content(site, Problems(), cache).actors] == ["Bob"]
        assert "people.yaml" not in reads
    finally:
        cache.close()
