"""The sample briefing (this repository's own site), built and checked as a reader would."""

from __future__ import annotations

import filecmp
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build_site, load_briefing
from generator.errors import Problems
from sitecheck import broken_links, page_text
from sitefiles import skip_unless_ci

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
SEEDS = REPO.parent / "shared" / "seeds"

# Lines of the clippings that are the web pages' chrome, not the articles: they must appear on
# no page. Every other line of a clipping must be on its article page.
CHROME = {
    "000_0a2ffbc2ab2a09df.txt": ["Digest more"],
    "001_f64a9df86cb63e72.txt": ["-", "Read more: Afghanistan-Pakistan negotiations to begin in Doha: Exclusive"],
    "002_7b21f39052bb84c7.txt": ["LOADING...", "Summarize"],
    "003_092afc780116a3e1.txt": ["Latest News"],
    "004_4ffad3b986eb0201.txt": [
        "Overview Logo", "Article Main Image", "Alternative Takes", "The World's Current Take",
        "Casualties and Violence", "Border Tensions and Context", "Get the full experience in the app",
        "Scroll the Globe, Pick a Country, See their News", "International stories that aren't found anywhere else.",
        "Global News, Local Perspective", "50 countries, 150 news sites, 500 articles a day.",
        "Don’t Miss what Gets Missed", "Explore international stories overlooked by American media.",
        "Unfiltered, Uncensored, Unbiased", "Articles are translated to English so you get a unique view into their world.",
        "Apple App Store Badge",
    ],
}
# Lines that became front matter, shown on the article page in another form (the date as a
# <time> element, the outlet as a link, a stray sub-headline quoted in the editor's note).
METADATA_LINES = {
    "002_7b21f39052bb84c7.txt": ["Nov 06, 2025", "10:27 am", "Turkey to mediate Pakistan-Afghanistan peace talks"],
    "004_4ffad3b986eb0201.txt": ["Saudi Arabia", "Thursday, November 6"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "output"
    build_site(REPO, out, strict=True)
    return out


@pytest.fixture(scope="module")
def briefing():
    problems = Problems()
    result = load_briefing(REPO, problems)
    assert problems.errors == [] and problems.warnings == []
    return result


def sql_dump(path: Path) -> list[str]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def test_matches_the_golden_tree(built):
    """If this fails after an intended change, run tests/regenerate.py and review the diff.
    SQLite databases are compared by their SQL dump: their header records the SQLite library's
    version, which differs between machines."""
    expected = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    actual = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
    assert actual == expected
    databases = [p for p in expected if p.endswith(".db")]
    assert databases, "the golden tree has no database to compare"
    _, mismatch, errors = filecmp.cmpfiles(GOLDEN, built, [p for p in expected if p not in databases], shallow=False)
    assert mismatch == [] and errors == []
    for path in databases:
        assert sql_dump(built / path) == sql_dump(GOLDEN / path), path


def test_builds_are_byte_identical_across_hash_seeds(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "generator", "build", "--no-search", "--site", str(REPO), "--out", str(out)],
                       check=True, env=env, capture_output=True)
        outputs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1]


def test_every_internal_link_resolves(built):
    assert broken_links(built) == []


def test_every_actor_has_a_page_and_every_event_cites_an_article(built, briefing):
    for actor in briefing.actors:
        assert (built / "actors" / f"{actor.id}.html").is_file()
    for event in briefing.events:
        assert event.article_ids, event.id
        assert f'id="event-{event.id}"' in (built / "timeline/index.html").read_text()


def test_every_seed_has_its_article(briefing):
    seeds = sorted(a.extra.get("seed_file") for a in briefing.articles)
    assert seeds == sorted(CHROME)


@pytest.mark.parametrize("seed", sorted(CHROME))
def test_each_clipping_is_on_its_article_page_without_chrome(built, briefing, seed):
    if not SEEDS.is_dir():
        skip_unless_ci(f"the seed clippings are not at {SEEDS}: clone the project beside shared/")
    [article] = [a for a in briefing.articles if a.extra.get("seed_file") == seed]
    text = page_text(built / "articles" / f"{article.id}.html")
    # A bullet ("•") is list markup, not text: the article page shows that line as a list item or standfirst.
    lines = [" ".join(line.split()).removeprefix("• ") for line in (SEEDS / seed).read_text(encoding="utf-8").splitlines()]
    skipped = set(CHROME[seed]) | set(METADATA_LINES.get(seed, []))
    missing = [line for line in lines if line and line not in skipped and line not in text]
    assert missing == []
    # Outlet pages may quote the chrome to describe where a clipping came from; no article page
    # may carry it.
    for page in (built / "articles").glob("*.html"):
        visible = page_text(page)
        for chrome in CHROME[seed]:
            if len(chrome) > 2:
                assert chrome not in visible, (page, chrome)
