"""Who appears with whom: actors linked by the events they share, drawn as an arc diagram.

The graph (an edge per pair of actors in the same event, weighted by how many events they share)
is built once per briefing. It is drawn as an arc diagram: one actor per
row, names in a column legible at phone width, arcs to the right whose thickness is the number of
shared events. The actors index shows the whole network; each actor's page only that actor's
neighbourhood, so its cost does not grow with the site.

The layout is deterministic by construction: the order of the rows comes from a breadth-first
search whose ties are broken by a stable key (links, then the actor's place in the
briefing), and coordinates are whole multiples of the row height. No random seed, no iteration,
no trigonometry: the arcs are SVG elliptical arcs between two points on one vertical line.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

from markupsafe import Markup

from generator.model import Actor, Briefing
from generator.pictures.svg import el, join, num, path_data, shorten, text_width

MAX_ACTORS = 30  # the whole network: the best-connected actors
MAX_NEIGHBOURS = 16  # an actor's page: the actors they share the most events with
ROW = 24.0
TOP = 14.0
NAME_SIZE = 14.0
MAX_NAME_WIDTH = 200.0  # longer names are shortened (the link's label and the table keep them whole)
COUNT_WIDTH = 24.0  # a neighbourhood: the column of shared events between names and nodes
MAX_ARC_WIDTH = 190.0


@dataclass(frozen=True)
class Node:
    actor: Actor
    events: int  # how many events the actor is in


@dataclass(frozen=True)
class Link:
    a: Actor
    b: Actor
    weight: int  # events the two share


@dataclass
class CoappearanceGraph:
    """Actors (by id, in the order added) and, for every two that share events, how many. Small
    enough (a briefing's actors) to be kept here: networkx, which drew it before, took 0.17 s of
    the start of every command for a breadth-first search."""

    rank: dict[str, int] = field(default_factory=dict)  # the actor's place in the briefing
    events: dict[str, int] = field(default_factory=dict)  # how many events the actor is in
    shared: dict[str, dict[str, int]] = field(default_factory=dict)  # actor -> partner -> events shared

    def add_actor(self, actor_id: str, rank: int, events: int) -> None:
        self.rank[actor_id], self.events[actor_id] = rank, events
        self.shared.setdefault(actor_id, {})

    def add_shared(self, a: str, b: str, events: int = 1) -> None:
        """``events`` more shared by ``a`` and ``b`` (both added already)."""
        self.shared[a][b] = self.shared[b][a] = self.shared[a].get(b, 0) + events

    def __iter__(self) -> Iterator[str]:
        return iter(self.shared)

    def weight(self, a: str, b: str) -> int:
        """Events ``a`` and ``b`` share (0: no link)."""
        return self.shared[a].get(b, 0)

    def strength(self, actor_id: str) -> int:
        """Events shared with anyone, counted once per partner."""
        return sum(self.shared[actor_id].values())

    def links(self) -> Iterator[tuple[str, str, int]]:
        """Each link once: (actor, partner, events shared)."""
        seen: set[str] = set()
        for a, partners in self.shared.items():
            seen.add(a)
            yield from ((a, b, w) for b, w in partners.items() if b not in seen)

    def among(self, actor_ids: list[str]) -> CoappearanceGraph:
        """The part of the graph among ``actor_ids`` (a few dozen), as a graph of its own: on
        each actor's page only the neighbourhood is read, never the best-linked actor's links,
        which grow with the briefing."""
        sub = CoappearanceGraph()
        for n in actor_ids:
            sub.add_actor(n, self.rank[n], self.events[n])
        for a, b in combinations(actor_ids, 2):
            if weight := self.weight(a, b):
                sub.add_shared(a, b, weight)
        return sub

    def groups(self) -> list[set[str]]:
        """The connected groups of actors."""
        found: list[set[str]] = []
        placed: set[str] = set()
        for start in self.shared:
            if start not in placed:
                group = set(self.reached_from(start, key=self.rank.__getitem__))
                placed |= group
                found.append(group)
        return found

    def reached_from(self, start: str, key: Callable[[str], tuple[int, ...] | int]) -> list[str]:
        """Breadth-first from ``start``: each actor's partners in the order of ``key``."""
        order, seen, queue = [start], {start}, deque([start])
        while queue:
            for partner in sorted(self.shared[queue.popleft()], key=key):
                if partner not in seen:
                    seen.add(partner)
                    order.append(partner)
                    queue.append(partner)
        return order


def coappearance_graph(briefing: Briefing) -> CoappearanceGraph:
    """Actors as nodes (with their rank in the briefing and their number of events), an edge for
    every two actors named in the same event, weighted by how many such events there are."""
    graph = CoappearanceGraph()
    rank = {actor.id: i for i, actor in enumerate(briefing.actors)}
    for actor in briefing.actors:
        graph.add_actor(actor.id, rank[actor.id], len(briefing.events_of_actor(actor.id)))
    for event in briefing.events:
        for a, b in combinations(sorted(set(event.actor_ids), key=rank.__getitem__), 2):
            graph.add_shared(a, b)
    return graph


@dataclass(frozen=True)
class NetworkPicture:
    nodes: tuple[Node, ...]  # top to bottom
    links: tuple[Link, ...]  # strongest first
    focus: Actor | None  # the actor whose neighbourhood this is; None for the whole network
    left_out: int  # actors with links who are not drawn (beyond the limit)
    unlinked: tuple[Actor, ...]  # whole network: actors who share no event with another

    @classmethod
    def whole(cls, briefing: Briefing, graph: CoappearanceGraph) -> NetworkPicture | None:
        linked = [n for n in graph if graph.shared[n]]
        if not linked:
            return None
        key = _stable_key(graph)
        kept = sorted(linked, key=key)[:MAX_ACTORS]
        unlinked = tuple(briefing.actor(n) for n in graph if not graph.shared[n])
        return cls._of(briefing, graph.among(kept), None, len(linked) - len(kept), unlinked)

    @classmethod
    def around(cls, briefing: Briefing, graph: CoappearanceGraph, actor_id: str) -> NetworkPicture | None:
        neighbours = graph.shared[actor_id]
        if not neighbours:
            return None
        kept = sorted(neighbours, key=lambda n: (-neighbours[n], graph.rank[n]))[:MAX_NEIGHBOURS]
        sub = graph.among([actor_id, *kept])
        return cls._of(briefing, sub, briefing.actor(actor_id), len(neighbours) - len(kept), ())

    @classmethod
    def _of(cls, briefing: Briefing, sub: CoappearanceGraph, focus: Actor | None, left_out: int,
            unlinked: tuple[Actor, ...]) -> NetworkPicture:
        order = row_order(sub, focus.id if focus else None)
        position = {n: i for i, n in enumerate(order)}
        nodes = tuple(Node(briefing.actor(n), sub.events[n]) for n in order)
        pairs = sorted(sub.links(), key=lambda e: (-e[2], *sorted((position[e[0]], position[e[1]]))))
        links = []
        for a, b, w in pairs:
            first, second = sorted((a, b), key=position.__getitem__)
            links.append(Link(briefing.actor(first), briefing.actor(second), w))
        return cls(nodes, tuple(links), focus, left_out, unlinked)

    @property
    def title(self) -> str:
        others = len(self.nodes) - 1 if self.focus else len(self.nodes)
        if self.focus:
            return f"Who appears with {self.focus.name}: {_actors(others)} in the same events"
        return f"Who appears with whom: {_actors(others)} linked by the events they share"

    @property
    def description(self) -> str:
        if self.focus:
            partners = "; ".join(f"{self.other(link).name}, {_events(link.weight)}" for link in self.shared_with_focus()[:3])
            summary = (f"{self.focus.name} is the top row, the others follow by events shared. "
                       f"{self.focus.name} appears most often with: {partners}.")
        else:
            strongest = "; ".join(f"{link.a.name} and {link.b.name}, {_events(link.weight)}" for link in self.links[:3])
            summary = f"The strongest links: {strongest}."
        return (
            "An arc diagram: each actor is a row, and an arc joins two actors named in the same event; the "
            f"thicker the arc, the more events they share. {summary} Every actor's name links to their page, "
            "and the pairs are listed in text on this page."
        )

    def shared_with_focus(self) -> tuple[Link, ...]:
        return tuple(link for link in self.links if self.focus in (link.a, link.b))

    def other(self, link: Link) -> Actor:
        return link.b if link.a == self.focus else link.a

    def svg(self, actor_link: Callable[[str], str], id_prefix: str = "network") -> Markup:
        return _draw(self, actor_link, id_prefix)


def _actors(n: int) -> str:
    return "one actor" if n == 1 else f"{n} actors"


def _events(n: int) -> str:
    return "one event" if n == 1 else f"{n} events"


def _stable_key(graph: CoappearanceGraph) -> Callable[[str], tuple[int, int]]:
    """Most linked first (by shared events), then by the actor's place in the briefing."""
    strength = {n: graph.strength(n) for n in graph}
    return lambda n: (-strength[n], graph.rank[n])


def row_order(graph: CoappearanceGraph, root: str | None = None) -> list[str]:
    """The rows, top to bottom: each connected group of actors in turn (largest first), spread
    out from its best-linked actor in the middle, its strongest partners nearest; or, around
    ``root``, root first and then its partners by the events they share with it."""
    stable = _stable_key(graph)

    def key(n: str) -> tuple[int, ...]:
        if root is None:
            return stable(n)
        # a neighbourhood: root first, then its partners by the events they share with it
        return (0, 0, 0) if n == root else (-graph.weight(root, n), *stable(n))

    groups = sorted(graph.groups(), key=lambda c: (root not in c, -len(c), min(map(key, c))))
    order: list[str] = []
    for group in groups:
        start = root if root in group else min(group, key=key)
        found = graph.reached_from(start, key)
        order += found if root is not None else _centred(found)
    return order


def _centred(sequence: list[str]) -> list[str]:
    """The first item in the middle, the others alternately below and above it, nearest first."""
    return sequence[2::2][::-1] + sequence[:1] + sequence[1::2]


@dataclass(frozen=True)
class _Columns:
    """Where things go across: names (right-aligned), counts, nodes, then arcs to the right."""

    names_right: float
    counts_right: float
    node_x: float
    squeeze: float  # arcs are half-ellipses, narrowed by this to fit
    width: float


def _columns(picture: NetworkPicture, y: dict[str, float]) -> _Columns:
    names = max(text_width(n.actor.name, NAME_SIZE, bold=n.actor == picture.focus) for n in picture.nodes)
    names_right = 4 + min(names, MAX_NAME_WIDTH)
    counts_right = names_right + (COUNT_WIDTH if picture.focus else 0)
    node_x = counts_right + 14
    widest = max((abs(y[link.a.id] - y[link.b.id]) / 2 for link in picture.links), default=0.0)
    arcs = min(widest, MAX_ARC_WIDTH)
    return _Columns(names_right, counts_right, node_x, arcs / widest if widest else 1.0, node_x + arcs + 10)


def _draw(picture: NetworkPicture, actor_link: Callable[[str], str], ids: str) -> Markup:
    height = TOP * 2 + ROW * (len(picture.nodes) - 1)
    y = {node.actor.id: TOP + ROW * i for i, node in enumerate(picture.nodes)}
    columns = _columns(picture, y)
    arcs = []
    for link in sorted(picture.links, key=lambda link: link.weight):  # the strongest drawn last, on top
        y1, y2 = sorted((y[link.a.id], y[link.b.id]))
        ry = (y2 - y1) / 2
        d = path_data(("M", columns.node_x, y1)) + f"A{num(ry * columns.squeeze)} {num(ry)} 0 0 1 {num(columns.node_x)} {num(y2)}"
        # In a neighbourhood the actor's own links carry the picture; the links between their
        # partners are drawn thin and faint, for context.
        own = picture.focus is None or picture.focus in (link.a, link.b)
        band = min(link.weight, 3) if own else 1
        cls = f"edge edge-w{band}" + (" edge-own" if own else "")
        arcs.append(el("path", {"class": cls, "d": d, "stroke-width": _thickness(link.weight) if own else 1},
                       el("title", {}, f"{link.a.name} and {link.b.name}: {_events(link.weight)} together")))
    shared = {picture.other(link).id: link.weight for link in picture.shared_with_focus()} if picture.focus else {}
    nodes = [_node(node, y[node.actor.id], picture.focus, shared.get(node.actor.id), columns, actor_link)
             for node in picture.nodes]
    parts = [
        el("title", {"id": f"{ids}-title"}, picture.title),
        el("desc", {"id": f"{ids}-desc"}, picture.description),
        el("g", {"class": "edges", "aria-hidden": "true"}, *arcs),
        *nodes,
    ]
    return el("svg", {
        "class": "picture-svg network-svg", "viewBox": f"0 0 {num(columns.width)} {num(height)}",
        "width": columns.width, "height": height, "role": "group",
        "aria-labelledby": f"{ids}-title", "aria-describedby": f"{ids}-desc",
    }, "\n", join(parts), "\n")


def _thickness(weight: int) -> float:
    return min(1.25 + (weight - 1) * 0.75, 7.0)


def _radius(events: int) -> float:
    return min(3.5 + events * 0.25, 8.0)


def _node(node: Node, y: float, focus: Actor | None, shared: int | None, columns: _Columns,
          actor_link: Callable[[str], str]) -> Markup:
    is_focus = node.actor == focus
    name = shorten(node.actor.name, NAME_SIZE, MAX_NAME_WIDTH, bold=is_focus)
    shapes = [
        el("rect", {"class": "hit", "x": 0, "y": y - ROW / 2, "width": columns.node_x + 10, "height": ROW}),
        el("circle", {"class": "node node-focus" if is_focus else "node", "cx": columns.node_x, "cy": y,
                      "r": _radius(node.events)}),
    ]
    # Name and count in one <text>, so that they are read as one phrase.
    count = [el("tspan", {"class": "node-count", "x": columns.counts_right}, f" {shared}")] if shared is not None else []
    shapes.append(el("text", {"class": "node-name node-focus-name" if is_focus else "node-name", "x": columns.names_right,
                              "y": y + 5, "text-anchor": "end"}, name, *count))
    if is_focus:
        return el("g", {"class": "node-row"}, *shapes)
    label = f"{node.actor.name}, in {_events(node.events)}"
    if focus is not None and shared is not None:
        # digits, as shown: the visible text must be part of the link's name
        label = f"{node.actor.name}, {shared} event{'' if shared == 1 else 's'} with {focus.name}"
    return el("a", {"class": "node-row", "href": actor_link(node.actor.id), "aria-label": label}, *shapes)
