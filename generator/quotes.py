"""Finding quotes of known actors in an article's prose, conservatively and deterministically.

A sentence yields a quote when it holds words in quotation marks and exactly one speaker: an
actor's name or alias (outside the quotation marks) directly followed by an attribution verb
("Asif said", "Khawaja Asif also told reporters"), or directly after a closing quotation mark and
such a verb ('..." said Asif'). Pronouns ("he said"), descriptions ("a source close to the
delegation said") and sentences naming two speakers yield nothing: the editor declares those
quotes in the article's front matter, and a declared quote always wins over a detected one.

This works on the plain text of each paragraph (as ``generator.markdown.render`` gives it), never
on HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.mentions import ActorNames

VERBS = ("said", "says", "told", "tells", "warned", "warns", "added", "adds", "stated", "states",
         "declared", "declares", "wrote", "writes", "insisted", "insists")
# After a quotation, the verb may come first: '"...," said Asif'. Not "told": '"...," told Reuters'
# names the listener.
INVERTED_VERBS = ("said", "says", "added", "adds", "warned", "warns", "wrote", "writes")
_AFTER_NAME = re.compile(r"\s+(?:(?:also|later|then|again|further)\s+)?(?:" + "|".join(VERBS) + r")\b")
_BEFORE_NAME = re.compile(r"[\"”]\s*,?\s*(?:" + "|".join(INVERTED_VERBS) + r")\s+(?:[\w.’'-]+\s+){0,4}$")
_PAIRS = {"“": "”", '"': '"'}
_ABBREVIATIONS = {"Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sen", "Rep", "Gov",
                  "St", "Jr", "Sr", "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
                  "Oct", "Nov", "Dec", "U.S", "U.K", "U.N"}
MIN_WORDS = 2  # a single word in quotation marks is a term held at arm's length, not a statement


@dataclass(frozen=True)
class FoundQuote:
    text: str
    speaker_id: str


def detect_quotes(paragraphs: tuple[str, ...], names: ActorNames) -> list[FoundQuote]:
    found: list[FoundQuote] = []
    for paragraph in paragraphs:
        spans = _quoted_spans(paragraph)
        if not spans:
            continue
        for start, end in _sentences(paragraph, spans):
            inside = [s for s in spans if start <= s[0] and s[1] <= end]
            speakers = set(_speakers(paragraph, start, end, spans, names)) if inside else set()
            if len(speakers) != 1:
                continue  # no speaker, or two: nothing to attribute safely
            speaker = speakers.pop()
            for q_start, q_end in inside:
                text = paragraph[q_start + 1 : q_end].strip().rstrip(",;:").strip()
                if len(text.split()) >= MIN_WORDS:
                    found.append(FoundQuote(text, speaker))
    return found


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) of each quotation; an unclosed mark opens none."""
    spans = []
    opening = _OPENING.search(text)
    while opening is not None:
        i = opening.start()
        end = text.find(_PAIRS[text[i]], i + 1)
        if end == -1:
            break
        spans.append((i, end))
        opening = _OPENING.search(text, end + 1)
    return spans


_OPENING = re.compile("[" + "".join(_PAIRS) + "]")


def _sentences(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence; a full stop inside a quotation ends no sentence, unless it
    ends the quotation too ('... "a positive outcome." He added')."""
    inside: set[int] = set()
    closing = {}
    for s, e in spans:
        inside.update(range(s, e + 1))
        closing[e] = s
    start = 0
    for i, char in enumerate(text):
        stop = None
        if ((char in ".!?" and i not in inside and not _abbreviation(text, i))
                or (i in closing and i > 0 and text[i - 1] in ".!?")):
            stop = i
        if stop is not None and re.match(r"\s+[A-Z“\"(]", text[stop + 1 :]):
            yield start, stop + 1
            start = stop + 1
    if start < len(text):
        yield start, len(text)


def _abbreviation(text: str, i: int) -> bool:
    """Whether the full stop at ``i`` ends an initial ("M.") or a known abbreviation ("Oct.")."""
    start = i
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1
    word = text[start:i]
    return (len(word) == 1 and word.isupper()) or word in _ABBREVIATIONS


def _speakers(text: str, start: int, end: int, spans: list[tuple[int, int]], names: ActorNames) -> Iterator[str]:
    sentence = text[:end]  # the verb must lie within the sentence
    for m_start, m_end, actor_id in names.find(text[start:end]):
        m_start, m_end = m_start + start, m_end + start
        if any(s <= m_start <= e for s, e in spans):
            continue  # a name inside the quotation is what is said, not who says it
        if _AFTER_NAME.match(sentence, m_end) or _BEFORE_NAME.search(text, start, m_start):
            yield actor_id
