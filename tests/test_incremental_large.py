"""The property of tests/test_incremental.py at the size briefing serve is made for: a briefing of
10,000 articles edited step by step, built after each step as serve builds it (one resident
builder, its folder changed in place, on every core), as `briefing build` builds it (a new builder
with the cache) and from nothing; the three must be byte-identical.

Slow (several minutes): it runs when BRIEFING_LARGE gives the number of articles, e.g.
BRIEFING_LARGE=10000 .venv/bin/python -m pytest tests/test_incremental_large.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bigsite import make_big_site
from generator.build import Builder, BuildOptions, build_site
from generator.cache import Cache

ARTICLES = int(os.environ.get("BRIEFING_LARGE", "0") or 0)
pytestmark = pytest.mark.skipif(not ARTICLES, reason="slow: set BRIEFING_LARGE=10000 to build 10,000 articles "
                                                     "three ways after each of several edits")


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serve_build_and_clean_builds_of_a_large_briefing_are_the_same(tmp_path):
    site = make_big_site(tmp_path / "site", ARTICLES, paragraphs=4)
    middle = f"article-{ARTICLES // 2:05d}"
    steps = [
        lambda: None,
        lambda: edit(site / f"content/articles/{middle}.md", "## Section", "## Section\n\nA new first paragraph."),
        lambda: edit(site / "content/articles/article-00001.md", "title: Generated article 1", "title: Retitled"),
        lambda: edit(site / "content/actors/actors.yaml", "name: Example Ministry 3", "name: Ministry Three"),
        lambda: (site / "content/articles/article-00002.md").unlink()
        or edit(site / "content/events/events.yaml", "citations: [article-00002]", "citations: [article-00003]"),
    ]
    serving = Builder(site, cache=Cache.open(site), save_records=False, in_place=True, resident=True)
    try:
        for number, step in enumerate(steps):
            step()
            shutil.rmtree(tmp_path / "clean", ignore_errors=True)
            Builder(site, cache=Cache.disabled()).build(tmp_path / "clean", BuildOptions())
            clean = tree(tmp_path / "clean")
            serving.build(tmp_path / "serve", BuildOptions())
            assert tree(tmp_path / "serve") == clean, f"serve, after step {number}"
            build_site(site, tmp_path / "cli")
            assert tree(tmp_path / "cli") == clean, f"build, after step {number}"
    finally:
        serving.close()
