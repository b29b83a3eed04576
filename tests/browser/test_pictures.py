"""The pictures as Chromium draws them, at phone and desktop widths: measured, not estimated. No
date label of the timeline covers a mark of its row; the network's and the grid's labels are
whole (not cut with "…") and stay inside their pictures."""

from __future__ import annotations

import pytest

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}

# For each row of the visible timeline: its date label's box and the boxes of its marks, in the
# page's pixels (a tspan's box through a Range: getBBox does not exist for tspans).
ROW_BOXES = """() => {
  const box = r => ({x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
  const svg = [...document.querySelectorAll('svg.timeline-svg')].find(s => s.getBoundingClientRect().width > 0);
  return [...svg.querySelectorAll('a.row')].map(row => {
    const group = row.parentElement.classList.contains('row-group') ? row.parentElement : row;
    const range = document.createRange();
    range.selectNodeContents(row.querySelector('.row-date'));
    return {
      id: row.getAttribute('href'),
      date: box(range.getBoundingClientRect()),
      marks: [...group.querySelectorAll('.mark, .ongoing, .account-date, .dispute-range')]
               .map(m => box(m.getBoundingClientRect())),
    };
  });
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_timeline_label_covers_a_mark(browser, site_url, width):
    context = browser.new_context(viewport=WIDTHS[width])
    try:
        page = context.new_page()
        page.goto(site_url + "timeline/index.html")
        rows = page.evaluate(ROW_BOXES)
        assert len(rows) == 22
        covered = [(row["id"], row["date"], mark) for row in rows for mark in row["marks"] if _overlap(row["date"], mark)]
        assert covered == []
        ceasefire = next(row for row in rows if row["id"].endswith("#event-ceasefire"))
        assert len(ceasefire["marks"]) == 3  # each account's date, and the dashed line between them
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_picture_labels_are_whole_and_inside_their_pictures(browser, site_url, width):
    context = browser.new_context(viewport=WIDTHS[width])
    try:
        page = context.new_page()
        for path in ("actors/index.html", "sources/index.html", "timeline/index.html"):
            page.goto(site_url + path)
            found = page.evaluate("""() => [...document.querySelectorAll('svg.picture-svg')]
                .filter(s => s.getBoundingClientRect().width > 0)
                .flatMap(svg => {
                  const frame = svg.getBoundingClientRect();
                  return [...svg.querySelectorAll('text')].map(t => {
                    const r = t.getBoundingClientRect();
                    return {text: t.textContent, out: r.left < frame.left - 0.5 || r.right > frame.right + 0.5};
                  });
                })""")
            assert found, path
            assert [f["text"] for f in found if "…" in f["text"]] == [], path
            assert [f["text"] for f in found if f["out"]] == [], path
    finally:
        context.close()
