"""When the browsers on briefing serve reload (generator.serve.reloads): once a build's pages are
written, then only what shows the files it changed after them."""

from generator.serve.rebuild import BuildOutcome, LoopState
from generator.serve.reloads import MOST_NAMED, BrowserReloads

GOOD = BuildOutcome(True, "Built")
FAILED = BuildOutcome(False, "broken")


class Builds:
    def __init__(self, latest, waiting=False):
        self.latest, self.is_waiting, self.shown = latest, waiting, 0

    def state(self):
        return LoopState(1, False, self.latest, self.shown)

    def waiting(self):
        return self.is_waiting

    def note_shown(self):
        self.shown += 1


def reloads(latest, waiting=False):
    sent = []
    builds = Builds(latest, waiting)
    return BrowserReloads(builds, sent.append), builds, sent


def test_every_page_reloads_once_the_pages_are_written():
    browsers, builds, sent = reloads(GOOD)
    assert browsers.pages_written() is True
    assert sent == ["*"] and builds.shown == 1  # a page served from now on is stamped as shown


def test_no_early_reload_when_a_newer_change_waits_or_the_site_shows_problems():
    for latest, waiting in ((GOOD, True), (FAILED, False), (None, False)):
        browsers, builds, sent = reloads(latest, waiting)
        assert browsers.pages_written() is False
        assert sent == [] and builds.shown == 0


def test_after_an_early_reload_only_the_files_changed_later_are_named():
    browsers, builds, sent = reloads(GOOD)
    browsers.pages_written()
    browsers.settled(BuildOutcome(True, "Built", changed_after_pages=("data/briefing.json", "data/index.html")))
    assert sent == ["*", "/data/briefing.json", "/data/index.html"] and builds.shown == 1


def test_everything_reloads_at_the_end_when_the_pages_were_not_shown_or_the_build_failed():
    for outcome in (BuildOutcome(True, "Built"), BuildOutcome(False, "broken", changed_after_pages=("x.html",)),
                    BuildOutcome(True, "Built", changed_after_pages=tuple(f"{i}.png" for i in range(MOST_NAMED + 1)))):
        browsers, builds, sent = reloads(GOOD)
        browsers.settled(outcome)
        assert sent == ["*"] and builds.shown == 1
