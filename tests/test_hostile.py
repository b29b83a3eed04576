"""Hostile content: whatever a scraper or a stranger's repository puts in the files, the built
pages run no script of theirs. Every test parses the built HTML; none greps it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import build_site, check_site
from generator.errors import BuildFailed
from sitecheck import page_text, unsafe_markup

PAYLOAD = """"'><script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>{{ 7*7 }}"""
class Element:
    def __init__(self, tag: str, attrs: list[tuple[str, str | None]]):
        self.tag, self.attrs = tag, attrs


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append(Element(tag, attrs))

    handle_startendtag = handle_starttag


def elements(page: Path) -> list[Element]:
    collector = _Collector()
    collector.feed(page.read_text(encoding="utf-8"))
    collector.close()
    return collector.elements


def assert_runs_no_script(out: Path) -> list[Path]:
    pages = sorted(out.rglob("*.html"))
    assert pages
    for page in pages:
        assert unsafe_markup(page.read_text(encoding="utf-8")) == [], page.relative_to(out)
    return pages


HOSTILE_BODY = """\
Bob Example met reporters in Doha.

Raw <script>alert(4)</script> inline and <img src=x onerror=alert(5)> too.

<div onclick="alert(6)">a block of raw HTML</div>

<iframe src="javascript:alert(7)"></iframe>

[js](javascript:alert(8)) [mixed](JaVaScRiPt:alert(9)) [entity](&#106;avascript:alert(10))
[vb](vbscript:msgbox(11)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=)
![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTMpPg==) ![png](data:image/png;base64,AAAA)
<javascript:alert(14)> [ref] [title](https://example.org "\\" onmouseover=\\"alert(15)")

[ref]: javascript:alert(16)

## Heading " onmouseover="alert(17)

[^note]

[^note]: A footnote <script>alert(18)</script>.
"""


def hostile_files(payload: str = PAYLOAD) -> dict[str, str]:
    quoted = payload.replace("\\", "\\\\").replace('"', '\\"')
    q = f'"{quoted}"'
    return {
        "site.yaml": f"title: {q}\nsubtitle: {q}\ndescription: {q}\nkey_points:\n  - text: {q}\n    citations: [first]\n"
                     f"nav:\n  - label: {q}\n    page: home\n  - label: Timeline\n    page: timeline\n"
                     f"extra:\n  x: {q}\n",
        "content/outlets/outlets.yaml": f"- id: wire\n  name: {q}\n  kind: wire\n  country: {q}\n  description: {q}\n"
                                        "  url: \"https://example.org/'onmouseover='alert(19)\"\n",
        "content/actors/people.yaml": f"- id: bob\n  name: Bob Example\n  kind: person\n  aliases: [Robert Example]\n"
                                      f"  role: {q}\n  side: {q}\n  description: {q}\n"
                                      f"- id: eve\n  name: {q}\n  kind: other\n",
        "content/articles/first.md": f"---\ntitle: {q}\ndate: 2025-10-19\noutlet: wire\nsummary: {q}\nnote: {q}\n"
                                     f"date_note: {q}\nactors: [eve]\ntags: [a]\nextra: {{x: {q}}}\n---\n" + HOSTILE_BODY,
        "content/events/events.yaml": f"- id: meeting\n  date: 2025-10-19\n  title: {q}\n  description: {q}\n"
                                      f"  location: {q}\n  actors: [bob, eve]\n  citations:\n    - article: first\n"
                                      f"      excerpt: met reporters in Doha\n      note: {q}\n"
                                      f"  disputes:\n    - about: {q}\n      accounts:\n"
                                      f"        - says: {q}\n          location: {q}\n          citations: [first]\n"
                                      f"        - says: other\n          citations: [first]\n",
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    import shutil

    from sitefiles import REPO, write_files

    root = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    write_files(root, hostile_files())
    build_site(root, root / "output")
    return root / "output"


def test_no_page_runs_a_script(hostile_site):
    pages = assert_runs_no_script(hostile_site)
    assert len(pages) >= 8


def test_the_payload_is_shown_as_text(hostile_site):
    for rel in ("index.html", "timeline/index.html", "articles/first.html", "outlets/wire.html", "actors/eve.html",
                "actors/bob.html"):
        assert PAYLOAD in page_text(hostile_site / rel), rel


def test_attribute_values_keep_the_payload_as_text(hostile_site):
    home = elements(hostile_site / "index.html")
    [meta] = [e for e in home if e.tag == "meta" and ("name", "description") in e.attrs]
    assert dict(meta.attrs)["content"] == PAYLOAD
    [outlet_link] = [e for e in elements(hostile_site / "outlets/wire.html")
                     if e.tag == "a" and (dict(e.attrs).get("href") or "").startswith("https://example.org/")]
    # An apostrophe is allowed in a web address; a double quote is not (see test_urls_that_are_not_valid…).
    assert dict(outlet_link.attrs)["href"] == "https://example.org/'onmouseover='alert(19)"


def test_raw_html_in_markdown_is_text(hostile_site):
    text = page_text(hostile_site / "articles/first.html")
    for shown in ("<script>alert(4)</script>", '<div onclick="alert(6)">', "[js](javascript:alert(8))",
                  "<javascript:alert(14)>", "A footnote <script>alert(18)</script>."):
        assert shown in text


def test_template_syntax_in_content_is_never_evaluated(hostile_site):
    text = page_text(hostile_site / "articles/first.html")
    assert "{{ 7*7 }}" in text and "49" not in text


def test_raw_html_passes_only_when_the_site_opts_in(tmp_site):
    site = tmp_site({
        "site.yaml": "title: T\nmarkdown:\n  html: true\n",
        "content/articles/first.md": "---\ntitle: T\ndate: 2025-10-19\noutlet: wire\n---\n"
                                     "Bob Example met reporters in Doha.\n\n<span class=\"kept\">raw</span>\n\n"
                                     "[js](javascript:alert(1))\n",
    })
    build_site(site, site / "output")
    spans = [e for e in elements(site / "output/articles/first.html") if e.tag == "span" and ("class", "kept") in e.attrs]
    assert len(spans) == 1
    assert "[js](javascript:alert(1))" in page_text(site / "output/articles/first.html")


@pytest.mark.parametrize("field_file, text", [
    ("content/articles/first.md", "---\ntitle: T\ndate: 2025-10-19\nurl: javascript:alert(1)\n---\nBob Example met reporters in Doha.\n"),
    ("content/articles/first.md",
     "---\ntitle: T\ndate: 2025-10-19\nurl: ' JavaScript:alert(1)'\n---\nBob Example met reporters in Doha.\n"),
    ("content/articles/first.md", "---\ntitle: T\ndate: 2025-10-19\nurl: 'data:text/html,<script>alert(1)</script>'\n---\nx\n"),
    ("content/outlets/outlets.yaml", "- id: wire\n  name: W\n  url: vbscript:msgbox(1)\n"),
    ("site.yaml", "title: T\nbase_url: 'javascript://example.org/%0aalert(1)'\n"),
])
def test_url_fields_refuse_other_schemes(tmp_site, field_file, text):
    site = tmp_site({field_file: text})
    with pytest.raises(BuildFailed) as failure:
        check_site(site)
    assert [(p.path, p.message) for p in failure.value.problems if p.severity == "error"] == [
        (field_file, f"'{'base_url' if field_file == 'site.yaml' else 'url'}': must be a full http:// or https:// address")]


@pytest.mark.parametrize("field_file, text, line, message", [
    ("content/articles/first.md", '---\ntitle: T\ndate: 2025-10-19\nurl: \'https://example.org/a?x="><script>alert(1)</script>\'\n'
     "---\nBob Example met reporters in Doha.\n", 4, "'url': is not a valid web address: '\"' at character 25 must be "
     "written as %22"),
    ("content/outlets/outlets.yaml", "- id: wire\n  name: W\n  url: 'https://example.org/\"onmouseover=\"alert(19)'\n", 3,
     "'url': is not a valid web address: '\"' at character 21 must be written as %22"),
    ("site.yaml", "title: T\nbase_url: 'https://example.org/my briefing/'\n", 2,
     "'base_url': is not a valid web address: a space at character 23 must be written as %20"),
])
def test_urls_that_are_not_valid_web_addresses_are_refused_at_their_line(tmp_site, field_file, text, line, message):
    # The URL Standard's valid URL string: what the Nu checker asks of an href.
    site = tmp_site({field_file: text})
    with pytest.raises(BuildFailed) as failure:
        check_site(site)
    assert [(p.path, p.line, p.message) for p in failure.value.problems if p.severity == "error"] == [
        (field_file, line, message)]


def test_language_tags_cannot_break_out_of_their_attribute(tmp_site):
    site = tmp_site({"content/articles/first.md": "---\ntitle: T\ndate: 2025-10-19\nlanguage: 'en\" onload=\"alert(1)'\n---\nx\n"})
    with pytest.raises(BuildFailed) as failure:
        check_site(site)
    assert failure.value.problems[0].message == "'language' is 'en\" onload=\"alert(1)', which is not a language tag"
