"""timeline.json dropped into TimelineJS itself (npm @knight-lab/timelinejs, served from this
machine): it loads every event, with the dates the export gives, and no error of its own."""

from __future__ import annotations

import json
import shutil

from staticserver import serve_site
from tools import REPO, require
from watch import PageWatch

TIMELINEJS = REPO / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
EMBED = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="dist/css/timeline.css"><script src="dist/js/timeline.js"></script></head>
<body><div id="timeline-embed" style="width: 100%; height: 600px"></div>
<script>
  window.timeline = new TL.Timeline("timeline-embed", "timeline.json", {script_path: new URL("dist/js/", location.href).href});
  window.timeline.on("loaded", () => { window.timelineLoaded = true; });
</script></body></html>
"""


def test_timeline_json_loads_in_timelinejs(browser, published, tmp_path):
    require(TIMELINEJS.is_dir(), f"TimelineJS ({TIMELINEJS.relative_to(REPO)}; npm ci)")
    shutil.copytree(TIMELINEJS, tmp_path / "dist")
    shutil.copyfile(published / "data" / "timeline.json", tmp_path / "timeline.json")
    (tmp_path / "index.html").write_text(EMBED, encoding="utf-8")
    exported = json.loads((published / "data" / "timeline.json").read_text(encoding="utf-8"))
    with serve_site(tmp_path, "/") as root:
        page = browser.new_page()
        try:
            watch = PageWatch().attach(page)
            page.goto(root + "index.html")
            page.wait_for_function("window.timelineLoaded === true", timeout=20_000)
            loaded = page.evaluate("""() => window.timeline.config.events.map(e => ({
                id: e.unique_id, year: e.start_date.data.year, month: e.start_date.data.month,
                day: e.start_date.data.day, headline: e.text.headline}))""")
            assert page.evaluate("window.timeline.config.title.text.headline") == exported["title"]["text"]["headline"]
            assert sorted(e["id"] for e in loaded) == sorted(e["unique_id"] for e in exported["events"])
            for event in exported["events"]:
                shown = next(e for e in loaded if e["id"] == event["unique_id"])
                assert shown["headline"] == event["text"]["headline"]
                assert str(shown["year"]) == event["start_date"]["year"]
                for part in ("month", "day"):
                    assert (str(shown[part]) if shown[part] is not None else None) == event["start_date"].get(part)
            assert page.locator(".tl-slide").count() >= len(exported["events"])
            # TimelineJS's theme asks a web font service for its fonts: offline here, and not the export's doing.
            assert [p for p in watch.problems if "fonts.gstatic.com" not in p and "fonts.googleapis.com" not in p] == []
        finally:
            page.close()
