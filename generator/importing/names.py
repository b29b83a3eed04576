"""Who and what an imported article names: the briefing's actors it mentions, capitalised names
that are no actor yet (candidates for ``briefing new actor``), and its outlet among the briefing's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.mentions import ActorNames
from generator.schema import ActorSpec, OutletSpec

# Two to five capitalised words on one line, with the particles names carry ("bin", "al-", "de")
# and initials ("Khawaja M. Asif").
_WORD = r"(?:[A-Z](?:[a-z\u00e0-\u024f'\u2019-]+[\w'\u2019-]*|\.))"
_NAME = re.compile(rf"\b{_WORD}(?:[ \t]+(?:(?:bin|ibn|al|el|de|da|van|von|der|du)[ \t]+)?{_WORD}){{1,6}}")
_NOT_NAMES = frozenset({"The", "A", "An", "In", "On", "At", "But", "And", "Or", "If", "When", "While", "After",
                        "Before", "As", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "Mr",
                        "Mrs", "Ms", "Dr", "Sir", "According", "Meanwhile", "However", "Asked", "Both", "During",
                        "Acting", "Former", "Deputy", "Read", "See"})
# Titles before a name: "Defence Minister Khawaja Asif" names Khawaja Asif.
_TITLES = frozenset({"Minister", "President", "Secretary", "Spokesperson", "Spokesman", "Spokeswoman", "Chancellor",
                     "General", "Governor", "Senator", "Rep.", "Representative", "Mayor", "King", "Queen", "Prince",
                     "Chief", "Director", "Ambassador", "Commander", "Judge", "Justice", "Leader", "Chairman", "Envoy"})
MAX_CANDIDATES = 8


@dataclass(frozen=True)
class Named:
    actors: dict[str, int]  # actor id -> mentions
    candidates: list[tuple[str, int]]  # capitalised names that are no actor's, most frequent first


def actor_names(actors: Sequence[ActorSpec]) -> ActorNames:
    """The build's matcher of the actors' names and aliases (an actor's own name first)."""
    owners: dict[str, str] = {}
    for name, actor_id in [(a.name, a.id) for a in actors] + [(n, a.id) for a in actors for n in a.aliases]:
        owners.setdefault(name, actor_id)
    return ActorNames(owners)


def names_in(text: str, matcher: ActorNames) -> Named:
    counts: dict[str, int] = {}
    matcher.count(text, counts)
    known = [name.casefold() for name in matcher.owners]
    found: Counter[str] = Counter()
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        titled = [i for i, word in enumerate(words) if word in _TITLES]
        if titled:
            words = words[titled[-1] + 1:]
        while words and (words[0] in _NOT_NAMES or words[0].endswith(("\u2019s", "'s"))):
            words = words[1:]
        if len(words) < 2 or words[-1].endswith("."):
            continue
        name = " ".join(words)
        if not any(name.casefold() in k or k in name.casefold() for k in known):
            found[name] += 1
    return Named(dict(sorted(counts.items())), sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES])


def match_outlet(name: str | None, home: str | None, outlets: Sequence[OutletSpec]) -> OutletSpec | None:
    """The briefing's outlet with this name (case and punctuation aside) or this web site."""
    if name:
        wanted = _key(name)
        for outlet in outlets:
            if _key(outlet.name) == wanted or outlet.id == wanted.replace(" ", "-"):
                return outlet
    host = _host(home)
    if host:
        for outlet in outlets:
            if outlet.url and _host(outlet.url) == host:
                return outlet
    return None


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _host(url: str | None) -> str:
    if not url:
        return ""
    host = urlsplit(url).netloc.lower()
    return host.removeprefix("www.")
