"""The editing loop, measured: ``briefing serve`` on a site, one article saved again and again, and
for each save the time until the server answers that article's page with the new text in it, and
the time until a browser showing that page is told to reload (what an editor waits for: a page
on disk that no browser reloads onto is not seen). The next save comes once both are in and the
editor has read the page for ``PAUSE_SECONDS``.

The probe asks for the page at most every ``POLL_SECONDS`` (50 ms): asking faster takes time from
the rebuild it measures (each answer is a read of the page by the server, on the same cores). The
server's memory is its process tree's proportional set size (PSS, shared pages counted once),
read once the first build has been served and again after the last save.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SETTLED_PATH = "/__briefing__/settled"  # generator.serve.app: "yes" once no build runs or waits
POLL_SECONDS = 0.05  # the probe's shortest interval between two requests for the page
TIMEOUT = 600.0  # a bound on waiting for the server, never a speed expectation
IDLE_SECONDS = 2.5
PAUSE_SECONDS = 0.5  # between a save served and the next save: an editor reads what they saved


@dataclass(frozen=True)
class ServeMeasurement:
    tool: str
    n: int
    saves: int
    median: float  # seconds, save to page served
    p95: float
    worst: float
    start_seconds: float  # from starting the command to the first page served
    start_mb: float  # PSS of the server's process tree once the first build is served
    end_mb: float  # the same after the last save
    builds: list[float]  # the server's own report of each build (seconds)
    latencies: list[float]
    reloads: list[float]  # seconds, save to the browser told to reload onto the page
    reload_median: float
    reload_p95: float


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class ReloadListener:
    """A browser's live-reload socket, as livereload.js speaks it (hello, then info with the page's
    address): notes when each reload command arrives, and for which path."""

    def __init__(self, port: int, page: str):
        self.port, self.page = port, page
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._lock = threading.Lock()
        self.received: list[tuple[float, str]] = []  # (perf_counter, path)

    def __enter__(self) -> ReloadListener:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._connect(), self.loop).result(TIMEOUT)
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)

    async def _connect(self) -> None:
        from tornado.websocket import websocket_connect  # tornado comes with livereload

        connection = await websocket_connect(f"ws://127.0.0.1:{self.port}/livereload")
        await connection.write_message(json.dumps(
            {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        await connection.write_message(json.dumps(
            {"command": "info", "url": f"http://127.0.0.1:{self.port}{self.page}", "plugins": {}}))
        self.loop.create_task(self._listen(connection))

    async def _listen(self, connection) -> None:  # type: ignore[no-untyped-def]
        while (message := await connection.read_message()) is not None:
            data = json.loads(message)
            if data.get("command") == "reload":
                with self._lock:
                    self.received.append((time.perf_counter(), str(data.get("path", "*"))))

    def reload_after(self, since: float, timeout: float) -> float | None:
        """When the first reload after ``since`` that reaches this page arrived (a reload meant for
        another page only, such as the exports' list, does not); None if none came in ``timeout``."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self._lock:
                found = [t for t, path in self.received if t >= since and path in ("*", self.page)]
            if found:
                return found[0]
            time.sleep(0.005)
        return None


def tree_pss_mb(pid: int) -> float:
    """The proportional set size of a process and its descendants, in MB; the search indexer that
    ``briefing serve`` runs in the background once the builds settle is left out (a separate
    program that comes and goes: the figure is the server's own)."""
    try:
        import psutil  # in bench/.venv (bench/setup); without it, no memory figures
    except ImportError:
        return 0.0
    try:
        process = psutil.Process(pid)
        tree = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for p in tree:
        try:
            if p.pid != pid and "pagefind" in " ".join(p.cmdline()):
                continue
            total += p.memory_full_info().pss
        except psutil.Error:
            continue
    return total / 2**20


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def measure_serve(site: Path, article: Path, *, n: int, saves: int, command: list[str], tool: str = "briefing",
                  pause: float = PAUSE_SECONDS, log: bool = True) -> ServeMeasurement:
    """Serve ``site`` with ``command`` (``briefing serve`` without --port), save ``article``
    ``saves`` times with a new marker each time, and time each save until its page shows it."""
    page = f"/articles/{article.stem.lower()}.html"
    original = article.read_bytes()
    port = free_port()
    started = time.perf_counter()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([*command, "--port", str(port)], cwd=site, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env=env)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(server.stdout or ()), daemon=True)
    reader.start()
    latencies: list[float] = []
    reloads: list[float] = []
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                if get(port, page)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("briefing serve did not start:\n" + "".join(output)[-3000:])
            time.sleep(POLL_SECONDS)
        start_seconds = time.perf_counter() - started
        time.sleep(IDLE_SECONDS)  # what the first build left to settle (workers gone, garbage collected)
        start_mb = tree_pss_mb(server.pid)
        with ReloadListener(port, page) as listener:
            for i in range(saves):
                marker = f"bench-marker-{i}-{time.time_ns()}"
                article.write_bytes(original + f"\n\n{marker}\n".encode())
                saved = time.perf_counter()
                while True:
                    asked = time.perf_counter()
                    if marker.encode() in get(port, page)[1]:
                        break
                    if asked - saved > TIMEOUT:
                        raise SystemExit(f"save {i} never showed:\n" + "".join(output)[-3000:])
                    time.sleep(max(0.0, POLL_SECONDS - (time.perf_counter() - asked)))
                latencies.append(time.perf_counter() - saved)
                reloaded = listener.reload_after(saved, TIMEOUT)
                if reloaded is None:
                    raise SystemExit(f"save {i} was never followed by a reload:\n" + "".join(output)[-3000:])
                reloads.append(reloaded - saved)
                if log:
                    print(f"    save {i + 1:3}: page {latencies[-1]:6.3f} s, reload {reloads[-1]:6.3f} s  "
                          f"({tree_pss_mb(server.pid):6.0f} MB)", flush=True)
                time.sleep(pause)
        # The builds settle (the last one goes on after its page is served: exports, feeds), and
        # then the memory is read.
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            status, answer = get(port, SETTLED_PATH)
            if answer == b"yes":
                break
            # A version of briefing from before SETTLED_PATH (404) built every save.
            if status == 404 and len(re.findall(r"Built [\d,]+ pages in", "".join(output))) >= saves + 1:
                break
            time.sleep(POLL_SECONDS)
        time.sleep(IDLE_SECONDS)  # serve collects its garbage a second after the builds settle
        end_mb = tree_pss_mb(server.pid)
    finally:
        article.write_bytes(original)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        reader.join(5)
    builds = [float(s) for s in re.findall(r"Built [\d,]+ pages in ([\d.]+) s", "".join(output))]
    return ServeMeasurement(tool, n, saves, statistics.median(latencies), percentile(latencies, 0.95), max(latencies),
                            start_seconds, start_mb, end_mb, builds, latencies, reloads,
                            statistics.median(reloads), percentile(reloads, 0.95))


def copy_site(source: Path, target: Path) -> None:
    """The files a build reads, copied (the benchmark never edits the generated site itself)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in ("site.yaml", "content", "templates", "static"):
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.exists():
            shutil.copy2(path, target / name)


def describe(m: ServeMeasurement) -> str:
    growth = (m.end_mb / m.start_mb - 1) * 100 if m.start_mb else 0.0
    return (f"{m.tool} serve N={m.n:,}: {m.saves} saves, save to page served median {m.median:.3f} s, "
            f"p95 {m.p95:.3f} s, worst {m.worst:.3f} s; save to browser reloaded median {m.reload_median:.3f} s, "
            f"p95 {m.reload_p95:.3f} s; first page served {m.start_seconds:.1f} s after start; "
            f"memory {m.start_mb:.0f} MB after start, {m.end_mb:.0f} MB after {m.saves} saves ({growth:+.1f}%)")


if __name__ == "__main__":
    sys.exit("run bench/run --serve (see bench/run.py)")
