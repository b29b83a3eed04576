"""``briefing serve``: build, serve the output on localhost, rebuild on every change.

The server never dies of a content mistake: while the last rebuild failed, every page answers
with an error page naming file and line, and the next good rebuild brings the site back.
Only files inside the output directory are served.
"""

from __future__ import annotations

import html
import mimetypes
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.build import build_site
from generator.errors import BriefingError

WATCHED = ("site.yaml", "content", "templates", "static")

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class SiteServer:
    def __init__(self, site_dir: Path, out_dir: Path, *, strict: bool, drafts: bool):
        self.site_dir = site_dir
        self.out_dir = out_dir.absolute()
        self.strict = strict
        self.drafts = drafts
        self.error: str | None = None
        self._lock = threading.Lock()

    def rebuild(self) -> None:
        with self._lock:
            try:
                result = build_site(self.site_dir, self.out_dir, strict=self.strict, drafts=self.drafts)
            except BriefingError as exc:
                self.error = exc.report()
                print(self.error, file=sys.stderr, flush=True)
            else:
                self.error = None
                for warning in result.warnings:
                    print(warning.format(), file=sys.stderr)
                print(f"Rebuilt {result.pages} pages.", flush=True)

    def resolve(self, url_path: str) -> Path | None:
        """The file a URL path names inside the output directory, or None (never outside it)."""
        parts = [p for p in url_path.split("/") if p not in ("", ".")]
        if any(p == ".." or "\\" in p or "\x00" in p for p in parts):
            return None
        root = self.out_dir.resolve()
        candidate = root.joinpath(*parts)
        if candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        return real if real.is_relative_to(root) and real.is_file() else None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if self.error is not None:
            return _respond(start_response, "500 Build Failed", "text/html; charset=utf-8", error_page(self.error))
        path = self.resolve(environ.get("PATH_INFO", "/"))
        if path is None:
            body = b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>" \
                   b"<body><main><h1>Not found</h1><p>No such page in this briefing.</p></main></body></html>"
            return _respond(start_response, "404 Not Found", "text/html; charset=utf-8", body)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("javascript", "json", "xml")):
            content_type += "; charset=utf-8"
        return _respond(start_response, "200 OK", content_type, path.read_bytes())


def _respond(start_response: StartResponse, status: str, content_type: str, body: bytes) -> list[bytes]:
    # no-store: a browser must never show a stale page from its cache after a rebuild (mkdocs #1174).
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
    return [body]


def error_page(report: str) -> bytes:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Build failed · briefing</title>\n"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}"
        "pre{white-space:pre-wrap;background:#fff0f0;border-left:4px solid #b00020;padding:1rem;color:#1b1f23}</style>\n"
        "</head>\n<body>\n<main>\n<h1>The briefing did not build</h1>\n"
        "<p>Fix the problems below and save: this page reloads by itself.</p>\n"
        f"<pre>{html.escape(report)}</pre>\n</main>\n</body>\n</html>\n"
    ).encode("utf-8")


def serve(site_dir: Path, out_dir: Path | None, *, host: str, port: int, strict: bool, drafts: bool) -> int:
    from livereload import Server

    app = SiteServer(site_dir, out_dir if out_dir is not None else site_dir / "output", strict=strict, drafts=drafts)
    app.rebuild()
    server = Server(app)
    for name in WATCHED:
        target = site_dir / name
        if target.exists():
            server.watch(str(target if target.is_file() else target / "**" / "*"), app.rebuild, delay=0)
    print(f"Serving the briefing on http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    server.serve(port=port, host=host, debug=False, restart_delay=0)
    return 0
