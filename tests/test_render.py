import re

import pytest

from generator.build import build_site, check_site
from generator.errors import BuildFailed


def problems_of(site):
    with pytest.raises(BuildFailed) as failure:
        check_site(site)
    return [(p.path, p.line, p.message) for p in failure.value.problems]


def test_template_syntax_error_names_template_and_line(tmp_site):
    site = tmp_site({"templates/outlet.html": "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n"})
    [(path, line, message)] = problems_of(site)
    assert (path, line) == ("templates/outlet.html", 3)
    assert message.startswith("template syntax error:")


def test_undefined_variable_names_template_and_line(tmp_site):
    site = tmp_site({"templates/outlet.html": "{% extends 'base.html' %}\n{% block main %}\n\n{{ outlet.nmae }}\n{% endblock %}\n"})
    [(path, line, message)] = problems_of(site)
    assert (path, line) == ("templates/outlet.html", 4)
    assert "'nmae'" in message and "while rendering outlets/wire.html" in message


def test_front_matter_is_escaped_everywhere(tmp_site):
    site = tmp_site({"content/articles/first.md": """
        ---
        title: "<script>alert('t')</script>"
        date: 2025-10-19
        outlet: wire
        summary: "<img src=x onerror=alert(1)>"
        ---
        Bob Example met reporters in Doha.
    """})
    out = site / "output"
    build_site(site, out)
    for page in out.rglob("*.html"):
        text = page.read_text()
        assert "<script>alert" not in text and "<img src=x" not in text, page


def test_every_date_is_a_time_element(tmp_site):
    site = tmp_site()
    build_site(site, site / "output")
    for page in (site / "output").rglob("*.html"):
        text = re.sub(r"<time datetime=\"\d{4}(-\d\d){0,2}\">[^<]*</time>", "", page.read_text())
        # SVG text cannot hold <time>: a picture's dates are in the HTML caption and table beside it.
        text = re.sub(r"<svg\b.*?</svg>", "", text, flags=re.DOTALL)
        assert not re.search(r"\b(19 October 2025|October 2025)\b", text), page


def test_uncited_event_renders_honestly_and_fails_with_strict(tmp_site):
    site = tmp_site({"content/events/more.yaml": "- id: rumour\n  date: 2025-10\n  title: A rumour\n"})
    build_site(site, site / "output")
    timeline = (site / "output/timeline/index.html").read_text()
    rumour = timeline[timeline.index('id="event-rumour"'):]
    rumour = rumour[: rumour.index("</article>")]
    assert '<strong class="source-marker">No source cited</strong>' in rumour
    assert 'class="citations"' not in rumour
    with pytest.raises(BuildFailed) as failure:
        check_site(site, strict=True)
    assert [(p.severity, p.line) for p in failure.value.problems] == [("error", 1)]


def test_single_source_events_are_marked_in_every_listing(tmp_site):
    site = tmp_site()
    build_site(site, site / "output")
    assert "Single source</strong>: rests on 1 article from 1 outlet." in (site / "output/timeline/index.html").read_text()
    assert '<span class="source-marker">(single source)</span>' in (site / "output/articles/first.html").read_text()


DISPUTED = """
    - id: meeting
      date: 2025-10-19
      title: Bob meets reporters
      citations: [first]
      disputes:
        - about: where they met
          accounts:
            - says: In Doha.
              location: Doha
              citations: [{article: first, excerpt: met reporters in Doha}]
            - says: In Kabul.
              date: 2025-10-18
              citations: [first]
"""


def test_every_disagreement_is_on_one_page_linked_from_its_event(tmp_site):
    from sitecheck import broken_links

    site = tmp_site({"content/events/events.yaml": DISPUTED})
    build_site(site, site / "output")
    page = (site / "output/disputes/index.html").read_text()
    assert '<h2 id="dispute-meeting">Bob meets reporters</h2>' in page
    assert '<h3 class="dispute-label">Accounts differ on where they met</h3>' in page
    # Each account carries the numbers of its notes, which list its article once.
    assert '<p>In Doha.<span class="refs" data-pagefind-ignore><sup class="ref"><a href="#n-meeting-1">[1]</a></sup></span></p>' in page
    assert '<p>In Kabul.<span class="refs" data-pagefind-ignore><sup class="ref"><a href="#n-meeting-1">[1]</a></sup></span></p>' in page
    assert page.count('<li id="n-meeting-1">') == 1 and "place given: Doha" in page
    assert 'Date given: <time datetime="2025-10-18">18 October 2025</time>' in page
    assert '<a class="disputed-marker" href="../disputes/index.html#dispute-meeting">' in (site / "output/timeline/index.html").read_text()
    assert 'href="disputes/index.html">sources disagree on 1 event</a>' in (site / "output/index.html").read_text()
    assert broken_links(site / "output") == []


def test_the_disputes_page_says_when_there_are_none(tmp_site):
    site = tmp_site()
    build_site(site, site / "output")
    assert "The sources do not disagree on any event recorded so far." in (site / "output/disputes/index.html").read_text()


def test_the_changes_page_lists_each_edition_and_home_points_to_the_latest(tmp_site):
    from sitecheck import broken_links

    site = tmp_site({"content/changes.yaml": """
        - date: 2025-10-19
          title: First edition
          new_articles: [first]
          new_events: [meeting]
          new_actors: [bob]
        - date: 2025-10-20
          corrections:
            - {event: meeting, note: "The place was *Doha*."}
    """})
    build_site(site, site / "output")
    page = (site / "output/changes/index.html").read_text()
    assert '<h2 id="edition-2025-10-20"><time datetime="2025-10-20">20 October 2025</time></h2>' in page
    assert '<h2 id="edition-2025-10-19"><time datetime="2025-10-19">19 October 2025</time>: First edition</h2>' in page
    assert page.index("edition-2025-10-20") < page.index("edition-2025-10-19")
    assert 'Event: <a href="../timeline/index.html#event-meeting">Bob meets reporters</a>' in page
    assert "<p>The place was <em>Doha</em>.</p>" in page
    assert '<a href="../actors/bob.html">Bob Example</a>' in page
    home = (site / "output/index.html").read_text()
    assert ('Latest edition: <time datetime="2025-10-20">20 October 2025</time>. 1 correction. '
            '<a href="changes/index.html#edition-2025-10-20">What changed in detail</a>') in home
    assert broken_links(site / "output") == []


def test_without_editions_the_changes_page_says_how_to_add_them(tmp_site):
    site = tmp_site()
    build_site(site, site / "output")
    assert "<code>content/changes.yaml</code>" in (site / "output/changes/index.html").read_text()
    assert 'id="whats-new"' not in (site / "output/index.html").read_text()


def test_the_disputes_page_lists_the_most_widely_sourced_disagreements_first(tmp_site):
    """Not in time order: a disagreement that more articles take part in comes first; among
    equals, the latest event."""
    accounts = """
          accounts:
            - says: One.
              citations: [{cite}]
            - says: Two.
              citations: [first]
"""
    events = "".join(f"""
    - id: {id}
      date: {date}
      title: {id}
      citations: [first]
      disputes:
        - about: it{accounts.format(cite=cite)}""" for id, date, cite in [
        ("early-and-narrow", "2025-10-01", "first"),
        ("early-and-wide", "2025-10-02", "second"),
        ("late-and-narrow", "2025-10-30", "first")])
    site = tmp_site({"content/events/events.yaml": events,
                     "content/articles/second.md": "---\ntitle: Second\ndate: 2025-10-20\n---\nText.\n"})
    build_site(site, site / "output")
    page = (site / "output/disputes/index.html").read_text()
    order = re.findall(r'<h2 id="dispute-([a-z-]+)"', page)
    assert order == ["early-and-wide", "late-and-narrow", "early-and-narrow"]


def test_whos_who_lists_the_actors_by_side_the_busiest_first(tmp_site):
    actors = """
    - {id: bob, name: Bob Example, kind: person, side: North}
    - {id: ann, name: Ann Example, kind: person, side: South}
    - {id: cy, name: Cy Example, kind: person}
    - {id: north, name: North, kind: state, side: North}
"""
    events = """
    - {id: one, date: 2025-10-01, title: One, actors: [north, bob], citations: [first]}
    - {id: two, date: 2025-10-02, title: Two, actors: [north, ann, cy], citations: [first]}
"""
    site = tmp_site({"content/actors/people.yaml": actors, "content/events/events.yaml": events})
    build_site(site, site / "output")
    page = (site / "output/actors/index.html").read_text()
    sections = re.findall(r'<h2 id="side-\d">([^<]+)</h2>', page)
    assert sections == ["North", "South", "No side stated"]
    assert re.findall(r'<li>\n<a href="([a-z]+)\.html">', page) == ["north", "bob", "ann", "cy"]


def test_the_byline_is_shown_under_the_headline(tmp_site):
    site = tmp_site({"content/articles/first.md": """
        ---
        title: First article
        date: 2025-10-19
        author: [Jane Doe, Ali Khan, Sam Roe]
        ---
        Bob Example met reporters in Doha.
    """})
    build_site(site, site / "output")
    page = (site / "output/articles/first.html").read_text()
    assert '<p class="byline">By Jane Doe, Ali Khan and Sam Roe</p>' in page
    assert '"author": [' in page and '"name": "Jane Doe"' in page
