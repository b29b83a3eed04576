"""Numbered notes (generator/notes.py): an article is one note however many claims cite it, its
excerpts gathered under it once; numbers follow the order of first citation."""

from __future__ import annotations

from generator.build import build_site
from generator.model import Citation
from generator.notes import NotesList, with_refs


def test_an_article_is_one_note_with_each_of_its_excerpts_once():
    notes = NotesList("n-x-")
    first = notes.cite([Citation("a", "one"), Citation("b"), Citation("a", "two")])
    second = notes.cite([Citation("c", "three"), Citation("a", "one"), Citation("b", None, "(a caption)")])
    assert [n.number for n in first] == [1, 2]
    assert [n.number for n in second] == [3, 1, 2]
    assert [(n.anchor, n.article_id) for n in notes.entries] == [("n-x-1", "a"), ("n-x-2", "b"), ("n-x-3", "c")]
    assert [q.text for q in notes.entries[0].excerpts] == ["one", "two"]
    assert notes.entries[1].excerpts == [] and notes.entries[1].notes == ["(a caption)"]
    assert len(notes) == 3


def test_the_numbers_follow_the_last_word_of_a_paragraph():
    assert with_refs("<p>One.</p>\n<p>Two.</p>\n", "<sup>1</sup>") == "<p>One.</p>\n<p>Two.<sup>1</sup></p>"
    assert with_refs("<ul><li>x</li></ul>\n", "<sup>1</sup>") == "<ul><li>x</li></ul><sup>1</sup>"


EVENTS = """
    - id: meeting
      date: 2025-10-19
      title: Bob meets reporters
      description: Bob met reporters.
      citations:
        - {article: first, excerpt: met reporters in Doha}
        - {article: first, excerpt: Bob}
"""


def test_a_timeline_entry_names_each_article_once_and_folds_its_excerpts(tmp_site):
    site = tmp_site({"content/events/events.yaml": EVENTS})
    build_site(site, site / "output")
    page = (site / "output/timeline/index.html").read_text()
    entry = page[page.index('id="event-meeting"'):]
    entry = entry[:entry.index("</article>")]
    ref = '<span class="refs" data-pagefind-ignore><sup class="ref"><a href="#n-meeting-1">[1]</a></sup></span>'
    assert f"<p>Bob met reporters.{ref}</p>" in entry
    notes = entry[entry.index('<details class="notes" data-pagefind-ignore>'):]
    assert notes.count('<li id="n-meeting-') == 1 and notes.count("articles/first.html") == 1
    assert "<q>met reporters in Doha</q>" in notes and "<q>Bob</q>" in notes
    marker = '<strong class="source-marker">Single source</strong>'
    assert f"<summary>{marker}: 1 article, 1 named outlet</summary>" in notes
