"""Source coverage: outlets (and articles with no outlet) by the events they support."""

import pytest

from generator.build import build_site
from generator.pictures.coverage import CoveragePicture, column_label
from generator.pictures.svg import text_width
from sitecheck import broken_links
from sitefiles import load_valid
from svgcheck import assert_text_alternative, page_svgs, parse_svg, text_of


def article(name, date, outlet=None):
    return f"---\ntitle: Article {name}\ndate: {date}\n" + (f"outlet: {outlet}\n" if outlet else "") + "---\nText.\n"


FILES = {
    "content/articles/second.md": article("two", "2025-10-20", "wire"),
    "content/articles/anon-a.md": article("anon A", "2025-10-21"),
    "content/articles/anon-b.md": article("anon B", "2025-10"),
    "content/events/events.yaml": """
        - id: meeting
          date: 2025-10-19
          title: Bob meets reporters
          actors: [bob]
          citations: [first, second, anon-a]
        - id: later
          date: 2025-10-20
          title: Something later
          citations: [anon-b]
    """,
}


@pytest.fixture
def picture(tmp_site):
    return CoveragePicture.of(load_valid(tmp_site(FILES)))


def test_outlets_count_their_articles_and_unnamed_outlets_stay_apart(picture):
    assert [column_label(c) for c in picture.columns] == [
        "The Wire (2 articles)", "Outlet not stated: “Article anon B” (Oct 2025)",
        "Outlet not stated: “Article anon A” (21 Oct 2025)",
    ]
    assert picture.support == ("3 articles, 1 named outlet", "1 article, no outlet named")
    assert [e.id for e in picture.events] == ["meeting", "later"]
    assert picture.counts == ((2, 0, 1), (0, 1, 0))
    assert picture.has_many


def test_many_unnamed_articles_share_one_column(tmp_site, monkeypatch):
    monkeypatch.setattr("generator.pictures.coverage.MAX_UNSTATED_COLUMNS", 1)
    picture = CoveragePicture.of(load_valid(tmp_site(FILES)))
    assert [c.label for c in picture.columns] == ["The Wire", "Outlet not stated (2 articles)"]
    assert picture.counts == ((2, 1), (0, 1))


def test_svg_is_an_image_with_a_square_per_cell(picture):
    svg = parse_svg(picture.svg())
    assert_text_alternative(svg)
    cells = [r.get("class") for r in svg.iter("rect") if "cell" in r.get("class", "").split()]
    assert cells == ["cell cell-many", "cell cell-empty", "cell cell-one", "cell cell-empty", "cell cell-one", "cell cell-empty"]
    assert [t.text for t in svg.iter("text") if t.get("class") == "cell-count"] == ["2"]
    desc = text_of(svg.find("desc"))
    assert "“outlet not stated”" in desc and "1 event rests on a single article" in desc


def test_sources_page_has_the_picture_and_a_linked_table(tmp_site):
    site = tmp_site(FILES)
    out = site / "output"
    build_site(site, out)
    assert broken_links(out) == []
    svgs = page_svgs(out / "sources/index.html")
    assert [s.get("class").split()[-1] for s in svgs] == ["coverage-wide", "coverage-narrow"]
    for svg in svgs:
        assert_text_alternative(svg)
    html = (out / "sources/index.html").read_text()
    assert '<th scope="col"><a href="../outlets/wire.html">The Wire</a></th>' in html
    assert 'Outlet not stated: <a href="../articles/anon-a.html">Article anon A</a>' in html
    assert '<td>2 articles</td><td>no</td><td>yes</td><td>3 articles, 1 named outlet</td>' in html


def test_the_drawing_is_the_same_every_time(tmp_site):
    site = tmp_site(FILES)
    assert CoveragePicture.of(load_valid(site)).svg() == CoveragePicture.of(load_valid(site)).svg()


def test_no_picture_without_cited_articles(tmp_site):
    site = tmp_site({"content/events/events.yaml": "[]\n"})
    assert CoveragePicture.of(load_valid(site)) is None
    build_site(site, site / "output")
    assert page_svgs(site / "output/sources/index.html") == []


LONG_TITLE = "An article whose title is far too long to fit on one line of any column header, kept whole"


@pytest.mark.parametrize("variant", ["wide", "narrow"])
def test_titles_are_whole_and_no_text_runs_into_the_grid(tmp_site, variant):
    files = {**FILES, "content/articles/anon-a.md": f"---\ntitle: {LONG_TITLE}\ndate: 2025-10-21\n---\nText.\n",
             "content/events/more.yaml": "- id: long\n  date: 2025-10-22\n  title: " + "A very long event title " * 4
             + "\n  citations: [anon-a]\n"}
    picture = CoveragePicture.of(load_valid(tmp_site(files)))
    layout = picture.layout(variant)
    svg = parse_svg(picture.svg(variant))
    texts = [text_of(t) for t in svg.iter("text")]
    assert not [t for t in texts if "…" in t]
    assert LONG_TITLE in " ".join(text_of(t) for t in svg.iter("text") if t.get("class") == "column-key")
    assert "A very long event title " * 3 in " ".join(texts) + " "
    # the titles and what they rest on stay left of the first column; the key within the picture
    for _, lines, meta, _, _ in layout.rows:
        assert all(text_width(line, 12) <= layout.label_width for line in lines)
        assert all(text_width(line, 11) <= layout.label_width for line in meta)
    assert layout.grid_x >= layout.label_width
    assert layout.width <= {"wide": 720, "narrow": 360}[variant]
    # the grid uses the width it has
    assert layout.grid_x + layout.cell * len(picture.columns) == pytest.approx(layout.width - 4)
