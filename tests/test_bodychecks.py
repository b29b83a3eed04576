"""What does not belong in an article body: each found in the token stream, reported as a warning
naming the article's file and line, an error under --strict, and still reported when the body
comes from the cache."""

import pytest

from generator.bodychecks import is_known_language, notes_of
from generator.build import build_site, check_site
from generator.errors import BuildFailed
from generator.markdown import make_body_parser, render
from generator.schema import MarkdownOptions


def notes(text):
    env = {}
    render(make_body_parser(MarkdownOptions()), text, env)
    return [(n.line, n.message) for n in notes_of(env)]


def test_template_syntax_in_text_is_noted_with_its_line():
    assert notes("Intro.\n\nSee {{ site.repository }}/issues and {% include x.html %}.\n") == [
        (2, "template syntax (Liquid) is left in the text: '{{ site.repository }}'"),
        (2, "template syntax (Liquid) is left in the text: '{% include x.html %}'"),
    ]


def test_a_hugo_shortcode_is_named_as_one():
    assert notes("A\nvideo: {{< youtube abc >}}\n") == [
        (1, "a Hugo shortcode is left in the text: '{{< youtube abc >}}'")]


def test_template_syntax_in_code_is_what_the_article_shows():
    assert notes("Write `{{ page.title }}`:\n\n```liquid\n{% for p in site.posts %}{{ p }}{% endfor %}\n```\n\n"
                 "    {{ indented }}\n") == []


def test_root_relative_links_and_images_are_noted():
    assert notes("[log](/docs/history/) and ![s](/img/s.png)\n\n[ok](other.html) [web](https://x.org/) "
                 "[proto](//x.org/a)\n") == [
        (0, "the link '/docs/history/' is root-relative: it leads to the top of whatever host serves the site, "
            "not to a page of this briefing"),
        (0, "the image '/img/s.png' is root-relative: it leads to the top of whatever host serves the site, "
            "not to a page of this briefing"),
    ]


def test_a_root_relative_definition_is_noted_where_it_is_used():
    assert [line for line, _ in notes("Para.\n\nSee [History][].\n\n[History]: /docs/history/\n")] == [2]


def test_reference_links_without_definition_are_noted():
    assert notes("A [full][ref] link,\na [collapsed][] one, [code `][x`] and a [shortcut] one.\n\n[ok]: https://x.org\n"
                 "[fine][ok]\n") == [
        (0, "the reference link [full][ref] has no definition: it shows as plain text"),
        (1, "the reference link [collapsed][] has no definition: it shows as plain text"),
    ]


def test_fenced_code_in_an_unknown_language_is_noted():
    text = "```rubyy\nx\n```\n\n```ruby\nx\n```\n\n```\nx\n```\n\n``` text\nx\n```\n\n```{.python}\nx\n```\n"
    assert notes(text) == [(0, "the code block's language 'rubyy' is not one briefing knows")]
    assert is_known_language("liquid") and is_known_language("YAML") and is_known_language("plaintext")


ARTICLE = """
    ---
    title: First article
    date: 2025-10-19
    outlet: wire
    ---
    Bob Example met reporters in Doha.

    See the [change log](/docs/history/).
"""


def test_the_build_warns_with_file_and_line_and_strict_fails(tmp_site):
    site = tmp_site({"content/articles/first.md": ARTICLE})
    [warning] = [w for w in check_site(site).warnings if w.path == "content/articles/first.md"]
    assert (warning.line, warning.severity) == (8, "warning")
    assert warning.message.startswith("the link '/docs/history/' is root-relative")
    with pytest.raises(BuildFailed) as failure:
        check_site(site, strict=True)
    assert any(p.line == 8 and p.severity == "error" and "root-relative" in p.message for p in failure.value.problems)


def test_a_body_from_the_cache_still_warns(tmp_site):
    site = tmp_site({"content/articles/first.md": ARTICLE})
    first = build_site(site, site / "output", cache=True, jobs=1)
    second = build_site(site, site / "output", cache=True, jobs=1)
    assert second.bodies_rendered == 0 and second.bodies == first.bodies
    wanted = [(w.path, w.line, w.message) for w in first.warnings if "root-relative" in w.message]
    assert len(wanted) == 1
    assert [(w.path, w.line, w.message) for w in second.warnings if "root-relative" in w.message] == wanted
