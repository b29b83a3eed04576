"""Pictures drawn at build time as static SVG: the timeline, the actor network, source coverage.

Each is computed once from the frozen ``Briefing`` and handed to the pages that show it through
``Page.data``; a picture draws itself with the page's relative links, so the same picture can be
shown on several pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Briefing
from generator.pictures.timeline import TimelinePicture


@dataclass(frozen=True)
class Pictures:
    timeline: TimelinePicture | None


def draw_pictures(briefing: Briefing) -> Pictures:
    return Pictures(
        timeline=TimelinePicture.of(briefing),
    )
