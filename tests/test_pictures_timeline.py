"""The drawn timeline: every event a linked row, marks honest about precision, any site size."""

import pytest

from generator.build import build_site
from generator.pictures.timeaxis import make_axis, span_days
from generator.pictures.timeline import TimelinePicture, precision_text, short_date
from generator.urls import Links
from sitecheck import broken_links
from sitefiles import load_valid
from svgcheck import assert_text_alternative, page_svgs, parse_svg, text_of

EVENTS = {
    "content/events/events.yaml": """
        - id: background
          date: 2021
          title: Something long ago
          citations: [first]
        - id: meeting
          date: 2025-10-19
          title: Bob meets reporters
          actors: [bob]
          citations: [first]
        - id: talks
          date: 2025-10-18
          end: 2025-10-20
          title: Talks over three days
          citations: [first]
        - id: vague
          date: 2025-10
          period: late
          title: Something late in October
          citations: [first]
        - id: roughly
          date: 2025-10-21
          circa: true
          title: Something around the 21st
          citations: [first]
        - id: still
          date: 2025-10-02
          ongoing: true
          title: Something still going on
          citations: [first]
        - id: contested
          date: 2025-10-05
          title: Something the sources disagree on
          citations: [first]
          disputes:
            - about: the date
              accounts:
                - says: On the 5th.
                  citations: [first]
                - says: On the 6th.
                  citations: [first]
    """,
}


@pytest.fixture
def picture(tmp_site):
    return TimelinePicture.of(load_valid(tmp_site(EVENTS)))


def rows(svg):
    return {a.get("href").split("#")[1]: a for a in svg.iter("a")}


@pytest.mark.parametrize("variant", ["wide", "narrow"])
def test_every_event_is_a_row_linked_to_its_anchor(picture, variant):
    svg = parse_svg(picture.svg(Links("index.html").event, variant))
    links = rows(svg)
    assert sorted(links) == sorted(f"event-{e.id}" for e in picture.events)
    assert all(a.get("href") == f"timeline/index.html#{anchor}" for anchor, a in links.items())
    # the link's text is the title (wrapped, maybe shortened) followed by the date
    assert text_of(links["event-talks"]) == "Talks over three days 18–20 Oct 2025"
    assert_text_alternative(svg)


def test_marks_say_how_well_the_date_is_known(picture):
    svg = parse_svg(picture.svg(Links("timeline/index.html").event))
    links = rows(svg)

    def marks(anchor):
        return [(e.tag, e.get("class")) for e in links[anchor] if "mark" in (e.get("class") or "").split()]

    assert marks("event-meeting") == [("circle", "mark mark-solid")]
    assert marks("event-roughly") == [("circle", "mark mark-hollow")]
    assert marks("event-talks") == [("rect", "mark mark-solid")]
    assert marks("event-vague") == marks("event-background") == [("rect", "mark mark-hatched")]
    [arrow] = [e for e in links["event-still"] if e.get("class") == "ongoing"]
    assert arrow.get("marker-end") == "url(#timeline-wide-arrow)"
    assert [e.get("class") for e in links["event-contested"] if e.tag == "path"] == ["dispute-mark"]
    assert "accounts differ" in text_of(links["event-contested"])
    assert "accounts differ" not in text_of(links["event-meeting"])
    # links on the timeline page itself are bare fragments
    assert links["event-meeting"].get("href") == "#event-meeting"


def test_a_range_is_as_wide_as_its_days_and_later_is_further_right(picture):
    svg = parse_svg(picture.svg(Links("index.html").event))
    links = rows(svg)

    def mark(anchor):
        return next(e for e in links[anchor] if "mark" in (e.get("class") or "").split())

    talks = mark("event-talks")
    meeting = mark("event-meeting")
    day = float(talks.get("width")) / 3
    assert day > 2
    assert float(meeting.get("cx")) == pytest.approx(float(talks.get("x")) + 1.5 * day, abs=0.2)
    assert float(mark("event-roughly").get("cx")) > float(meeting.get("cx"))


def test_the_axis_breaks_across_years_without_events(picture):
    intervals = [span_days(e.when) for e in picture.events]
    axis = make_axis(intervals, 0, 400)
    assert len(axis.segments) == 2 and len(axis.breaks()) == 1
    year, autumn = axis.segments
    assert year.x1 - year.x0 < autumn.x1 - autumn.x0  # width goes to where the events are
    recent = make_axis(intervals[1:], 0, 400)
    assert len(recent.segments) == 1


def test_precision_and_short_dates_in_words(picture):
    texts = {e.id: (short_date(e), precision_text(e)) for e in picture.events}
    assert texts["background"] == ("2021", "year only")
    assert texts["vague"] == ("late Oct 2025", "late in the month")
    assert texts["roughly"] == ("c. 21 Oct 2025", "to the day, approximate")
    assert texts["talks"] == ("18–20 Oct 2025", "a range of days")
    assert texts["still"] == ("since 2 Oct 2025, ongoing", "to the day, ongoing")


def test_the_drawing_is_the_same_every_time(tmp_site):
    site = tmp_site(EVENTS)
    first = TimelinePicture.of(load_valid(site)).svg(Links("index.html").event)
    again = TimelinePicture.of(load_valid(site)).svg(Links("index.html").event)
    assert first == again


def test_built_pages_show_the_picture_with_its_table_and_links_resolve(tmp_site):
    site = tmp_site(EVENTS)
    out = site / "output"
    build_site(site, out)
    assert broken_links(out) == []
    for page in ("index.html", "timeline/index.html"):
        svgs = page_svgs(out / page)
        assert [s.get("class").split()[-1] for s in svgs] == ["timeline-wide", "timeline-narrow"]
        for svg in svgs:
            assert_text_alternative(svg)
    timeline = (out / "timeline/index.html").read_text()
    assert '<summary>The timeline as a table</summary>' in timeline
    assert '<td><time datetime="2021">2021</time></td><td><a href="#event-background">' in timeline


def test_a_site_with_one_event_or_none(tmp_site):
    site = tmp_site()  # one event, one actor
    picture = TimelinePicture.of(load_valid(site))
    assert len(picture.events) == 1 and picture.title == "Timeline of one event, 19 October 2025"
    assert "The event is dated to the day." in picture.description
    assert len(rows(parse_svg(picture.svg(Links("index.html").event)))) == 1
    build_site(site, site / "output")
    empty = tmp_site({"content/events/events.yaml": "[]\n"})
    assert TimelinePicture.of(load_valid(empty)) is None
    build_site(empty, empty / "output2")
    assert page_svgs(empty / "output2" / "index.html") == []


def test_only_the_latest_events_are_drawn_on_a_big_site(tmp_site, monkeypatch):
    monkeypatch.setattr("generator.pictures.timeline.MAX_EVENTS", 3)
    picture = TimelinePicture.of(load_valid(tmp_site(EVENTS)))
    assert len(picture.events) == 3 and picture.total == 7
    assert picture.title.startswith("Timeline of the latest 3 events")
