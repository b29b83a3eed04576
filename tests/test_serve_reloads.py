"""When the browsers on briefing serve reload (generator.serve.reloads): each file a build changed
is named, the pages as soon as they are written, the rest once the build ends; everything reloads
when that cannot say it all."""

from generator.serve.rebuild import BuildOutcome
from generator.serve.reloads import KEPT_MESSAGES, MOST_NAMED, BrowserReloads

FAILED = BuildOutcome(False, "broken")
NOT_TOLD = BuildOutcome(True, "Built")  # finished without telling browsers of its pages


def told(*late):
    return BuildOutcome(True, "Built", changed_after_pages=late)


class Builds:
    def __init__(self):
        self.is_waiting = False

    def waiting(self):
        return self.is_waiting


def started(sent=None):
    """Browser reloads past the first build (which reloads everything once settled)."""
    sent = [] if sent is None else sent
    browsers = BrowserReloads(builds := Builds(), sent.append)
    assert browsers.pages_written(("index.html",)) is False  # the first build: nothing early
    browsers.finished(NOT_TOLD)
    browsers.settled(NOT_TOLD)
    assert sent == ["*"]
    sent.clear()
    return browsers, builds, sent


def test_the_pages_written_are_named_at_once_and_the_rest_when_the_build_finishes():
    browsers, _, sent = started()
    assert browsers.pages_written(("articles/a.html", "index.html")) is True
    assert sent == ["/articles/a.html", "/index.html"]
    browsers.finished(told("data/briefing.json", "data/index.html"))
    browsers.settled(told("data/briefing.json", "data/index.html"))
    assert sent == ["/articles/a.html", "/index.html", "/data/briefing.json", "/data/index.html"]


def test_a_build_finished_while_a_newer_change_waits_names_its_files_all_the_same():
    browsers, builds, sent = started()
    browsers.pages_written(("static/css/style.css",))
    builds.is_waiting = True
    browsers.finished(told("data/index.html"))  # not settled: the next build starts at once
    assert sent == ["/static/css/style.css", "/data/index.html"]
    assert browsers.pages_written(("articles/b.html",)) is False  # that build waits for the next
    builds.is_waiting = False


def test_after_a_failed_build_or_one_that_could_not_tell_everything_reloads_once_settled():
    for spoiler in (FAILED, NOT_TOLD):
        browsers, _, sent = started()
        browsers.finished(spoiler)  # and not settled: a newer change waited
        # The next build names nothing early (the pages still show the problems, or files went
        # unnamed), however good it is, and everything reloads once it settles.
        assert browsers.pages_written(("articles/a.html",)) is False
        browsers.finished(NOT_TOLD)
        browsers.settled(NOT_TOLD)
        assert sent == ["*"]
        assert browsers.pages_written(("articles/a.html",)) is True  # and after that, by name again


def test_too_many_files_reload_everything():
    too_many = tuple(f"{i}.png" for i in range(MOST_NAMED + 1))
    browsers, _, sent = started()
    browsers.pages_written(too_many)
    browsers.finished(told(*too_many))
    browsers.settled(told(*too_many))
    assert sent == ["*", "*"]


def test_a_page_that_connects_late_learns_what_was_named_since_it_was_read():
    browsers, _, _ = started()
    first = browsers.stamp()
    browsers.pages_written(("articles/a.html",))
    stamp = browsers.stamp()
    browsers.finished(told("data/index.html"))
    assert browsers.since(stamp) == ("/data/index.html",)
    assert browsers.since(first) == ("/articles/a.html", "/data/index.html")
    assert browsers.since(browsers.stamp()) == ()
    run, number = browsers.stamp().split("-")
    assert browsers.since(f"{run}-{int(number) + 5}") == ("*",)  # from the future: another run
    assert browsers.since(f"{int(run, 16) ^ 1:08x}-{number}") == ("*",)  # another run of the server
    assert browsers.since("") == ("*",) and browsers.since("nonsense") == ("*",)
    for _ in range(KEPT_MESSAGES):
        browsers.finished(told("data/index.html"))
    assert browsers.since(stamp) == ("*",)  # older than the messages kept
