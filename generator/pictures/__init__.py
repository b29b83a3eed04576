"""Pictures drawn at build time as static SVG: the timeline, the actor network, source coverage.

Each is computed once from the frozen ``Briefing`` and handed to the pages that show it through
``Page.data``; a picture draws itself with the page's relative links, so the same picture can be
shown on several pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.model import Briefing
from generator.pictures.coverage import CoveragePicture
from generator.pictures.network import NetworkPicture, coappearance_graph
from generator.pictures.timeline import TimelinePicture


@dataclass(frozen=True)
class Pictures:
    timeline: TimelinePicture | None
    network: NetworkPicture | None  # the whole network, for the actors index
    neighbourhoods: Mapping[str, NetworkPicture | None]  # actor id -> that actor's neighbourhood
    coverage: CoveragePicture | None


def draw_pictures(briefing: Briefing) -> Pictures:
    graph = coappearance_graph(briefing)
    return Pictures(
        timeline=TimelinePicture.of(briefing),
        network=NetworkPicture.whole(briefing, graph),
        neighbourhoods={a.id: NetworkPicture.around(briefing, graph, a.id) for a in briefing.actors},
        coverage=CoveragePicture.of(briefing),
    )
