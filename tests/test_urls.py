import posixpath
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def _relative_by_relpath(from_page: str, to_path: str) -> str:
    """The definition ``relative`` must keep: posixpath.relpath, percent-encoded."""
    import posixpath
    from urllib.parse import quote

    safe = "/!$&'()*+,;=:@"
    fragment = ""
    if "#" in to_path:
        to_path, fragment = to_path.split("#", 1)
        fragment = "#" + quote(fragment, safe=safe + "?")
    if not to_path:
        return fragment
    if to_path == from_page:
        return fragment or quote(posixpath.basename(to_path), safe=safe)
    return quote(posixpath.relpath(to_path, posixpath.dirname(from_page) or "."), safe=safe) + fragment


_segment = st.sampled_from(["a", "b", "articles", "actors", "index.html", "x.html", "map of Doha.png", "کابل", "..",
                            ".", "", "a?b", "%", "A~b"])
_path = st.lists(_segment, min_size=1, max_size=4).map("/".join)


@given(from_page=_path, to_path=_path, fragment=st.none() | st.sampled_from(["", "event-x", "кабул", "a?b#c"]))
def test_relative_is_relpath_percent_encoded(from_page, to_path, fragment):
    target = to_path if fragment is None else f"{to_path}#{fragment}"
    try:
        expected = _relative_by_relpath(from_page, target)
    except ValueError:  # relpath refuses an empty path; so must relative
        with pytest.raises(ValueError):
            relative(from_page, target)
        return
    assert relative(from_page, target) == expected
    assert Links(from_page).to(target) == expected
