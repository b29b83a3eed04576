"""The drawn timeline: every event a linked row, marks honest about precision, any site size."""

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import build_site, load_briefing
from generator.dates import DateSpan, PartialDate
from generator.errors import Problems
from generator.model import NO_PROSE, Account, Dispute, Event
from generator.pictures.svg import text_width
from generator.pictures.timeaxis import make_axis, span_days
from generator.pictures.timeline import (
    LAYOUTS,
    Lane,
    TimelineLayout,
    TimelinePicture,
    dated_accounts,
    is_loose,
    precision_text,
    short_date,
)
from generator.urls import Links
from sitecheck import broken_links
from sitefiles import REPO, load_valid
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
    svg = parse_svg(picture.svg(Links("index.html"), variant))
    links = rows(svg)
    assert sorted(links) == sorted(f"event-{e.id}" for e in picture.events)
    assert all(a.get("href") == f"timeline/index.html#{anchor}" for anchor, a in links.items())
    # the link's text is the title (wrapped, maybe shortened) followed by the date
    assert text_of(links["event-talks"]) == "Talks over three days 18–20 Oct 2025"
    assert_text_alternative(svg)


def test_marks_say_how_well_the_date_is_known(picture):
    svg = parse_svg(picture.svg(Links("timeline/index.html")))
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
    svg = parse_svg(picture.svg(Links("index.html")))
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
    first = TimelinePicture.of(load_valid(site)).svg(Links("index.html"))
    again = TimelinePicture.of(load_valid(site)).svg(Links("index.html"))
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
    assert len(rows(parse_svg(picture.svg(Links("index.html"))))) == 1
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


# -- the chart tells the story: where the axis runs, lanes, labels that never cover a mark ------



def overlaps(layout: TimelineLayout) -> list[str]:
    """Every date label that covers a mark of its row, leaves the picture, or runs into the
    title's last line (in the narrow layout, where it may end that line)."""
    found = []
    width = layout.layout.width
    for row in layout.rows:
        box = row.date.box
        if box.x0 < 0 or box.x1 > width:
            found.append(f"{row.event.id}: date label outside the picture {box}")
        found += [f"{row.event.id}: date label {box} covers {mark.shape} {mark.box}"
                  for mark in row.marks if box.overlaps(mark.box)]
        title_line_y = row.top + layout.layout.title_top + 15 * (len(row.lines) - 1)
        if not layout.layout.label_width:
            title_end = 8 + (13 if row.event.disputes else 0) + text_width(row.lines[-1], 13)
            if abs(row.date.y - title_line_y) < 1 and box.x0 < title_end:
                found.append(f"{row.event.id}: date label runs into the title")
            # the marks go under the title, clear of its descenders
            found += [f"{row.event.id}: {mark.shape} {mark.box} touches the title" for mark in row.marks
                      if mark.box.y0 < title_line_y + 3.5]
        if not (row.top <= box.y0 and box.y1 <= row.top + row.height):
            found.append(f"{row.event.id}: date label outside its row")
        found += [f"{row.event.id}: {mark.shape} {mark.box} outside its row" for mark in row.marks
                  if not (row.top <= mark.box.y0 and mark.box.y1 <= row.top + row.height)]
    return found


@pytest.fixture(scope="module")
def sample() -> TimelinePicture:
    briefing = load_briefing(REPO, Problems())
    assert briefing is not None
    picture = TimelinePicture.of(briefing)
    assert picture is not None
    return picture


@pytest.mark.parametrize("variant", ["wide", "narrow"])
def test_no_date_label_covers_a_mark_in_the_sample(sample, variant):
    layout = sample.layout(variant)
    assert overlaps(layout) == []
    # the rounds that lost their bars under their labels on the phone keep them clear
    rows = {row.event.id: row for row in layout.rows}
    for event_id in ("doha-talks", "istanbul-second-round"):
        [bar] = [m for m in rows[event_id].marks if m.shape == "bar"]
        assert not rows[event_id].date.box.overlaps(bar.box)


def test_the_axis_runs_from_the_story_to_its_last_event_with_the_background_in_a_stub(sample):
    layout = sample.layout("wide")
    stub, story = layout.axis.segments
    assert dt.date.fromordinal(stub.start) == dt.date(2021, 1, 1)  # the Taliban's return, before a break
    assert dt.date.fromordinal(story.start) >= dt.date(2025, 9, 28)
    # it ends at the last event (6 November, the day of the latest clipping), not at the end of November
    assert dt.date(2025, 11, 7) <= dt.date.fromordinal(story.end) <= dt.date(2025, 11, 9)
    assert stub.x1 - stub.x0 < (story.x1 - story.x0) / 4


def test_rows_go_in_lanes_by_kind_and_no_lane_starts_with_a_vague_row(sample):
    assert [lane.kind.id for lane in sample.lanes if lane.kind] == [
        "clash", "strike", "diplomacy", "statement", "claim", "measure", "political"]
    for lane in sample.lanes:
        loose = [is_loose(e) for e in lane.events]
        assert loose == sorted(loose), f"{lane.kind}: a roughly dated event before a precise one"
        precise = [e.sort_key for e in lane.events if not is_loose(e)]
        assert precise == sorted(precise)
    first_row = sample.layout("wide").rows[0]
    assert not is_loose(first_row.event)
    assert sum(len(lane.events) for lane in sample.lanes) == len(sample.events) == 22


@pytest.mark.parametrize("variant", ["wide", "narrow"])
def test_a_disputed_date_is_drawn_as_each_account_linked_to_it(sample, variant):
    svg = parse_svg(sample.svg(Links("timeline/index.html"), variant))
    accounts = [a for a in svg.iter("a") if a.get("class") == "account-mark"]
    assert [a.get("href") for a in accounts] == ["#account-ceasefire-1-1", "#account-ceasefire-1-2"]
    assert [a.get("aria-label") for a in accounts] == [
        "Ceasefire agreed: 19 October 2025, by one account", "Ceasefire agreed: 11 October 2025, by one account"]
    x = [float(a.find("path").get("d")[1:].split()[0]) for a in accounts]  # each diamond's "M<x> <y>..."
    assert x[1] < x[0]  # the 11th left of the 19th
    ceasefire = next(r for r in sample.layout(variant).rows if r.event.id == "ceasefire")
    assert ceasefire.date.text == "11 or 19 Oct 2025 · accounts differ"
    assert not [m for m in ceasefire.marks if m.shape == "dot"]  # the 19th is one account's mark, not twice


def test_the_account_links_lead_to_the_accounts_on_the_built_timeline(tmp_path):
    out = tmp_path / "out"
    build_site(REPO, out)
    page = (out / "timeline/index.html").read_text(encoding="utf-8")
    assert 'id="account-ceasefire-1-1"' in page and 'id="account-ceasefire-1-2"' in page
    assert broken_links(out) == []


def _event(number: int, when: DateSpan, title: str, accounts: tuple[PartialDate | None, ...] = ()) -> Event:
    disputes = (Dispute("the date", tuple(Account(NO_PROSE, d, None, ()) for d in accounts)),) if accounts else ()
    return Event(f"e{number}", when, None, 0, title, None, NO_PROSE, None, (), (), (), disputes)


_DAY0 = dt.date(2025, 9, 1).toordinal()
_days = st.integers(0, 90)


@st.composite
def _events(draw: st.DrawFn) -> list[Event]:
    events = []
    for number in range(draw(st.integers(1, 14))):
        start = dt.date.fromordinal(_DAY0 + draw(_days))
        shape = draw(st.sampled_from(["day", "range", "month", "period", "year", "ongoing", "disputed", "circa"]))
        title = draw(st.sampled_from(["Talks", "A much longer title for an event that wraps over lines",
                                      "Khawaja Asif warns the Taliban government could be completely obliterated"]))
        day = PartialDate(start.year, start.month, start.day)
        accounts: tuple[PartialDate | None, ...] = ()
        if shape == "range":
            end = start + dt.timedelta(days=draw(st.integers(1, 20)))
            when = DateSpan(day, PartialDate(end.year, end.month, end.day))
        elif shape == "month":
            when = DateSpan(PartialDate(start.year, start.month), PartialDate(2025, 11) if start.month < 11 else None)
        elif shape == "period":
            period = draw(st.sampled_from(["early", "mid", "late"]))
            when = DateSpan(PartialDate(start.year, start.month), period=period)
        elif shape == "year":
            when = DateSpan(PartialDate(draw(st.integers(2015, 2025))))
        elif shape == "ongoing":
            when = DateSpan(day, ongoing=True)
        elif shape == "disputed":
            other = start + dt.timedelta(days=draw(st.integers(-30, 30)))
            when = DateSpan(day)
            accounts = (day, PartialDate(other.year, other.month, other.day))
        else:
            when = DateSpan(day, circa=shape == "circa")
        events.append(_event(number, when, title, accounts))
    return sorted(events, key=lambda e: e.sort_key)


@settings(max_examples=150, deadline=None)
@given(_events())
def test_no_date_label_ever_covers_a_mark(events):
    days = tuple(span_days(e.when) for e in events)
    horizon = max(end for _, end in days)
    picture = TimelinePicture(tuple(events), len(events), days, horizon, horizon, (Lane(None, tuple(events)),))
    for variant in LAYOUTS:
        layout = picture.layout(variant)
        assert overlaps(layout) == [], variant
        for row in layout.rows:
            assert len([m for m in row.marks if m.account]) in (0, len(dated_accounts(row.event)))


def test_pictures_and_their_tables_are_left_out_of_the_search_index(tmp_path):
    out = tmp_path / "out"
    build_site(REPO, out)
    pages = ("index.html", "timeline/index.html", "actors/index.html", "actors/pakistan.html", "sources/index.html")
    for page in pages:
        html = (out / page).read_text(encoding="utf-8")
        pictures = re.findall(r'<(?:figure class="picture |details class="picture-data")[^>]*>', html)
        assert pictures, page
        assert all("data-pagefind-ignore" in tag for tag in pictures), page
