"""Drawing the actor network (generator.pictures.network): by side in columns, or as an arc diagram.

``draw_sides`` (the whole network, wide): the two main sides in columns facing each other, names
outwards and nodes inwards, and the mediators, other sides and other actors in boxes below them,
a group per camp. A curve joins two actors of different columns; an arc bulging inwards, two of
the same side. The columns' order is worked out by a few rounds of the barycentre heuristic
(each actor placed by the mean row of its partners on the other side, ties by the stable key),
which untangles the lines without a random seed.

``draw_arcs`` (a neighbourhood; the whole network on phones): one actor per row, names in a column
legible at phone width, arcs to the right whose thickness is the number of shared events; on the
whole network the rows are grouped by camp, each under its heading.

Names are never shortened: the picture is as wide as its longest name needs (and scales down
to the page like every picture). Coordinates come from + - * / on whole rows: no trigonometry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.model import Actor
from generator.pictures.svg import el, join, num, path_data, text_width

if TYPE_CHECKING:
    from generator.pictures.network import Camp, Link, NetworkPicture, Node

ROW = 24.0
TOP = 14.0
HEAD = 24.0  # a camp's heading, in the arc diagram
NAME_SIZE = 14.0
BOX_SIZE = 13.0
HEAD_SIZE = 11.0
COUNT_WIDTH = 24.0  # a neighbourhood: the column of shared events between names and nodes
MAX_ARC_WIDTH = 190.0
WIDE = 720.0
PAD = 4.0
MIN_GAP = 240.0  # between the two columns' nodes, for the lines between them
BOX_HEIGHT = 24.0
BOX_GAP = 8.0


def _events(n: int) -> str:
    return "one event" if n == 1 else f"{n} events"


def _thickness(weight: int) -> float:
    return min(1.25 + (weight - 1) * 0.75, 7.0)


def _radius(events: int) -> float:
    return min(3.5 + events * 0.25, 8.0)


def _svg(ids: str, cls: str, width: float, height: float, parts: list[Markup], picture: NetworkPicture) -> Markup:
    head = [el("title", {"id": f"{ids}-title"}, picture.title), el("desc", {"id": f"{ids}-desc"}, picture.description)]
    return el("svg", {
        "class": f"picture-svg network-svg {cls}", "viewBox": f"0 0 {num(width)} {num(height)}",
        "width": width, "height": height, "role": "group",
        "aria-labelledby": f"{ids}-title", "aria-describedby": f"{ids}-desc",
    }, "\n", join(head + parts), "\n")


def _edge(link: Link, d: str, own: bool = True) -> Markup:
    band = min(link.weight, 3) if own else 1
    cls = f"edge edge-w{band}" + (" edge-own" if own else "")
    return el("path", {"class": cls, "d": d, "stroke-width": _thickness(link.weight) if own else 1},
              el("title", {}, f"{link.a.name} and {link.b.name}: {_events(link.weight)} together"))


def _node_label(node: Node) -> str:
    return f"{node.actor.name}, in {_events(node.events)}"


# -- the arc diagram -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Columns:
    """Where things go across: names (right-aligned), counts, nodes, then arcs to the right."""

    names_right: float
    counts_right: float
    node_x: float
    squeeze: float  # arcs are half-ellipses, narrowed by this to fit
    width: float


def _arc_rows(picture: NetworkPicture) -> tuple[dict[str, float], list[tuple[str, float]], float]:
    """Each actor's row (y), the camps' headings (label, baseline) and the height."""
    if not picture.camps:
        y = {node.actor.id: TOP + ROW * i for i, node in enumerate(picture.nodes)}
        return y, [], TOP * 2 + ROW * (len(picture.nodes) - 1)
    y, heads, top = {}, [], 0.0
    for camp in picture.camps:
        heads.append((camp.label, top + 16))
        top += HEAD
        for node in camp.nodes:
            y[node.actor.id] = top + ROW / 2
            top += ROW
    return y, heads, top + 4


def draw_arcs(picture: NetworkPicture, actor_link: Callable[[str], str], ids: str, *, narrow: bool) -> Markup:
    y, heads, height = _arc_rows(picture)
    nodes = [n for camp in picture.camps for n in camp.nodes] if picture.camps else list(picture.nodes)
    names = max(text_width(n.actor.name, NAME_SIZE, bold=n.actor == picture.focus) for n in nodes)
    heading = max((text_width(label.upper(), HEAD_SIZE, bold=True) * 1.1 for label, _ in heads), default=0.0)
    names_right = PAD + names
    counts_right = names_right + (COUNT_WIDTH if picture.focus else 0)
    node_x = counts_right + 14
    widest = max((abs(y[link.a.id] - y[link.b.id]) / 2 for link in picture.links), default=0.0)
    arcs = min(widest, MAX_ARC_WIDTH)
    columns = _Columns(names_right, counts_right, node_x, arcs / widest if widest else 1.0,
                       max(node_x + arcs + 10, PAD + heading + 4))
    edges = []
    for link in sorted(picture.links, key=lambda link: link.weight):  # the strongest drawn last, on top
        y1, y2 = sorted((y[link.a.id], y[link.b.id]))
        ry = (y2 - y1) / 2
        d = path_data(("M", node_x, y1)) + f"A{num(ry * columns.squeeze)} {num(ry)} 0 0 1 {num(node_x)} {num(y2)}"
        # In a neighbourhood the actor's own links carry the picture; the links between their
        # partners are drawn thin and faint, for context.
        edges.append(_edge(link, d, own=picture.focus is None or picture.focus in (link.a, link.b)))
    shared = {picture.other(link).id: link.weight for link in picture.shared_with_focus()} if picture.focus else {}
    parts = [el("text", {"class": "camp-label", "x": PAD, "y": baseline}, label) for label, baseline in heads]
    parts.append(el("g", {"class": "edges", "aria-hidden": "true"}, *edges))
    parts += [_arc_node(node, y[node.actor.id], picture.focus, shared.get(node.actor.id), columns, actor_link)
              for node in nodes]
    cls = "network-arcs" + (" network-narrow" if narrow else "")
    return _svg(ids, cls, columns.width, height, parts, picture)


def _arc_node(node: Node, y: float, focus: Actor | None, shared: int | None, columns: _Columns,
              actor_link: Callable[[str], str]) -> Markup:
    is_focus = node.actor == focus
    shapes = [
        el("rect", {"class": "hit", "x": 0, "y": y - ROW / 2, "width": columns.node_x + 10, "height": ROW}),
        el("circle", {"class": "node node-focus" if is_focus else "node", "cx": columns.node_x, "cy": y,
                      "r": _radius(node.events)}),
    ]
    # Name and count in one <text>, so that they are read as one phrase.
    count = [] if shared is None else [el("tspan", {"class": "node-count", "x": columns.counts_right}, f" {shared}")]
    cls = "node-name node-focus-name" if is_focus else "node-name"
    shapes.append(el("text", {"class": cls, "x": columns.names_right, "y": y + 5, "text-anchor": "end"},
                     node.actor.name, *count))
    if is_focus:
        return el("g", {"class": "node-row"}, *shapes)
    label = _node_label(node)
    if focus is not None and shared is not None:
        # digits, as shown: the visible text must be part of the link's name
        label = f"{node.actor.name}, {shared} event{'' if shared == 1 else 's'} with {focus.name}"
    return el("a", {"class": "node-row", "href": actor_link(node.actor.id), "aria-label": label}, *shapes)


# -- by side, in columns -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Place:
    x: float  # a column's node, or a box's centre
    y: float  # the node's centre, or the box's top
    where: str  # "left", "right" or "box"
    width: float = 0.0  # a box's


def _ordered_columns(picture: NetworkPicture, left: Camp, right: Camp) -> tuple[list[Node], list[Node]]:
    """The two columns, each actor by the mean row of its partners in the other column (a few
    rounds, alternately), those with none there after the others, in the camps' own order."""
    weights: dict[tuple[str, str], int] = {}
    for link in picture.links:
        weights[link.a.id, link.b.id] = weights[link.b.id, link.a.id] = link.weight
    columns = [list(left.nodes), list(right.nodes)]
    for round_ in range(4):
        mine, other = columns[round_ % 2], columns[1 - round_ % 2]
        row = {n.actor.id: i for i, n in enumerate(other)}
        rank = {n.actor.id: i for i, n in enumerate(mine)}

        def key(node: Node, row: dict[str, int] = row, rank: dict[str, int] = rank) -> tuple[int, float, int]:
            partners = [(row[o], w) for (a, o), w in weights.items() if a == node.actor.id and o in row]
            if not partners:
                return (1, 0.0, rank[node.actor.id])
            return (0, sum(r * w for r, w in partners) / sum(w for _, w in partners), rank[node.actor.id])

        columns[round_ % 2] = sorted(mine, key=key)
    return columns[0], columns[1]


def draw_sides(picture: NetworkPicture, actor_link: Callable[[str], str], ids: str) -> Markup:
    left_camp, right_camp, *below = picture.camps
    left, right = _ordered_columns(picture, left_camp, right_camp)
    left_names = max(text_width(n.actor.name, NAME_SIZE) for n in left)
    right_names = max(text_width(n.actor.name, NAME_SIZE) for n in right)
    width = max(WIDE, PAD * 2 + left_names + right_names + 20 + MIN_GAP)
    left_x, right_x = PAD + left_names + 10, width - PAD - right_names - 10
    places: dict[str, _Place] = {}
    parts: list[Markup] = [
        el("text", {"class": "camp-label", "x": left_x, "y": 16, "text-anchor": "end"}, left_camp.label),
        el("text", {"class": "camp-label", "x": right_x, "y": 16}, right_camp.label),
    ]
    for column, x, where in ((left, left_x, "left"), (right, right_x, "right")):
        for i, node in enumerate(column):
            places[node.actor.id] = _Place(x, 24 + TOP + ROW * i, where)
    # The other camps below, in one column of boxes of one width: a line from the left column
    # enters a box by its left end, one from the right by its right end, down gutters no box
    # reaches into.
    top = 24 + ROW * max(len(left), len(right)) + 16
    middle = (left_x + right_x) / 2
    box = max((text_width(n.actor.name, BOX_SIZE) for camp in below for n in camp.nodes), default=0.0) + 20
    for camp in below:
        parts.append(el("text", {"class": "camp-label", "x": middle, "y": top + 12, "text-anchor": "middle"},
                        camp.label))
        top += 18
        for node in camp.nodes:
            places[node.actor.id] = _Place(middle, top, "box", box)
            top += BOX_HEIGHT + BOX_GAP
        top += 8
    height = top + PAD
    edges = [_edge(link, _side_path(places[link.a.id], places[link.b.id], left_x, right_x))
             for link in sorted(picture.links, key=lambda link: link.weight)]
    parts.append(el("g", {"class": "edges", "aria-hidden": "true"}, *edges))
    nodes = [n for camp in picture.camps for n in camp.nodes]
    parts += [_side_node(node, places[node.actor.id], actor_link) for node in nodes]
    return _svg(ids, "network-sides network-wide", width, height, parts, picture)


def _side_path(a: _Place, b: _Place, left_x: float, right_x: float) -> str:
    """A line between two actors: an arc bulging inwards within a column; between columns, a
    curve across; to a box, a curve into its near end; between boxes, an arc on their right."""
    if a.where == b.where and a.where in ("left", "right"):
        y1, y2 = sorted((a.y, b.y))
        ry = (y2 - y1) / 2
        rx = min(ry, (right_x - left_x) / 3)
        sweep = 1 if a.where == "left" else 0
        return path_data(("M", a.x, y1)) + f"A{num(rx)} {num(ry)} 0 0 {sweep} {num(a.x)} {num(y2)}"
    if a.where == b.where == "box":
        x = a.x + a.width / 2
        y1, y2 = sorted((a.y + BOX_HEIGHT / 2, b.y + BOX_HEIGHT / 2))
        ry = (y2 - y1) / 2
        rx = min(ry, (right_x - x) * 0.6)
        return path_data(("M", x, y1)) + f"A{num(rx)} {num(ry)} 0 0 1 {num(x)} {num(y2)}"
    if "box" in (a.where, b.where):
        side, box = (a, b) if b.where == "box" else (b, a)
        toward = 1 if side.where == "left" else -1
        end = box.x - toward * box.width / 2
        reach = abs(end - side.x) / 2
        mid = box.y + BOX_HEIGHT / 2
        return path_data(("M", side.x, side.y),
                         ("C", side.x + toward * reach, side.y, end - toward * reach, mid, end, mid))
    first, second = sorted((a, b), key=lambda p: p.x)
    bend = (second.x - first.x) / 2
    return path_data(("M", first.x, first.y),
                     ("C", first.x + bend, first.y, second.x - bend, second.y, second.x, second.y))


def _side_node(node: Node, place: _Place, actor_link: Callable[[str], str]) -> Markup:
    name = node.actor.name
    if place.where == "box":
        x0 = place.x - place.width / 2
        shapes = [el("rect", {"class": "node-box", "x": x0, "y": place.y, "width": place.width, "height": BOX_HEIGHT,
                              "rx": BOX_HEIGHT / 2}),
                  el("text", {"class": "node-name node-box-name", "x": place.x, "y": place.y + BOX_HEIGHT / 2 + 4.5,
                              "text-anchor": "middle"}, name)]
    else:
        left = place.where == "left"
        width = text_width(name, NAME_SIZE) + 24
        shapes = [el("rect", {"class": "hit", "x": place.x - width if left else place.x - 10, "y": place.y - ROW / 2,
                              "width": width + 10, "height": ROW}),
                  el("circle", {"class": "node", "cx": place.x, "cy": place.y, "r": _radius(node.events)}),
                  el("text", {"class": "node-name", "x": place.x - 12 if left else place.x + 12, "y": place.y + 5,
                              "text-anchor": "end" if left else "start"}, name)]
    return el("a", {"class": "node-row", "href": actor_link(node.actor.id), "aria-label": _node_label(node)}, *shapes)
