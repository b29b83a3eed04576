"""Who appears with whom: actors linked by the events they share, grouped by the side they are on.

The graph (an edge per pair of actors in the same event, weighted by how many events they share)
is built once per briefing. The actors index shows the whole network, its actors in camps: the
sides their ``side`` names (Pakistan, Afghanistan...), the mediators, the others; each actor's
page only that actor's neighbourhood, so its cost does not grow with the site. How each is drawn
is in generator.pictures.network_draw.

The layout is deterministic by construction: orders come from a breadth-first search or a
fixed number of rounds whose ties are broken by a stable key (links, then the actor's place in
the briefing), and coordinates are whole multiples of the row height. No random seed, no
trigonometry.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Literal

from markupsafe import Markup

from generator.model import Actor, Briefing
from generator.pictures.network_draw import draw_arcs, draw_sides

Variant = Literal["wide", "narrow"]
MAX_ACTORS = 30  # the whole network: the best-connected actors
MAX_NEIGHBOURS = 16  # an actor's page: the actors they share the most events with


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
class Camp:
    """Actors on one side: a side named in the actors' ``side`` (the part before any
    parenthesis: "Afghanistan (Taliban government)" is Afghanistan's), the mediators, the others."""

    label: str
    nodes: tuple[Node, ...]  # the strongest linked first
    kind: str  # "side": a side named in the actors' data; "mediators"; "others"


MEDIATORS, OTHERS = "Mediators", "Others"


def camp_of(actor: Actor, by_name: dict[str, Actor]) -> tuple[str, str]:
    """The camp's label and kind for an actor. A side that names another actor ("Tehreek-e-Taliban
    Pakistan", for its deputy leader) is that actor's camp. A side named "Mediators" (in any case),
    and a mediator state with no side, are the mediators' camp: drawn after the two largest sides,
    not ranked among them by size."""
    if actor.side:
        side = actor.side.split(" (")[0].strip() or actor.side
        other = by_name.get(side)
        if other is not None and other is not actor and other.side:
            side = other.side.split(" (")[0].strip() or other.side
        if side.casefold() == MEDIATORS.casefold():
            return MEDIATORS, "mediators"
        return side, "side"
    if actor.kind == "mediator-state":
        return MEDIATORS, "mediators"
    return OTHERS, "others"


def _camps(briefing: Briefing, nodes: tuple[Node, ...], graph: CoappearanceGraph) -> tuple[Camp, ...]:
    """The nodes by camp: the two sides with most actors first (drawn left and right), then the
    mediators, the other sides (largest first) and the others; in each, the best linked first."""
    by_name = {a.name: a for a in briefing.actors}
    found: dict[str, tuple[str, list[Node]]] = {}
    for node in nodes:
        label, kind = camp_of(node.actor, by_name)
        found.setdefault(label, (kind, []))[1].append(node)
    stable = _stable_key(graph)
    camps = [Camp(label, tuple(sorted(members, key=lambda n: stable(n.actor.id))), kind)
             for label, (kind, members) in found.items()]
    order = {"side": 0, "mediators": 1, "others": 2}
    sides = sorted((c for c in camps if c.kind == "side"), key=lambda c: (-len(c.nodes), c.label))
    rest = sorted((c for c in camps if c.kind != "side"), key=lambda c: order[c.kind])
    return (*sides[:2], *rest[:1], *sides[2:], *rest[1:]) if len(sides) >= 2 else (*sides, *rest)


@dataclass(frozen=True)
class NetworkPicture:
    nodes: tuple[Node, ...]  # top to bottom, in the arc diagram
    links: tuple[Link, ...]  # strongest first
    focus: Actor | None  # the actor whose neighbourhood this is; None for the whole network
    left_out: int  # actors with links who are not drawn (beyond the limit)
    unlinked: tuple[Actor, ...]  # whole network: actors who share no event with another
    camps: tuple[Camp, ...] = ()  # whole network: the nodes by side

    @classmethod
    def whole(cls, briefing: Briefing, graph: CoappearanceGraph) -> NetworkPicture | None:
        linked = [n for n in graph if graph.shared[n]]
        if not linked:
            return None
        key = _stable_key(graph)
        kept = sorted(linked, key=key)[:MAX_ACTORS]
        unlinked = tuple(briefing.actor(n) for n in graph if not graph.shared[n])
        sub = graph.among(kept)
        picture = cls._of(briefing, sub, None, len(linked) - len(kept), unlinked)
        camps = _camps(briefing, picture.nodes, sub)
        return replace(picture, camps=camps) if len(camps) > 1 else picture

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
    def by_side(self) -> bool:
        """Whether the whole network is drawn by side: two sides at least."""
        return sum(1 for camp in self.camps if camp.kind == "side") >= 2

    @property
    def description(self) -> str:
        if self.focus:
            partners = "; ".join(f"{self.other(link).name}, {_events(link.weight)}"
                                 for link in self.shared_with_focus()[:3])
            summary = (f"{self.focus.name} is the top row, the others follow by events shared. "
                       f"{self.focus.name} appears most often with: {partners}.")
            shape = "An arc diagram: each actor is a row, and an arc joins two actors named in the same event"
        else:
            strongest = "; ".join(f"{link.a.name} and {link.b.name}, {_events(link.weight)}" for link in self.links[:3])
            summary = f"The strongest links: {strongest}."
            camps = "; ".join(f"{camp.label}: {_actors(len(camp.nodes))}" for camp in self.camps)
            shape = (f"The actors grouped by side ({camps}); a line joins two actors named in the same event"
                     if self.camps else "An arc diagram: each actor is a row, and an arc joins two actors named in "
                     "the same event")
        return (
            f"{shape}; the thicker the line, the more events they share. {summary} Every actor's name links to "
            "their page, and the pairs are listed in text on this page."
        )

    def shared_with_focus(self) -> tuple[Link, ...]:
        return tuple(link for link in self.links if self.focus in (link.a, link.b))

    def other(self, link: Link) -> Actor:
        return link.b if link.a == self.focus else link.a

    def svg(self, actor_link: Callable[[str], str], variant: Variant = "wide", id_prefix: str = "network") -> Markup:
        """The neighbourhood as an arc diagram; the whole network, when it has two sides, in columns
        by side (``wide``) or as an arc diagram in groups (``narrow``, for phones); else as one arc
        diagram (in groups, if it has camps), whatever the ``variant``."""
        if not self.by_side:
            return draw_arcs(self, actor_link, id_prefix, narrow=False)
        if variant == "wide":
            return draw_sides(self, actor_link, f"{id_prefix}-wide")
        return draw_arcs(self, actor_link, f"{id_prefix}-narrow", narrow=True)


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
