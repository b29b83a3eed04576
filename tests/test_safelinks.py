import pytest

from generator.markdown import make_body_parser, make_snippet_parser, render
from generator.safelinks import is_safe_link
from generator.schema import MarkdownOptions


@pytest.mark.parametrize("url", [
    "https://example.org/a?b#c", "http://example.org", "HTTPS://EXAMPLE.ORG", "mailto:desk@example.org",
    "../articles/a.html", "#event-x", "page.html", "//example.org/x", "java%09script:x", "%6Aavascript:x",
])
def test_allowed(url):
    assert is_safe_link(url)


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\x01javascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "javascript\r:alert(1)", "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=", "data:image/png;base64,AAAA", "data:image/svg+xml,<svg/onload=alert(1)>",
    "file:///etc/passwd", "ftp://example.org", "tel:+123",
])
def test_refused(url):
    assert not is_safe_link(url)


@pytest.mark.parametrize("parser", [make_body_parser, make_snippet_parser])
@pytest.mark.parametrize("source", [
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))", "[x]( javascript:alert(1))", "[x](<javascript:alert(1)>)",
    "<javascript:alert(1)>", "<JAVASCRIPT:alert(1)>", "[x]\n\n[x]: javascript:alert(1)",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)", "![x](data:image/png;base64,AAAA)", "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
])
def test_markdown_never_links_a_refused_scheme(parser, source):
    html = render(parser(MarkdownOptions()), source).html
    assert "href=" not in html and "src=" not in html


def test_refused_links_stay_visible_as_text():
    html = render(make_body_parser(MarkdownOptions()), "[click](javascript:alert(1))").html
    assert html == "<p>[click](javascript:alert(1))</p>\n"


def test_even_with_raw_html_on_markdown_links_are_checked():
    html = render(make_body_parser(MarkdownOptions(html=True)), "[x](javascript:alert(1))").html
    assert "href" not in html
