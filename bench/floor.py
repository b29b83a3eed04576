"""The least time a build of these articles can take in Python with the libraries fixed for
briefing (PyYAML, markdown-it-py, Jinja), set beside Hugo's build of the same articles.

    bench/floor                              # N = 10,000, Hugo's fastest of three builds
    bench/floor --sizes 1000,10000 --rounds 1 --json floor.json

The floor is what any generator written with these libraries must do for each article, and
nothing more, each step timed on one core of this machine over every article of the benchmark's
synthetic briefing (bench/synth.py):

- read: the file's text;
- front matter: split off and parsed by PyYAML's C loader;
- Markdown: the body rendered by markdown-it-py's plain CommonMark preset (no tables, footnotes,
  heading anchors or actor links, which briefing's bodies have);
- page: a Jinja template (autoescaped) putting the title and body in a minimal HTML page;
- write: the page written to a file.

Plus starting Python and importing the three libraries, once. The floor on C cores is

    start + N × (read + front matter + Markdown + page + write) / C

as if the work split over the cores perfectly and at no cost, and a briefing had no actors,
events, timeline, lists, feeds or exports. Each figure is the least of several runs: what the
machine can do, not what it did while busy. The files are read once before they are timed, and
the pages are written into the page cache (nothing is flushed to the disk while timed).

A second figure replaces the plain Markdown by briefing's own parser (tables, strikethrough,
footnotes, heading anchors, safe links; still without the actor links, which need the briefing's
actors): the Markdown briefing's articles are written in.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markdown_it import MarkdownIt

from generator.markdown import make_body_parser
from generator.schema import MarkdownOptions
from generator.workers import usable_cpus

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import WORK, build_command, clear_caches, site_for

STEPS = ("read", "front matter", "Markdown", "page", "write")
BRIEFING_MARKDOWN = "briefing's Markdown"  # timed beside the steps, not one of them
PAGE = jinja2.Environment(autoescape=True).from_string(
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ title }}</title></head>"
    "<body><main><h1>{{ title }}</h1>\n{{ body | safe }}</main></body></html>\n")
# How much of Hugo's cold build the issue allows a warm rebuild, at most (issue 5).
WARM_SHARE = 0.05


def timed(step: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = step()
    return time.perf_counter() - started, result


def start_seconds(rounds: int = 5) -> float:
    """The fastest of ``rounds`` starts of Python importing the three libraries."""
    command = [sys.executable, "-c", "import jinja2, markdown_it, yaml"]
    return min(timed(lambda: subprocess.run(command, check=True))[0] for _ in range(rounds))


def step_seconds(site: Path, out: Path, repeat: int) -> dict[str, float]:
    """Seconds each step takes over all the site's articles on one core, the least of ``repeat`` runs."""
    paths = sorted((site / "content/articles").glob("*.md"))
    for path in paths:
        path.read_bytes()
    markdown, briefing_parser = MarkdownIt("commonmark"), make_body_parser(MarkdownOptions())

    def front_matter(texts: list[str]) -> list[tuple[dict, str]]:
        parsed = []
        for text in texts:
            _, front, body = text.split("---\n", 2)
            parsed.append((yaml.load(front, Loader=yaml.CSafeLoader), body))
        return parsed

    def write(folder: Path, pages: list[str]) -> None:
        for path, page in zip(paths, pages, strict=True):
            (folder / f"{path.stem}.html").write_bytes(page.encode("utf-8"))

    shutil.rmtree(out, ignore_errors=True)
    best: dict[str, float] = {}
    for run in range(repeat):
        seconds: dict[str, float] = {}
        # timed() calls each lambda at once, before the loop moves on (hence noqa: B023).
        seconds["read"], texts = timed(lambda: [p.read_text(encoding="utf-8") for p in paths])
        seconds["front matter"], articles = timed(lambda: front_matter(texts))  # noqa: B023
        seconds["Markdown"], bodies = timed(lambda: [markdown.render(body) for _, body in articles])  # noqa: B023
        seconds[BRIEFING_MARKDOWN], _ = timed(lambda: [briefing_parser.render(body) for _, body in articles])  # noqa: B023
        seconds["page"], pages = timed(lambda: [PAGE.render(title=front["title"], body=body)
                                                for (front, _), body in zip(articles, bodies, strict=True)])  # noqa: B023
        # Into a new folder, as a cold build writes; the earlier runs' files are deleted only at
        # the end, and flushed first, so that neither is done while this run's writes are timed.
        folder = out / str(run)
        folder.mkdir(parents=True)
        os.sync()
        seconds["write"], _ = timed(lambda: write(folder, pages))  # noqa: B023
        best = {name: min(value, best.get(name, value)) for name, value in seconds.items()}
    shutil.rmtree(out)
    return best


def hugo_seconds(n: int, rounds: int) -> float:
    """Hugo's fastest cold build of ``rounds`` (its times here vary by half from one build to the
    next), timed with nothing else running."""
    site, out = site_for("hugo", n), WORK / f"hugo-{n}-out"
    command = build_command("hugo", site, out, cold=True)
    times = []
    for _ in range(rounds):
        clear_caches("hugo", site, out)
        os.sync()
        seconds, done = timed(lambda: subprocess.run(command, cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        if done.returncode != 0:  # as bench/run reports it: Hugo's own words, no traceback
            raise SystemExit(f"{command[0]} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')[-2000:]}")
        times.append(seconds)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000", help="comma-separated article counts")
    parser.add_argument("--rounds", type=int, default=3, help="Hugo builds per size (the fastest is reported)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step (the fastest is taken)")
    parser.add_argument("--cores", type=int, default=usable_cpus(), help="cores the floor divides the work over")
    parser.add_argument("--json", type=Path, help="also write the measurements to this file")
    args = parser.parse_args()
    if not hasattr(yaml, "CSafeLoader"):
        # The pure-Python loader is several times slower: the floor would be too high to mean anything.
        raise SystemExit("PyYAML was built without libyaml (no yaml.CSafeLoader): install a PyYAML with its C loader")
    print(f"{usable_cpus()} CPUs, Python {sys.version.split()[0]}; the floor divides by {args.cores} cores", flush=True)
    start = start_seconds()
    print(f"  start Python, import jinja2, markdown_it, yaml: {start:.2f} s", flush=True)
    results = []
    for n in [int(s) for s in args.sizes.split(",")]:
        steps = step_seconds(site_for("briefing", n), WORK / f"floor-{n}-out", args.repeat)
        per_article = sum(steps[name] for name in STEPS) / n
        floor = start + n * per_article / args.cores
        floor_briefing_markdown = floor + (steps[BRIEFING_MARKDOWN] - steps["Markdown"]) / args.cores
        hugo = hugo_seconds(n, args.rounds)
        parts = ", ".join(f"{name} {steps[name] / n * 1000:.3f}" for name in STEPS)
        print(f"  N={n:,}: per article {per_article * 1000:.2f} ms ({parts} ms); "
              f"briefing's Markdown {steps[BRIEFING_MARKDOWN] / n * 1000:.3f} ms")
        print(f"  N={n:,}: Hugo's fastest cold build {hugo:.2f} s; the floor {floor:.2f} s ({floor / hugo:.2f}× Hugo's), "
              f"with briefing's Markdown {floor_briefing_markdown:.2f} s ({floor_briefing_markdown / hugo:.2f}×)")
        print(f"  N={n:,}: a warm rebuild of at most {WARM_SHARE:.0%} of Hugo's cold build has {hugo * WARM_SHARE:.2f} s; "
              f"starting Python takes {start / (hugo * WARM_SHARE):.0%} of that", flush=True)
        results.append({"n": n, "cores": args.cores, "start_seconds": start,
                        "step_ms_per_article": {name: steps[name] / n * 1000 for name in STEPS},
                        "markdown_ms_per_article_briefing": steps[BRIEFING_MARKDOWN] / n * 1000,
                        "floor_seconds": floor, "floor_seconds_briefing_markdown": floor_briefing_markdown,
                        "hugo_fastest_cold_seconds": hugo})
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
