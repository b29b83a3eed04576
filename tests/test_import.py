"""`briefing import` on small sources written here: each kind of source, the chrome rules and the
site's own, outlets, dates, never overwriting, --dry-run, and the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.build import check_site
from generator.cli import main
from generator.dates import PartialDate
from generator.importing import ImportFailed, ImportOptions, import_sources, parse_variables

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
    assert front["extra"] == {"printed_time": "10:27 am", "printed_date": "Nov 06, 2025", "source_file": "clip.txt"}
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
    again = import_sources(site, [source], ImportOptions()).imported[0]
    assert again.path == "content/articles/2025-11-06-a-headline-as-printed-2.md" and first.path != again.path


def test_a_clipping_without_a_date_takes_the_one_given_or_today_marked_circa(tmp_site, tmp_path):
    site = tmp_site()
    source = write(tmp_path / "clip.txt", "Headline here\nISLAMABAD: A first paragraph of the story.\n")
    [given] = import_sources(site, [source], ImportOptions(date=PartialDate(2025, 11, 1))).imported
    front, _ = article(site, given.path)
    assert str(front["date"]) == "2025-11-01" and "circa" not in front
    [today] = import_sources(site, [source], ImportOptions()).imported
    front, _ = article(site, today.path)
    assert front["circa"] is True and "the day it was imported" in front["date_note"]
    assert any(line.startswith("no date of publication was found") for line in today.draft.check)


def test_a_weekday_without_a_year_gives_the_latest_year_that_fits(tmp_site, tmp_path):
    site = tmp_site()
    text = "Headline\nArab News\nThursday, November 6\nHeadline\nISLAMABAD: Text of the story.\nMore text.\n"
    [item] = import_sources(site, [write(tmp_path / "c.txt", text)], ImportOptions()).imported
    front, _ = article(site, item.path)
    assert str(front["date"]) == "2025-11-06"
    assert front["date_note"] == ("The clipping prints “Thursday, November 6” with no year. 2025 is the latest year in "
                                  "which 6 November is a Thursday.")
    assert front["extra"]["printed_header"] == ["Arab News"]


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
    report = import_sources(site, [page], ImportOptions(yes=True))
    front, _ = article(site, report.imported[0].path)
    assert front["outlet"] == "the-daily-example"
    assert report.outlets == [("content/outlets/the-daily-example.yaml", "The Daily Example", True)]
    # The next import finds the outlet by its web site.
    [again] = import_sources(site, [page], ImportOptions()).imported
    assert article(site, again.path)[0]["outlet"] == "the-daily-example"
    check_site(site, strict=True)


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
    assert "line 12: a Hugo shortcode is left in the text: '{{< tweet 1 >}}'" in item.draft.check
