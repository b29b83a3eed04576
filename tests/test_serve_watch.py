"""The watcher: every change to the build's inputs is seen, bursts come in few batches, nothing
else is reported; and with the rebuild loop, a burst of saves ends in the site of the last one."""

import os
import shutil
import threading

import pytest

from generator.build import build_site
from generator.serve.rebuild import RebuildLoop, SiteBuilder
from generator.serve.watch import SiteWatcher
from test_serve_rebuild import same_tree

WAIT = 30  # seconds: a bound on waiting for a notification, never a speed expectation


class Changes:
    def __init__(self):
        self.batches = []
        self.cond = threading.Condition()

    def __call__(self, paths):
        with self.cond:
            self.batches.append(set(paths))
            self.cond.notify_all()

    @property
    def seen(self):
        with self.cond:
            return set().union(*self.batches)

    def wait_for(self, *paths):
        with self.cond:
            assert self.cond.wait_for(lambda: set(paths) <= set().union(*self.batches), WAIT), (
                f"never saw {set(paths) - set().union(*self.batches)}; saw {self.batches}")


@pytest.fixture
def watched(tmp_site):
    site = tmp_site()
    changes = Changes()
    watcher = SiteWatcher(site, changes, ignore=(site / "output",))
    watcher.start()
    yield site, changes
    watcher.stop()


def test_relevant_paths(tmp_path):
    watcher = SiteWatcher(tmp_path, lambda paths: None, ignore=(tmp_path / "output", tmp_path / "static/out"))
    relevant = lambda rel: watcher.relevant(str(tmp_path / rel))  # noqa: E731
    assert relevant("site.yaml") == "site.yaml"
    assert relevant("content/articles/a.md") == "content/articles/a.md"
    assert relevant("content") == "content"
    assert relevant("templates/base.html") == "templates/base.html"
    assert relevant("static/css/style.css") == "static/css/style.css"
    for ignored in ("output/index.html", "static/out/x.html", ".output.building/index.html", "README.md",
                    ".git/index", "content/articles/.a.md.swp", "content/.hidden/a.md", "tests/x.py"):
        assert relevant(ignored) is None, ignored
    assert watcher.relevant("/elsewhere/site.yaml") is None


def test_a_save_anywhere_the_build_reads_is_seen(watched):
    site, changes = watched
    for rel in ("content/articles/first.md", "templates/base.html", "static/css/style.css", "site.yaml"):
        path = site / rel
        path.write_bytes(path.read_bytes() + b"\n")
        changes.wait_for(rel)


def test_an_editor_saving_by_rename_is_seen(watched):
    site, changes = watched
    for rel in ("site.yaml", "content/articles/first.md"):
        temporary = site / (rel + ".tmp~")
        temporary.write_text((site / rel).read_text() + "\n")
        os.replace(temporary, site / rel)
        changes.wait_for(rel)


def test_new_and_deleted_files_are_seen(watched):
    site, changes = watched
    (site / "content/articles/second.md").write_text("---\ntitle: Second\ndate: 2025-10-20\n---\n")
    changes.wait_for("content/articles/second.md")
    (site / "content/actors/people.yaml").unlink()
    changes.wait_for("content/actors/people.yaml")


def test_what_the_build_does_not_read_is_not_reported(watched):
    site, changes = watched
    (site / "output").mkdir()
    (site / "output/index.html").write_text("built")
    (site / "README.md").write_text("notes")
    (site / ".git").mkdir()
    (site / "content/articles/.first.md.swp").write_text("swap")
    # Written last: once it is seen, anything written before it has been reported or filtered.
    (site / "content/articles/first.md").write_text((site / "content/articles/first.md").read_text() + "\n")
    changes.wait_for("content/articles/first.md")
    assert changes.seen == {"content/articles/first.md"}


def test_a_burst_of_files_comes_in_few_batches(watched):
    site, changes = watched
    names = [f"content/articles/burst-{i:02d}.md" for i in range(60)]
    for name in names:
        (site / name).write_text("---\ntitle: Burst\ndate: 2025-10-20\n---\n")
    changes.wait_for(*names)
    assert len(changes.batches) < len(names)


def test_a_replaced_folder_is_watched_again(watched):
    site, changes = watched
    shutil.copytree(site / "content", site / "content-new")
    shutil.rmtree(site / "content")
    os.rename(site / "content-new", site / "content")
    changes.wait_for("content")
    batches_before = len(changes.batches)
    with changes.cond:  # the restarted watcher asks for one more build, for files it may have missed
        assert changes.cond.wait_for(lambda: len(changes.batches) > batches_before, WAIT)
    (site / "content/articles/first.md").write_text("---\ntitle: Again\ndate: 2025-10-20\n---\n")
    changes.wait_for("content/articles/first.md")


def test_a_burst_of_saves_while_serving_ends_in_the_last_saved_site(tmp_site, tmp_path):
    """Save-all or a git checkout: many files, some saved twice, while builds run. The loop never
    builds once per file, and the output ends equal to a clean build of the last saves."""
    site = tmp_site()
    builds = []
    builder = SiteBuilder(site, site / "output", strict=False, drafts=False, log=lambda text: None)
    loop = RebuildLoop(lambda changed: builds.append(changed) or builder(changed))
    watcher = SiteWatcher(site, loop.request, ignore=(site / "output",))
    loop.start()
    watcher.start()
    try:
        loop.request()
        assert loop.wait_settled(WAIT)
        for round_ in range(3):
            for i in range(20):
                (site / f"content/articles/burst-{i:02d}.md").write_text(
                    f"---\ntitle: Burst {i} round {round_}\ndate: 2025-10-20\n---\nText {round_}.\n")
        article = site / "content/articles/first.md"
        article.write_text(article.read_text().replace("First article", "The last save"))
        final = site / "content/articles/burst-19.md"
        expected = tmp_path / "expected"
        build_site(site, expected)

        def caught_up():
            loop.wait_settled(WAIT)
            return (site / "output/articles/first.html").exists() and same_tree(site / "output", expected)

        deadline_checks = 0
        while not caught_up():
            deadline_checks += 1
            assert deadline_checks < WAIT * 10, "the output never caught up with the last save"
            threading.Event().wait(0.1)
    finally:
        watcher.stop()
        loop.stop()
    assert b"The last save" in (site / "output/articles/first.html").read_bytes()
    assert b"Burst 19 round 2" in (site / "output/articles/burst-19.html").read_bytes() and final.exists()
    assert len(builds) < 61
