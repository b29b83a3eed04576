"""When the browsers on briefing serve reload (generator.serve.reloads): each file a build changed
is named, the pages as soon as they are written, the rest once the build ends; everything reloads
only when that cannot be said file by file."""

from generator.serve.rebuild import BuildOutcome, LoopState
from generator.serve.reloads import KEPT_MESSAGES, MOST_NAMED, BrowserReloads

GOOD = BuildOutcome(True, "Built")
FAILED = BuildOutcome(False, "broken")


class Builds:
    def __init__(self, latest, waiting=False):
        self.latest, self.is_waiting = latest, waiting

    def state(self):
        return LoopState(1, False, self.latest)

    def waiting(self):
        return self.is_waiting


def reloads(latest=GOOD, waiting=False):
    sent = []
    return BrowserReloads(Builds(latest, waiting), sent.append), sent


def test_the_pages_written_are_named_at_once():
    browsers, sent = reloads()
    assert browsers.pages_written(("articles/a.html", "index.html")) is True
    assert sent == ["/articles/a.html", "/index.html"]


def test_nothing_is_said_early_when_a_newer_change_waits_or_the_site_shows_problems():
    for latest, waiting in ((GOOD, True), (FAILED, False), (None, False)):
        browsers, sent = reloads(latest, waiting)
        assert browsers.pages_written(("articles/a.html",)) is False and sent == []


def test_after_the_pages_the_files_changed_later_are_named_when_the_build_ends():
    browsers, sent = reloads()
    browsers.pages_written(("articles/a.html",))
    browsers.settled(BuildOutcome(True, "Built", changed_after_pages=("data/briefing.json", "data/index.html")))
    assert sent == ["/articles/a.html", "/data/briefing.json", "/data/index.html"]
    browsers.settled(BuildOutcome(True, "Built", changed_after_pages=()))  # a save that changed nothing
    assert len(sent) == 3


def test_everything_reloads_when_it_cannot_be_said_file_by_file():
    too_many = tuple(f"{i}.png" for i in range(MOST_NAMED + 1))
    for outcome in (BuildOutcome(True, "Built"),  # not told early: a newer change waited, or problems showed
                    BuildOutcome(False, "broken", changed_after_pages=("x.html",)),
                    BuildOutcome(True, "Built", changed_after_pages=too_many)):
        browsers, sent = reloads()
        browsers.settled(outcome)
        assert sent == ["*"]
    browsers, sent = reloads()
    browsers.pages_written(too_many)
    assert sent == ["*"]


def test_a_page_that_connects_late_learns_what_was_named_since_it_was_read():
    browsers, _ = reloads()
    assert browsers.stamp() == 0
    browsers.pages_written(("articles/a.html",))
    stamp = browsers.stamp()
    browsers.settled(BuildOutcome(True, "Built", changed_after_pages=("data/index.html",)))
    assert browsers.since(stamp) == ("/data/index.html",)
    assert browsers.since(0) == ("/articles/a.html", "/data/index.html")
    assert browsers.since(browsers.stamp()) == ()
    assert browsers.since(browsers.stamp() + 5) == ("*",)  # a page from another run of the server
    for _ in range(KEPT_MESSAGES):
        browsers.settled(BuildOutcome(True, "Built", changed_after_pages=("data/index.html",)))
    assert browsers.since(stamp) == ("*",)  # older than the messages kept
