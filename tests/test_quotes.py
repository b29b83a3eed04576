import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.mentions import ActorNames
from generator.quotes import FoundQuote, _quoted_spans, detect_quotes

NAMES = ActorNames({"Khawaja Asif": "asif", "Asif": "asif", "Tahir Andrabi": "andrabi", "Andrabi": "andrabi",
                    "Taliban": "taliban", "Afghan Taliban": "taliban", "Pakistan": "pakistan", "Reuters": "reuters"})


def found(*paragraphs):
    return [(q.speaker_id, q.text) for q in detect_quotes(paragraphs, NAMES)]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ('"We have our options," Asif said in an interview.', [("asif", "We have our options")]),
        ("“We hope that wisdom prevails,” Pakistan Defense Minister Khawaja Asif told reporters on Wednesday.",
         [("asif", "We hope that wisdom prevails")]),
        ('Asif also said relations "cannot return to normal" soon.', [("asif", "cannot return to normal")]),
        ('Tahir Andrabi said: "Talks will go on." Then he left.', [("andrabi", "Talks will go on.")]),
        ('“The talks will resume,” said Foreign Office spokesperson Tahir Andrabi.', [("andrabi", "The talks will resume")]),
        ("“First part,” Asif said, “and second part.”", [("asif", "First part"), ("asif", "and second part.")]),
    ],
)
def test_a_named_speaker_with_an_attribution_verb_is_detected(paragraph, expected):
    assert found(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        'He said Islamabad is pursuing a “one-point agenda” of talks.',  # a pronoun: declare it instead
        'A source close to the Afghan Taliban delegation said that “Most issues have been resolved.”',  # not the actor
        'Asif issued a warning, saying the Taliban could be "completely obliterated" soon.',  # no verb next to the name
        'Asif dismissed the claim that fighters are "Pakistani refugees" returning home.',  # someone else's words
        '"Pakistan must act now," Andrabi said, and Asif said "the same thing as before".',  # two speakers
        'India said the efforts to "practice" terrorism are unacceptable, Asif said.',  # one word is not a quote
        '"We will talk," four sources told Reuters on Thursday.',  # the listener, not the speaker
        '“Asif said nothing at all,” a diplomat said.',  # the name is inside the quotation
        'Asif said the talks failed.',  # nothing in quotation marks
        'Asif said "the talks failed.',  # an unclosed quotation
    ],
)
def test_conservative_nothing_is_detected(paragraph):
    assert found(paragraph) == []


def test_the_sentence_bounds_the_attribution():
    paragraph = 'Andrabi spoke. Peace depends on "real action by Kabul" now. Asif said nothing new.'
    assert found(paragraph) == []
    paragraph = 'Andrabi expressed hope for "a positive outcome." He added, Asif said, nothing.'
    assert found(paragraph) == []


def test_a_full_stop_inside_a_quotation_does_not_end_the_sentence():
    paragraph = '"We fought. We talked. We will see," Asif said.'
    assert found(paragraph) == [("asif", "We fought. We talked. We will see")]


def test_initials_and_abbreviations_do_not_end_sentences():
    names = ActorNames({"Khawaja M. Asif": "asif"})
    assert detect_quotes(('Oct. 19: "No deal yet," Khawaja M. Asif said.',), names) == [FoundQuote("No deal yet", "asif")]


def test_detection_is_deterministic_and_ordered():
    paragraphs = ('"One two," Asif said.', '"Three four," Andrabi said.')
    assert found(*paragraphs) == [("asif", "One two"), ("andrabi", "Three four")]


def _quoted_spans_char_by_char(text):
    """The definition _quoted_spans keeps: each opening mark, and the next matching closing mark."""
    pairs = {"“": "”", '"': '"'}
    spans, i = [], 0
    while i < len(text):
        closer = pairs.get(text[i])
        if closer is not None:
            end = text.find(closer, i + 1)
            if end == -1:
                break
            spans.append((i, end))
            i = end
        i += 1
    return spans


@given(st.text(alphabet='ab “”"\'.', max_size=40))
def test_quoted_spans_are_found_as_defined(text):
    assert _quoted_spans(text) == _quoted_spans_char_by_char(text)
