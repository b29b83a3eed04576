"""Two builds of the same site are byte-identical, whatever the hash seed, the order in which the
files were created (directory listing order) and where the site lives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bigsite import big_site_files
from sitefiles import REPO


def copy_site(target: Path, *, reverse: bool) -> Path:
    """The sample briefing plus generated articles, split over many pages, each file created in
    the given order."""
    files = {p.relative_to(REPO).as_posix(): p.read_bytes()
             for folder in ("content", "templates", "static") for p in (REPO / folder).rglob("*") if p.is_file()}
    # Small pagination thresholds: the timeline by month, and every long list over numbered pages.
    files["site.yaml"] = (REPO / "site.yaml").read_bytes() + b"pagination:\n  timeline: 5\n  lists: 3\n"
    generated = big_site_files(articles=30, paragraphs=2)
    for rel, text in generated.items():
        if rel.startswith("content/articles/"):
            files[rel.replace("article-", "generated-")] = text.replace("outlet: outlet-", "outlet: unknown\n#").encode()
    for rel in sorted(files, reverse=reverse):
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel])
    return target


def build(site: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(site)],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    out = site / "output"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_builds_are_byte_identical_across_hash_seeds_and_creation_orders(tmp_path):
    first = build(copy_site(tmp_path / "one" / "site", reverse=False), seed="1")
    second = build(copy_site(tmp_path / "two" / "elsewhere", reverse=True), seed="4242")
    assert len(first) > 60 and "timeline/2025-10-page-2.html" in first and "actors/pakistan/events-page-2.html" in first
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
