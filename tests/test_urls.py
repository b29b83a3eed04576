import posixpath
from urllib.parse import unquote

import pytest
from hypothesis import given, strategies as st

from generator.urls import Links, relative


@pytest.mark.parametrize("from_page, to_path, expected", [
    ("index.html", "timeline/index.html", "timeline/index.html"),
    ("actors/bob.html", "index.html", "../index.html"),
    ("actors/bob.html", "actors/bob.html", "bob.html"),
    ("actors/bob.html", "timeline/index.html#event-x", "../timeline/index.html#event-x"),
    ("index.html", "static/img/map of Doha.png", "static/img/map%20of%20Doha.png"),
    ("index.html", "articles/کابل.html", "articles/%DA%A9%D8%A7%D8%A8%D9%84.html"),
    ("index.html", "timeline/index.html#event-кабул", "timeline/index.html#event-%D0%BA%D0%B0%D0%B1%D1%83%D0%BB"),
    ("index.html", 'static/a"b<c>.css', "static/a%22b%3Cc%3E.css"),
])
def test_relative_links_are_percent_encoded(from_page, to_path, expected):
    assert relative(from_page, to_path) == expected


def test_links_helpers():
    link = Links("articles/a.html")
    assert link.static("css/style.css") == "../static/css/style.css"
    assert link.event("meeting") == "../timeline/index.html#event-meeting"


paths = st.lists(st.sampled_from(["a", "b", "actors", "x y", "index.html", "é.html"]), min_size=1, max_size=4).map("/".join)


@given(paths, paths)
def test_relative_paths_are_those_of_posixpath(from_page, to_path):
    expected = posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")
    if to_path == from_page:
        expected = posixpath.basename(to_path)
    assert unquote(relative(from_page, to_path)) == expected
