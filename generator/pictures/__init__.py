"""Pictures drawn at build time as static SVG: the timeline, the actor network, source coverage.

Each is computed once from the frozen ``Briefing`` and handed to the pages that show it through
``Page.data``; a picture draws itself with the page's relative links, so the same picture can be
shown on several pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.model import Actor, Briefing, Event
from generator.pictures.coverage import CoveragePicture
from generator.pictures.network import NetworkPicture, coappearance_graph
from generator.pictures.timeline import TimelinePicture


@dataclass(frozen=True)
class Pictures:
    timeline: TimelinePicture | None
    network: NetworkPicture | None  # the whole network, for the actors index
    neighbourhoods: Mapping[str, NetworkPicture | None]  # actor id -> that actor's neighbourhood
    coverage: CoveragePicture | None


Networks = tuple[NetworkPicture | None, Mapping[str, NetworkPicture | None]]  # the whole, each actor's


class KeptNetworks:
    """The network pictures of the last build, for a builder that builds again and again (``briefing
    serve``). They are drawn from the briefing's actors and events alone: while these are the very
    objects they were (``incremental.resident`` settles every unchanged one to last build's
    object), the pictures are the same, and the pages that show them are found unchanged by
    identity, not compared picture by picture."""

    def __init__(self) -> None:
        self._drawn_from: tuple[tuple[Actor, ...], tuple[Event, ...]] = ((), ())
        self._networks: Networks | None = None

    def networks(self, briefing: Briefing) -> Networks:
        actors, events = self._drawn_from
        if (self._networks is None or not _same_objects(actors, briefing.actors)
                or not _same_objects(events, briefing.events)):
            self._networks = draw_networks(briefing)
            self._drawn_from = (briefing.actors, briefing.events)
        return self._networks


def _same_objects(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def draw_networks(briefing: Briefing) -> Networks:
    graph = coappearance_graph(briefing)
    return (NetworkPicture.whole(briefing, graph),
            {a.id: NetworkPicture.around(briefing, graph, a.id) for a in briefing.actors})


def draw_pictures(briefing: Briefing, kept: KeptNetworks | None = None) -> Pictures:
    """``kept``: the last build's network pictures, reused while drawn from the same objects."""
    network, neighbourhoods = kept.networks(briefing) if kept is not None else draw_networks(briefing)
    return Pictures(
        timeline=TimelinePicture.of(briefing),
        network=network,
        neighbourhoods=neighbourhoods,
        coverage=CoveragePicture.of(briefing),
    )
