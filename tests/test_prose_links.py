"""Actors named in the site's own prose (key points, event descriptions, accounts, actor and
outlet descriptions) link to their pages, as in article bodies: the first mention in each field,
never inside a link or code, relative to the page that shows the text."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from generator.build import build_site
from generator.markdown import make_snippet_parser, render_prose
from generator.mentions import ActorNames
from generator.model import Prose, ProseMention
from generator.schema import MarkdownOptions
from generator.urls import Links
from sitecheck import broken_links
from sitefiles import REPO, load_valid

NAMES = ActorNames({"Bob Example": "bob", "Robert Example": "bob", "Alice Doe": "alice", "Pakistan": "pakistan"})


def prose(text: str) -> Prose:
    return render_prose(make_snippet_parser(MarkdownOptions()), text, NAMES)


def test_the_first_mention_of_each_actor_is_left_for_the_page_to_link() -> None:
    text = prose("**Bob Example** met Alice Doe; Robert Example left, and Pakistan\u2019s envoy stayed.")
    assert text.pieces == ("<p><strong>", ProseMention("bob", "Bob Example"), "</strong> met ",
                           ProseMention("alice", "Alice Doe"), "; Robert Example left, and ",
                           ProseMention("pakistan", "Pakistan"), "\u2019s envoy stayed.</p>\n")
    assert text.html == ("<p><strong>Bob Example</strong> met Alice Doe; Robert Example left, and Pakistan\u2019s "
                         "envoy stayed.</p>\n")


def test_never_inside_links_or_code_and_nothing_without_names() -> None:
    text = prose("[Bob Example](https://example.org/) and `Alice Doe` spoke; then Alice Doe and Bob Example.")
    assert [p for p in text.pieces if isinstance(p, ProseMention)] == [ProseMention("alice", "Alice Doe"),
                                                                       ProseMention("bob", "Bob Example")]
    assert 'href="https://example.org/"' in text.html and "<code>Alice Doe</code>" in text.html
    assert prose("").pieces == () and prose("").html == ""
    assert prose("No one here.").pieces == ("<p>No one here.</p>\n",)


def test_a_nul_in_the_text_cannot_forge_a_mention() -> None:
    text = prose("Bob\x00evil\x01<b>x</b>\x00 Example")
    assert all(isinstance(p, str) for p in text.pieces)
    assert "\x00" not in text.html


def test_links_are_written_relative_to_each_page() -> None:
    text = prose("Bob Example & Alice Doe.")
    assert str(Links("index.html").prose(text)) == (
        '<p><a href="actors/bob.html" class="actor-mention">Bob Example</a> &amp; '
        '<a href="actors/alice.html" class="actor-mention">Alice Doe</a>.</p>\n')
    assert 'href="../bob.html"' in Links("actors/alice/events.html").prose(text)
    assert 'href="bob.html"' in Links("actors/alice.html").prose(text)
    assert str(Links("actors/bob.html").prose(text)).startswith("<p>Bob Example &amp; <a href")  # not to itself


SITE = {
    "site.yaml": """
        title: Test
        key_points:
          - text: Bob Example met reporters.
            citations: [first]
        pagination:
          lists: 1
    """,
    "content/actors/people.yaml": """
        - id: bob
          name: Bob Example
          kind: person
          aliases: [Robert Example]
          description: Robert Example works with Alice Doe.
        - id: alice
          name: Alice Doe
          kind: person
    """,
    "content/outlets/outlets.yaml": """
        - id: wire
          name: The Wire
          kind: wire
          description: "[Bob Example's page](https://example.org/) says nothing; Bob Example reads it."
    """,
    "content/events/events.yaml": """
        - id: meeting
          date: 2025-10-19
          title: Bob meets reporters
          description: Bob Example met reporters; Alice Doe did not.
          actors: [bob, alice]
          citations: [first]
          disputes:
            - about: who came
              accounts:
                - says: Alice Doe came too.
                  citations: [first]
                - says: Only Bob Example came.
                  citations: [first]
        - id: later
          date: 2025-10-20
          title: Later
          actors: [bob]
          citations: [first]
    """,
}


def test_every_kind_of_prose_links_its_actors_on_the_built_site(tmp_site: Callable[..., Path]) -> None:
    site = tmp_site(SITE)
    out = site / "output"
    build_site(site, out)
    assert broken_links(out) == []
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="actors/bob.html" class="actor-mention">Bob Example</a> met reporters.' in home  # key point
    timeline = (out / "timeline/index.html").read_text(encoding="utf-8")
    assert ('<a href="../actors/bob.html" class="actor-mention">Bob Example</a> met reporters; '
            '<a href="../actors/alice.html" class="actor-mention">Alice Doe</a> did not.') in timeline
    assert '<a href="../actors/alice.html" class="actor-mention">Alice Doe</a> came too.' in timeline  # an account
    actor = (out / "actors/bob.html").read_text(encoding="utf-8")
    assert "<p>Robert Example works with " in actor  # an alias, on the actor's own page: not linked
    assert '<a href="bob.html" class="actor-mention">' not in actor
    alice = (out / "actors/alice.html").read_text(encoding="utf-8")
    assert '<a href="bob.html" class="actor-mention">Bob Example</a> met reporters;' in alice
    outlet = (out / "outlets/wire.html").read_text(encoding="utf-8")
    assert ('<a href="https://example.org/" rel="noopener noreferrer">Bob Example\'s page</a> says nothing; '
            '<a href="../actors/bob.html" class="actor-mention">Bob Example</a> reads it.') in outlet
    # a list page two folders deep links from there
    deep = (out / "actors/bob/events.html").read_text(encoding="utf-8")
    assert 'href="../alice.html" class="actor-mention"' in deep
    # the exports keep the text without the site's links
    data = json.loads((out / "data/briefing.json").read_text(encoding="utf-8"))
    meeting = next(e for e in data["events"] if e["id"] == "meeting")
    assert meeting["description_html"] == "<p>Bob Example met reporters; Alice Doe did not.</p>\n"
    assert meeting["disputes"][0]["accounts"][0]["says_html"] == "<p>Alice Doe came too.</p>\n"
    assert data["key_points"][0]["text_html"] == "<p>Bob Example met reporters.</p>\n"


def test_an_actor_added_is_linked_in_the_prose_on_the_next_build(tmp_site: Callable[..., Path]) -> None:
    site = tmp_site(SITE)
    build_site(site)  # with the cache: the next build renders again only what changed
    people = site / "content/actors/people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "- id: press\n  name: reporters\n  kind: media\n",
                      encoding="utf-8")
    build_site(site)
    clean = site.parent / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("output", ".briefing-cache", ".output*"))
    build_site(clean)
    for page in ("timeline/index.html", "actors/bob.html", "index.html"):
        assert (site / "output" / page).read_bytes() == (clean / "output" / page).read_bytes(), page
    assert 'met <a href="../actors/press.html" class="actor-mention">reporters</a>;' in (
        site / "output/timeline/index.html").read_text(encoding="utf-8")


def test_the_sample_names_the_third_round_delegations() -> None:
    briefing = load_valid(REPO)
    description = briefing.event("istanbul-third-round").description
    linked = {p.actor_id for p in description.pieces if isinstance(p, ProseMention)}
    assert {"asim-malik", "zabihullah-mujahid", "abdul-haq-wasiq"} <= linked


def test_a_name_quoted_in_prose_is_left_plain_and_the_next_mention_links() -> None:
    text = prose("Trump offered to \u201csolve the Pakistan crisis\u201d; Pakistan welcomed it, "
                 "\u201c*Alice Doe* [said](https://example.org/) so\u201d.")
    assert [p for p in text.pieces if isinstance(p, ProseMention)] == [ProseMention("pakistan", "Pakistan")]
    assert text.pieces[0] == "<p>Trump offered to \u201csolve the Pakistan crisis\u201d; "
