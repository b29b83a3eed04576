"""Side-by-side build benchmark: briefing, Hugo and Pelican on the same synthetic articles.

    bench/run                       # N = 1,000, 10,000 and 50,000, three rounds each
    bench/run --sizes 1000 --rounds 1 --tools briefing,hugo

For each N the three sites are generated once (deterministically) under bench/.work/, then built
alternately, tool after tool, round after round, so that a busy machine slows all of them alike.
Measured per build: wall time, CPU time (user + system, the whole process tree: what a busy
machine disturbs least) and peak memory: the proportional set size (PSS) of the build's
whole process tree, sampled every 20 ms, or for a large tree as often as costs a tenth of a core.
PSS counts a page shared by forked workers once in all, where summing resident sizes (RSS) would
count it once per process. "cold" is a fresh output with no cache; "warm" is a rebuild after one
article was edited, with whatever cache the tool keeps between runs. Each figure is printed with
the machine's load average at its start (other work slows a build: compare ratios measured back
to back, not seconds across sittings).

With ``--serve`` (the default), briefing's editing loop is measured too (``bench/serving.py``):
``briefing serve`` on a copy of the site, one article saved ``--saves`` times, each time timed
from the save until the server answers the article's page with the new text (the probe asks at
most every 50 ms), and the server's memory after start and after the last save.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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

from serving import ServeMeasurement, copy_site, describe, measure_serve
from synth import edit_one_article, write_briefing_site, write_hugo_site, write_pelican_site

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work"
BIN = Path(sys.executable).parent
SAMPLE_SECONDS = 0.02  # the shortest wait between two samples of a build's memory
WRITERS = {"briefing": write_briefing_site, "baseline": write_briefing_site, "hugo": write_hugo_site,
           "pelican": write_pelican_site}
# Another version of briefing to measure beside this one ("baseline", see --baseline): a folder
# holding its source (e.g. `git archive REV | tar -x -C DIR`), run with this venv's libraries.
BASELINE: Path | None = None


def briefing_command(tool: str) -> list[str]:
    if tool == "baseline":
        assert BASELINE is not None
        return ["env", f"PYTHONPATH={BASELINE}", str(BIN / "python"), "-m", "generator"]
    return [str(BIN / "briefing")]


@dataclass(frozen=True)
class Measurement:
    tool: str
    n: int
    kind: str  # "cold" or "warm"
    seconds: float
    peak_mb: float
    load: float = 0.0  # the machine's load average over the last minute when the build began
    cpu_seconds: float = 0.0  # user + system time of the build's whole process tree


def load_average() -> float:
    return os.getloadavg()[0]


def build_command(tool: str, site: Path, out: Path, *, cold: bool) -> list[str]:
    if tool in ("briefing", "baseline"):
        # Without the Pagefind search index: neither Hugo nor Pelican builds one (it adds about a
        # second per thousand pages; `briefing build` makes it unless told --no-search).
        # Cold: clear_caches() has removed the cache and the output, so nothing is reused, but the
        # build fills the cache as a user's first build does (--no-cache would leave the warm
        # rebuild nothing to start from).
        return [*briefing_command(tool), "build", "--site", str(site), "--out", str(out), "--no-search"]
    if tool == "hugo":
        return [str(BIN / "hugo"), "--quiet", "--source", str(site), "--destination", str(out)]
    if tool == "pelican":
        return [str(BIN / "pelican"), str(site / "content"), "-s", str(site / "pelicanconf.py"), "-o", str(out), "-q"]
    raise ValueError(tool)


def run_measured(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, peak proportional megabytes (PSS) and CPU seconds (user + system) of the
    command's whole process tree. CPU time is what other work on a shared machine disturbs least:
    compare it where the load moved between two figures."""
    # The CPU time of this process's children that ended and were waited for (their own children's
    # included): the command is the only child between the two readings.
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
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
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (children_after.ru_utime + children_after.ru_stime) - (children_before.ru_utime + children_before.ru_stime)
    return elapsed, peak / 2**20, cpu


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
        if tool == "baseline":  # the very same site as briefing's
            copy_site(site_for("briefing", n), site)
        else:
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
            load = load_average()
            seconds, peak, cpu = run_measured(build_command(tool, site, out, cold=True), site)
            results.append(Measurement(tool, n, "cold", seconds, peak, load, cpu))
            print(f"  {tool:8} N={n:<6} cold {seconds:7.2f} s {cpu:7.2f} s CPU {peak:8.0f} MB  (load {load:.2f})",
                  flush=True)
            edit_one_article(site, "briefing" if tool == "baseline" else tool, n, round_)
            load = load_average()
            seconds, peak, cpu = run_measured(build_command(tool, site, out, cold=False), site)
            results.append(Measurement(tool, n, "warm", seconds, peak, load, cpu))
            print(f"  {tool:8} N={n:<6} warm {seconds:7.2f} s {cpu:7.2f} s CPU {peak:8.0f} MB  (load {load:.2f})",
                  flush=True)
    return results


def bench_serve(n: int, saves: int, tool: str = "briefing") -> ServeMeasurement:
    """briefing serve on a copy of the benchmark's site of ``n`` articles, with a cache of its own."""
    site = WORK / f"{tool}-{n}-serve"
    copy_site(site_for("briefing", n), site)
    article = sorted((site / "content/articles").glob("*.md"))[n // 2]
    command = [*briefing_command(tool), "serve", "--site", str(site)]
    load = load_average()
    print(f"  {tool} serve N={n:<6} {saves} saves of {article.name}  (load {load:.2f})", flush=True)
    measured = measure_serve(site, article, n=n, saves=saves, command=command, tool=tool)
    print(f"  {describe(measured)}  (load {load:.2f} at the start, {load_average():.2f} at the end)", flush=True)
    return measured


def summarise(results: list[Measurement], tools: list[str], sizes: list[int]) -> str:
    def median(tool: str, n: int, kind: str, field: str) -> float | None:
        values = [getattr(m, field) for m in results if (m.tool, m.n, m.kind) == (tool, n, kind)]
        return statistics.median(values) if values else None

    rows = ["| N | tool | cold build | warm rebuild | CPU cold / warm | peak memory | articles/s (cold) "
            "| cold vs Hugo | warm vs Hugo's cold | memory vs Hugo |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        hugo_cold, hugo_peak = median("hugo", n, "cold", "seconds"), median("hugo", n, "cold", "peak_mb")
        for tool in tools:
            cold, warm = median(tool, n, "cold", "seconds"), median(tool, n, "warm", "seconds")
            peak = max(filter(None, (median(tool, n, k, "peak_mb") for k in ("cold", "warm"))), default=None)
            if cold is None or warm is None or peak is None:
                continue
            ratio = lambda a, b: f"{a / b:.2f}\u00d7" if b else "-"  # noqa: E731
            cpu = f"{median(tool, n, 'cold', 'cpu_seconds') or 0:.2f} / {median(tool, n, 'warm', 'cpu_seconds') or 0:.2f} s"
            rows.append(f"| {n:,} | {tool} | {cold:.2f} s | {warm:.2f} s | {cpu} | {peak:.0f} MB | {n / cold:,.0f} | "
                        f"{ratio(cold, hugo_cold)} | {ratio(warm, hugo_cold)} | {ratio(peak, hugo_peak)} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated article counts")
    parser.add_argument("--rounds", type=int, default=3, help="builds per tool and size (the median is reported)")
    parser.add_argument("--tools", default="briefing,hugo,pelican",
                        help="comma-separated; Pelican is skipped above 10,000 articles unless named alone")
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    parser.add_argument("--serve", action=argparse.BooleanOptionalAction, default=True,
                        help="also measure briefing serve: save to page served, memory (default: on)")
    parser.add_argument("--builds", action=argparse.BooleanOptionalAction, default=True,
                        help="measure the builds (--no-builds: only briefing serve)")
    parser.add_argument("--saves", type=int, default=20, help="saves measured in briefing serve (default: 20)")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also measure the briefing whose source is in DIR, as the tool 'baseline'")
    args = parser.parse_args()
    global BASELINE
    BASELINE = args.baseline.absolute() if args.baseline else None
    sizes = [int(s) for s in args.sizes.split(",")]
    tools = args.tools.split(",")
    if BASELINE is not None and "baseline" not in tools:
        tools.insert(tools.index("briefing") + 1 if "briefing" in tools else 0, "baseline")
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}", flush=True)
    print(f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())} at the start", flush=True)
    results = []
    served: list[ServeMeasurement] = []
    for n in sizes:
        # Pelican needs minutes per build beyond 10,000 articles: measured only when asked alone.
        chosen = [t for t in tools if not (t == "pelican" and n > 10_000 and len(tools) > 1)]
        if args.builds:
            results += bench_size(n, chosen, args.rounds)
        if args.serve:
            served += [bench_serve(n, args.saves, tool) for tool in tools if tool in ("briefing", "baseline")]
    print()
    if results:
        print(summarise(results, tools, sizes))
    for m in served:
        print(describe(m))
    if args.json:
        args.json.write_text(json.dumps({"builds": [asdict(m) for m in results], "serve": [asdict(m) for m in served]},
                                        indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
