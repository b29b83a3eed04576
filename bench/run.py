"""Side-by-side build benchmark: briefing, Hugo and Pelican on the same synthetic articles.

    bench/run                       # N = 1,000, 10,000 and 50,000, three rounds each
    bench/run --sizes 1000 --rounds 1 --tools briefing,hugo

For each N the three sites are generated once (deterministically) under bench/.work/, then built
alternately, tool after tool, round after round, so that a busy machine slows all of them alike.
Measured per build: wall time and peak memory: the proportional set size (PSS) of the build's
whole process tree, sampled every 20 ms, or for a large tree as often as costs a tenth of a core.
PSS counts a page shared by forked workers once in all, where summing resident sizes (RSS) would
count it once per process. "cold" is a fresh output with no cache; "warm" is a rebuild after one
article was edited, with whatever cache the tool keeps between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import edit_one_article, write_briefing_site, write_hugo_site, write_pelican_site

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work"
BIN = Path(sys.executable).parent
SAMPLE_SECONDS = 0.02  # the shortest wait between two samples of a build's memory
WRITERS = {"briefing": write_briefing_site, "hugo": write_hugo_site, "pelican": write_pelican_site}


@dataclass(frozen=True)
class Measurement:
    tool: str
    n: int
    kind: str  # "cold" or "warm"
    seconds: float
    peak_mb: float


def build_command(tool: str, site: Path, out: Path, *, cold: bool) -> list[str]:
    if tool == "briefing":
        # Without the Pagefind search index: neither Hugo nor Pelican builds one (it adds about a
        # second per thousand pages; `briefing build` makes it unless told --no-search).
        # Cold: clear_caches() has removed the cache and the output, so nothing is reused, but the
        # build fills the cache as a user's first build does (--no-cache would leave the warm
        # rebuild nothing to start from).
        return [str(BIN / "briefing"), "build", "--site", str(site), "--out", str(out), "--no-search"]
    if tool == "hugo":
        return [str(BIN / "hugo"), "--quiet", "--source", str(site), "--destination", str(out)]
    if tool == "pelican":
        return [str(BIN / "pelican"), str(site / "content"), "-s", str(site / "pelicanconf.py"), "-o", str(out), "-q"]
    raise ValueError(tool)


def run_measured(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak proportional megabytes (PSS) of the command's whole process tree."""
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            begun = time.perf_counter()
            try:
                tree = [process, *process.children(recursive=True)]
                total = sum(p.memory_full_info().pss for p in tree if p.is_running())
            except psutil.Error:
                total = 0
            peak = max(peak, total)
            # Reading a process's PSS walks its page tables: about 10 ms per 900 MB here. Every
            # 20 ms, that took most of a core from the build on a 2-core machine (and the most
            # from the tool with the most processes), so the sampler waits nine times as long as
            # its last sample took: at most a tenth of a core.
            done.wait(max(SAMPLE_SECONDS, 9 * (time.perf_counter() - begun)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({process.returncode}):\n{stderr.decode(errors='replace')[-2000:]}")
    return elapsed, peak / 2**20


def clear_caches(tool: str, site: Path, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    for leftover in (site / ".briefing-cache", site / "resources", site / "__pycache__"):
        shutil.rmtree(leftover, ignore_errors=True)
    if tool == "hugo":
        shutil.rmtree(Path(os.environ.get("TMPDIR", "/tmp")) / "hugo_cache", ignore_errors=True)


def site_for(tool: str, n: int) -> Path:
    """The tool's site of ``n`` synthetic articles under bench/.work/, generated on first use."""
    site = WORK / f"{tool}-{n}"
    stamp = site / ".generated"
    if not stamp.exists():
        print(f"  generating the {tool} site of {n} articles…", flush=True)
        WRITERS[tool](site, n)
        stamp.write_text("ok\n")
    return site


def bench_size(n: int, tools: list[str], rounds: int) -> list[Measurement]:
    sites = {tool: site_for(tool, n) for tool in tools}
    results = []
    for round_ in range(rounds):
        for tool in tools:
            site, out = sites[tool], WORK / f"{tool}-{n}-out"
            clear_caches(tool, site, out)
            seconds, peak = run_measured(build_command(tool, site, out, cold=True), site)
            results.append(Measurement(tool, n, "cold", seconds, peak))
            print(f"  {tool:8} N={n:<6} cold {seconds:7.2f} s {peak:8.0f} MB", flush=True)
            edit_one_article(site, tool, n, round_)
            seconds, peak = run_measured(build_command(tool, site, out, cold=False), site)
            results.append(Measurement(tool, n, "warm", seconds, peak))
            print(f"  {tool:8} N={n:<6} warm {seconds:7.2f} s {peak:8.0f} MB", flush=True)
    return results


def summarise(results: list[Measurement], tools: list[str], sizes: list[int]) -> str:
    def median(tool: str, n: int, kind: str, field: str) -> float | None:
        values = [getattr(m, field) for m in results if (m.tool, m.n, m.kind) == (tool, n, kind)]
        return statistics.median(values) if values else None

    rows = ["| N | tool | cold build | warm rebuild | peak memory | articles/s (cold) "
            "| cold vs Hugo | warm vs Hugo's cold | memory vs Hugo |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        hugo_cold, hugo_peak = median("hugo", n, "cold", "seconds"), median("hugo", n, "cold", "peak_mb")
        for tool in tools:
            cold, warm = median(tool, n, "cold", "seconds"), median(tool, n, "warm", "seconds")
            peak = max(filter(None, (median(tool, n, k, "peak_mb") for k in ("cold", "warm"))), default=None)
            if cold is None or warm is None or peak is None:
                continue
            ratio = lambda a, b: f"{a / b:.2f}×" if b else "–"  # noqa: E731
            rows.append(f"| {n:,} | {tool} | {cold:.2f} s | {warm:.2f} s | {peak:.0f} MB | {n / cold:,.0f} | "
                        f"{ratio(cold, hugo_cold)} | {ratio(warm, hugo_cold)} | {ratio(peak, hugo_peak)} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated article counts")
    parser.add_argument("--rounds", type=int, default=3, help="builds per tool and size (the median is reported)")
    parser.add_argument("--tools", default="briefing,hugo,pelican",
                        help="comma-separated; Pelican is skipped above 10,000 articles unless named alone")
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tools = args.tools.split(",")
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}", flush=True)
    results = []
    for n in sizes:
        # Pelican needs minutes per build beyond 10,000 articles: measured only when asked alone.
        chosen = [t for t in tools if not (t == "pelican" and n > 10_000 and len(tools) > 1)]
        results += bench_size(n, chosen, args.rounds)
    print()
    print(summarise(results, tools, sizes))
    if args.json:
        args.json.write_text(json.dumps([asdict(m) for m in results], indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
