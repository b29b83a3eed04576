"""A static host for tests, on the loopback interface: serves a built site under a sub-path (as
GitHub Pages serves a project site at /REPO/) and answers a missing address with the site's
404.html and status 404, as GitHub Pages does."""

from __future__ import annotations

import functools
import posixpath
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _SubPathHandler(SimpleHTTPRequestHandler):
    prefix = "/"

    def __init__(self, *args, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        route = unquote(urlsplit(path).path)
        if not route.startswith(self.prefix):
            return str(Path(self.directory) / ".not-served")
        inside = posixpath.normpath("/" + route[len(self.prefix):])
        target = Path(self.directory).joinpath(*[p for p in inside.split("/") if p])
        return str(target) + ("/" if route.endswith("/") else "")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


_SubPathHandler.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar",
                                  ".db": "application/vnd.sqlite3", ".wasm": "application/wasm",
                                  ".pf_meta": "application/octet-stream"}


@contextmanager
def serve_site(root: Path, prefix: str = "/briefing/", handler_class: type = _SubPathHandler) -> Iterator[str]:
    """Serve ``root`` at http://127.0.0.1:PORT{prefix}; yields that address. ``handler_class``
    takes ``directory`` and ``prefix`` as _SubPathHandler does."""
    handler = functools.partial(handler_class, directory=str(root), prefix=prefix)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
