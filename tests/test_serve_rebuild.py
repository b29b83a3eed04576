"""The rebuild loop: one build at a time, bursts coalesced, the last change always built, and a
site that ends consistent whatever arrives during a build."""

import filecmp
import re
import sys
import threading

import pytest

from generator.build import build_site, check_site
from generator.errors import OutputError
from generator.serve import rebuild
from generator.serve.rebuild import RebuildLoop, SiteBuilder

WAIT = 30  # seconds: a bound on waiting for the worker thread, never a speed expectation


class GatedBuild:
    """A build that records what it was asked and waits for the test to let it finish."""

    def __init__(self):
        self.calls = []
        self.started = threading.Semaphore(0)
        self.gate = threading.Semaphore(0)
        self.running = 0
        self.overlapped = False

    def __call__(self, changed):
        self.running += 1
        self.overlapped |= self.running > 1
        self.calls.append(changed)
        self.started.release()
        assert self.gate.acquire(timeout=WAIT)
        self.running -= 1
        return f"outcome {len(self.calls)}"


@pytest.fixture
def gated():
    build = GatedBuild()
    settled = []
    loop = RebuildLoop(build, on_settled=settled.append, on_finished=lambda outcome: settled.append(f"finished {outcome}"))
    loop.start()
    yield build, loop, settled
    for _ in range(10):
        build.gate.release()
    loop.stop()


def test_changes_during_a_build_become_one_more_build(gated):
    build, loop, settled = gated
    loop.request({"content/a.md"})
    assert build.started.acquire(timeout=WAIT)
    for name in ("content/b.md", "content/c.md", "site.yaml", "content/b.md"):
        loop.request({name})
    assert not loop.state().settled
    build.gate.release()  # the first build ends; the four changes wait as one
    assert build.started.acquire(timeout=WAIT)
    build.gate.release()
    assert loop.wait_settled(WAIT)
    assert build.calls == [frozenset({"content/a.md"}), frozenset({"content/b.md", "content/c.md", "site.yaml"})]
    assert not build.overlapped
    # Every build that finished is told of (the files it changed are named), and the last one
    # settled on (everything reloads once, if owed).
    assert settled == ["finished outcome 1", "finished outcome 2", "outcome 2"]
    state = loop.state()
    assert state.generation == 2 and state.latest == "outcome 2" and state.settled


def test_a_request_when_idle_builds_at_once(gated):
    build, loop, settled = gated
    loop.request()
    assert build.started.acquire(timeout=WAIT)
    build.gate.release()
    assert loop.wait_settled(WAIT)
    assert build.calls == [frozenset()] and settled == ["finished outcome 1", "outcome 1"]


def test_a_build_that_raises_does_not_stop_the_loop(capsys):
    calls = []

    def build(changed):
        calls.append(changed)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return "fine"

    loop = RebuildLoop(build)
    loop.start()
    try:
        loop.request({"a"})
        assert loop.wait_settled(WAIT)
        assert loop.state().latest is None and "RuntimeError: boom" in capsys.readouterr().err
        loop.request({"b"})
        assert loop.wait_settled(WAIT)
        assert loop.state().latest == "fine" and loop.state().generation == 2
    finally:
        loop.stop()


def test_the_idle_work_runs_once_the_builds_are_quiet_and_not_while_changes_come(monkeypatch):
    monkeypatch.setattr(rebuild, "IDLE_SECONDS", 0.3)
    idle = threading.Event()
    builds = []
    loop = RebuildLoop(lambda changed: builds.append(changed) or "built", on_idle=idle.set)
    loop.start()
    try:
        for i in range(5):  # a change every 0.1 s: never quiet for 0.3 s
            loop.request({f"content/{i}.md"})
            assert loop.wait_settled(WAIT)
            assert not idle.wait(0.1)
        assert idle.wait(WAIT)  # then quiet: done once
        idle.clear()
        assert not idle.wait(0.6)  # and not again until another build
        loop.request({"content/again.md"})
        assert idle.wait(WAIT)
    finally:
        loop.stop()


def quiet_builder(site, **options):
    logs = []
    return SiteBuilder(site, site / "output", strict=options.get("strict", False), drafts=False, log=logs.append), logs


def test_site_builder_reports_success_and_warnings(tmp_site):
    site = tmp_site({"content/actors/more.yaml": "- id: carol\n  name: Carol\n  kind: person\n"})
    builder, logs = quiet_builder(site)
    outcome = builder(frozenset({"content/actors/more.yaml"}))
    assert outcome.ok and outcome.pages == len(check_site(site).pages) and len(outcome.warnings) == 1
    assert "warning: actor 'carol' appears in no event and no article" in logs[0]
    assert f"Built {outcome.pages} pages in" in logs[0] and "after changes to content/actors/more.yaml." in logs[0]


def test_site_builder_reports_problems(tmp_site):
    site = tmp_site({"content/articles/first.md": "---\ntitle: [broken\n---\nText.\n"})
    builder, logs = quiet_builder(site)
    outcome = builder(frozenset())
    assert not outcome.ok and outcome.problems[0].path == "content/articles/first.md"
    assert outcome.problems[0].line == 2  # the line where the unclosed list opens
    assert "every page shows the problems until they are fixed" in logs[0]
    # The build command's ending would be wrong here: serve's pages show the problems instead.
    assert logs[0].startswith("content/articles/first.md:2: error:")
    assert re.fullmatch(r"\[\d\d:\d\d:\d\d\] The build failed \(1 error\): every page shows the problems until "
                        r"they are fixed\.", logs[0].splitlines()[-1]), logs[0]
    assert "Build failed" not in logs[0] and "Nothing was written" not in logs[0]


def test_a_failed_build_is_not_reported_when_a_newer_change_waits(tmp_site):
    """A build that starts inside a burst of changes (git writing many files) may read half of it
    and fail: when a newer change waits, the build after it says what is wrong, if anything."""
    site = tmp_site({"content/articles/first.md": "---\ntitle: [broken\n---\nText.\n"})
    builder, logs = quiet_builder(site)
    builder.superseded = lambda: True
    assert builder(frozenset()) is None and logs == []
    builder.superseded = lambda: False
    outcome = builder(frozenset())
    assert outcome is not None and not outcome.ok and "every page shows the problems" in logs[0]


def test_browsers_are_told_once_the_pages_are_written_and_of_each_file_changed_after(tmp_site):
    site = tmp_site()
    builder, _ = quiet_builder(site)
    assert builder(frozenset()).ok
    article = site / "content/articles/first.md"
    article.write_text(article.read_text().replace("title: First article", "title: A longer title"))
    seen = []

    def pages_written(changed):
        seen.append((site / "output/articles/first.html").read_text())
        assert "articles/first.html" in changed
        return True

    builder.pages_written = pages_written
    outcome = builder(frozenset({"content/articles/first.md"}))
    assert outcome.ok and len(seen) == 1 and "A longer title" in seen[0]  # the edited page was in place
    late = outcome.changed_after_pages
    # The exports changed after the pages (the title is in them), and so did their list, which
    # gives their sizes; no page but that list.
    assert "data/index.html" in late and "data/briefing.json" in late
    assert not [p for p in late if p.endswith(".html") and p != "data/index.html"], late
    builder.pages_written = lambda changed: False  # browsers were not told (a newer change waited)
    article.write_text(article.read_text().replace("A longer title", "Another title"))
    assert builder(frozenset({"content/articles/first.md"})).changed_after_pages is None


def test_browsers_are_told_before_the_unchanged_pages_are_checked(tmp_site, monkeypatch):
    """In serve's folder a page kept is the file already in place: browsers are told once the
    pages rendered are written, and a newer change stops the build there, before the thousands of
    unchanged pages are checked."""
    from generator.inplace import InPlaceWriter

    site = tmp_site()
    builder, _ = quiet_builder(site)
    assert builder(frozenset()).ok
    kept = []
    real_keep = InPlaceWriter.keep_previous
    monkeypatch.setattr(InPlaceWriter, "keep_previous", lambda self, *a: kept.append(a[0]) or real_keep(self, *a))
    article = site / "content/articles/first.md"
    article.write_text(article.read_text().replace("title: First article", "title: Edited"))
    kept_when_told = []
    builder.pages_written = lambda changed: kept_when_told.append(len(kept)) or True
    assert builder(frozenset({"content/articles/first.md"})).ok
    assert kept_when_told == [0] and "404.html" in kept
    kept.clear()
    article.write_text(article.read_text().replace("title: Edited", "title: Edited again"))
    builder.superseded = lambda: True
    assert builder(frozenset({"content/articles/first.md"})) is None  # stopped for the newer change
    assert kept == [] and "Edited again" in (site / "output/articles/first.html").read_text()


def test_a_page_a_stopped_build_wrote_is_written_again_before_browsers_are_told(tmp_site):
    """A build stopped for a newer change leaves the pages it wrote in serve's folder: if that
    change is undone, those pages are as recorded by key but not on disk, and are written again
    before browsers are told of the pages."""
    site = tmp_site()
    builder, _ = quiet_builder(site)
    assert builder(frozenset()).ok
    article = site / "content/articles/first.md"
    good = article.read_text()
    article.write_text(good.replace("title: First article", "title: Undone soon"))
    builder.superseded = lambda: True
    assert builder(frozenset({"content/articles/first.md"})) is None
    assert "Undone soon" in (site / "output/articles/first.html").read_text()
    article.write_text(good)
    builder.superseded = lambda: False
    told = []
    builder.pages_written = lambda changed: told.append(
        (list(changed), (site / "output/articles/first.html").read_text())) or True
    assert builder(frozenset({"content/articles/first.md"})).ok
    [(changed, page)] = told
    assert "articles/first.html" in changed and "Undone soon" not in page and "First article" in page


def test_a_build_whose_pages_fail_does_not_show_them(tmp_site):
    """A page that cannot be rendered fails the build: browsers are not told of its pages (the
    build ends at once, and every page shows the problem)."""
    site = tmp_site({"templates/article.html": '{% extends "base.html" %}{% block main %}{{ no_such_thing }}{% endblock %}'})
    builder, _ = quiet_builder(site)
    called = []
    builder.pages_written = lambda changed: called.append(changed) or True
    outcome = builder(frozenset())
    assert not outcome.ok and "no_such_thing" in outcome.report + str(outcome.problems)
    assert called == [] and outcome.changed_after_pages is None


def test_site_builder_survives_output_and_internal_errors(tmp_site, monkeypatch, capsys):
    site = tmp_site()
    builder, _logs = quiet_builder(site)

    def refuse(*args, **kwargs):
        raise OutputError("cannot write output: permission denied")

    monkeypatch.setattr(rebuild.Builder, "build", refuse)
    outcome = builder(frozenset())
    assert not outcome.ok and outcome.report == "error: cannot write output: permission denied"

    def crash(*args, **kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(rebuild.Builder, "build", crash)
    outcome = builder(frozenset())
    assert not outcome.ok and outcome.report.startswith("internal error: KeyError: 'bug'")
    assert "Traceback" in capsys.readouterr().err


def same_tree(left, right):
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(left / d, right / d) for d in compared.common_dirs)


def test_an_edit_arriving_during_a_build_ends_in_a_consistent_site(tmp_site, tmp_path):
    """The edit lands after the running build has read the files: the loop builds again, and the
    output ends equal to a clean build of the final files."""
    site = tmp_site()
    article = site / "content/articles/first.md"
    builder, _ = quiet_builder(site)
    in_first_build = threading.Event()
    edited = threading.Event()

    def build(changed):
        outcome = builder(changed)  # reads and writes the site as it was
        if not in_first_build.is_set():
            in_first_build.set()
            assert edited.wait(WAIT)  # ...and is still running when the edit arrives
        return outcome

    loop = RebuildLoop(build)
    loop.start()
    try:
        loop.request()
        assert in_first_build.wait(WAIT)
        article.write_text(article.read_text().replace("title: First article", "title: Edited mid-build"))
        loop.request({"content/articles/first.md"})
        edited.set()
        assert loop.wait_settled(WAIT)
    finally:
        loop.stop()
    assert loop.state().generation == 2
    assert b"Edited mid-build" in (site / "output/articles/first.html").read_bytes()
    build_site(site, tmp_path / "clean")
    assert same_tree(site / "output", tmp_path / "clean")


def test_a_failed_search_index_while_serving_gives_serves_advice_not_the_builds(tmp_path, monkeypatch):
    from generator.serve import search

    failing = [sys.executable, "-c", "import sys; print('Error: boom'); sys.exit(1)"]
    monkeypatch.setattr(search, "index_command", lambda *args: failing)
    logs: list[str] = []
    indexer = search.SearchIndexer(tmp_path, quiet=0, log=logs.append)
    indexer.start()
    try:
        indexer.request()
        assert indexer.wait_indexed(WAIT)
    finally:
        indexer.stop()
    assert logs == ["warning: search is unavailable while serving: Pagefind failed to index the site for search:\n"
                    "Error: boom\n  hint: check the message above from Pagefind; the site is indexed again after "
                    "the next save that builds"]
