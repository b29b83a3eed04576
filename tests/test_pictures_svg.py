from generator.pictures.svg import el, num, shorten, text_width, wrap


def test_numbers_are_rounded_to_a_tenth_without_minus_zero():
    assert [num(v) for v in (0.0, -0.0, -0.04, 1.25, 2.0, 3.14159, -7.96, 1e-17)] == \
        ["0", "0", "0", "1.2", "2", "3.1", "-8", "0"]


def test_elements_escape_text_and_keep_attribute_order():
    markup = el("text", {"y": 2, "x": 1.05, "class": None, "data-a": "<&>"}, "a < b & “c”")
    assert markup == '<text y="2" x="1.1" data-a="&lt;&amp;&gt;">a &lt; b &amp; “c”</text>'
    assert el("rect", {"width": 3}) == '<rect width="3"/>'


def test_wrap_keeps_every_word_and_respects_the_width():
    title = "Khawaja Asif warns the Taliban government could be “completely obliterated”"
    lines = wrap(title, 13, 200, 5)
    assert " ".join(lines) == title
    assert all(text_width(line, 13) <= 200 for line in lines) and len(lines) > 1


def test_wrap_shortens_the_last_line_with_an_ellipsis():
    lines = wrap("one two three four five six seven eight nine ten", 13, 60, 2)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(text_width(line, 13) <= 60 for line in lines)


def test_shorten_cuts_at_a_word_or_inside_one_word():
    assert shorten("Tehreek-e-Taliban Pakistan", 13, 1000) == "Tehreek-e-Taliban Pakistan"
    assert shorten("Tehreek-e-Taliban Pakistan", 13, 160) == "Tehreek-e-Taliban…"
    short = shorten("Supercalifragilistic", 13, 50)
    assert short.endswith("…") and text_width(short, 13) <= 50
