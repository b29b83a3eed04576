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

# Capitalised words in a row on one line, with the particles names carry ("bin", "al-", "de") and
# initials ("Khawaja M. Asif"); a name is two to MAX_NAME_WORDS of them.
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
# A name holds no verb: an auxiliary or a negation inside capitalised words makes them a headline's
# clause ("Rolling Blackouts in California Have Power Experts Stumped", "AI Can Do Great Things").
# "Will" and "May" are left out: they are names as often ("Will Knight", "Theresa May").
_AUXILIARIES = frozenset({"Am", "Is", "Are", "Was", "Were", "Be", "Been", "Being", "Have", "Has", "Had", "Do", "Does",
                          "Did", "Can", "Could", "Would", "Shall", "Should", "Might", "Must"})
_CONTRACTION = re.compile(r"(?:n['\u2019]t|['\u2019](?:re|ve|ll|m|d))$", re.IGNORECASE)
# Adjectives of a people or a place end so ("South Asian neighbours", "South Korean film"): before
# a word in lower case, they describe it and name no one.
_ADJECTIVE = re.compile(r"(?:ian|ean|ese|ish)$")
# Words in lower case that may follow a name: it speaks, acts, is described or joined to another.
_AFTER_A_NAME = frozenset({"said", "says", "told", "added", "asked", "wrote", "who", "whose", "whom", "which", "and",
                           "or", "of", "is", "was", "has", "had", "will", "would", "could", "can", "may", "might",
                           "did", "does", "also", "himself", "herself", "themselves", "in", "on", "at", "to", "for",
                           "from", "with", "by", "as", "after", "before", "when", "while", "but"})
MAX_NAME_WORDS = 4  # longer runs of capitalised words are titles and headlines more often than names
MAX_CANDIDATES = 8
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\u2026]|\n)[\s\"'\u201c\u2018(\[*_>#-]*$")
_SALUTATION = re.compile(r"[ \t]*[!,]+[ \t]*(?::\w+:[ \t]*)*$", re.MULTILINE)  # "!! :wave:" ending the line
# A full stop after a title's abbreviation or an initial ends no sentence ("Sen. Elizabeth Warren").
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Cmdr|Rev|St|Jr|Sr|"
                           r"Hon|Amb|Pres|No|Co|Corp|Inc|Ltd|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|[A-Z])\."
                           r"[\s\"'\u201c\u2018(\[*_]*$")
# A short quoted run in title case is the title of a work ("“Once Upon a Time in Hollywood”").
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{1,80})[\"\u201d]")
_SMALL_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "with", "by", "from"})


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


def names_in(text: str, matcher: ActorNames, *, headline: str = "") -> Named:
    """The actors named in the headline and ``text`` (Markdown), and the capitalised names in
    ``text`` that are no actor's: candidates. A candidate is a name as prose writes one, never a
    headline's or a heading's words, the title of a work, a greeting ("Hello Jekyllers!"), a common
    word that opens a sentence ("From Phoenix"), a clause or an adjective."""
    counts: dict[str, int] = {}
    matcher.count(headline + "\n" + text, counts)
    known = [name.casefold() for name in matcher.owners]
    prose = _prose(text)
    lower_case = frozenset(re.findall(r"\b[a-z][\w'\u2019-]*", prose))
    found: Counter[str] = Counter()
    for match in _NAME.finditer(prose):
        words = match.group(0).split()
        titled = [i for i, word in enumerate(words) if word in _TITLES]
        if titled:
            words = words[titled[-1] + 1:]
        elif _opens_sentence(prose, match.start()):
            if _SALUTATION.match(prose, match.end()) and prose[max(0, match.start() - 1):match.start()] in ("", "\n"):
                continue  # "Hello Jekyllers!", "Hi Jekyllers,": a line that greets the reader
            if words[0].lower() in lower_case:
                words = words[1:]  # "From Phoenix": a word the text also writes in lower case
        while words and (words[0] in _NOT_NAMES or words[0].endswith(("\u2019s", "'s"))):
            words = words[1:]
        if not 2 <= len(words) <= MAX_NAME_WORDS or words[0].endswith(".") or words[-1].endswith("."):
            continue
        if any(word in _AUXILIARIES or _CONTRACTION.search(word) for word in words):
            continue
        if _ADJECTIVE.search(words[-1]) and _describes_next(prose, match.end()):
            continue
        name = " ".join(words)
        if not any(name.casefold() in k or k in name.casefold() for k in known):
            found[name] += 1
    return Named(dict(sorted(counts.items())), sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES])


def _prose(text: str) -> str:
    """``text`` without its headings and the titles of works quoted in it, blanked where they were
    (so that what is left never runs into one name across them)."""
    lines = [" " * len(line) if line.lstrip().startswith("#") else line for line in text.split("\n")]

    def blank_titles(match: re.Match[str]) -> str:
        words = re.findall(r"[\w'\u2019-]+", match.group(1))
        title_case = len(words) <= 8 and all(w[:1].isupper() or w in _SMALL_WORDS for w in words)
        return " " * len(match.group(0)) if words and title_case and words[0][:1].isupper() else match.group(0)

    return _QUOTED.sub(blank_titles, "\n".join(lines))


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 12):start]
    return not start or (bool(_SENTENCE_END.search(before)) and not _ABBREVIATION.search(before))


def _describes_next(text: str, end: int) -> bool:
    """Whether the words before ``end`` are followed by a word in lower case that they describe."""
    following = re.match(r"[ \t]+([a-z][\w-]*)", text[end:end + 40])
    return following is not None and following.group(1) not in _AFTER_A_NAME


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
