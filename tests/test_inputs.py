"""Unusual but valid input builds correctly; unusual and invalid input stops with a located error.
End to end, through the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.build import build_site
from generator.cli import main
from sitecheck import broken_links, page_text
from sitefiles import MINIMAL_FILES, MINIMAL_SITE_YAML


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def failure(site: Path, capsys) -> str:
    capsys.readouterr()
    assert main(["build", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_bom_and_crlf_build_exactly_like_lf(tmp_site, tmp_path):
    lf = tmp_site()
    build_site(lf, tmp_path / "lf")
    for path in [lf / "site.yaml", *(lf / "content").rglob("*.*"), *(lf / "templates").rglob("*.html")]:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    build_site(lf, tmp_path / "crlf")
    assert tree(tmp_path / "crlf") == tree(tmp_path / "lf")


def test_a_5_mb_article_builds(tmp_site):
    paragraph = "Bob Example met reporters in Doha, and the talks went on late into the night. " * 12
    body = "\n\n".join(f"## Part {i}\n\n{paragraph}" for i in range(5300))
    assert len(body.encode()) > 5_000_000
    site = tmp_site({"content/articles/first.md": f"---\ntitle: Long\ndate: 2025-10-19\noutlet: wire\n---\n{body}\n"})
    build_site(site, site / "output")
    page = (site / "output/articles/first.html").read_text(encoding="utf-8")
    assert page.count("the talks went on late into the night") == 5300 * 12
    assert 'id="part-5299"' in page


@pytest.mark.parametrize("body", [
    "> " * 10_000 + "deep quote",
    "".join("  " * i + "- item\n" for i in range(500)),
    "- " * 10_000 + "x",
    "[" * 10_000 + "x" + "]" * 10_000,
    "*" * 10_000 + "x" + "*" * 10_000,
    "![" * 5_000 + "x",
    "<div>" * 5_000,
    "[^a]\n\n[^a]: " + "> " * 5_000 + "x",
], ids=["quotes", "indented-lists", "compact-lists", "brackets", "emphasis", "images", "html", "footnote"])
def test_deeply_nested_markdown_builds(tmp_site, body):
    site = tmp_site({"content/articles/first.md": f"---\ntitle: Deep\ndate: 2025-10-19\noutlet: wire\n---\n"
                                                 f"Bob Example met reporters in Doha.\n\n{body}\n"})
    build_site(site, site / "output")
    assert "Bob Example met reporters in Doha." in page_text(site / "output/articles/first.html")


def test_file_names_with_spaces_and_other_scripts_work_and_are_linked(tmp_site):
    site = tmp_site({
        "content/articles/Doha talks, round 2.md": "---\ntitle: Round two\ndate: 2025-10-20\noutlet: wire\n---\nText.\n",
        "content/articles/مذاکرات کابل.md": "---\ntitle: Kabul talks\ndate: 2025-10-21\noutlet: wire\n---\nText.\n",
        "content/articles/Переговоры.md": "---\ntitle: Talks\ndate: 2025-10-22\noutlet: wire\n---\nText.\n",
        "content/events/more.yaml": "- id: переговоры-в-дохе\n  date: 2025-10-20\n  title: Talks\n"
                                    "  citations: [doha-talks-round-2, مذاکرات-کابل, переговоры]\n",
        "static/img/map of Doha.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
        "templates/home.html": (Path(__file__).parent.parent / "templates/home.html").read_text().replace(
            "{% block main %}", "{% block main %}\n<p><a href=\"{{ link.static('img/map of Doha.svg') }}\">Map</a></p>", 1),
    })
    assert main(["build", "--site", str(site)]) == 0
    out = site / "output"
    for name in ("doha-talks-round-2", "مذاکرات-کابل", "переговоры"):
        assert (out / f"articles/{name}.html").is_file()
    assert (out / "static/img/map of Doha.svg").is_file()
    assert broken_links(out) == []
    sources = (out / "sources/index.html").read_text(encoding="utf-8")
    assert 'href="../articles/%D0%BF%D0%B5%D1%80%D0%B5%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%D1%8B.html"' in sources
    assert 'href="static/img/map%20of%20Doha.svg"' in (out / "index.html").read_text(encoding="utf-8")


def test_names_that_differ_only_in_case_are_refused(tmp_site, capsys):
    site = tmp_site({"static/img/Logo.svg": "<svg/>", "static/img/logo.svg": "<svg/>",
                     "content/articles/First.md": MINIMAL_FILES["content/articles/first.md"]})
    err = failure(site, capsys)
    assert "static/img/logo.svg: error: this file name differs from static/img/Logo.svg only in letter case" in err
    assert "content/articles/first.md: error: duplicate article id 'first' (also defined at content/articles/First.md)" in err


@pytest.mark.parametrize("link, target, message", [
    ("content/articles/secret.md", "secret.md", "content/articles/secret.md: error: this is a link to a file outside the site directory"),
    ("content/actors/more", ".", "content/actors/more: error: this folder is a link to a folder outside the site directory"),
    ("static/keys", ".", "static/keys: error: this folder is a link to a folder outside the site directory"),
    ("static/id_rsa.txt", "secret.md", "static/id_rsa.txt: error: this is a link to a file outside the site directory"),
    ("templates/article.html", "secret.md", "templates/article.html: error: this template is a link to a file outside the site directory"),
    ("site.yaml", "secret.md", "site.yaml: error: site.yaml is a link to a file outside the site directory"),
])
def test_links_out_of_the_site_are_refused(tmp_site, tmp_path, capsys, link, target, message):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: Secret\ndate: 2025-10-19\n---\nthe private key\n")
    site = tmp_site()
    assert main(["build", "--site", str(site)]) == 0
    before = tree(site / "output")
    (site / link).unlink() if (site / link).is_file() else None
    os.symlink(outside / target, site / link)
    err = failure(site, capsys)
    assert message in err
    assert tree(site / "output") == before


def test_nothing_is_written_outside_the_output(tmp_site, tmp_path):
    site = tmp_site({"content/articles/first.md": "---\ntitle: T\ndate: 2025-10-19\noutlet: wire\n---\n"
                                                 "Bob Example met reporters in Doha. [x](../../../../../../../../tmp/escape.html) "
                                                 "![y](/etc/passwd)\n"})
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    build_site(site, site / "output")
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    created = [p for p in after if p not in before]
    # The build writes its output, and its cache (which holds nothing of the content's links).
    assert created and all(p.parts[:2] in (("site", "output"), ("site", ".briefing-cache")) for p in created)


def test_an_empty_site_yaml_and_empty_folders(tmp_site, capsys):
    site = tmp_site({"site.yaml": ""}, minimal=False)
    assert failure(site, capsys).startswith("site.yaml:1: error: site.yaml is empty\n  hint: add at least `title: ...`")
    (site / "site.yaml").write_text(MINIMAL_SITE_YAML)
    assert main(["build", "--site", str(site)]) == 0  # no content at all is a valid, empty briefing
