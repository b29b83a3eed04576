"""Scaffolding: new sites and new content files build at once, never overwrite, never clash."""

import datetime as dt
import filecmp
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.build import build_site, check_site
from generator.cli import main
from generator.dates import PartialDate
from generator.errors import BuildFailed, Problems
from generator.json_schema import stale_schemas
from generator.load.content import load_content
from generator.scaffold import THEME_DIR, ScaffoldError, init_site, new_actor, new_article, new_event, new_outlet
from generator.schema import ArticleFrontMatter
from generator.urls import SECTION_PATHS
from sitefiles import REPO, write_files

DAY = PartialDate.parse("2025-11-06")


def strict_build(site):
    return build_site(site, strict=True)


def test_the_packaged_theme_is_the_repository_theme():
    for part in ("templates", "static"):
        compared = filecmp.dircmp(THEME_DIR / part, REPO / part)
        assert not compared.left_only and not compared.right_only and not compared.diff_files


def test_init_makes_an_empty_site_that_builds(tmp_path, capsys):
    site = tmp_path / "another-story"
    assert main(["init", str(site)]) == 0
    assert "Created" in capsys.readouterr().out
    # An empty site is its section pages and the page for missing addresses, nothing else.
    assert strict_build(site).pages == len(SECTION_PATHS) + 1
    assert (site / "site.yaml").read_text().splitlines()[2] == 'title: "Another story"'
    for part in ("templates", "static"):
        assert not filecmp.dircmp(site / part, REPO / part).diff_files
    assert stale_schemas(site / "schemas") == []
    assert (site / ".vscode/settings.json").exists() and (site / ".gitignore").read_text() == "/output/\n/.output.*\n"


def test_init_refuses_a_directory_with_files(tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken/notes.txt").write_text("mine")
    assert main(["init", str(tmp_path / "taken"), "--title", "X"]) == 1
    assert "already exists and is not empty" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]
    init_site(tmp_path / "empty-is-fine", title="Kabul: a briefing")
    assert check_site(tmp_path / "empty-is-fine").briefing.config.title == "Kabul: a briefing"


def test_a_new_article_builds_at_once(tmp_site):
    site = tmp_site()
    created = new_article(site, "Talks resume: in Istanbul, \"again\"", date=DAY, outlet="wire")
    assert created.path == site / "content/articles/2025-11-06-talks-resume-in-istanbul-again.md"
    assert created.id == "2025-11-06-talks-resume-in-istanbul-again"
    assert "until it has some, the build warns that it has no text (an error with --strict)" in created.notes[-1]
    assert [p.format() for p in build_site(site).warnings] == [
        f"content/articles/{created.id}.md:9: warning: the article has no text: its page would show the headline "
        "alone\n  hint: paste the article's text below the front matter, or set `draft: true` until it has some"]
    with created.path.open("a", encoding="utf-8") as text:
        text.write("ISTANBUL: The talks resumed.\n")
    strict_build(site)
    html = (site / "output/articles" / f"{created.id}.html").read_text()
    assert 'Talks resume: in Istanbul, &#34;again&#34;' in html and "The Wire" in html


def test_article_date_defaults_to_today_in_the_sites_time_zone(tmp_site):
    site = tmp_site({"site.yaml": "title: T\ntimezone: Pacific/Kiritimati\n"})
    created = new_article(site, "Today")
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date()
    assert created.id.startswith(today.isoformat()) or created.id.startswith((today - dt.timedelta(days=1)).isoformat())
    assert any("is today" in note for note in created.notes)


def test_a_taken_id_gets_a_suffix_and_nothing_is_overwritten(tmp_site):
    site = tmp_site()
    first = new_article(site, "Same title", date=DAY)
    before = first.path.read_bytes()
    second = new_article(site, "Same title", date=DAY)
    third = new_article(site, "Same  title!", date=DAY)
    assert [first.id, second.id, third.id] == ["2025-11-06-same-title", "2025-11-06-same-title-2", "2025-11-06-same-title-3"]
    assert first.path.read_bytes() == before
    assert new_actor(site, "Carol Example").id == "carol-example"
    assert new_actor(site, "Bob").id == "bob-2"  # 'bob' is defined inside people.yaml, not in a file of its name
    strict_build_fails_only_for_unused_actors(site)


def strict_build_fails_only_for_unused_actors(site):
    with pytest.raises(BuildFailed) as failed:
        strict_build(site)
    assert {p.message for p in failed.value.problems} == {
        "actor 'carol-example' appears in no event and no article", "actor 'bob-2' appears in no event and no article",
        "the article has no text: its page would show the headline alone"}


def test_an_id_asked_for_by_name_is_never_taken_twice(tmp_site):
    site = tmp_site()
    with pytest.raises(ScaffoldError, match="the actor id 'bob' is taken"):
        new_actor(site, "Robert", actor_id="bob")
    with pytest.raises(ScaffoldError, match="the article id 'first' is taken"):
        new_article(site, "Another first", date=DAY, article_id="first")
    with pytest.raises(ScaffoldError, match="'Bad Id' is not a valid id"):
        new_event(site, "E", date=DAY, cite=["first"], event_id="Bad Id")
    assert new_actor(site, "Robert", actor_id="robert").path == site / "content/actors/robert.yaml"


def test_an_id_in_a_broken_record_is_still_taken(tmp_site):
    site = tmp_site({"content/actors/more.yaml": "- id: carol\n  name: Carol\n  kind: persn\n"})
    assert new_actor(site, "Carol").id == "carol-2"


def test_a_new_actor_builds_and_strict_says_why_it_warns(tmp_site, capsys):
    site = tmp_site()
    assert main(["new", "actor", "Khawaja Asif", "--kind", "person", "--site", str(site)]) == 0
    out = capsys.readouterr().out
    assert "Created content/actors/khawaja-asif.yaml (id khawaja-asif)" in out
    assert "appears nowhere (an error with --strict)" in out
    result = build_site(site)
    assert [w.message for w in result.warnings] == ["actor 'khawaja-asif' appears in no event and no article"]
    # Named in an article's text, the actor is in use and the strict build passes.
    article = site / "content/articles/first.md"
    article.write_text(article.read_text() + "\nKhawaja Asif spoke too.\n")
    strict_build(site)


def test_a_new_event_cites_a_new_article_and_builds_strictly(tmp_site, capsys):
    site = tmp_site()
    article = new_article(site, "Talks resume", date=DAY)
    article.path.write_text(article.path.read_text() + "The talks resumed in Istanbul.\n")
    assert main(["new", "event", "Talks resume in Istanbul", "--date", "2025-11", "--cite", article.id,
                 "--site", str(site)]) == 0
    assert "Created content/events/talks-resume-in-istanbul.yaml" in capsys.readouterr().out
    strict_build(site)
    timeline = (site / "output/timeline/index.html").read_text()
    assert "Talks resume in Istanbul" in timeline and f"articles/{article.id}.html" in timeline


def test_an_event_must_cite_a_known_article(tmp_site, capsys):
    site = tmp_site()
    assert main(["new", "event", "E", "--date", "2025-11-06", "--site", str(site)]) == 1
    assert "error: an event cites at least one article: add --cite ARTICLE-ID (latest articles: first)" in capsys.readouterr().err
    assert main(["new", "event", "E", "--date", "2025-11-06", "--cite", "frist", "--site", str(site)]) == 1
    assert "there is no article 'frist' (did you mean 'first'?)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["new", "event", "E", "--date", "6 November", "--cite", "first", "--site", str(site)])
    assert "'6 November' is not a date" in capsys.readouterr().err
    assert sorted(p.name for p in (site / "content/events").iterdir()) == ["events.yaml"]


def test_an_article_must_name_a_known_outlet(tmp_site):
    site = tmp_site()
    with pytest.raises(ScaffoldError, match=r"there is no outlet 'wyre' \(did you mean 'wire'\?\)"):
        new_article(site, "T", date=DAY, outlet="wyre")
    new_outlet(site, "Dawn", kind="national-paper")
    created = new_article(site, "T", date=DAY, outlet="dawn")
    created.path.write_text(created.path.read_text(encoding="utf-8") + "Text.\n", encoding="utf-8")
    strict_build(site)


def test_a_title_without_letters_needs_an_id(tmp_site):
    site = tmp_site()
    with pytest.raises(ScaffoldError, match=r"cannot make an id from that title: it has no letters or digits\. Pass --id"):
        new_event(site, "!!!", date=DAY, cite=["first"])
    with pytest.raises(ScaffoldError, match="the new file would not build"):
        new_actor(site, "   ", actor_id="blank")


def test_outside_a_site_it_says_what_to_do(tmp_path, capsys):
    assert main(["new", "article", "T", "--site", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"error: {tmp_path} is not a briefing site: it holds no site.yaml" in err and "`briefing init DIR`" in err
    assert list(tmp_path.iterdir()) == []


def test_files_point_editors_at_the_schemas_when_the_site_has_them(tmp_site):
    site = tmp_site()
    plain = new_actor(site, "Plain")
    assert not plain.path.read_text().startswith("# yaml-language-server")
    write_files(site, {"schemas/actor.schema.json": "{}"})
    linked = new_actor(site, "Linked")
    assert linked.path.read_text().startswith("# yaml-language-server: $schema=../../schemas/actor.schema.json\n")


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_any_title_reads_back_as_written(title):
    """Whatever the title, the build reads from the new file exactly what the schema makes of it."""
    try:
        expected = ArticleFrontMatter.model_validate({"title": title, "date": "2025-11-06"}).title
    except ValidationError:
        expected = None  # the schema refuses it (e.g. only spaces): scaffolding must refuse it too
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch)
        (site / "site.yaml").write_text("title: T\n")
        try:
            new_article(site, title, date=DAY, article_id="any")
        except ScaffoldError as exc:
            assert expected is None and "would not build" in str(exc)
            return
        problems = Problems()
        articles = load_content(site, problems).articles
    assert not problems.errors and [a.front.spec.title for a in articles] == [expected]
