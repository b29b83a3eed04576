"""The HTTP side of ``briefing serve``: the output directory, and nothing outside it.

While the last build failed, every page answers with the error page; the next good build brings
the site back. Every HTML answer carries a live-reload plugin that reloads the page for a message
naming one file only if it is this page or a file it loaded, and the number of the last reload
message sent before it was read, so that a page that connects for live reload after a message
was sent still learns whether it was its own (``serve.reloads``).
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from generator.serve.errorpage import error_page, not_found_page
from generator.serve.rebuild import BuildOutcome, LoopState

StartResponse = Callable[..., Any]

# Where the page's script asks which files were named since it was read (``?since=N``).
# Underscores never occur in an id or in a generated page's path: this cannot shadow a page.
NAMED_PATH = "/__briefing__/named"
# Whether the builds have settled (no build running or waiting): "yes" or "no", for tools that
# wait for serve to be idle (the benchmark, before it reads the server's memory).
SETTLED_PATH = "/__briefing__/settled"

# How long a request for a file that is missing waits for a running build to finish: the output
# is swapped at the end of a build, and a new article's page exists only after it.
WAIT_FOR_BUILD_SECONDS = 30.0

# The script every HTML answer carries. Its live-reload plugin (livereload.js adds every
# window.LiveReloadPlugin* it finds when it loads, after this script) takes each reload message
# first: "*" is left to livereload.js (the page reloads); a message naming a file reloads this page
# if it is that file, is left to livereload.js if the page loaded that file (a stylesheet is swapped
# in place, anything else reloads the page), and is dropped otherwise. Once live reload has
# connected, the page asks which files were named since it was read (messages reach only the
# pages connected when they are sent) and reloads if one is its own; the timeout lets livereload
# send its 'info' message first. The resource timing buffer is enlarged from its 250 entries, so
# that a page with many images still knows every file it loaded.
_BROWSER_SCRIPT = (
    '<script>(function(){{var stamp="{stamp}",file={file};'
    'if(performance.setResourceTimingBufferSize)performance.setResourceTimingBufferSize(5000);'
    'function at(u){{try{{return decodeURIComponent(new URL(u,location.href).pathname)}}catch(e){{return""}}}}'
    'function here(path){{var p=file;if(p===null){{p=at(location.href);if(p.slice(-1)==="/")p+="index.html"}}'
    'return path===p}}'
    'function loaded(path){{return performance.getEntriesByType("resource").some(function(r){{return at(r.name)===path}})}}'
    'document.addEventListener("LiveReloadConnect",function(){{setTimeout(function(){{'
    'fetch("{path}?since="+stamp,{{cache:"no-store"}}).then(function(r){{return r.text()}})'
    '.then(function(named){{if(named.split("\\n").some(function(p){{return p&&(p==="*"||here(p)||loaded(p))}}))'
    'location.reload()}})}},0)}});'
    'function P(){{}}P.identifier="briefing";P.version="1.0";'
    'P.prototype.reload=function(path){{if(path==="*")return false;'
    'if(here(path)){{location.reload();return true}}return!loaded(path)}};'
    'window.LiveReloadPluginBriefing=P}})();</script>'
)


class Builds(Protocol):
    def state(self) -> LoopState[BuildOutcome]: ...

    def wait_settled(self, timeout: float | None = None) -> bool: ...


class Reloads(Protocol):
    """The reload messages sent to browsers (serve.reloads.BrowserReloads)."""

    def stamp(self) -> str: ...

    def since(self, stamp: str) -> tuple[str, ...]: ...


class SiteApp:
    """A WSGI application serving ``out_dir`` as the rebuild loop leaves it."""

    def __init__(self, site_dir: Path, out_dir: Path, builds: Builds, reloads: Reloads):
        self.site_dir = site_dir
        self.out_dir = out_dir.absolute()
        self.builds = builds
        self.reloads = reloads

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return _respond(start_response, "405 Method Not Allowed", "text/plain; charset=utf-8",
                            b"Only GET and HEAD.\n", [("Allow", "GET, HEAD")])
        url_path = _decode_path(environ.get("PATH_INFO", "/"))
        if url_path == NAMED_PATH:
            named = self.reloads.since(_stamp_asked(environ.get("QUERY_STRING", "")))
            return _respond(start_response, "200 OK", "text/plain; charset=utf-8", "\n".join(named).encode())
        if url_path == SETTLED_PATH:
            settled = b"yes" if self.builds.state().settled else b"no"
            return _respond(start_response, "200 OK", "text/plain; charset=utf-8", settled)
        state, stamp, body = self._read(url_path)
        latest = state.latest
        if latest is not None and not latest.ok:
            page = error_page(latest, self.site_dir)
            return _respond(start_response, "500 Build Failed", "text/html; charset=utf-8",
                            _stamped(page, stamp, None))
        if body is None:
            return _respond(start_response, "404 Not Found", "text/html; charset=utf-8",
                            _stamped(not_found_page(), stamp, None))
        path, data = body
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("javascript", "json", "xml")):
            content_type += "; charset=utf-8"
        if content_type.startswith("text/html"):
            data = _stamped(data, stamp, "/" + path.relative_to(self.out_dir.resolve()).as_posix())
        return _respond(start_response, "200 OK", content_type, data)

    def _read(self, url_path: str | None) -> tuple[LoopState[BuildOutcome], str, tuple[Path, bytes] | None]:
        """The state of the builds, the last reload message sent before the file was read, and the
        file the URL names: read consistently with each other (the stamp first: a message sent
        meanwhile is then one the page asks about, at worst in vain)."""
        stamp = self.reloads.stamp()
        before = self.builds.state()
        found = self._read_file(url_path)
        if found is not None:
            return before, stamp, found
        after = self.builds.state()
        if before.settled and after.settled and after.generation == before.generation:
            return after, stamp, None  # no build touched the output meanwhile: it really is missing
        # A build ran meanwhile: the output may have been mid-swap, or the page may be new.
        self.builds.wait_settled(WAIT_FOR_BUILD_SECONDS)
        stamp = self.reloads.stamp()
        return self.builds.state(), stamp, self._read_file(url_path)

    def _read_file(self, url_path: str | None) -> tuple[Path, bytes] | None:
        path = self.resolve(url_path)
        if path is None:
            return None
        try:
            return path, path.read_bytes()
        except OSError:
            return None

    def resolve(self, url_path: str | None) -> Path | None:
        """The file a URL path names inside the output directory, or None (never outside it)."""
        if url_path is None:
            return None
        parts = [p for p in url_path.split("/") if p not in ("", ".")]
        # Backslashes and colons are path syntax on Windows (C:, \\server, file:stream); no page
        # of the site has either in its name.
        if any(p == ".." or "\\" in p or "\x00" in p or ":" in p for p in parts):
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


def _decode_path(path_info: str) -> str | None:
    # WSGI hands the path over as latin-1 code points of the URL's bytes; pages are named in UTF-8.
    try:
        return path_info.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None


def _stamp_asked(query: str) -> str:
    """The stamp a page asks about (``since=...``; empty, which matches none, if not given)."""
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if name == "since":
            return value
    return ""


def _stamped(html: bytes, stamp: str, file: str | None) -> bytes:
    """``html`` with the browser script: the stamp, and the file it is (``file``: a URL path, as
    reload messages name files, for the page may have been asked for as a folder, or without its
    folder's trailing slash). None for the error page and the missing page's answer, which stand
    for the page asked for: the script finds it in the address (the answer never repeats it)."""
    literal = json.dumps(file).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    script = _BROWSER_SCRIPT.format(stamp=stamp, file=literal, path=NAMED_PATH).encode()
    return html.replace(b"</head>", script + b"</head>", 1)


def _respond(start_response: StartResponse, status: str, content_type: str, body: bytes,
             extra: list[tuple[str, str]] | None = None) -> list[bytes]:
    # no-store, and no validators (ETag, Last-Modified): a browser never shows a page from its
    # cache, and never gets a 304 for a page that has changed since (mkdocs #1174).
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), ("Cache-Control", "no-store"),
               *(extra or [])]
    start_response(status, headers)
    return [body]
