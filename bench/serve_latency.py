#!/usr/bin/env python3
"""Save-to-served latency of ``briefing serve``: a benchmark, not a test.

Copies a site (the sample briefing by default) to a temporary directory, starts ``briefing
serve`` on it, then saves an article many times, each time with a new marker in its text, and
measures how long it takes from the save until the server answers the article's page with the
marker in it. Prints the median and the 95th percentile, with the build's own share.

    .venv/bin/python bench/serve_latency.py [--edits 50] [--site DIR]

The goal for the sample site is 300 ms or less.
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOAL_MS = 300
TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=REPO, help="site to copy (default: the sample briefing)")
    parser.add_argument("--edits", type=int, default=50, help="number of saves to measure (default: 50)")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between saves (default: 0.3)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        for name in ("site.yaml", "content", "templates", "static"):
            source = args.site / name
            if source.is_dir():
                shutil.copytree(source, site / name)
            elif source.exists():
                shutil.copy2(source, site / name)
        article = sorted((site / "content/articles").glob("*.md"))[0]
        page = f"/articles/{article.stem.lower()}.html"
        original = article.read_text(encoding="utf-8")

        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", str(port)],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        log: list[str] = []
        threading.Thread(target=lambda: log.extend(server.stdout or ()), daemon=True).start()
        try:
            deadline = time.monotonic() + TIMEOUT
            while True:
                try:
                    if get(port, page)[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print("the server did not start:\n" + "".join(log), file=sys.stderr)
                    return 1
                time.sleep(0.05)

            latencies: list[float] = []
            for i in range(args.edits):
                marker = f"bench-marker-{i}-{time.time_ns()}"
                article.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
                saved = time.perf_counter()
                while marker.encode() not in get(port, page)[1]:
                    if time.perf_counter() - saved > TIMEOUT:
                        print(f"edit {i} never showed:\n" + "".join(log), file=sys.stderr)
                        return 1
                    time.sleep(0.002)
                latencies.append((time.perf_counter() - saved) * 1000)
                time.sleep(args.pause)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()

    builds = [float(s) * 1000 for s in re.findall(r"Built \d+ pages in ([\d.]+) s", "".join(log))]
    median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(f"{len(latencies)} saves of {article.name}, save to rebuilt page served:")
    print(f"  median {median:.0f} ms, p95 {p95:.0f} ms, min {min(latencies):.0f} ms, max {max(latencies):.0f} ms")
    if builds:
        print(f"  of which the build: median {statistics.median(builds):.0f} ms, p95 {percentile(builds, 0.95):.0f} ms "
              f"({len(builds)} builds)")
    verdict = "meets" if p95 <= GOAL_MS else "misses"
    print(f"  goal: {GOAL_MS} ms; the p95 {verdict} it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
