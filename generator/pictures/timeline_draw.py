"""The drawn timeline (generator.pictures.timeline) as SVG, from its layout: the axis and its
breaks, the lanes' headings, and each row as a link to its event, with a link per account that
dates the event differently."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.pictures.svg import el, join, num, path_data
from generator.urls import Links

if TYPE_CHECKING:
    from generator.pictures.timeline_layout import LaneHead, Mark, Row, TimelineLayout

LINE = 15.0
AXIS_HEIGHT = 34.0
LANE_HEAD = 18.0  # the height of a lane's heading


def draw(drawing: TimelineLayout, link: Links, ids: str) -> Markup:
    layout = drawing.layout
    parts = [
        el("title", {"id": f"{ids}-title"}, drawing.picture.title),
        el("desc", {"id": f"{ids}-desc"}, drawing.picture.description),
        _defs(ids),
        el("g", {"class": "zebra", "aria-hidden": "true"}, *_zebra(drawing)),
        el("g", {"class": "axis", "aria-hidden": "true"}, *_axis(drawing)),
        *(_lane_head(drawing, head, link) for head in drawing.heads),
        *(_row(drawing, row, link, ids) for row in drawing.rows),
    ]
    return el("svg", {
        "class": f"picture-svg timeline-svg timeline-{'wide' if layout.label_width else 'narrow'}",
        "viewBox": f"0 0 {num(layout.width)} {num(drawing.height)}",
        "width": layout.width, "height": drawing.height, "role": "group",
        "aria-labelledby": f"{ids}-title", "aria-describedby": f"{ids}-desc",
    }, "\n", join(parts), "\n")


def _defs(ids: str) -> Markup:
    hatch = el("pattern", {"id": f"{ids}-hatch", "patternUnits": "userSpaceOnUse", "width": 5, "height": 5,
                           "patternTransform": "rotate(45)"}, el("rect", {"class": "hatch", "width": 2, "height": 5}))
    arrow = el("marker", {"id": f"{ids}-arrow", "viewBox": "0 0 8 8", "refX": 7, "refY": 4, "markerWidth": 7,
                          "markerHeight": 7, "orient": "auto"},
               el("path", {"class": "arrowhead", "d": "M0 0L8 4L0 8z"}))
    return el("defs", {}, hatch, arrow)


def _zebra(drawing: TimelineLayout) -> list[Markup]:
    return [el("rect", {"class": "row-bg", "x": 0, "y": row.top, "width": drawing.layout.width, "height": row.height})
            for i, row in enumerate(drawing.rows) if i % 2 == 0]


def _axis(drawing: TimelineLayout) -> list[Markup]:
    top, bottom = AXIS_HEIGHT - 4, drawing.height - AXIS_HEIGHT + 8
    out: list[Markup] = []
    for segment in drawing.axis.segments:
        boundaries, labels = segment.ticks()
        for tick in boundaries:
            cls = "grid" if tick.major else "grid grid-minor"
            out.append(el("line", {"class": cls, "x1": tick.x, "y1": top - (4 if tick.major else 0), "x2": tick.x,
                                   "y2": bottom}))
            if tick.label:
                out.append(el("text", {"class": "tick-label tick-minor", "x": tick.x, "y": top - 3}, tick.label))
        for tick in labels:
            out.append(el("text", {"class": "tick-label", "x": tick.x, "y": 13}, tick.label))
            out.append(el("text", {"class": "tick-label", "x": tick.x, "y": drawing.height - 6}, tick.label))
        for y in (top, bottom):
            out.append(el("line", {"class": "axis-line", "x1": segment.x0, "y1": y, "x2": segment.x1, "y2": y}))
    for x in drawing.axis.breaks():
        for y in (top, bottom):
            d = path_data(("M", x - 5, y + 5), ("L", x - 1, y - 5), ("M", x + 1, y + 5), ("L", x + 5, y - 5))
            out.append(el("path", {"class": "axis-break", "d": d}))
    return out


def _lane_head(drawing: TimelineLayout, head: LaneHead, link: Links) -> Markup:
    kind = head.lane.kind
    label = kind.label if kind else "Other events"
    count = len(head.lane.events)
    text = el("text", {"class": "lane-label", "x": 8, "y": head.top + 13.5},
              f"{label} ", el("tspan", {"class": "lane-count"}, f"({count})"))
    line = el("line", {"class": "lane-rule", "x1": 0, "y1": head.top + 0.5, "x2": drawing.layout.width,
                       "y2": head.top + 0.5})
    if kind is None:
        return el("g", {"class": "lane-head"}, line, text)
    return el("a", {"class": "lane-head", "href": link.kind(kind.id),
                    "aria-label": f"{label}: {count} event{'' if count == 1 else 's'}, on a page of their own"},
              el("rect", {"class": "hit", "x": 0, "y": head.top, "width": drawing.layout.width, "height": LANE_HEAD}),
              line, text)


def _row(drawing: TimelineLayout, row: Row, link: Links, ids: str) -> Markup:
    """The row as one link, its name its visible text (title, date, "accounts differ") in one
    ``<text>`` so that assistive technology reads the words in order; then a link per account
    that dates the event differently."""
    layout, event = drawing.layout, row.event
    x_text = 8.0
    title_y = row.top + layout.title_top
    parts = [el("rect", {"class": "hit", "x": 0, "y": row.top, "width": layout.width, "height": row.height})]
    if event.disputes:
        parts.append(el("path", {"class": "dispute-mark", "d": _diamond(x_text + 4.5, title_y - 4.5, 5)}))
        x_text += 13
    parts += [_shape(mark, ids) for mark in row.marks if mark.account is None]
    date_parts = row.date.text.split(" · ")
    spans = [date_parts[0]] + [el("tspan", {"class": "row-dispute"}, " · " + part) for part in date_parts[1:]]
    date = el("tspan", {"class": "row-date", "x": row.date.x, "y": row.date.y, "text-anchor": row.date.anchor}, *spans)
    title = [el("tspan", {"x": x_text, "dy": 0 if i == 0 else LINE}, line + " ") for i, line in enumerate(row.lines)]
    parts.append(el("text", {"class": "row-title", "x": x_text, "y": title_y}, *title, date))
    out = [el("a", {"class": "row", "href": link.event(event.id)}, *parts)]
    for mark in row.marks:
        if mark.account is not None:
            a = mark.account
            label = f"{event.title}: {a.date.human}, by one account"
            out.append(el("a", {"class": "account-mark", "href": link.account(event.id, a.dispute, a.number),
                                "aria-label": label}, _shape(mark, ids)))
    return out[0] if len(out) == 1 else el("g", {"class": "row-group"}, *out)


def _shape(mark: Mark, ids: str) -> Markup:
    y = mark.y
    if mark.shape.startswith("dot"):
        cls = "mark mark-hollow" if mark.shape.endswith("approx") else "mark mark-solid"
        return el("circle", {"class": cls, "cx": (mark.x0 + mark.x1) / 2, "cy": y, "r": 4.5})
    if mark.shape in ("bar", "bar-approx", "vague"):
        height = 11 if mark.shape == "vague" else 9
        cls = "mark mark-hatched" if mark.shape == "vague" else "mark mark-solid"
        return el("rect", {"class": cls, "x": mark.x0, "y": y - height / 2, "width": mark.x1 - mark.x0,
                           "height": height, "rx": 2, "fill": f"url(#{ids}-hatch)" if mark.shape == "vague" else None})
    if mark.shape == "ongoing":
        return el("line", {"class": "ongoing", "x1": mark.x0, "y1": y, "x2": mark.x1, "y2": y,
                           "marker-end": f"url(#{ids}-arrow)"})
    if mark.shape == "range":
        return el("line", {"class": "dispute-range", "x1": mark.x0, "y1": y, "x2": mark.x1, "y2": y})
    cx = (mark.x0 + mark.x1) / 2
    return Markup("").join([el("rect", {"class": "hit", "x": mark.x0 - 2, "y": y - 9, "width": mark.x1 - mark.x0 + 4,
                                        "height": 18}),
                            el("path", {"class": "dispute-mark account-date", "d": _diamond(cx, y, 5)})])


def _diamond(cx: float, cy: float, r: float) -> str:
    return path_data(("M", cx, cy - r), ("L", cx + r, cy), ("L", cx, cy + r), ("L", cx - r, cy)) + "z"
