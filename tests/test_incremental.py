"""Incremental builds equal clean builds, byte for byte, whatever the sequence of changes.

A property-based test makes a small briefing, then applies a random sequence of changes to it
(edits, additions, renames and deletions of articles, events, actors and outlets; edits of
templates, static files and site.yaml), and after each change builds it three ways:

- as ``briefing serve`` does: one Builder kept between builds, with what it learnt in memory,
  changing its folder in place;
- as ``briefing build`` does: a new Builder each time, with what the cache on disk remembers;
- from scratch: no cache, no previous output (the reference).

The first two must come out byte for byte as the third, or fail with the same report and leave
their previous output as it was. A few plain tests check that an incremental build does do less:
an edited article renders its own page again, not the site.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import Builder, BuildOptions, build_site
from generator.cache import Cache
from generator.errors import BriefingError, BuildFailed
from sitefiles import REPO


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


# -- a small briefing, as data that the changes edit -------------------------------------------

NAMES = ["Amina Khan", "Bilal Durrani", "Farah Ghani", "Omar Niazi", "Sana Qureshi"]
WORDS = "talks border ceasefire delegation ministry statement officials mediators agreement".split()


@dataclass
class Briefing:
    title: str = "A test briefing"
    description: str | None = None
    base_url: str | None = None
    outlets: dict[str, str] = field(default_factory=lambda: {"wire": "The Wire", "daily": "The Daily"})
    actors: dict[str, list[str]] = field(default_factory=lambda: {"amina": ["Amina Khan"], "bilal": ["Bilal Durrani"]})
    articles: dict[str, dict] = field(default_factory=lambda: {
        "first": {"title": "First article", "date": "2025-10-19", "outlet": "wire",
                  "body": ["Amina Khan met the mediators in Doha.", "## Later", "\"We will talk again,\" Bilal Durrani said."]},
        "second": {"title": "Second article", "date": "2025-10-21", "outlet": "daily",
                   "body": ["The ceasefire held, officials said."]},
    })
    events: dict[str, dict] = field(default_factory=lambda: {
        "meeting": {"date": "2025-10-19", "title": "A meeting in Doha", "actors": ["amina"], "cites": ["first"]},
        "truce": {"date": "2025-10-21", "title": "The truce holds", "actors": ["amina", "bilal"], "cites": ["second"]},
    })
    template_note: str = ""
    style_note: str = ""

    def files(self) -> dict[str, str]:
        config = f"title: {self.title}\n"
        if self.description:
            config += f"description: \"{self.description}\"\n"
        if self.base_url:
            config += f"base_url: {self.base_url}\n"
        files = {"site.yaml": config,
                 "content/outlets/outlets.yaml": "".join(f"- id: {i}\n  name: {n}\n  kind: wire\n" for i, n in self.outlets.items()),
                 "content/actors/actors.yaml": "".join(
                     f"- id: {i}\n  name: {names[0]}\n  kind: person\n" + (f"  aliases: [{', '.join(names[1:])}]\n" if names[1:] else "")
                     for i, names in self.actors.items()),
                 "content/events/events.yaml": "".join(
                     f"- id: {i}\n  date: {e['date']}\n  title: {e['title']}\n  actors: [{', '.join(e['actors'])}]\n"
                     f"  citations: [{', '.join(e['cites'])}]\n" for i, e in self.events.items())}
        for name, a in self.articles.items():
            outlet = f"outlet: {a['outlet']}\n" if a["outlet"] else ""
            files[f"content/articles/{name}.md"] = (f"---\ntitle: {a['title']}\ndate: {a['date']}\n{outlet}---\n"
                                                    + "\n\n".join(a["body"]) + "\n")
        base = (REPO / "templates/base.html").read_text(encoding="utf-8")
        files["templates/base.html"] = base.replace("</footer>", f"{self.template_note}</footer>")
        style = (REPO / "static/css/style.css").read_text(encoding="utf-8")
        files["static/css/style.css"] = style + self.style_note
        return files


def write_site(site: Path, briefing: Briefing) -> None:
    wanted = briefing.files()
    for path in sorted(site.glob("content/**/*")):
        if path.is_file() and path.relative_to(site).as_posix() not in wanted:
            path.unlink()
    for rel, text in wanted.items():
        path = site / rel
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


# -- the changes -----------------------------------------------------------------------------

def _pick(items: dict, index: int) -> str | None:
    keys = sorted(items)
    return keys[index % len(keys)] if keys else None


def edit_body(b: Briefing, i: int, word: int, name: int) -> None:
    if (a := _pick(b.articles, i)) is not None:
        b.articles[a]["body"].append(f"The {WORDS[word % len(WORDS)]} went on, {NAMES[name % len(NAMES)]} said.")


def edit_title(b: Briefing, i: int, word: int, _: int) -> None:
    if (a := _pick(b.articles, i)) is not None:
        b.articles[a]["title"] = f"{WORDS[word % len(WORDS)].capitalize()} news {i}"


def edit_date(b: Briefing, i: int, day: int, _: int) -> None:
    if (a := _pick(b.articles, i)) is not None:
        b.articles[a]["date"] = f"2025-11-{1 + day % 28:02d}"


def set_outlet(b: Briefing, i: int, o: int, _: int) -> None:
    if (a := _pick(b.articles, i)) is not None:
        b.articles[a]["outlet"] = _pick(b.outlets, o) if o % 3 else None


def add_article(b: Briefing, i: int, name: int, _: int) -> None:
    b.articles[f"new-{i % 7}"] = {"title": f"New article {i}", "date": f"2025-10-{1 + i % 28:02d}", "outlet": _pick(b.outlets, i),
                                  "body": [f"{NAMES[name % len(NAMES)]} spoke of the {WORDS[i % len(WORDS)]}."]}


def rename_article(b: Briefing, i: int, keep_refs: int, _: int) -> None:
    if (a := _pick(b.articles, i)) is not None:
        new = f"renamed-{i % 5}"
        b.articles[new] = b.articles.pop(a)
        if keep_refs % 2:  # an editor fixing the citations, or forgetting to (the build then fails)
            for e in b.events.values():
                e["cites"] = [new if c == a else c for c in e["cites"]]


def delete_article(b: Briefing, i: int, keep_refs: int, _: int) -> None:
    if (a := _pick(b.articles, i)) is not None and len(b.articles) > 1:
        del b.articles[a]
        if keep_refs % 2:
            for e in b.events.values():
                e["cites"] = [c for c in e["cites"] if c != a]


def add_event(b: Briefing, i: int, a: int, c: int) -> None:
    cited = _pick(b.articles, c)
    b.events[f"event-{i % 6}"] = {"date": f"2025-{10 + i % 2}-{1 + i % 28:02d}", "title": f"Event {i}",
                                  "actors": [x for x in [_pick(b.actors, a)] if x], "cites": [cited] if cited else []}


def edit_event(b: Briefing, i: int, a: int, c: int) -> None:
    if (e := _pick(b.events, i)) is not None:
        event = b.events[e]
        event["title"] = f"{event['title']} again"
        event["actors"] = sorted({*event["actors"], *[x for x in [_pick(b.actors, a)] if x]})
        if (cited := _pick(b.articles, c)) is not None and cited not in event["cites"]:
            event["cites"].append(cited)


def delete_event(b: Briefing, i: int, _: int, __: int) -> None:
    if (e := _pick(b.events, i)) is not None:
        del b.events[e]


def add_actor(b: Briefing, i: int, name: int, _: int) -> None:
    b.actors[f"actor-{i % 4}"] = [NAMES[name % len(NAMES)] + f" {i % 3}" if i % 2 else NAMES[name % len(NAMES)]]


def rename_actor(b: Briefing, i: int, name: int, alias: int) -> None:
    if (a := _pick(b.actors, i)) is not None:
        b.actors[a] = [f"{NAMES[name % len(NAMES)]}", *([NAMES[alias % len(NAMES)].split()[0]] if alias % 2 else [])]


def delete_actor(b: Briefing, i: int, keep_refs: int, _: int) -> None:
    if (a := _pick(b.actors, i)) is not None:
        del b.actors[a]
        if keep_refs % 2:
            for e in b.events.values():
                e["actors"] = [x for x in e["actors"] if x != a]


def edit_outlet(b: Briefing, i: int, what: int, _: int) -> None:
    if what % 3 == 0:
        b.outlets[f"outlet-{i % 3}"] = f"Outlet {i}"
    elif (o := _pick(b.outlets, i)) is not None and what % 3 == 1:
        b.outlets[o] = f"{b.outlets[o]} Weekly"
    elif (o := _pick(b.outlets, i)) is not None:
        del b.outlets[o]
        for a in b.articles.values():
            if a["outlet"] == o:
                a["outlet"] = None


def edit_template(b: Briefing, i: int, _: int, __: int) -> None:
    b.template_note = f"<p>Edition note {i}.</p>\n" if i % 3 else ""


def edit_static(b: Briefing, i: int, _: int, __: int) -> None:
    b.style_note = f"\n/* {i} */\n"


def edit_site(b: Briefing, i: int, what: int, _: int) -> None:
    if what % 3 == 0:
        b.title = f"A test briefing, edition {i}"
    elif what % 3 == 1:
        b.description = None if b.description else f"What {NAMES[i % len(NAMES)]} said, in {i} articles."
    else:
        b.base_url = None if b.base_url else "https://example.org/briefing/"


CHANGES = [edit_body, edit_title, edit_date, set_outlet, add_article, rename_article, delete_article, add_event,
           edit_event, delete_event, add_actor, rename_actor, delete_actor, edit_outlet, edit_template, edit_static,
           edit_site]
change = st.tuples(st.sampled_from(CHANGES), st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))


def build_or_report(build) -> tuple[dict[str, bytes] | None, str | None]:  # type: ignore[no-untyped-def]
    try:
        build()
    except BuildFailed as failure:
        return None, failure.report()
    except BriefingError as failure:
        return None, failure.report()
    return {}, None


@settings(max_examples=max(5, settings.default.max_examples // 4), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(changes=st.lists(change, min_size=1, max_size=8))
def test_incremental_builds_equal_clean_builds(tmp_path_factory, changes):
    root = tmp_path_factory.mktemp("incremental")
    site = root / "site"
    (site / "templates").mkdir(parents=True)
    shutil.copytree(REPO / "templates", site / "templates", dirs_exist_ok=True)
    shutil.copytree(REPO / "static", site / "static")
    briefing = Briefing()
    write_site(site, briefing)
    serving = Builder(site, cache=Cache.open(site), jobs=1, save_records=False, in_place=True,
                      resident=True)
    clean = Builder(site, cache=Cache.disabled(), jobs=1)
    outs = {"serve": root / "serve-out", "cli": root / "cli-out", "clean": root / "clean-out"}
    try:
        for step in [None, *changes]:
            if step is not None:
                function, *args = step
                function(briefing, *args)
                write_site(site, briefing)
            before = {name: tree(out) if out.exists() else None for name, out in outs.items()}
            shutil.rmtree(outs["clean"], ignore_errors=True)
            _reference, reference_report = build_or_report(lambda: clean.build(outs["clean"], BuildOptions()))
            for name, build in (("serve", lambda: serving.build(outs["serve"], BuildOptions())),
                                ("cli", lambda: build_site(site, outs["cli"]))):
                _, report = build_or_report(build)
                assert report == reference_report, f"{name} after {step}"
                if report is None:
                    assert tree(outs[name]) == tree(outs["clean"]), f"{name} after {step}"
                else:
                    assert (tree(outs[name]) if outs[name].exists() else None) == before[name], f"{name} after {step}"
    finally:
        serving.close()


# -- an incremental build does less --------------------------------------------------------------

@pytest.fixture
def built(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(REPO / "templates", site / "templates")
    shutil.copytree(REPO / "static", site / "static")
    write_site(site, Briefing())
    result = build_site(site)
    return site, result


def mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_a_rebuild_without_changes_renders_nothing_and_rewrites_nothing(built):
    site, first = built
    before = mtimes(site / "output")
    again = build_site(site)
    assert again.pages == first.pages and again.pages_rendered == 0 and again.bodies_rendered == 0
    after = mtimes(site / "output")
    assert after.keys() == before.keys()
    assert [path for path in after if after[path] != before[path]] == [".briefing-output"]


def test_an_edited_article_renders_its_page_and_what_shows_what_changed(built):
    site, _ = built
    article = site / "content/articles/second.md"
    article.write_text(article.read_text() + "\nA new paragraph.\n")
    result = build_site(site)
    assert result.bodies_rendered == 1
    written = [p for p, t in mtimes(site / "output").items() if t > (site / "output/.briefing-output").stat().st_mtime_ns - 1]
    pages = sorted(p for p in written if p.endswith(".html"))
    # The data page lists the exports' sizes, which changed with the article's text.
    assert pages == ["articles/second.html"] or pages == ["articles/second.html", "data/index.html"], pages
    # Rendered again besides: the lists that hold the article in their page data (the home
    # page's latest articles, its outlet's page, the sources list), whose fingerprint includes
    # the listed articles whole. Not the timeline, the actors or the other article.
    assert result.pages_rendered <= 5


def test_a_renamed_actor_renders_the_pages_that_name_it(built):
    site, _ = built
    actors = site / "content/actors/actors.yaml"
    actors.write_text(actors.read_text().replace("name: Bilal Durrani", "name: Bilal Durrani Jr"))
    result = build_site(site)
    assert 0 < result.pages_rendered < result.pages
    assert "Bilal Durrani Jr" in (site / "output/actors/bilal.html").read_text()


def test_a_template_change_renders_every_page(built):
    site, first = built
    base = site / "templates/base.html"
    base.write_text(base.read_text().replace("</footer>", "<p>Changed.</p></footer>"))
    result = build_site(site)
    assert result.pages_rendered == first.pages


def test_kept_files_are_the_previous_output_s_files(built):
    site, _ = built
    out = site / "output"
    inode = (out / "articles/first.html").stat().st_ino
    build_site(site)
    assert (out / "articles/first.html").stat().st_ino == inode  # linked, not written again


def test_a_changed_output_file_is_written_again(built):
    site, _ = built
    page = site / "output/articles/first.html"
    original = page.read_bytes()
    page.write_bytes(b"edited by hand")
    build_site(site)
    assert page.read_bytes() == original


def test_an_edited_template_in_a_linked_folder_renders_every_page(built):
    site, first = built
    (site / "partials").mkdir()
    (site / "partials/note.html").write_text("<p>Note one.</p>\n")
    (site / "templates/partials").symlink_to("../partials")
    base = site / "templates/base.html"
    base.write_text(base.read_text().replace("</footer>", "{% include 'partials/note.html' %}</footer>"))
    build_site(site)
    (site / "partials/note.html").write_text("<p>Note two.</p>\n")
    result = build_site(site)
    assert result.pages_rendered == first.pages
    assert "Note two." in (site / "output/index.html").read_text()


def test_the_summary_counts_every_file_of_the_output_alike_in_a_first_build_and_a_rebuild(tmp_path):
    """`Built 55 pages (55 files…)` in a first build and `(112 files…)` in a rebuild of the same
    site: the search index's files were counted only when kept. Both count what the output holds."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "templates", site / "templates")
    shutil.copytree(REPO / "static", site / "static")
    write_site(site, Briefing())
    out = site / "output"
    on_disk = lambda: sum(1 for p in out.rglob("*") if p.is_file() and p.name != ".briefing-output")  # noqa: E731
    first = build_site(site, search=True)
    assert first.files == on_disk()
    again = build_site(site, search=True)
    assert again.files == first.files == on_disk()
    assert any(p.startswith("pagefind/") for p in (q.relative_to(out).as_posix() for q in out.rglob("*")))
