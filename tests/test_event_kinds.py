"""Event kinds: the default vocabulary, site.yaml's additions, the check of an event's kind, and
the exports that carry it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from generator.build import build_site, load_briefing
from generator.errors import Problems
from generator.eventkinds import DEFAULT_EVENT_KINDS, EventKind, vocabulary
from generator.exports.database import briefing_db
from generator.exports.events_csv import events_csv
from generator.exports.ical import events_ics
from generator.exports.records import briefing_record
from generator.exports.timelinejs import timeline_json
from generator.json_schema import SCHEMA_FILES, json_schema
from generator.model import Briefing
from generator.urls import Addresses
from sitecheck import broken_links
from sitefiles import load_valid

EVENTS = """
    - id: talks
      date: 2025-10-18
      title: Talks in Doha
      kind: diplomacy
      citations: [first]
    - id: hack
      date: 2025-10-19
      title: A cyberattack
      kind: cyberattack
      citations: [first]
    - id: plain
      date: 2025-10-20
      title: An event of no kind
      citations: [first]
"""
SITE = """
title: Kinds
event_kinds:
  - id: cyberattack
    label: Cyberattacks
    description: Attacks on computer systems.
  - id: statement
    label: Declarations
    description: What the parties declare.
"""


@pytest.fixture
def briefing(tmp_site: Callable[..., Path]) -> Briefing:
    return load_valid(tmp_site({"site.yaml": SITE, "content/events/events.yaml": EVENTS}))


def test_the_default_vocabulary_follows_the_conflict_trackers() -> None:
    ids = [k.id for k in DEFAULT_EVENT_KINDS]
    assert ids[:2] == ["clash", "strike"] and {"diplomacy", "statement", "claim"} <= set(ids)
    assert len(ids) == len(set(ids))
    assert all(k.label and k.description.endswith(".") for k in DEFAULT_EVENT_KINDS)


def test_site_kinds_relabel_defaults_in_place_and_come_after_them() -> None:
    kinds = vocabulary([EventKind("cyberattack", "Cyberattacks", "x."), EventKind("statement", "Declarations", "y.")])
    ids = [k.id for k in kinds]
    assert ids[-1] == "cyberattack" and ids.index("statement") == [k.id for k in DEFAULT_EVENT_KINDS].index("statement")
    assert next(k for k in kinds if k.id == "statement").label == "Declarations"


def test_events_carry_their_kind_and_the_briefing_indexes_them(briefing: Briefing) -> None:
    assert briefing.event("talks").kind == "diplomacy" and briefing.event("plain").kind is None
    assert [k.id for k in briefing.kinds_in_use] == ["diplomacy", "cyberattack"]  # the vocabulary's order
    assert [e.id for e in briefing.events_of_kind("cyberattack")] == ["hack"]
    assert briefing.event_kind("statement").label == "Declarations"
    assert briefing.events_of_kind("clash") == ()


def test_an_unknown_kind_names_file_and_line_with_a_did_you_mean(tmp_site: Callable[..., Path]) -> None:
    site = tmp_site({"content/events/events.yaml": """
        - id: talks
          date: 2025-10-18
          title: Talks
          kind: diplomcy
          citations: [first]
        - id: storm
          date: 2025-10-19
          title: A storm
          kind: weather
          citations: [first]
    """})
    problems = Problems()
    load_briefing(site, problems)
    found = [(p.path, p.line, p.message, p.hint) for p in problems.errors]
    assert found[0] == ("content/events/events.yaml", 4, "unknown event kind 'diplomcy'", "did you mean 'diplomacy'?")
    assert found[1][:3] == ("content/events/events.yaml", 9, "unknown event kind 'weather'")
    assert "add 'weather' under `event_kinds:` in site.yaml" in found[1][3]
    assert len(found) == 2


def test_the_exports_carry_the_kind(briefing: Briefing) -> None:
    record = briefing_record(briefing, Addresses())
    events = {e["id"]: e for e in record["events"]}
    assert events["talks"]["kind"] == "diplomacy" and events["plain"]["kind"] is None
    assert record["event_kinds"] == [
        {"id": "diplomacy", "label": "Talks and agreements", "description": DEFAULT_EVENT_KINDS[4].description},
        {"id": "cyberattack", "label": "Cyberattacks", "description": "Attacks on computer systems."}]

    db = sqlite3.connect(":memory:")
    db.deserialize(briefing_db(briefing, Addresses()))
    query = ("SELECT events.id, event_kinds.label FROM events LEFT JOIN event_kinds ON event_kinds.id = events.kind "
             "ORDER BY events.position")
    assert db.execute(query).fetchall() == [
        ("talks", "Talks and agreements"), ("hack", "Cyberattacks"), ("plain", None)]
    assert ("event_kinds", "kind") in {(row[2], row[3]) for row in db.execute("PRAGMA foreign_key_list(events)")}

    rows = list(csv.DictReader(io.StringIO(events_csv(briefing).decode("utf-8"), newline="")))
    assert {r["event_id"]: r["kind"] for r in rows} == {"talks": "diplomacy", "hack": "cyberattack", "plain": ""}

    slides = {s["unique_id"]: s for s in json.loads(timeline_json(briefing))["events"]}
    assert {k: s["group"] for k, s in slides.items()} == {
        "talks": "Talks and agreements", "hack": "Cyberattacks", "plain": "Other events"}

    calendar = icalendar.Calendar.from_ical(events_ics(briefing, Addresses()))
    categories = {str(e["summary"]): e.get("categories") for e in calendar.walk("VEVENT")}
    assert [str(c) for c in categories["Talks in Doha"].cats] == ["Talks and agreements"]
    assert categories["An event of no kind"] is None


def test_the_editor_schema_offers_the_default_kinds_and_accepts_others() -> None:
    event_schema = json_schema(next(s for s in SCHEMA_FILES if s.name == "event.schema.json"))
    kind = event_schema["definitions"]["EventSpec"]["properties"]["kind"]
    offered = [option["const"] for option in kind["anyOf"] if "const" in option]
    assert offered == [k.id for k in DEFAULT_EVENT_KINDS]
    assert {"type": "null"} in kind["anyOf"]
    assert any(o.get("type") == "string" and "pattern" in o for o in kind["anyOf"])
    site_schema = json_schema(next(s for s in SCHEMA_FILES if s.name == "site.schema.json"))
    assert set(site_schema["definitions"]["EventKindSpec"]["required"]) == {"id", "label", "description"}


def test_the_timeline_is_filtered_by_kind_on_a_page_per_kind(tmp_site: Callable[..., Path]) -> None:
    site = tmp_site({"site.yaml": SITE + "base_url: https://example.org/b/\npagination:\n  timeline: 1\n",
                     "content/events/events.yaml": EVENTS + """
    - id: more-talks
      date: 2025-10-21
      title: More talks
      kind: diplomacy
      citations: [first]
"""})
    out = site / "output"
    build_site(site, out)
    assert [b for b in broken_links(out) if not b.startswith("404.html ")] == []  # 404.html: from the root
    talks = (out / "timeline/kind-diplomacy.html").read_text(encoding="utf-8")
    assert "<h1>Timeline: Talks and agreements</h1>" in talks and "Talks in Doha" in talks
    assert "More talks" not in talks and "A cyberattack" not in talks  # one event a page, here
    page_two = (out / "timeline/kind-diplomacy-page-2.html").read_text(encoding="utf-8")
    assert "More talks" in page_two and 'rel="prev"' in page_two
    assert "A cyberattack" in (out / "timeline/kind-cyberattack.html").read_text(encoding="utf-8")
    assert not (out / "timeline/kind-clash.html").exists()  # no page for a kind no event has
    # the filter: on the timeline and on each kind's page, the current one marked
    overview = (out / "timeline/index.html").read_text(encoding="utf-8")
    nav = overview[overview.index('<nav class="kind-nav"'):]
    nav = nav[:nav.index("</nav>")]
    assert 'href="kind-diplomacy.html">Talks and agreements</a> <span class="meta">(2)</span>' in nav
    assert 'href="kind-diplomacy.html" aria-current="page"' in talks
    # an event's entry names its kind, linked to the kind's page
    month = (out / "timeline/2025-10.html").read_text(encoding="utf-8")
    assert '<a class="event-kind" href="kind-diplomacy.html">Talks and agreements</a>' in month
    # the kinds' pages repeat the timeline: not in the sitemap
    assert "kind-" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_a_site_of_one_kind_has_no_filter(tmp_site: Callable[..., Path]) -> None:
    site = tmp_site({"content/events/events.yaml": EVENTS.replace("kind: cyberattack", "kind: diplomacy")})
    out = site / "output"
    build_site(site, out)
    assert 'class="kind-nav"' not in (out / "timeline/index.html").read_text(encoding="utf-8")
    assert (out / "timeline/kind-diplomacy.html").exists()
