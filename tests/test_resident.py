"""What briefing serve keeps between builds (generator.incremental.resident): a value counts as
unchanged only when nothing that reads it could tell the difference."""

from __future__ import annotations

import gc
import shutil
import time
from pathlib import Path
from types import MappingProxyType

import pytest
from markupsafe import Markup

import generator.exporting
import generator.facts
import generator.incremental.engine
import generator.load.content
import generator.pages
import generator.pictures
from generator.build import Builder, BuildOptions
from generator.cache import Cache
from generator.dates import DateSpan, PartialDate
from generator.errors import Problems
from generator.incremental.resident import same
from generator.model import Citation
from generator.workers import Superseded
from sitefiles import REPO
from test_incremental import Briefing, write_site

RACY_SECONDS = 0.1  # generator.load.parsed: a file changed within 50 ms of its reading is read again


def files(out: Path) -> dict[Path, bytes]:
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.fixture
def serving(tmp_path):
    """A small briefing (as data the tests edit) and a builder as briefing serve keeps one."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "templates", site / "templates")
    shutil.copytree(REPO / "static", site / "static")
    briefing = Briefing()
    write_site(site, briefing)
    builder = Builder(site, cache=Cache.open(site), jobs=2, save_records=False, in_place=True, resident=True)
    yield site, briefing, builder
    builder.close()


def clean_build(site: Path, out: Path) -> dict[Path, bytes]:
    Builder(site, cache=Cache.disabled(), jobs=1).build(out, BuildOptions())
    return files(out)


def test_the_same_value_is_the_same_type_with_the_same_parts_in_the_same_order():
    assert same(("a", 1, None, 2.5), ("a", 1, None, 2.5))
    assert same({"a": [1, 2]}, MappingProxyType({"a": [1, 2]})) is False  # a dict and a view: other types
    assert same(DateSpan(PartialDate(2025, 10, 19)), DateSpan(PartialDate(2025, 10, 19)))
    assert not same(1, True) and not same(1, 1.0) and not same(0.0, -0.0)
    assert not same("x", Markup("x")) and same(Markup("<b>"), Markup("<b>"))
    assert not same({"a": 1, "b": 2}, {"b": 2, "a": 1})  # iterated in another order
    assert not same((1, 2), [1, 2]) and not same((1,), (1, 2))
    assert not same(object(), object())


def test_objects_of_the_model_are_the_same_only_as_one_object_unless_compared_by_value():
    one, other = Citation("first", "an excerpt"), Citation("first", "an excerpt")
    assert same(one, one) and not same(one, other)
    assert same(one, other, models_by_value=True)
    assert not same(one, Citation("first", "another excerpt"), models_by_value=True)


def test_a_serving_builder_reuses_what_did_not_change_and_builds_what_a_clean_build_builds(serving, tmp_path):
    site, briefing, builder = serving
    builder.build(tmp_path / "serve", BuildOptions())
    first = builder.engine.resident._briefing
    briefing.articles["second"]["body"].append("A new paragraph.")
    write_site(site, briefing)
    builder.build(tmp_path / "serve", BuildOptions())
    again = builder.engine.resident._briefing
    assert again.article("first") is first.article("first")  # the same object, found unchanged at once
    assert again.article("second") is not first.article("second")
    assert files(tmp_path / "serve") == clean_build(site, tmp_path / "clean")


def test_a_serving_builder_assembles_again_only_the_articles_made_from_changed_files(serving):
    site, briefing, builder = serving
    time.sleep(RACY_SECONDS)  # files read within moments of their writing are read again next time
    first = builder.load(Problems(), BuildOptions())
    briefing.articles["second"]["body"].append("A new paragraph.")
    write_site(site, briefing)
    again = builder.load(Problems(), BuildOptions())
    assert first is not None and again is not None
    assert again.article("first") is first.article("first")  # reused as assembled, before any settling
    assert again.article("second") is not first.article("second")


def test_a_reused_article_reports_its_problems_again_and_is_checked_again_against_new_ids(serving):
    site, briefing, builder = serving
    briefing.articles["first"]["outlet"] = "herald"  # no such outlet
    write_site(site, briefing)
    time.sleep(RACY_SECONDS)
    for _ in range(2):
        problems = Problems()
        builder.load(problems, BuildOptions())
        assert [(p.path, p.message) for p in problems.errors] == [("content/articles/first.md", "unknown outlet 'herald'")]
    briefing.outlets["herald"] = "The Herald"  # the outlets' file changes, the article's does not
    write_site(site, briefing)
    problems = Problems()
    loaded = builder.load(problems, BuildOptions())
    assert not problems.errors
    assert loaded is not None and loaded.article("first").outlet_id == "herald"


def test_a_serving_builder_assembles_again_only_the_records_whose_files_or_cited_texts_changed(serving):
    site, briefing, builder = serving
    time.sleep(RACY_SECONDS)
    first = builder.load(Problems(), BuildOptions())
    briefing.articles["second"]["body"].append("A new paragraph.")
    write_site(site, briefing)
    again = builder.load(Problems(), BuildOptions())
    assert first is not None and again is not None
    assert again.event("meeting") is first.event("meeting")  # cites the first article only
    assert again.event("truce") is not first.event("truce")  # cites the second, whose text changed
    assert again.actor("amina") is first.actor("amina") and again.outlet("wire") is first.outlet("wire")


def test_an_event_is_checked_again_when_the_text_of_an_article_it_cites_changes(serving):
    site, _, builder = serving
    events = site / "content/events/events.yaml"
    events.write_text(events.read_text(encoding="utf-8") + "- id: talks\n  date: 2025-10-19\n  title: Talks\n"
                      "  citations:\n    - article: first\n      excerpt: met the mediators in Doha\n", encoding="utf-8")
    time.sleep(RACY_SECONDS)
    problems = Problems()
    builder.load(problems, BuildOptions())
    assert not problems.errors
    article = site / "content/articles/first.md"
    article.write_text(article.read_text(encoding="utf-8").replace("mediators", "envoys"), encoding="utf-8")
    time.sleep(RACY_SECONDS)
    loaded = []
    for _ in range(2):  # found, and reported again by the event reused unchanged
        problems = Problems()
        loaded.append(builder.load(problems, BuildOptions()))
        assert [(p.path, p.message) for p in problems.errors] == [
            ("content/events/events.yaml", "the excerpt is not in article 'first': 'met the mediators in Doha'")]
    assert loaded[0] is not None and loaded[1] is not None
    assert loaded[1].event("meeting") is loaded[0].event("meeting")


def test_a_reused_event_reports_its_problems_again_and_is_checked_again_against_new_ids(serving):
    site, briefing, builder = serving
    # No citations: nothing but the ids it is checked against can make it another event.
    briefing.events["visit"] = {"date": "2025-10-20", "title": "A visit", "actors": ["chen"], "cites": []}  # no such actor
    write_site(site, briefing)
    time.sleep(RACY_SECONDS)
    loaded = []
    for _ in range(2):
        problems = Problems()
        loaded.append(builder.load(problems, BuildOptions()))
        assert [(p.path, p.message) for p in problems.errors] == [("content/events/events.yaml", "unknown actor 'chen'")]
    assert loaded[0] is not None and loaded[1] is not None
    assert loaded[1].event("visit") is loaded[0].event("visit")  # reused, its problem reported again
    briefing.actors["chen"] = ["Chen Wei"]  # the actors' file changes, the events' does not
    write_site(site, briefing)
    problems = Problems()
    loaded = builder.load(problems, BuildOptions())
    assert not problems.errors
    assert loaded is not None and loaded.event("visit").actor_ids == ("chen",)


def test_a_serving_builder_makes_an_article_id_from_a_file_name_once(serving, monkeypatch):
    site, briefing, builder = serving
    builder.load(Problems(), BuildOptions())
    made = []
    slugify = generator.load.content.slugify
    monkeypatch.setattr(generator.load.content, "slugify", lambda name: made.append(name) or slugify(name))
    briefing.articles["Third"] = {"title": "Third article", "date": "2025-10-22", "outlet": None, "body": ["Talks."]}
    write_site(site, briefing)
    loaded = builder.load(Problems(), BuildOptions())
    assert made == ["Third"]  # the new file's only
    del briefing.articles["Third"]
    write_site(site, briefing)
    builder.load(Problems(), BuildOptions())
    assert set(builder.cache.resident_memory("article-ids") or {}) == {"content/articles/first.md",
                                                                       "content/articles/second.md"}
    assert loaded is not None and loaded.article("third").title == "Third article"


def test_a_serving_builder_draws_the_networks_again_only_when_actors_or_events_change(serving, tmp_path, monkeypatch):
    drawn = []
    draw_networks = generator.pictures.draw_networks
    monkeypatch.setattr(generator.pictures, "draw_networks", lambda b: drawn.append(b) or draw_networks(b))
    site, briefing, builder = serving
    out = tmp_path / "serve"
    builder.build(out, BuildOptions())
    briefing.articles["second"]["body"].append("A new paragraph.")
    write_site(site, briefing)
    builder.build(out, BuildOptions())
    assert len(drawn) == 1  # the same actors and events: the same pictures
    briefing.events["meeting"]["actors"].append("bilal")
    write_site(site, briefing)
    builder.build(out, BuildOptions())
    assert len(drawn) == 2
    assert files(out) == clean_build(site, tmp_path / "clean")


def test_a_serving_builder_plans_again_only_the_pages_of_changed_articles(serving, tmp_path, monkeypatch):
    made = []
    article_page = generator.pages._article_page
    monkeypatch.setattr(generator.pages, "_article_page", lambda a: made.append(a.id) or article_page(a))
    site, briefing, builder = serving
    out = tmp_path / "serve"
    builder.build(out, BuildOptions())
    assert sorted(made) == sorted(briefing.articles)
    made.clear()
    briefing.articles["second"]["body"].append("A new paragraph.")
    write_site(site, briefing)
    time.sleep(RACY_SECONDS)
    builder.build(out, BuildOptions())
    assert made == ["second"]  # the others are the very pages planned last time
    assert files(out) == clean_build(site, tmp_path / "clean")


def test_a_serving_builder_splits_and_lists_again_only_what_lists_changed_objects(serving, tmp_path, monkeypatch):
    """The pages of a listing and the lines of the list of every page are the very ones planned
    last time while they list the very same objects: the pages that show them are then known the
    same by identity, not compared line by line (11,000 lines at 10,000 articles)."""
    split, lines = [], []
    paginate, index_entry = generator.pages.paginate, generator.pages.IndexEntry
    monkeypatch.setattr(generator.pages, "paginate", lambda items, *a: split.append(a[1]) or paginate(items, *a))
    monkeypatch.setattr(generator.pages, "IndexEntry", lambda *a: lines.append(a[2]) or index_entry(*a))
    site, briefing, builder = serving
    out = tmp_path / "serve"
    builder.build(out, BuildOptions())
    assert split == ["actors/index.html", "sources/index.html", "search/index.html"]
    assert "articles/second.html" in lines
    split.clear(), lines.clear()
    builder.build(out, BuildOptions())
    assert split == [] and lines == []
    briefing.articles["second"]["title"] = "Second article, retitled"
    write_site(site, briefing)
    time.sleep(RACY_SECONDS)
    builder.build(out, BuildOptions())
    assert lines == ["articles/second.html"]
    assert split == ["search/index.html"]  # who's who and the outlets list the same objects
    assert files(out) == clean_build(site, tmp_path / "clean")


def test_what_reads_only_unchanged_objects_is_not_fingerprinted_again(serving, tmp_path, monkeypatch):
    """One article edited: the tuple of all articles is another value. What a page reads through
    it (its length, a slice of other articles, the whole tuple) is decided by the objects it
    reads, the same or not, without hashing the tuple of every article again."""
    site, briefing, builder = serving
    out = tmp_path / "serve"
    builder.build(out, BuildOptions())
    briefing.articles["second"]["body"].append("A new paragraph.")
    write_site(site, briefing)
    hashed: list[tuple] = []
    begin = generator.incremental.engine.Engine.begin
    fingerprint = generator.facts.Fingerprints._fingerprint

    def spying_begin(*args, **kwargs):
        monkeypatch.setattr(generator.facts.Fingerprints, "_fingerprint",
                            lambda self, b, fact: hashed.append(fact) or fingerprint(self, b, fact))
        try:
            return begin(*args, **kwargs)
        finally:
            monkeypatch.setattr(generator.facts.Fingerprints, "_fingerprint", fingerprint)

    monkeypatch.setattr(generator.incremental.engine.Engine, "begin", spying_begin)
    builder.build(out, BuildOptions())
    assert hashed and not [fact for fact in hashed if fact[0] == ("a", "articles")], hashed
    assert files(out) == clean_build(site, tmp_path / "clean")


def test_a_build_superseded_once_its_pages_are_written_leaves_the_next_build_exact(serving, tmp_path):
    """In serve, a build whose pages are written stops there when a newer change waits (the
    exports and feeds are left to the next build). The next build, from the folder as that one
    left it, must still come out as a clean build does."""
    site, briefing, builder = serving
    builder.build(tmp_path / "serve", BuildOptions())
    briefing.articles["second"]["title"] = "A retitled article"
    write_site(site, briefing)
    with pytest.raises(Superseded):
        builder.build(tmp_path / "serve", BuildOptions(), superseded=lambda: True)
    assert b"A retitled article" in (tmp_path / "serve/articles/second.html").read_bytes()
    briefing.articles.pop("first")
    briefing.events = {k: e for k, e in briefing.events.items() if "first" not in e["cites"]}
    write_site(site, briefing)
    builder.build(tmp_path / "serve", BuildOptions(), superseded=lambda: False)
    assert files(tmp_path / "serve") == clean_build(site, tmp_path / "clean")


@pytest.mark.parametrize("asked", [1, 2, 3, 4])
def test_a_newer_change_stops_a_build_before_each_step_after_its_pages(serving, tmp_path, asked):
    """Once a build's pages are written, a newer save is asked about before each step that follows
    (the exports, the data page, the feeds, the records): the next build then starts at once, not
    after all of them. Wherever it stopped, the next build comes out as a clean build does."""
    site, briefing, builder = serving
    builder.build(tmp_path / "serve", BuildOptions())
    briefing.articles["second"]["title"] = "A retitled article"
    write_site(site, briefing)
    answers = iter([False] * (asked - 1) + [True])
    with pytest.raises(Superseded):
        builder.build(tmp_path / "serve", BuildOptions(), superseded=lambda: next(answers))
    briefing.articles["first"]["title"] = "Another title"
    write_site(site, briefing)
    builder.build(tmp_path / "serve", BuildOptions(), superseded=lambda: False)
    assert files(tmp_path / "serve") == clean_build(site, tmp_path / "clean")


def test_a_build_stopped_while_its_exports_are_made_leaves_nothing_behind(serving, tmp_path, monkeypatch):
    """A build stopped for a newer save while its exports were being made aside left a reference
    cycle (the export step and its work) holding the whole build, which only a full collection
    frees: serve grew by about 2 MB a save at 1,000 articles when saves came quickly."""
    monkeypatch.setattr(generator.exporting, "MIN_ARTICLES_ASIDE", 0)  # made in a process of their own
    make_exports_in = generator.exporting.make_exports_in

    def slowly(*args, **kwargs):  # still being made when the newer save is seen
        time.sleep(1)
        return make_exports_in(*args, **kwargs)

    monkeypatch.setattr(generator.exporting, "make_exports_in", slowly)
    site, briefing, builder = serving
    builder.build(tmp_path / "serve", BuildOptions())
    briefing.articles["second"]["title"] = "A retitled article"
    write_site(site, briefing)
    answers = iter([False] + [True] * 1000)  # not once the pages are written; while the exports are made
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        with pytest.raises(Superseded):
            builder.build(tmp_path / "serve", BuildOptions(), superseded=lambda: next(answers))
        assert not [o for o in gc.get_objects() if type(o) is generator.exporting.ExportStep]
    finally:
        if enabled:
            gc.enable()
