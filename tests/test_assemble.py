import pytest

from generator.build import check_site, load_briefing
from generator.errors import BuildFailed, Problems


def load(site, drafts=False):
    problems = Problems()
    briefing = load_briefing(site, problems, drafts=drafts)
    return briefing, problems


def messages(problems, severity="error"):
    items = problems.errors if severity == "error" else problems.warnings
    return sorted((p.path, p.line, p.message) for p in items)


def test_minimal_site_assembles(tmp_site):
    briefing, problems = load(tmp_site())
    assert messages(problems) == [] and messages(problems, "warning") == []
    assert [e.id for e in briefing.events_of_actor("bob")] == ["meeting"]
    assert [e.id for e in briefing.events_citing("first")] == ["meeting"]
    assert [a.id for a in briefing.articles_of_outlet("wire")] == ["first"]


def test_indexes_answer_what_templates_would_otherwise_scan_the_site_for(tmp_site):
    briefing, problems = load(tmp_site({
        "content/outlets/outlets.yaml": """
            - id: wire
              name: The Wire
              kind: wire
            - id: digest
              name: A Digest
              kind: aggregator
        """,
        "content/actors/people.yaml": """
            - id: bob
              name: Bob Example
              kind: person
              affiliation: ministry
            - id: ann
              name: Ann Example
              kind: person
              affiliation: ministry
            - id: ministry
              name: The Ministry
              kind: government
        """,
        "content/articles/second.md": "---\ntitle: Second\ndate: 2025-10-20\noutlet: wire\nvia: digest\n---\nText.\n",
    }))
    assert messages(problems) == []
    assert [a.id for a in briefing.members_of("ministry")] == ["ann", "bob"]
    assert briefing.members_of("bob") == ()
    assert [a.id for a in briefing.articles_received_through("digest")] == ["second"]
    assert briefing.articles_received_through("wire") == ()
    assert [o.id for o in briefing.outlets_without_articles] == ["digest"]
    assert [e.id for e in briefing.disputed_events] == []


def test_mentions_count_names_and_aliases(tmp_site):
    briefing, _ = load(tmp_site())
    assert briefing.mentions["first"] == {"bob": 2}
    assert briefing.article("first").actor_ids == ("bob",)


def test_unknown_references_are_errors_with_suggestions(tmp_site):
    site = tmp_site({
        "content/events/events.yaml": """
            - id: meeting
              date: 2025-10-19
              title: T
              actors: [bobb]
              citations: [firts]
        """,
        "content/articles/second.md": "---\ntitle: S\ndate: 2025-10-20\noutlet: wyre\n---\nText\n",
    })
    _, problems = load(site)
    assert messages(problems) == [
        ("content/articles/second.md", 4, "unknown outlet 'wyre'"),
        ("content/events/events.yaml", 4, "unknown actor 'bobb'"),
        ("content/events/events.yaml", 5, "unknown article 'firts'"),
    ]
    assert {p.hint for p in problems.errors} == {"did you mean 'wire'?", "did you mean 'bob'?", "did you mean 'first'?"}


def test_excerpt_must_be_in_the_article(tmp_site):
    site = tmp_site({"content/events/events.yaml": """
        - id: meeting
          date: 2025-10-19
          title: T
          citations:
            - article: first
              excerpt: met journalists in Doha
    """})
    _, problems = load(site)
    assert messages(problems) == [("content/events/events.yaml", 6, "the excerpt is not in article 'first': 'met journalists in Doha'")]


@pytest.mark.parametrize("excerpt, found", [
    ("met reporters in Doha", True),
    ("Bob Example met  reporters\n in Doha.", True),  # spaces and line breaks count as one space
    ("bob example met reporters in doha", False),  # letter case is part of the words
    ("BOB EXAMPLE", False),
    ("in Doha. Robert Example said", False),  # across two paragraphs
    ("in Doha. Second section", False),  # into the heading after it
    ("Doha.\n\nSecond", False),
])
def test_an_excerpt_is_the_articles_words_exactly_within_one_paragraph(tmp_site, excerpt, found):
    # The article: "Bob Example met reporters in Doha." / "## Second section" / "Robert Example said nothing more."
    quoted = excerpt.replace("\\", "\\\\").replace("\n", "\\n")
    site = tmp_site({"content/events/events.yaml": f"""
        - id: meeting
          date: 2025-10-19
          title: T
          citations:
            - article: first
              excerpt: "{quoted}"
    """})
    _, problems = load(site)
    found_messages = [m for _, _, m in messages(problems)]
    assert len(found_messages) == (0 if found else 1), found_messages
    assert all(m.startswith("the excerpt is not in article 'first': ") for m in found_messages)


def test_duplicate_ids_across_files_name_both_places(tmp_site):
    site = tmp_site({"content/actors/more.yaml": "- id: bob\n  name: Other Bob\n  kind: person\n"})
    _, problems = load(site)
    assert messages(problems) == [
        ("content/actors/people.yaml", 1, "duplicate actor id 'bob' (also defined at content/actors/more.yaml:1)")]


def test_file_names_differing_only_in_case_collide(tmp_site):
    site = tmp_site({"content/articles/First.md": "---\ntitle: Again\ndate: 2025-10-19\n---\n"})
    _, problems = load(site)
    assert [p.message for p in problems.errors] == [
        "duplicate article id 'first' (also defined at content/articles/First.md)"]


def test_file_names_with_spaces_and_accents_make_ids(tmp_site):
    site = tmp_site({"content/articles/Café talks 2025.md": "---\ntitle: Café\ndate: 2025-10-19\n---\n"})
    briefing, problems = load(site)
    assert messages(problems) == [] and briefing.article("café-talks-2025").title == "Café"


def test_drafts_are_left_out_unless_asked_for(tmp_site):
    site = tmp_site({"content/articles/later.md": "---\ntitle: Later\ndate: 2025-11-01\ndraft: true\n---\n"})
    briefing, _ = load(site)
    assert [a.id for a in briefing.articles] == ["first"]
    briefing, _ = load(site, drafts=True)
    assert [a.id for a in briefing.articles] == ["later", "first"]


def test_citing_a_draft_is_a_warning(tmp_site):
    site = tmp_site({
        "content/articles/later.md": "---\ntitle: Later\ndate: 2025-11-01\ndraft: true\n---\n",
        "content/events/more.yaml": "- id: e2\n  date: 2025-11-01\n  title: T\n  citations: [first, later]\n",
    })
    briefing, problems = load(site)
    assert messages(problems) == []
    assert messages(problems, "warning") == [
        ("content/events/more.yaml", 4, "cites the draft article 'later', which is not published")]
    assert [c.article_id for c in briefing.event("e2").citations] == ["first"]


def test_unused_actor_and_alias_clash_are_warnings(tmp_site):
    site = tmp_site({"content/actors/more.yaml": "- id: carol\n  name: Carol\n  kind: person\n  aliases: [Bob Example]\n"})
    _, problems = load(site)
    assert messages(problems, "warning") == [
        ("content/actors/more.yaml", 1, "actor 'carol' appears in no event and no article"),
        ("content/actors/more.yaml", 4, "the name 'Bob Example' is claimed by both 'bob' and 'carol'"),
    ]


def test_events_sort_by_date_then_order(tmp_site):
    site = tmp_site({"content/events/events.yaml": """
        - {id: c, date: 2025-10-19, order: 2, title: C, citations: [first]}
        - {id: a, date: 2025-10-19, order: 1, title: A, citations: [first]}
        - {id: m, date: 2025-10, title: Month, citations: [first]}
        - {id: z, date: 2025-09-30, title: Z, citations: [first]}
    """})
    briefing, problems = load(site)
    assert messages(problems) == []
    assert [e.id for e in briefing.events] == ["z", "m", "a", "c"]


@pytest.mark.parametrize("content", [b"\xff\xfe-\x00-\x00", b"---\ntitle: \xe9\n---\n", b"\x00\x01binary"])
def test_unreadable_text_is_a_located_error(tmp_site, content):
    site = tmp_site({"content/articles/bad.md": content})
    _, problems = load(site)
    [error] = problems.errors
    assert error.path == "content/articles/bad.md" and error.hint


def test_bom_and_crlf_are_accepted(tmp_site):
    text = "\ufeff---\r\ntitle: Windows\r\ndate: 2025-10-19\r\n---\r\nBody text.\r\n"
    site = tmp_site({"content/articles/win.md": text.encode("utf-8")})
    briefing, problems = load(site)
    assert messages(problems) == [] and briefing.article("win").title == "Windows"


def test_first_mention_in_each_section_links_to_the_actor_page(tmp_site):
    briefing, _ = load(tmp_site())
    html = briefing.article("first").body_html
    assert '<a href="../actors/bob.html" class="actor-mention">Bob Example</a> met reporters' in html
    assert '<a href="../actors/bob.html" class="actor-mention">Robert Example</a> said nothing more.' in html


def test_mentions_in_title_and_summary_are_counted_not_linked(tmp_site):
    site = tmp_site({"content/articles/first.md": """
        ---
        title: Bob Example speaks
        summary: Robert Example, again.
        date: 2025-10-19
        outlet: wire
        ---
        Bob Example met reporters in Doha.
    """})
    briefing, _ = load(site)
    assert briefing.mentions["first"] == {"bob": 3}
    assert briefing.article("first").body_html.count("actor-mention") == 1


def test_an_uncited_event_is_a_warning_and_counts_no_source(tmp_site):
    site = tmp_site({"content/events/more.yaml": "- id: rumour\n  date: 2025-10\n  title: A rumour\n"})
    briefing, problems = load(site)
    assert messages(problems) == []
    assert messages(problems, "warning") == [
        ("content/events/more.yaml", 1, "event 'rumour' cites no article: it is published marked “No source cited”")]
    support = briefing.corroboration("rumour")
    assert (support.articles, support.uncited, support.marker) == (0, True, "No source cited")
    assert support.sources_line == support.basis == "nothing on this site supports this event yet."
    assert (support.tally, briefing.reported_by("rumour")) == ("0 articles, no outlet named", "no source cited")


def test_corroboration_counts_articles_and_distinct_named_outlets(tmp_site):
    article = "---\ntitle: {0}\ndate: 2025-10-20\n{1}---\nBob Example met reporters in Doha.\n"
    site = tmp_site({
        "content/articles/second.md": article.format("Second", "outlet: wire\n"),
        "content/articles/third.md": article.format("Third", "outlet: unknown\n"),
        "content/articles/fourth.md": article.format("Fourth", ""),
        "content/articles/fifth.md": article.format("Fifth", "outlet: post\n"),
        "content/outlets/more.yaml": "- {id: post, name: The Post, kind: wire}\n",
        "content/events/more.yaml": """
            - {id: one-outlet, date: 2025-10-19, title: T, citations: [first, second]}
            - {id: mixed, date: 2025-10-19, title: T, citations: [first, third, fourth]}
            - {id: unnamed, date: 2025-10-19, title: T, citations: [third]}
            - {id: two-outlets, date: 2025-10-19, title: T, citations: [fifth, first, second]}
            - id: in-accounts
              date: 2025-10-19
              title: T
              disputes:
                - about: it
                  accounts:
                    - {says: a, citations: [first]}
                    - {says: b, citations: [third, first]}
        """,
    })
    briefing, problems = load(site)
    assert messages(problems) == []
    texts = {e: (briefing.corroboration(e).text, briefing.corroboration(e).marker)
             for e in ("meeting", "one-outlet", "mixed", "unnamed", "in-accounts")}
    assert texts == {
        "meeting": ("1 article from 1 outlet", "Single source"),
        "one-outlet": ("2 articles from 1 outlet", "One outlet only"),
        "mixed": ("3 articles: 1 from 1 outlet, 2 with no outlet stated", None),
        "unnamed": ("1 article with no outlet stated", "Single source"),
        "in-accounts": ("2 articles: 1 from 1 outlet, 1 with no outlet stated", None),
    }
    # The words the pages show, after the marker when there is one (templates/macros.html).
    lines = {e: (briefing.corroboration(e).sources_line, briefing.corroboration(e).basis, briefing.reported_by(e))
             for e in ("meeting", "one-outlet", "mixed", "unnamed", "two-outlets")}
    assert lines == {
        "two-outlets": ("Sources: 3 articles, 2 named outlets", "Rests on 3 articles from 2 outlets.",
                        "The Post, The Wire"),  # in the order cited, each outlet once
        "meeting": ("1 article, 1 named outlet", "rests on 1 article from 1 outlet.", "The Wire"),
        "one-outlet": ("2 articles, 1 named outlet", "rests on 2 articles from 1 outlet.", "The Wire"),
        "mixed": ("Sources: 3 articles, 1 named outlet",
                  "Rests on 3 articles: 1 from 1 outlet, 2 with no outlet stated.", "The Wire and others"),
        "unnamed": ("1 article, no outlet named", "rests on 1 article with no outlet stated.", "outlet not stated"),
    }


QUOTED_ARTICLE = """
    ---
    title: First article
    date: 2025-10-19
    outlet: wire
    quotes:
      - text: a fair deal for everyone
        by: bob
        note: At the press conference.
    ---
    Bob Example met reporters in Doha. "We want a fair deal for everyone," Bob Example said.

    "Talks go on," Robert Example added.
"""


def test_declared_quotes_win_over_detected_ones_and_keep_text_order(tmp_site):
    briefing, problems = load(tmp_site({"content/articles/first.md": QUOTED_ARTICLE}))
    assert messages(problems) == []
    quotes = [(q.text, q.speaker_id, q.detected, q.note) for q in briefing.article("first").quotes]
    assert quotes == [("a fair deal for everyone", "bob", False, "At the press conference."),
                      ("Talks go on", "bob", True, None)]
    assert briefing.quotes_of_actor("bob") == briefing.article("first").quotes


def test_declared_quotes_are_checked_against_the_article_and_the_actors(tmp_site):
    site = tmp_site({"content/articles/first.md": """
        ---
        title: First article
        date: 2025-10-19
        quotes:
          - text: words nobody wrote
            by: bob
          - text: met reporters
            by: bobb
        ---
        Bob Example met reporters in Doha.
    """})
    _, problems = load(site)
    assert messages(problems) == [
        ("content/articles/first.md", 5, "the quote is not in the article: 'words nobody wrote'"),
        ("content/articles/first.md", 8, "unknown actor 'bobb'"),
    ]


def test_a_quoted_speaker_is_among_the_articles_actors(tmp_site):
    site = tmp_site({
        "content/actors/more.yaml": "- id: carol\n  name: Carol\n  kind: person\n",
        "content/articles/first.md": """
            ---
            title: First article
            date: 2025-10-19
            outlet: wire
            quotes: [{text: met reporters, by: carol}]
            ---
            Bob Example met reporters in Doha.
        """,
    })
    briefing, problems = load(site)
    assert messages(problems, "warning") == []  # carol is no longer "in no event and no article"
    assert briefing.article("first").actor_ids == ("bob", "carol")


CHANGES = """
    - date: 2025-10-19
      title: First edition
      new_articles: [first]
      new_events: [meeting]
      new_actors: [bob]
    - date: 2025-10-21
      summary: Corrected the *meeting*.
      new_articles: [second]
      corrections:
        - event: meeting
          note: The place was Doha, not Kabul.
        - actor: bob
          note: Spelling of his name.
"""


def test_editions_newest_first_with_their_additions_and_corrections(tmp_site):
    site = tmp_site({"content/changes.yaml": CHANGES,
                     "content/articles/second.md": "---\ntitle: S\ndate: 2025-10-21\noutlet: wire\n---\nBob Example again.\n"})
    briefing, problems = load(site)
    assert messages(problems) == [] and messages(problems, "warning") == []
    latest, first = briefing.changes
    assert (latest.date.iso, latest.anchor, latest.title, latest.new_articles) == ("2025-10-21", "edition-2025-10-21", None, ("second",))
    assert latest.summary_html == "<p>Corrected the <em>meeting</em>.</p>\n"
    assert [(c.kind, c.target_id, c.note_html) for c in latest.corrections] == [
        ("event", "meeting", "<p>The place was Doha, not Kabul.</p>\n"), ("actor", "bob", "<p>Spelling of his name.</p>\n")]
    assert (first.title, first.new_articles, first.new_events, first.new_actors) == ("First edition", ("first",), ("meeting",), ("bob",))


def test_edition_ids_are_checked_and_listed_in_site_order(tmp_site):
    site = tmp_site({
        "content/articles/later.md": "---\ntitle: L\ndate: 2025-11-01\ndraft: true\n---\n",
        "content/articles/second.md": "---\ntitle: S\ndate: 2025-10-21\noutlet: wire\n---\nText.\n",
        "content/changes.yaml": """
            - date: 2025-10-19
              new_articles: [first, later, second]
              new_events: [meetng]
              corrections:
                - {article: frist, note: x}
            - date: 2025-10-19
              new_articles: [first]
        """,
    })
    briefing, problems = load(site)
    assert messages(problems) == [
        ("content/changes.yaml", 3, "unknown event 'meetng'"),
        ("content/changes.yaml", 5, "unknown article 'frist'"),
    ]
    assert messages(problems, "warning") == [
        ("content/changes.yaml", 2, "lists the draft article 'later', which is not published"),
        ("content/changes.yaml", 7, "article 'first' is listed as new twice (also at content/changes.yaml:2)"),
    ]
    assert [c.anchor for c in briefing.changes] == ["edition-2025-10-19", "edition-2025-10-19-2"]
    assert briefing.changes[1].new_articles == ("second", "first")  # newest first, as the site lists articles


def test_without_a_changes_file_there_are_no_editions(tmp_site):
    briefing, _ = load(tmp_site())
    assert briefing.changes == ()


def test_two_articles_with_one_url_are_a_warning_naming_both(tmp_site):
    url = "https://news.example.org/2024/02/03/story"
    site = tmp_site({
        "content/articles/a.md": f"---\ntitle: A\ndate: 2024-02-03\nurl: {url}\n---\nText.\n",
        "content/articles/b.md": f"---\ntitle: B\ndate: 2024-02-03\noutlet: wire\nurl: {url}\n---\nText again.\n",
        "content/articles/c.md": "---\ntitle: C\ndate: 2024-02-03\nurl: https://news.example.org/other\n---\nText.\n",
        # The same page as briefing import tells it: scheme, "www.", the host's case, a final slash aside.
        "content/articles/d.md": "---\ntitle: D\ndate: 2024-02-03\nurl: http://www.News.example.org/2024/02/03/story/\n"
                                 "---\nText.\n",
    })
    hint = "\n  hint: two articles from one source: keep one of them (remove the other file, or correct its url)"
    warnings = [p.format() for p in check_site(site).warnings if "url" in p.message]
    assert warnings == [f"content/articles/b.md:5: warning: the url {url} is also the url of content/articles/a.md:4"
                        + hint,
                        "content/articles/d.md:4: warning: the url http://www.News.example.org/2024/02/03/story/ is "
                        f"the same page as the url of content/articles/a.md:4 ({url})" + hint]
    with pytest.raises(BuildFailed):
        check_site(site, strict=True)
