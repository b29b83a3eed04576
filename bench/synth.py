"""Deterministic synthetic briefings for benchmarks, and the same articles as Hugo and Pelican sites.

Every article body is about 600 words of Markdown with headings, lists, quotes, emphasis and links,
so that all three generators render the same text. The briefing also gets about N/50 actors, N/5
events citing the articles (with excerpts copied from them) and N/200 outlets, as a real
briefing would.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WORDS = (
    "ceasefire talks border delegation ministry statement militants province capital frontier "
    "negotiators mediators agreement security forces officials sources spokesperson report "
    "government dialogue tensions region trade crossing refugees monitoring mechanism round "
    "envoy summit accord pressure demand assurance violence attack response strike casualties "
    "airspace patrol checkpoint district council committee inquiry evidence claim denial "
    "observers analysts economy merchants convoy village valley highway season winter"
).split()
FIRST = "Amina Bilal Daud Farah Gul Hamid Imran Jamal Karim Laila Nadia Omar Parveen Rahim Sana Tariq".split()
LAST = "Ahmadi Baloch Chaudhry Durrani Faizi Ghani Hashmi Iqbal Jamali Khan Lodhi Mirza Niazi Qureshi Rana Sadiq".split()
OUTLET_WORDS = "Daily Herald Times Observer Tribune Chronicle Gazette Express Courier Monitor Post Review".split()


@dataclass(frozen=True)
class SyntheticArticle:
    id: str
    title: str
    date: date
    outlet: str
    body: str
    excerpt: str  # one sentence of the body, for citations


def _sentence(rng: random.Random, names: list[str], length: int | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(length or rng.randint(9, 18))]
    if names and rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), rng.choice(names))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, names: list[str]) -> str:
    return " ".join(_sentence(rng, names) for _ in range(rng.randint(3, 5)))


def _body(rng: random.Random, names: list[str]) -> tuple[str, str]:
    excerpt = _sentence(rng, [], 12)
    blocks = [excerpt + " " + _paragraph(rng, names)]
    for section in range(3):
        blocks.append(f"## {_sentence(rng, [], 4)[:-1]}")
        blocks.append(_paragraph(rng, names))
        if section == 0:
            blocks.append("\n".join(f"- {_sentence(rng, names, 8)}" for _ in range(4)))
        elif section == 1:
            blocks.append("> " + _sentence(rng, names) + " " + _sentence(rng, names))
        else:
            word = rng.choice(WORDS)
            blocks.append(f"Officials **{word}** the *report*, and [the full statement](https://example.org/{word}) "
                          + _paragraph(rng, names))
        blocks.append(_paragraph(rng, names))
    return "\n\n".join(blocks) + "\n", excerpt


def make_articles(n: int, seed: int = 2025) -> tuple[list[SyntheticArticle], list[tuple[str, str]], list[tuple[str, str]]]:
    """The articles, the actors (id, name) and the outlets (id, name) of a synthetic briefing."""
    rng = random.Random(seed)
    actors = []
    for i in range(max(3, n // 50)):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"
        actors.append((f"actor-{i:05d}", name))
    outlets = [(f"outlet-{i:04d}", f"The {OUTLET_WORDS[i % len(OUTLET_WORDS)]} {i}") for i in range(max(2, n // 200))]
    names = [name for _, name in actors]
    start = date(2023, 1, 1)
    articles = []
    for i in range(n):
        body, excerpt = _body(rng, rng.sample(names, min(3, len(names))))
        articles.append(SyntheticArticle(
            id=f"article-{i:06d}",
            title=_sentence(rng, [], 7)[:-1],
            date=start + timedelta(days=(i * 1000) // max(n, 1)),
            outlet=outlets[i % len(outlets)][0],
            body=body,
            excerpt=excerpt,
        ))
    return articles, actors, outlets


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_briefing_site(root: Path, n: int, seed: int = 2025) -> None:
    articles, actors, outlets = make_articles(n, seed)
    rng = random.Random(seed + 1)
    shutil.rmtree(root, ignore_errors=True)
    (root / "content/articles").mkdir(parents=True)
    for folder in ("actors", "events", "outlets"):
        (root / "content" / folder).mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    (root / "site.yaml").write_text(f"title: Synthetic briefing of {n} articles\n", encoding="utf-8")
    for a in articles:
        (root / "content/articles" / f"{a.id}.md").write_text(
            f"---\ntitle: {_yaml_str(a.title)}\ndate: {a.date.isoformat()}\noutlet: {a.outlet}\n---\n{a.body}",
            encoding="utf-8")
    (root / "content/outlets/outlets.yaml").write_text(
        "".join(f"- id: {oid}\n  name: {_yaml_str(name)}\n  kind: news-site\n" for oid, name in outlets), encoding="utf-8")
    (root / "content/actors/actors.yaml").write_text(
        "".join(f"- id: {aid}\n  name: {_yaml_str(name)}\n  kind: person\n" for aid, name in actors), encoding="utf-8")
    events = []
    for i in range(max(1, n // 5)):
        cited = sorted(rng.sample(range(n), min(n, rng.randint(1, 3))))
        involved = sorted(rng.sample(range(len(actors)), min(len(actors), rng.randint(2, 4))))
        first = articles[cited[0]]
        citations = "".join(f"    - article: {articles[c].id}\n      excerpt: {_yaml_str(articles[c].excerpt)}\n" for c in cited)
        events.append(
            f"- id: event-{i:06d}\n  date: {first.date.isoformat()}\n  title: {_yaml_str(first.title)}\n"
            f"  actors: [{', '.join(actors[x][0] for x in involved)}]\n  citations:\n{citations}")
    (root / "content/events/events.yaml").write_text("".join(events), encoding="utf-8")


HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Synthetic briefing"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
"""
HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = (
    """{{ define "main" }}<article><h1>{{ .Title }}</h1>"""
    """<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>"""
    """{{ .Content }}</article>{{ end }}\n"""
)
HUGO_LIST = (
    """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}"""
    """<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n"""
)


def write_hugo_site(root: Path, n: int, seed: int = 2025) -> None:
    articles, _, _ = make_articles(n, seed)
    shutil.rmtree(root, ignore_errors=True)
    (root / "content/posts").mkdir(parents=True)
    (root / "layouts/_default").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (root / "layouts/_default/baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (root / "layouts/_default/single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (root / "layouts/_default/list.html").write_text(HUGO_LIST, encoding="utf-8")
    for a in articles:
        (root / "content/posts" / f"{a.id}.md").write_text(
            f"---\ntitle: {_yaml_str(a.title)}\ndate: {a.date.isoformat()}\n---\n{a.body}", encoding="utf-8")


PELICAN_CONFIG = """AUTHOR = "bench"
SITENAME = "Synthetic briefing"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 10
"""


def write_pelican_site(root: Path, n: int, seed: int = 2025) -> None:
    articles, _, _ = make_articles(n, seed)
    shutil.rmtree(root, ignore_errors=True)
    (root / "content").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for a in articles:
        (root / "content" / f"{a.id}.md").write_text(
            f"Title: {a.title}\nDate: {a.date.isoformat()}\nSlug: {a.id}\n\n{a.body}", encoding="utf-8")


def edit_one_article(root: Path, tool: str, n: int, round_: int) -> Path:
    """Change one article's text (a different article each round), as an editor would."""
    name = f"article-{(round_ * 7919) % n:06d}.md"
    path = {"briefing": root / "content/articles" / name, "hugo": root / "content/posts" / name,
            "pelican": root / "content" / name}[tool]
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\nAn editor's correction, round {round_}.\n")
    return path
