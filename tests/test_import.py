"""`briefing import` on small sources written here: each kind of source, the chrome rules and the
site's own, outlets, dates, never overwriting, --dry-run, and the command line."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.build import check_site
from generator.cli import main
from generator.dates import PartialDate
from generator.importing import ImportFailed, ImportOptions, import_sources, parse_variables
from generator.importing.textdates import find_dates

CLIPPING = """LOADING...
A headline as printed
Read more: another story
Nov 06, 2025
10:27 am
DOHA: Bob Example met reporters in Doha on Wednesday, the ministry said.
Talks resume
The talks resume on Thursday after a week of clashes along the border, officials said.
Officials in Doha (AP) sign an agreement in Doha, Qatar, Oct. 19, 2025 (AP)
A third paragraph to end the article, as it was printed.
Get the full experience in the app
Scroll the Globe
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def article(site: Path, rel: str) -> tuple[dict, str]:
    _, front, body = (site / rel).read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def test_a_clipping_loses_its_chrome_and_keeps_its_parts(tmp_site, tmp_path):
    site = tmp_site()
    source = write(tmp_path / "in/clip.txt", CLIPPING)
    [item] = import_sources(site, [source], ImportOptions()).imported
    assert item.path == "content/articles/2025-11-06-a-headline-as-printed.md"
    front, body = article(site, item.path)
    assert front["title"] == "A headline as printed" and str(front["date"]) == "2025-11-06"
    assert front["extra"] == {"printed_time": "10:27 am", "printed_date": "Nov 06, 2025",
                              "imported_from": {"file": "clip.txt", "sha256": hashlib.sha256(CLIPPING.encode()).hexdigest()}}
    assert body == ("DOHA: Bob Example met reporters in Doha on Wednesday, the ministry said.\n\n## Talks resume\n\n"
                    "The talks resume on Thursday after a week of clashes along the border, officials said.\n\n"
                    "*Officials in Doha (AP) sign an agreement in Doha, Qatar, Oct. 19, 2025 (AP)*\n\n"
                    "A third paragraph to end the article, as it was printed.\n")
    assert any("“Get the full experience in the app” (line 11 and all after it)" in f for f in item.draft.found)
    assert "actors named: bob \u00d71" in item.draft.found
    check_site(site, strict=True)


def test_the_site_adds_its_own_chrome_rules(tmp_site, tmp_path):
    site = tmp_site({"import.yaml": "chrome:\n  - starts: \"DOHA: Bob\"\n"})
    source = write(tmp_path / "clip.txt", CLIPPING)
    [item] = import_sources(site, [source], ImportOptions()).imported
    assert "Bob Example" not in article(site, item.path)[1]


def test_a_broken_rule_file_is_reported_with_its_line(tmp_site, tmp_path):
    site = tmp_site({"import.yaml": "chrome:\n  - line: x\n    starts: y\n  - pattern: \"(\"\n"})
    with pytest.raises(ImportFailed) as failure:
        import_sources(site, [write(tmp_path / "clip.txt", CLIPPING)], ImportOptions())
    assert "import.yaml:2: error: 'chrome[0]': a rule has exactly one of" in str(failure.value)
    assert "import.yaml:4: error: 'chrome[1]': the pattern is not a regular expression" in str(failure.value)


def test_a_dry_run_writes_nothing_and_nothing_is_ever_overwritten(tmp_site, tmp_path):
    site = tmp_site()
    source = write(tmp_path / "clip.txt", CLIPPING)
    report = import_sources(site, [source], ImportOptions(dry_run=True))
    assert report.imported[0].path == "content/articles/2025-11-06-a-headline-as-printed.md"
    assert not (site / report.imported[0].path).exists()
    first = import_sources(site, [source], ImportOptions()).imported[0]
    assert first.path == report.imported[0].path
    # Another source whose headline and date make the same id gets a suffix.
    other = write(tmp_path / "other.txt", CLIPPING.replace("A third paragraph", "Another third paragraph"))
    second = import_sources(site, [other], ImportOptions()).imported[0]
    assert second.path == "content/articles/2025-11-06-a-headline-as-printed-2.md"
    assert article(site, first.path)[1] != article(site, second.path)[1]


def test_a_clipping_without_a_date_takes_the_one_given_or_today_marked_circa(tmp_site, tmp_path):
    site = tmp_site()
    source = write(tmp_path / "clip.txt", "Headline here\nISLAMABAD: A first paragraph of the story.\n")
    [given] = import_sources(site, [source], ImportOptions(date=PartialDate(2025, 11, 1))).imported
    front, _ = article(site, given.path)
    assert str(front["date"]) == "2025-11-01" and "circa" not in front
    other = write(tmp_path / "other.txt", "Headline here\nISLAMABAD: Another first paragraph of the story.\n")
    [today] = import_sources(site, [other], ImportOptions()).imported
    front, _ = article(site, today.path)
    assert front["circa"] is True and "the day it was imported" in front["date_note"]
    assert any(line.startswith("no date of publication was found") for line in today.draft.check)


def test_a_weekday_without_a_year_takes_the_year_the_text_gives(tmp_site, tmp_path):
    site = tmp_site()
    text = ("Headline\nArab News\nThursday, November 6\nHeadline\nISLAMABAD: Text of the story since the takeover in "
            "2021.\nMore text.\n")
    [item] = import_sources(site, [write(tmp_path / "c.txt", text)], ImportOptions(),
                            today=dt.date(2031, 12, 1)).imported
    front, _ = article(site, item.path)
    # Imported in 2031, when 6 November was last a Thursday that year: the text's own years decide.
    assert str(front["date"]) == "2025-11-06" and "circa" not in front
    assert front["date_note"] == ("The clipping prints “Thursday, November 6” with no year. The latest year the "
                                  "clipping mentions is 2021 (“in 2021”), and 2025 is the first year from then in "
                                  "which 6 November is a Thursday.")
    assert front["extra"]["printed_header"] == ["Arab News"]
    assert "year 2025 for “Thursday, November 6”, from the years the clipping mentions (the latest: “in 2021”): " \
           "check it (date_note says how)" in item.draft.guessed


def test_a_weekday_without_any_year_is_the_latest_that_fits_and_says_so(tmp_site, tmp_path):
    site = tmp_site()
    text = "Headline\nThursday, November 6\nISLAMABAD: Text of the story.\nMore text.\nAnd more.\n"
    [item] = import_sources(site, [write(tmp_path / "c.txt", text)], ImportOptions(),
                            today=dt.date(2031, 12, 1)).imported
    front, _ = article(site, item.path)
    assert str(front["date"]) == "2031-11-06" and front["circa"] is True
    assert front["date_note"] == ("The clipping prints “Thursday, November 6” with no year, and mentions none. 2031 is "
                                  "only the latest year, up to the day it was imported, in which 6 November is a "
                                  "Thursday.")
    assert any(line.startswith("year 2031 for “Thursday, November 6” is only the latest year in which that day is a "
                               "Thursday: the clipping mentions no year of its own") for line in item.draft.guessed)


def test_month_names_are_dates_only_capitalised_and_beside_a_day():
    assert find_dates("As many as 20 may have died, and march 3 went by.") == []
    assert find_dates("The toll reached 20\nMay God help them.") == []
    assert [(d.text, d.month, d.day, d.year) for d in find_dates(
        "Talks on May 5, 2024 and 20 May; NOV 06, 2025 and Sept. 3.")] == [
        ("May 5, 2024", 5, 5, 2024), ("20 May", 5, 20, None), ("NOV 06, 2025", 11, 6, 2025), ("Sept. 3", 9, 3, None)]


JEKYLL_POST = """---
title: "Release 1.0"
date: "2013-05-06 23:30:00 +0000"
author: parkr
categories: [release, news]
description: What is new.
version: 1.0.0
layout: post
---
See {% post_url 2013-05-01-older %} and [the older one]({% link _posts/2013-05-01-older.md %}).

{% highlight ruby %}
> puts "hi"
{% endhighlight %}

Issue [#1][] at {{ site.repository }}, and `{% raw %}{{ kept }}{% endraw %}`.

{% assign issues = "1|2" | split: "|" %}
{% for i in issues %}
[#{{ i }}]: {{ site.repository }}/issues/{{ i }}
{% endfor %}
"""


def test_a_jekyll_post_becomes_an_article(tmp_site, tmp_path):
    site = tmp_site({"site.yaml": "title: T\ntimezone: Asia/Karachi\n"})
    posts = tmp_path / "_posts"
    write(posts / "2013-05-01-older.markdown", "---\ntitle: Older\n---\nThe older post.\n")
    write(posts / "2013-05-06-release.markdown", JEKYLL_POST)
    report = import_sources(site, [posts], ImportOptions())
    older, release = report.imported
    assert (older.id, release.id) == ("2013-05-01-older", "2013-05-06-release")
    front, body = article(site, release.path)
    # 23:30 UTC is the next day in Karachi; the original is kept.
    assert str(front["date"]) == "2013-05-07" and front["extra"]["published"] == "2013-05-06 23:30:00 +0000"
    assert front["author"] == "parkr" and front["tags"] == ["release", "news"] and front["summary"] == "What is new."
    assert front["extra"]["version"] == "1.0.0" and front["extra"]["layout"] == "post"
    assert body.startswith("See 2013-05-01-older.html and [the older one](2013-05-01-older.html).\n\n"
                           "```ruby\n> puts \"hi\"\n```\n")
    assert "`{{ kept }}`" in body
    assert "[#1]: {{ site.repository }}/issues/1\n[#2]: {{ site.repository }}/issues/2\n" in body
    assert str(front["date"]) == "2013-05-07"
    older_front, _ = article(site, older.path)
    assert str(older_front["date"]) == "2013-05-01"  # from the file name
    # What is left is announced with the file's own lines, as the build reports it.
    warnings = {(w.path, w.line, w.message) for w in check_site(site).warnings if w.path == release.path}
    announced = {(release.path, int(line.split(":")[0][5:]), line.split(": ", 1)[1])
                 for line in release.draft.check if line.startswith("line ")}
    assert warnings and warnings == announced
    assert "template values with no known value, left in the text: site.repository (give them with --var " \
           "NAME=VALUE)" in release.draft.check


def test_template_values_come_from_var(tmp_site, tmp_path):
    site = tmp_site()
    post = write(tmp_path / "2013-05-06-release.md", JEKYLL_POST)
    options = ImportOptions(variables=parse_variables(["site.repository=https://github.com/x/y"]))
    [item] = import_sources(site, [post], options).imported
    _, body = article(site, item.path)
    assert "[#2]: https://github.com/x/y/issues/2" in body and "{{" not in body.replace("{{ kept }}", "")
    # Only the links to a post that was not imported are left.
    left = [w.message for w in check_site(site).warnings if w.path == item.path]
    assert sorted(left) == ["template syntax (Liquid) is left in the text: '{% link _posts/2013-05-01-older.md %}'",
                            "template syntax (Liquid) is left in the text: '{% post_url 2013-05-01-older %}'"]
    # The import said why each is left, at the line the build names.
    assert sorted(line.split(": ", 1)[1] for line in item.draft.check if "{%" in line) == [
        "template syntax (Liquid) is left in the text: '{% link _posts/2013-05-01-older.md %}': the post "
        "2013-05-01-older is not imported, with these posts or before: import it too (then run this import again), or "
        "write its full address",
        "template syntax (Liquid) is left in the text: '{% post_url 2013-05-01-older %}': the post 2013-05-01-older is "
        "not imported, with these posts or before: import it too (then run this import again), or write its full "
        "address"]


def test_hugo_and_pelican_posts(tmp_site, tmp_path):
    site = tmp_site()
    hugo = write(tmp_path / "hugo.md", '+++\ntitle = "Hugo post"\ndate = 2021-03-04T10:00:00+02:00\n'
                                        'tags = ["A B"]\nauthors = ["Ann", "Bo"]\ndraft = true\n+++\n'
                                        '{{< highlight go >}}\nfmt.Println()\n{{< /highlight >}}\n')
    pelican = write(tmp_path / "pelican.md", "Title: Pelican post\nDate: 2020-01-02 10:20\nTags: one, two\n"
                                             "Summary: Short.\nSlug: x\n\nBody text.\n")
    hugo_item, pelican_item = import_sources(site, [hugo, pelican], ImportOptions()).imported
    assert (hugo_item.kind, pelican_item.kind) == ("hugo", "pelican")
    front, body = article(site, hugo_item.path)
    assert (str(front["date"]), front["tags"], front["author"], front["draft"]) == ("2021-03-04", ["a-b"],
                                                                                     ["Ann", "Bo"], True)
    assert body == "```go\nfmt.Println()\n```\n"
    front, body = article(site, pelican_item.path)
    assert (front["title"], str(front["date"]), front["tags"], front["summary"]) == ("Pelican post", "2020-01-02",
                                                                                      ["one", "two"], "Short.")
    assert front["extra"].pop("imported_from")["file"] == "pelican.md"
    assert front["extra"] == {"slug": "x", "published": "2020-01-02 10:20"} and body == "Body text.\n"


PAGE = """<html lang="en"><head><title>Site | A page headline</title>
<meta property="og:title" content="A page headline">
<meta property="og:site_name" content="The Daily Example">
<meta name="description" content="What the story says, briefly.">
<meta property="article:published_time" content="2024-02-03T10:00:00Z">
<link rel="canonical" href="https://news.example.org/2024/02/03/a-page-headline">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>A page headline</h1>
<p>The first paragraph of the story tells what happened, and it goes on for a while so that it reads as
an article: the council met on Friday and decided the matter after a long debate in the chamber.</p>
<p>The second paragraph has <a href="/2024/01/01/earlier">a link to an earlier story</a> and more words that
make it a paragraph of the article, as readers expect of a news report on a local council.</p>
<p>The third paragraph closes the story with a quote from the mayor, who said the decision was final and that
the town would move on to other business in the spring.</p>
<p>We want to hear what you think about this article. Submit a letter to the editor.</p>
<p>Jane Doe is a reporter who covers the council for the paper.</p>
</article><footer>Copyright 2024 The Daily Example</footer></body></html>
"""


def test_a_saved_page_and_its_outlet(tmp_site, tmp_path):
    site = tmp_site()
    page = write(tmp_path / "page.html", PAGE)
    [item] = import_sources(site, [page], ImportOptions()).imported
    front, body = article(site, item.path)
    assert (front["title"], str(front["date"]), front["url"]) == (
        "A page headline", "2024-02-03", "https://news.example.org/2024/02/03/a-page-headline")
    assert "(https://news.example.org/2024/01/01/earlier)" in body
    assert "We want to hear" not in body and "Jane Doe is a reporter" not in body
    assert front["outlet"] == "unknown" and front["extra"]["outlet_name"] == "The Daily Example"
    assert any("run again with --yes to write content/outlets/the-daily-example.yaml" in c for c in item.draft.check)
    assert not (site / "content/outlets/the-daily-example.yaml").exists()
    # The page again, with --yes: it is not written twice; the outlet is, and the article says so.
    report = import_sources(site, [page], ImportOptions(yes=True))
    [again] = report.imported
    assert again.skipped == f"already imported as {item.path} (the same file)" and again.path is None
    assert report.outlets == [("content/outlets/the-daily-example.yaml", "The Daily Example", True)]
    assert again.draft.found == [f"set `outlet: the-daily-example` in {item.path} (line 4, was `outlet: unknown`)"]
    assert article(site, item.path)[0]["outlet"] == "the-daily-example"
    assert sorted(p.name for p in (site / "content/articles").iterdir()) == sorted(["first.md", Path(item.path).name])
    check_site(site, strict=True)
    # The same page saved again (another copy, other bytes) is known by its address; another page
    # of the site is written, and the outlet is found by its web site.
    resaved = write(tmp_path / "resaved.html", PAGE.replace("<nav>", "<nav><a href='/x'>Extra</a>"))
    other = write(tmp_path / "other.html", PAGE.replace("a-page-headline\"", "another-headline\"")
                  .replace("A page headline", "Another headline").replace("the council met", "the board met"))
    resaved_item, other_item = import_sources(site, [resaved, other], ImportOptions()).imported
    assert resaved_item.skipped == (f"already imported as {item.path} (the same address, "
                                    "https://news.example.org/2024/02/03/a-page-headline, line 5)")
    assert article(site, other_item.path)[0]["outlet"] == "the-daily-example"


def test_the_command_line(tmp_site, tmp_path, capsys):
    site = tmp_site()
    source = write(tmp_path / "clip.txt", CLIPPING)
    assert main(["import", str(source), "--site", str(site), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Would write content/articles/2025-11-06-a-headline-as-printed.md from {source} "
                          "(clipping)\n  found: page chrome removed:")
    assert out.endswith("Dry run: 1 article(s) to import; nothing was written\n")
    assert main(["import", str(tmp_path / "missing.txt"), "--site", str(site)]) == 1
    assert "missing.txt: error: no such file" in capsys.readouterr().err
    assert main(["import", str(source), "--site", str(site), "--var", "nonsense"]) == 1
    assert "--var 'nonsense': write NAME=VALUE" in capsys.readouterr().err
    assert main(["import", str(source), "--site", str(site), "--outlet", "nowhere"]) == 1
    assert "--outlet nowhere: there is no such outlet" in capsys.readouterr().err


def test_other_commands_do_not_load_the_importers():
    code = ("import sys, generator.cli; from generator.build import build_site; "
            "print(sorted(m for m in sys.modules if m.startswith(('generator.importing', 'trafilatura', "
            "'htmldate', 'lxml', 'pygments'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_hugo_figures_and_videos_become_markdown(tmp_site, tmp_path):
    site = tmp_site()
    post = write(tmp_path / "post.md", '---\ntitle: T\ndate: 2021-01-02\n---\n'
                                       '{{< figure src="https://x.org/a.jpg" alt="A map" caption="The border" >}}\n\n'
                                       '{{< youtube dQw4w9WgXcQ >}}\n\n{{< tweet 1 >}}\n')
    [item] = import_sources(site, [post], ImportOptions()).imported
    _, body = article(site, item.path)
    assert body == ("![A map](https://x.org/a.jpg)\n\n*The border*\n\n"
                    "[Video on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\n{{< tweet 1 >}}\n")
    assert "line 16: a Hugo shortcode is left in the text: '{{< tweet 1 >}}'" in item.draft.check


def test_a_source_imported_before_is_skipped_naming_its_article(tmp_site, tmp_path, capsys):
    site = tmp_site()
    source = write(tmp_path / "clip.txt", CLIPPING)
    assert main(["import", str(source), "--site", str(site)]) == 0
    capsys.readouterr()
    # The same file, and the same text saved elsewhere with Windows line ends.
    copy = tmp_path / "copy.txt"
    copy.write_bytes(CLIPPING.replace("\n", "\r\n").encode())
    assert main(["import", str(source), str(copy), "--site", str(site)]) == 0
    rel = "content/articles/2025-11-06-a-headline-as-printed.md"
    assert capsys.readouterr().out == (f"Skipped {source}: already imported as {rel} (the same file)\n"
                                       f"Skipped {copy}: already imported as {rel} (the same text)\n"
                                       "0 article(s) imported, 2 already imported (skipped); nothing was written\n")
    assert sorted(p.name for p in (site / "content/articles").iterdir()) == sorted(["first.md", Path(rel).name])
    # Within one import, a source given twice is written once.
    other = write(tmp_path / "other.txt", CLIPPING.replace("A third paragraph", "Another paragraph"))
    first, twice = import_sources(site, [other, other], ImportOptions()).imported
    assert first.path and twice.skipped == f"already imported as {first.path} (the same file)"


def test_a_source_with_nothing_to_import_is_an_error(tmp_site, tmp_path, capsys):
    site = tmp_site()
    sources = [write(tmp_path / "empty.txt", ""), write(tmp_path / "blank.txt", " \n\n"),
               write(tmp_path / "page.html", "<html><body></body></html>"),
               write(tmp_path / "chrome.txt", "LOADING...\nGet the full experience in the app\n"),
               write(tmp_path / "headline.txt", "Only a headline\n"),
               write(tmp_path / "post.md", "---\ntitle: T\ndate: 2020-01-01\n---\n\n")]
    before = sorted((site / "content").rglob("*"))
    assert main(["import", *map(str, sources), "--site", str(site)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{tmp_path}/empty.txt: error: nothing to import: the file is empty",
        f"{tmp_path}/blank.txt: error: nothing to import: the file is empty",
        f"{tmp_path}/page.html: error: nothing to import: no article text was found in the page: is it a saved news "
        "page?",
        f"{tmp_path}/chrome.txt: error: nothing to import: nothing is left of the clipping once its chrome is removed: "
        "is it the right file?",
        f"{tmp_path}/headline.txt: error: nothing to import: the clipping has a headline, and no text",
        f"{tmp_path}/post.md: error: nothing to import: the post has no text below its front matter"]
    assert captured.out == "0 article(s) imported, 6 source(s) failed; nothing was written\n"
    assert sorted((site / "content").rglob("*")) == before
    # With a source that imports, the summary points to the next step; the exit code still says
    # that a source failed.
    assert main(["import", str(sources[0]), str(write(tmp_path / "clip.txt", CLIPPING)), "--site", str(site)]) == 1
    assert capsys.readouterr().out.endswith("1 article(s) imported, 1 source(s) failed; next: `briefing check "
                                            "--strict`\n")


def test_check_flags_an_article_with_no_text(tmp_site):
    site = tmp_site({"content/articles/empty.md": "---\ntitle: T\ndate: 2025-11-06\n---\n\n  \n"})
    assert [p.format() for p in check_site(site).warnings] == [
        "content/articles/empty.md:5: warning: the article has no text: its page would show the headline alone\n"
        "  hint: paste the article's text below the front matter, or set `draft: true` until it has some"]


def test_ctrl_c_during_an_import_says_what_was_written(tmp_site, tmp_path, capfd, monkeypatch):
    from generator.importing import run

    site = tmp_site()
    sources = [write(tmp_path / f"{n}.txt", CLIPPING.replace("A headline", f"Headline {n}").replace("third", f"{n}."))
               for n in (1, 2, 3)]
    real = run._read

    def read(path, *args, **kwargs):
        if path.name == "3.txt":
            raise KeyboardInterrupt
        return real(path, *args, **kwargs)

    monkeypatch.setattr(run, "_read", read)
    assert main(["import", *map(str, sources), "--site", str(site)]) == 130
    written = sorted(p.name for p in (site / "content/articles").iterdir())
    assert written == ["2025-11-06-headline-1-as-printed.md", "2025-11-06-headline-2-as-printed.md", "first.md"]
    assert capfd.readouterr().err.endswith(
        "interrupted; 2 file(s) written before it are complete (the last: "
        "content/articles/2025-11-06-headline-2-as-printed.md); 1 source(s) not imported: run the same import again "
        "for them (those imported are skipped)\n")
    sources.insert(0, sources.pop())  # the first source now stops the import
    assert main(["import", *map(str, sources), "--site", str(site)]) == 130
    assert capfd.readouterr().err.endswith("interrupted; nothing was imported, nothing was written\n")
    check_site(site, strict=True)


def test_actor_candidates_follow_general_rules():
    from generator.importing.names import actor_names, names_in
    from generator.schema import ActorSpec

    names = actor_names([ActorSpec(id="bob", name="Bob Example", kind="person")])
    text = ("Hello Jekyllers!\n\n## Security Fixes Released\n\n"
            "Jo Grady, the union's general secretary, met Bob Example and Defence Minister Khawaja Asif. From Phoenix "
            "to the Bay Area, the South Asian neighbours watched “Once Upon a Time in Hollywood” from a bus, as Sen. "
            "Elizabeth Warren did. Can Do Great Things, as the slogan from the start of the year says.\n")
    named = names_in(text, names, headline="Rolling Blackouts in California Have Power Experts Stumped")
    assert named.actors == {"bob": 1}
    assert [name for name, _ in named.candidates] == ["Bay Area", "Elizabeth Warren", "Jo Grady", "Khawaja Asif"]


def test_a_post_imported_before_keeps_its_article_for_the_links_to_it(tmp_site, tmp_path):
    site = tmp_site()
    posts = tmp_path / "_posts"
    older = write(posts / "2013-05-01-older.md", "---\ntitle: Older\n---\nThe older post.\n")
    import_sources(site, [older], ImportOptions())
    # The import of the whole folder, after Ctrl+C say: the older post is skipped, and the newer
    # one's link leads to its article.
    write(posts / "2013-05-06-newer.md", "---\ntitle: Newer\n---\nSee [it]({% post_url 2013-05-01-older %}).\n")
    skipped, newer = import_sources(site, [posts], ImportOptions()).imported
    assert skipped.skipped == "already imported as content/articles/2013-05-01-older.md (the same file)"
    assert article(site, newer.path)[1] == "See [it](2013-05-01-older.html).\n"
    check_site(site, strict=True)


def test_ctrl_c_while_a_source_is_read_stops_the_import_at_once(tmp_site, tmp_path, capfd, monkeypatch):
    # Reading a source (a large saved page takes seconds) touches nothing of the site: Ctrl+C is
    # not held there, only while an article is written and counted.
    from generator.importing import run

    site = tmp_site()
    sources = [write(tmp_path / f"{n}.txt", CLIPPING.replace("A headline", f"Headline {n}").replace("third", f"{n}."))
               for n in (1, 2, 3)]
    real = run._read
    read_after_the_press: list[str] = []

    def read(path, *args, **kwargs):
        if path.name == "2.txt":
            os.kill(os.getpid(), signal.SIGINT)
            read_after_the_press.append(path.name)  # reached only if Ctrl+C was held
        return real(path, *args, **kwargs)

    monkeypatch.setattr(run, "_read", read)
    assert main(["import", *map(str, sources), "--site", str(site)]) == 130
    assert read_after_the_press == []
    assert sorted(p.name for p in (site / "content/articles").iterdir()) == ["2025-11-06-headline-1-as-printed.md", "first.md"]
    assert capfd.readouterr().err.endswith("; 2 source(s) not imported: run the same import again for them "
                                           "(those imported are skipped)\n")


def test_a_source_imported_again_with_yes_writes_no_outlet_its_article_no_longer_waits_for(tmp_site, tmp_path):
    site = tmp_site({"content/outlets/courier.yaml": "- id: courier\n  name: Courier\n  kind: news-site\n"})
    page = write(tmp_path / "page.html", PAGE)
    [item] = import_sources(site, [page], ImportOptions()).imported
    path = site / item.path
    path.write_text(re.sub(r"(?m)^outlet: .*$", "outlet: courier", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert "outlet: courier" in path.read_text(encoding="utf-8")
    report = import_sources(site, [page], ImportOptions(yes=True))
    assert report.imported[0].skipped and report.outlets == []
    assert not (site / "content/outlets/the-daily-example.yaml").exists()
    check_site(site, strict=True)


def test_a_saved_page_whose_date_is_only_found_in_its_text_gets_it_as_a_guess(tmp_site, tmp_path):
    site = tmp_site()
    page = write(tmp_path / "undated.html", "<html lang='en'><head><title>Talks</title></head><body><nav>Home News</nav>"
                 "<article><h1>Talks resume</h1><p>The delegations met again and agreed to keep the ceasefire in "
                 "place while the monitoring mechanism is worked out by the mediators.</p><p>A second paragraph "
                 "of the report, long enough to be the article's text.</p></article>"
                 "<footer>(c) 2025 The Example</footer></body></html>")
    [item] = import_sources(site, [page], ImportOptions()).imported
    front, _ = article(site, item.path)
    # htmldate's search of the text reads the footer's year as 2025-01-01.
    assert (str(front["date"]), front["circa"]) == ("2025-01-01", True)
    assert front["date_note"] == ("The page states no date of publication in its metadata or markup; this date was "
                                  "found by a search of its text.")
    assert not any(line.startswith("date ") for line in item.draft.found), item.draft.found
    assert item.draft.guessed[0] == ("date 2025-01-01 (circa), found in the page's text, not stated as its date of "
                                     "publication: check it, set `date:` and remove `circa:`")
    check_site(site)


def test_a_file_that_cannot_be_written_stops_the_import_saying_what_was(tmp_site, tmp_path, capsys, monkeypatch):
    from generator import newfiles

    site = tmp_site()
    sources = [write(tmp_path / f"{n}.txt", CLIPPING.replace("A headline", f"Headline {n}").replace("third", f"{n}."))
               for n in (1, 2)]
    real = newfiles.os.open

    def full_disk_for_the_second(path, *args, **kwargs):
        if "headline-2" in str(path):
            raise OSError(28, "No space left on device")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(newfiles.os, "open", full_disk_for_the_second)
    assert main(["import", *map(str, sources), "--site", str(site)]) == 1
    assert capsys.readouterr().err == (
        "error: content/articles/2025-11-06-headline-2-as-printed.md cannot be written (No space left on device); "
        "1 file(s) written before it are complete (the last: content/articles/2025-11-06-headline-1-as-printed.md). "
        "Put that right (free space, permissions, a file in the way) and run the same import again: what was "
        "imported is skipped\n")
    assert sorted(p.name for p in (site / "content/articles").iterdir()) == ["2025-11-06-headline-1-as-printed.md", "first.md"]
