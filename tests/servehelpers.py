"""Running ``briefing serve`` for real in tests: a subprocess on a free port, an HTTP client that
sends paths exactly as given, and a live-reload socket client."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

WAIT = 30.0  # seconds: a bound on waiting for the server, never a speed expectation


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServedSite:
    def __init__(self, site: Path, port: int, process: subprocess.Popen[str]):
        self.site = site
        self.port = port
        self.process = process
        self.output: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """GET ``path`` sent as it is: no normalising of dots, no re-encoding."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        try:
            connection.putrequest("GET", path, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def wait_until(self, path: str, predicate, what: str) -> tuple[int, bytes]:
        deadline = time.monotonic() + WAIT
        while True:
            status, _, body = self.get(path)
            if predicate(status, body):
                return status, body
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} never showed {what}; last answer {status}:\n{body[:2000]!r}\n"
                                     f"server said:\n{''.join(self.output)}")
            time.sleep(0.05)


@contextmanager
def served(site: Path, *extra: str):
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", str(port), *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    server = ServedSite(site, port, process)
    try:
        deadline = time.monotonic() + WAIT
        while not any("Serving the briefing on" in line for line in server.output):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the server did not start:\n" + "".join(server.output))
            time.sleep(0.05)
        while True:  # listening follows the message by a moment
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class LiveReloadClient:
    """Speaks the live-reload protocol as livereload.js does, and collects the reload commands."""

    def __init__(self, port: int):
        self.port = port
        # Its own loop in its own thread: the test process may already run one in the main thread
        # (Playwright's, for the browser tests of the same session).
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.messages: list[dict] = []
        self._connection = None

    def _run(self, coroutine):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def __enter__(self) -> LiveReloadClient:
        self._thread.start()
        self._run(self._connect())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._connection is not None:
            self.loop.call_soon_threadsafe(self._connection.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()

    async def _connect(self) -> None:
        from tornado.websocket import websocket_connect

        self._connection = await websocket_connect(f"ws://127.0.0.1:{self.port}/livereload")
        await self._connection.write_message(json.dumps(
            {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        hello = json.loads(await self._connection.read_message())
        assert hello["command"] == "hello"
        await self._connection.write_message(json.dumps(
            {"command": "info", "url": f"http://127.0.0.1:{self.port}/", "plugins": {}}))
        await self._registered()

    async def _registered(self) -> None:
        """The server registers a page on 'info' without answering it: ask livereload to reload
        every registered page (/forcereload) until this one is told to."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            await asyncio.get_running_loop().run_in_executor(None, self._force_reload)
            try:
                message = await asyncio.wait_for(self._connection.read_message(), 1.0)
            except TimeoutError:
                continue
            if message is not None and json.loads(message).get("command") == "reload":
                return
        raise AssertionError("the live-reload server never registered this client")

    def _force_reload(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        try:
            connection.request("GET", "/forcereload")
            connection.getresponse().read()
        finally:
            connection.close()

    def next_reload(self, path: str | None = None, timeout: float = WAIT) -> dict:
        """The next reload command (``path``: the next one for that path; "*" reloads every page).
        TimeoutError if none comes within ``timeout`` seconds."""
        async def receive() -> dict:
            while True:
                message = await asyncio.wait_for(self._connection.read_message(), timeout)
                assert message is not None, "the live-reload socket closed"
                data = json.loads(message)
                self.messages.append(data)
                if data.get("command") == "reload" and path in (None, data.get("path")):
                    return data

        return self._run(receive())
