import re

from hypothesis import given
from hypothesis import strategies as st

from generator.markdown import make_body_parser, render
from generator.mentions import ENV_KEY, ActorNames, MentionContext
from generator.schema import MarkdownOptions

NAMES = ActorNames({
    "Khawaja Asif": "asif",
    "Asif": "asif",
    "Khawaja M. Asif": "asif",
    "Pakistan": "pakistan",
    "Tehrik-i-Taliban Pakistan": "ttp",
    "Taliban": "taliban",
    "Pakistan's Foreign Office": "fo",
})


def run(text, names=NAMES, page="articles/a.html"):
    context = MentionContext(names, page)
    result = render(make_body_parser(MarkdownOptions()), text, {ENV_KEY: context})
    return result.html, context.counts


def test_longest_name_wins_and_words_are_whole():
    found = [(text[s:e], a) for text in ["Tehrik-i-Taliban Pakistan and Khawaja M. Asif; Asifa; Pakistani"]
             for s, e, a in NAMES.find(text)]
    assert found == [("Tehrik-i-Taliban Pakistan", "ttp"), ("Khawaja M. Asif", "asif")]


def test_matching_is_case_sensitive_and_apostrophes_are_equivalent():
    text = "pakistan said; Pakistan’s Foreign Office and Pakistan's Foreign Office"
    assert [a for _, _, a in NAMES.find(text)] == ["fo", "fo"]


def test_first_mention_in_each_section_links_relatively():
    html, counts = run("Khawaja Asif spoke. Asif spoke again.\n\n## Later\n\nAsif once more.\n")
    assert html.count('<a href="../actors/asif.html" class="actor-mention">') == 2
    assert '<a href="../actors/asif.html" class="actor-mention">Khawaja Asif</a> spoke. Asif spoke again.' in html
    assert '<p><a href="../actors/asif.html" class="actor-mention">Asif</a> once more.</p>' in html
    assert counts == {"asif": 3}


def test_headings_are_counted_but_never_linked():
    html, counts = run("## Asif speaks\n\nThe minister, Asif, spoke.\n")
    assert '<h2 id="asif-speaks">Asif speaks' in html
    assert 'minister, <a href="../actors/asif.html" class="actor-mention">Asif</a>, spoke' in html
    assert counts == {"asif": 2}


def test_never_inside_links_code_or_images():
    html, counts = run("[Asif](https://example.org) `Asif` ![Asif](x.png)\n\n    Asif in code\n")
    assert "actor-mention" not in html
    assert counts == {"asif": 1}  # the link text is a mention; code and image descriptions are not text


def test_a_link_elsewhere_does_not_stop_the_first_plain_mention_linking():
    html, _ = run("See [the report](https://example.org). Then Asif spoke.\n")
    assert 'Then <a href="../actors/asif.html" class="actor-mention">Asif</a> spoke.' in html


def test_footnotes_are_a_section_of_their_own():
    html, counts = run("Asif spoke.[^1]\n\n[^1]: Asif said so on X.\n")
    assert html.count('class="actor-mention"') == 2 and counts == {"asif": 2}


def test_markup_inside_a_paragraph_is_kept():
    html, _ = run("**Pakistan** and *Taliban* and Pakistan.\n")
    assert ('<strong><a href="../actors/pakistan.html" class="actor-mention">Pakistan</a></strong> and '
            '<em><a href="../actors/taliban.html" class="actor-mention">Taliban</a></em> and Pakistan.') in html


def test_no_actors_no_links():
    html, counts = run("Asif spoke.", names=ActorNames({}))
    assert html == "<p>Asif spoke.</p>\n" and counts == {}


def test_without_context_the_parser_links_nothing():
    assert "actor-mention" not in render(make_body_parser(MarkdownOptions()), "Asif").html


def test_excerpt_blocks_are_unchanged_by_links():
    context = MentionContext(NAMES, "articles/a.html")
    result = render(make_body_parser(MarkdownOptions()), "Khawaja Asif met Taliban envoys.\n\n## Asif\n", {ENV_KEY: context})
    assert result.blocks == ("Khawaja Asif met Taliban envoys.", "Asif")
    assert result.prose == ("Khawaja Asif met Taliban envoys.",)


def test_many_names_compile_to_one_pattern():
    names = ActorNames({f"Person {i:05d}": f"p{i}" for i in range(5000)})
    assert [a for _, _, a in names.find("Person 04999 met Person 00001.")] == ["p4999", "p1"]


def test_very_long_names_do_not_nest_the_pattern():
    long_name = "The " + "very " * 800 + "long name"
    names = ActorNames({long_name: "long", long_name + " indeed": "longer", "The": "the"})
    assert [a for _, _, a in names.find(f"{long_name} indeed. The end.")] == ["longer", "the"]


_name = st.text(alphabet="aAbB .'’-é", min_size=1, max_size=6).filter(lambda n: n.strip() == n and n)


@given(names=st.lists(_name, min_size=1, max_size=6, unique=True), text=st.text(alphabet="aAbB .'’-é\nx", max_size=60))
def test_the_trie_finds_what_a_plain_alternation_finds(names, text):
    """Whole words, longest name first: the same as one alternation of the names, longest first."""
    matcher = ActorNames({name: f"actor-{i}" for i, name in enumerate(names)})
    spellings = sorted(matcher.owners, key=lambda n: (-len(n), n))
    plain = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, spellings)) + r")(?!\w)")
    assert [(s, e) for s, e, _ in matcher.find(text)] == [m.span() for m in plain.finditer(text)]


def linked(html):
    return re.findall(r'class="actor-mention">([^<]+)</a>', html)


def test_a_name_in_quotation_marks_is_counted_but_not_linked():
    html, counts = run("The minister said \u201cAsif is wrong\u201d, and Asif denied it.\n")
    assert 'said \u201cAsif is wrong\u201d, and <a href="../actors/asif.html" class="actor-mention">Asif</a> denied' in html
    assert counts == {"asif": 2}
    for text in ['He called it "a Pakistan matter"; Pakistan agreed.',
                 "He called it \u2018a Pakistan matter\u2019; Pakistan agreed.",
                 "He called it 'a Pakistan matter'; Pakistan agreed.",
                 "\u201cTo solve the Taliban-Pakistan crisis\u201d, Pakistan said."]:
        html, counts = run(text)
        assert linked(html) == ["Pakistan"] and re.search(r"[;,] <a [^>]+>Pakistan</a> (agreed|said)", html), text
        assert counts["pakistan"] == 2, text


def test_apostrophes_open_no_quotation():
    for text in ["Pakistan\u2019s envoy and Asif\u2019s aide met.", "Pakistan's envoy and Asif's aide met.",
                 "The Talibans' leader met Pakistan\u2019s and Asif's envoys.", "\u201990s Pakistan met Asif.",
                 # An elided '90s opens no quotation for a later plural possessive to close.
                 "In the '90s Pakistan and the Talibans' leaders met Asif.",
                 "In the \u201890s Pakistan and the Talibans\u2019 leaders met Asif."]:
        assert linked(run(text)[0]) == ["Pakistan", "Asif"], text


def test_the_quotation_carries_across_emphasis_and_links_of_one_paragraph():
    html, counts = run("\u201cAsif is *right*, said [the report](https://example.org), and Pakistan too\u201d "
                       "\u2014 then Asif and Pakistan.\n")
    assert html.endswith('\u2014 then <a href="../actors/asif.html" class="actor-mention">Asif</a> and '
                         '<a href="../actors/pakistan.html" class="actor-mention">Pakistan</a>.</p>\n')
    assert linked(run('"*Asif*" and Asif\n')[0]) == ["Asif"]
    assert counts == {"asif": 2, "pakistan": 2}


def test_quotation_marks_in_code_quote_nothing():
    assert linked(run("Use `\u201c` then Asif, and `\"` Pakistan.\n")[0]) == ["Asif", "Pakistan"]


def test_the_quotation_state_resets_per_block():
    # A quotation left open runs to the paragraph's end (news style reopens it in the next one).
    html, _ = run("\u201cAsif said the talks failed.\n\nAsif spoke again.\n\n- \u201cPakistan\n- Pakistan\n")
    assert linked(html) == ["Asif", "Pakistan"]
    assert "<p>\u201cAsif said" in html and "<li>\u201cPakistan</li>" in html


def test_block_quotations_are_counted_but_not_linked():
    html, counts = run("> Pakistan indulged in talks.\n\nPakistan said so.\n")
    assert linked(html) == ["Pakistan"] and "<p>Pakistan indulged" in html and counts == {"pakistan": 2}

