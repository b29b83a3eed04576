import re

from generator.markdown import PAGE_IDS, make_body_parser, make_snippet_parser, render
from generator.schema import MarkdownOptions
from sitefiles import REPO

SAFE = MarkdownOptions()


def test_raw_html_is_escaped_by_default():
    out = render(make_body_parser(SAFE), "Hi <script>alert(1)</script> <img src=x onerror=alert(1)>").html
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out


def test_raw_html_passes_when_the_site_opts_in():
    out = render(make_body_parser(MarkdownOptions(html=True)), "<span class=x>kept</span>").html
    assert '<span class=x>kept</span>' in out


def test_dangerous_link_schemes_are_not_linked():
    out = render(make_body_parser(SAFE), "[a](javascript:alert(1)) [b](data:text/html,x) [c](vbscript:x)").html
    assert "href" not in out


def test_headings_are_demoted_below_the_page_title_and_get_anchors():
    out = render(make_body_parser(SAFE), "# Top\n\n### Deep\n").html
    # The "#" is no word of the text: left out of search previews.
    assert out.startswith('<h2 id="top">Top <a class="header-anchor" href="#top" data-pagefind-ignore="">#</a></h2>')
    assert '<h4 id="deep">' in out


def test_a_heading_never_takes_an_id_of_the_article_page():
    out = render(make_body_parser(SAFE), "## Main\n\n## Quoted\n\n## Main\n").html
    assert '<h2 id="main-section">' in out and '<h2 id="quoted-section">' in out and '<h2 id="main-section-1">' in out
    assert 'id="main"' not in out and 'id="quoted"' not in out


def test_the_article_page_s_own_ids_are_all_reserved():
    used = {m for name in ("base.html", "article.html")
            for m in re.findall(r'\bid="([^"{]+)"', (REPO / "templates" / name).read_text(encoding="utf-8"))}
    assert used and used <= PAGE_IDS


def test_footnotes():
    out = render(make_body_parser(SAFE), "Text[^n].\n\n[^n]: The note.\n").html
    assert 'href="#fn1"' in out and 'class="footnotes"' in out


def test_external_links_get_rel_noopener():
    out = render(make_snippet_parser(SAFE), "[x](https://example.org)").html
    assert 'rel="noopener noreferrer"' in out


def test_blocks_are_the_plain_text_of_each_paragraph():
    result = render(make_body_parser(SAFE), "One *two*\nthree.\n\n> Quoted `code`\n")
    assert result.blocks == ("One two three.", "Quoted code")


def test_snippets_have_no_headings():
    assert "<h" not in render(make_snippet_parser(SAFE), "# Not a heading").html
