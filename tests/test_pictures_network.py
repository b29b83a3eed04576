"""The actor network: weights from shared events, a stable layout, links to actor pages."""

import re

import pytest

from generator.build import build_site
from generator.model import Actor
from generator.pictures.network import CoappearanceGraph, NetworkPicture, camp_of, coappearance_graph, row_order
from generator.pictures.svg import text_width
from generator.urls import Links
from sitecheck import broken_links
from sitefiles import REPO, load_valid
from svgcheck import assert_text_alternative, page_svgs, parse_svg, text_of

PEOPLE = ["ann", "bob", "cat", "dan", "eve", "fay"]
FILES = {
    "content/actors/people.yaml": "".join(f"""
        - id: {p}
          name: {p.capitalize()} Example
          kind: person
    """ for p in PEOPLE),
    "content/events/events.yaml": """
        - id: one
          date: 2025-10-01
          title: Ann, Bob and Cat
          actors: [ann, bob, cat]
          citations: [first]
        - id: two
          date: 2025-10-02
          title: Ann and Bob again
          actors: [ann, bob]
          citations: [first]
        - id: three
          date: 2025-10-03
          title: Ann and Dan
          actors: [ann, dan]
          citations: [first]
        - id: four
          date: 2025-10-04
          title: Eve alone
          actors: [eve]
          citations: [first]
    """,
}


@pytest.fixture
def briefing(tmp_site):
    return load_valid(tmp_site(FILES))


def test_edges_are_weighted_by_shared_events(briefing):
    graph = coappearance_graph(briefing)
    assert {(a, b): w for a, b, w in graph.links()} == {
        ("ann", "bob"): 2, ("ann", "cat"): 1, ("bob", "cat"): 1, ("ann", "dan"): 1,
    }
    assert graph.weight("bob", "ann") == 2 and graph.weight("bob", "dan") == 0
    assert graph.strength("ann") == 4 and graph.events["ann"] == 3 and graph.shared["eve"] == {}


def test_the_whole_network_leaves_out_actors_with_no_partner(briefing):
    picture = NetworkPicture.whole(briefing, coappearance_graph(briefing))
    assert sorted(n.actor.id for n in picture.nodes) == ["ann", "bob", "cat", "dan"]
    assert sorted(a.id for a in picture.unlinked) == ["eve", "fay"]
    assert next((link.a.id, link.b.id, link.weight) for link in picture.links) in (("ann", "bob", 2), ("bob", "ann", 2))
    # the best-linked actor in the middle, its strongest partner next to it
    order = [n.actor.id for n in picture.nodes]
    assert abs(order.index("ann") - order.index("bob")) == 1 and order.index("ann") in (1, 2)


def test_a_neighbourhood_puts_the_actor_first_and_partners_by_weight(briefing):
    graph = coappearance_graph(briefing)
    around = NetworkPicture.around(briefing, graph, "bob")
    assert [n.actor.id for n in around.nodes] == ["bob", "ann", "cat"]
    assert [(around.other(link).id, link.weight) for link in around.shared_with_focus()] == [("ann", 2), ("cat", 1)]
    assert "dan" not in {n.actor.id for n in around.nodes}  # a partner's partner is not drawn
    assert NetworkPicture.around(briefing, graph, "eve") is None


def test_a_neighbourhood_is_bounded(tmp_site, monkeypatch):
    monkeypatch.setattr("generator.pictures.network.MAX_NEIGHBOURS", 2)
    briefing = load_valid(tmp_site(FILES))
    around = NetworkPicture.around(briefing, coappearance_graph(briefing), "ann")
    assert [n.actor.id for n in around.nodes] == ["ann", "bob", "cat"] and around.left_out == 1


def test_row_order_does_not_depend_on_insertion_order():
    def graph(order):
        g = CoappearanceGraph()
        for name in order:
            g.add_actor(name, "abcdef".index(name), 1)
        for a, b in [("a", "b"), ("a", "c"), ("a", "d"), ("e", "f"), ("b", "c")][:: 1 if order[0] == "a" else -1]:
            g.add_shared(a, b)
        return g

    # "a" (three partners) in the middle, "b" then "c" then "d" alternately below and above it
    assert row_order(graph("abcdef")) == row_order(graph("fedcba")) == ["c", "a", "b", "d", "e", "f"]
    # around "c": "c" first, then its partners (tied on weight: the better linked first)
    assert row_order(graph("abcdef"), "c") == row_order(graph("fedcba"), "c") == ["c", "a", "b", "d", "e", "f"]


def test_svg_links_every_partner_and_names_them_as_shown(briefing):
    around = NetworkPicture.around(briefing, coappearance_graph(briefing), "bob")
    svg = parse_svg(around.svg(Links("actors/bob.html").actor))
    assert_text_alternative(svg)
    links = {a.get("href"): a for a in svg.iter("a")}
    assert sorted(links) == ["ann.html", "cat.html"]  # not to the page itself
    assert text_of(links["ann.html"]) == "Ann Example 2"
    assert links["ann.html"].get("aria-label") == "Ann Example, 2 events with Bob Example"
    widths = {p.find("title").text: float(p.get("stroke-width")) for p in svg.iter("path")}
    assert widths["Bob Example and Ann Example: 2 events together"] > widths["Bob Example and Cat Example: one event together"]
    assert widths["Ann Example and Cat Example: one event together"] == 1  # partners' own link: context only


def test_layout_is_stable_and_on_the_row_grid(briefing):
    graph = coappearance_graph(briefing)
    first = NetworkPicture.whole(briefing, graph).svg(Links("actors/index.html").actor)
    assert first == NetworkPicture.whole(briefing, coappearance_graph(briefing)).svg(Links("actors/index.html").actor)
    circles = [c for c in parse_svg(first).iter("circle")]
    assert [float(c.get("cy")) for c in circles] == [14 + 24 * i for i in range(4)]


def test_built_pages_links_resolve_and_single_actor_site_builds(tmp_site):
    site = tmp_site(FILES)
    build_site(site, site / "output")
    out = site / "output"
    assert broken_links(out) == []
    for page in ("actors/index.html", "actors/ann.html"):
        [svg] = page_svgs(out / page)
        assert_text_alternative(svg)
    assert page_svgs(out / "actors/eve.html") == []


def test_a_site_with_one_actor_draws_no_network(tmp_site):
    lonely = tmp_site()  # the minimal site: one actor, one event
    build_site(lonely, lonely / "out")
    assert page_svgs(lonely / "out/actors/index.html") == page_svgs(lonely / "out/actors/bob.html") == []


def test_a_neighbourhood_is_the_part_of_the_graph_among_its_actors():
    graph = CoappearanceGraph()
    for i, name in enumerate(PEOPLE):
        graph.add_actor(name, i, i + 1)
    for a, b, weight in [("ann", "bob", 2), ("bob", "cat", 1), ("ann", "fay", 3), ("dan", "eve", 1)]:
        graph.add_shared(a, b, weight)
    induced = graph.among(["bob", "ann", "cat", "eve"])
    assert list(induced) == ["bob", "ann", "cat", "eve"]
    assert {n: (induced.rank[n], induced.events[n]) for n in induced} == {n: (graph.rank[n], graph.events[n]) for n in induced}
    # only the links among them: not ann-fay nor dan-eve, whose other end is left out
    assert {frozenset((a, b)): w for a, b, w in induced.links()} == {frozenset(("ann", "bob")): 2, frozenset(("bob", "cat")): 1}


def test_groups_and_breadth_first_order():
    graph = CoappearanceGraph()
    for i, name in enumerate("abcdefg"):
        graph.add_actor(name, i, 1)
    for a, b in [("a", "d"), ("a", "b"), ("b", "c"), ("d", "e"), ("f", "g")]:
        graph.add_shared(a, b)
    assert sorted(map(sorted, graph.groups())) == [["a", "b", "c", "d", "e"], ["f", "g"]]
    # level by level, each actor's partners in the order of the key
    assert graph.reached_from("a", key=graph.rank.__getitem__) == ["a", "b", "d", "c", "e"]
    assert graph.reached_from("a", key=lambda n: -graph.rank[n]) == ["a", "d", "b", "e", "c"]


# -- who is with whom: the whole network by side ----------------------------------------------



def _actor(actor_id, name, kind="person", side=None):
    return Actor(actor_id, name, kind, (), None, side, None, None, ())


def test_camps_come_from_the_actors_sides():
    ttp = _actor("ttp", "Tehreek-e-Taliban Pakistan", "armed-group", "Tehreek-e-Taliban Pakistan")
    by_name = {ttp.name: ttp}
    assert camp_of(_actor("x", "X", side="Afghanistan (Taliban government)"), by_name) == ("Afghanistan", "side")
    assert camp_of(ttp, by_name) == ("Tehreek-e-Taliban Pakistan", "side")  # a side naming its own actor
    assert camp_of(_actor("q", "Qari Amjad", side="Tehreek-e-Taliban Pakistan"), by_name) == (
        "Tehreek-e-Taliban Pakistan", "side")
    # a side naming another actor is that actor's side
    group = _actor("g", "Some Group", "armed-group", "Opposes Pakistan")
    assert camp_of(_actor("m", "Member", side="Some Group"), {group.name: group}) == ("Opposes Pakistan", "side")
    # the mediators' camp, whether the side says so (in any case) or the kind does
    for side in ("Mediators", "mediators", "MEDIATORS (talks in Doha)"):
        assert camp_of(_actor("q", "Qatar", "mediator-state", side), by_name) == ("Mediators", "mediators")
    assert camp_of(_actor("t", "Turkey", "mediator-state"), by_name) == ("Mediators", "mediators")
    assert camp_of(_actor("n", "Envoy", side="Mediators"), by_name) == ("Mediators", "mediators")
    assert camp_of(_actor("p", "Pakistan", "state", "Pakistan"), by_name) == ("Pakistan", "side")
    assert camp_of(_actor("r", "Reuters", "media"), by_name) == ("Others", "others")


def test_a_side_named_mediators_is_drawn_after_the_two_largest_sides(tmp_site):
    people = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "m1": "mediators", "c1": "C", "o1": None}
    actors = "".join(f"""
        - id: {p}
          name: {p.upper()} Person
          kind: person
    """ + (f"      side: {side}\n" if side else "") for p, side in people.items())
    site = tmp_site({"content/actors/people.yaml": actors, "content/events/events.yaml": f"""
        - id: all
          date: 2025-10-01
          title: Everyone
          actors: [{", ".join(people)}]
          citations: [first]
    """})
    briefing = load_valid(site)
    camps = NetworkPicture.whole(briefing, coappearance_graph(briefing)).camps
    assert [(c.label, c.kind, len(c.nodes)) for c in camps] == [
        ("A", "side", 3), ("B", "side", 2), ("Mediators", "mediators", 1), ("C", "side", 1), ("Others", "others", 1)]


@pytest.fixture(scope="module")
def sample_network():
    briefing = load_valid(REPO)
    return NetworkPicture.whole(briefing, coappearance_graph(briefing))


def test_the_sample_network_is_grouped_by_side(sample_network):
    camps = [(c.label, len(c.nodes)) for c in sample_network.camps]
    assert camps == [("Pakistan", 7), ("Afghanistan", 6), ("Mediators", 2), ("Tehreek-e-Taliban Pakistan", 2), ("Others", 5)]
    assert sample_network.by_side
    assert sum(n for _, n in camps) == len(sample_network.nodes) == 22
    assert "grouped by side (Pakistan: 7 actors; Afghanistan: 6 actors" in sample_network.description


def _boxes(svg):
    """Every name's box, estimated as the layout measures it, with the link it belongs to."""
    found = []
    for a in svg.iter("a"):
        text = a.find("text")
        size = 13 if "node-box-name" in text.get("class") else 14
        width = text_width(text_of(text), size)
        x, y = float(text.get("x")), float(text.get("y"))
        x0 = {"end": x - width, "middle": x - width / 2}.get(text.get("text-anchor"), x)
        found.append((text_of(text), x0, y - size, x0 + width, y + 3))
    return found


def test_the_wide_network_has_sides_in_columns_and_names_whole(sample_network):
    svg = parse_svg(sample_network.svg(Links("actors/index.html").actor, "wide"))
    assert_text_alternative(svg)
    assert "network-sides" in svg.get("class") and "network-wide" in svg.get("class")
    width = float(svg.get("width"))
    names = _boxes(svg)
    assert sorted(n for n, *_ in names) == sorted(n.actor.name for n in sample_network.nodes)
    assert all("…" not in n for n, *_ in names)
    for i, (name, x0, y0, x1, y1) in enumerate(names):
        assert x0 >= 0 and x1 <= width, name
        for other, ox0, oy0, ox1, oy1 in names[i + 1:]:
            assert not (x0 < ox1 and ox0 < x1 and y0 < oy1 and oy0 < y1), (name, other)
    labels = [text_of(t) for t in svg.iter("text") if t.get("class") == "camp-label"]
    assert labels == ["Pakistan", "Afghanistan", "Mediators", "Tehreek-e-Taliban Pakistan", "Others"]


def test_lines_into_the_boxes_keep_to_their_gutters(sample_network):
    svg = parse_svg(sample_network.svg(Links("actors/index.html").actor, "wide"))
    boxes = [r for r in svg.iter("rect") if r.get("class") == "node-box"]
    left_edge = min(float(b.get("x")) for b in boxes)
    right_edge = max(float(b.get("x")) + float(b.get("width")) for b in boxes)
    box_top = min(float(b.get("y")) for b in boxes)
    for path in svg.iter("path"):
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
        if "C" not in path.get("d"):
            continue  # an arc within a column
        xs, ys = numbers[0::2], numbers[1::2]
        if max(ys) <= box_top:
            continue  # between the columns, above the boxes
        # a line down to a box stays left of the boxes' left ends, or right of their right ends
        assert max(xs) <= left_edge + 0.1 or min(xs) >= right_edge - 0.1, path.find("title").text


def test_the_narrow_network_is_an_arc_diagram_in_groups(sample_network):
    svg = parse_svg(sample_network.svg(Links("actors/index.html").actor, "narrow"))
    assert "network-narrow" in svg.get("class")
    texts = [(t.get("class"), text_of(t)) for t in svg.iter("text")]
    assert [t for c, t in texts if c == "camp-label"] == ["Pakistan", "Afghanistan", "Mediators",
                                                           "Tehreek-e-Taliban Pakistan", "Others"]
    assert "Tehreek-e-Taliban Pakistan" in [t for c, t in texts if c == "node-name"]
    again = NetworkPicture.whole(load_valid(REPO), coappearance_graph(load_valid(REPO)))
    assert again.svg(Links("actors/index.html").actor, "narrow") == sample_network.svg(
        Links("actors/index.html").actor, "narrow")
