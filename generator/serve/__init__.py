"""``briefing serve``: build, serve the output on localhost, rebuild on every change, reload.

The pieces, each in its module:

- ``watch.SiteWatcher`` sees every change to the build's inputs as it happens (watchfiles);
- ``rebuild.RebuildLoop`` turns changes into builds, one at a time, a burst into one build, and
  never loses the last change; ``rebuild.SiteBuilder`` is the build itself;
- ``app.SiteApp`` serves the output directory, or the error page while the last build failed;
- ``search.SearchIndexer`` makes the search index again in the background once builds settle;
- livereload's ``Server`` carries it all: HTTP, the live-reload socket and its script.

The site is built into a folder of serve's own in the build cache (``serve_folder``), changed in
place from save to save (``generator.inplace``): a published ``output/`` is never touched.

livereload's own watcher is not used: it polls every 800 ms, and the path it reloads through
ignores changes within 3 s of the last reload. Changes come from ``SiteWatcher`` instead, and
browsers are told to reload as soon as a build's pages are written (``serve.reloads``).
"""

from __future__ import annotations

import errno
import gc
import ipaddress
import logging
import socket
from pathlib import Path

from generator.cache import CACHE_DIR
from generator.errors import BriefingError
from generator.serve.app import SiteApp
from generator.serve.rebuild import BuildOutcome, RebuildLoop, SiteBuilder
from generator.serve.reloads import BrowserReloads
from generator.serve.search import SearchIndexer
from generator.serve.watch import SiteWatcher
from generator.workers import release_free_memory

__all__ = ["serve", "serve_folder"]

SERVE_DIR = "serve"


class ServeError(BriefingError):
    """The server cannot start (the port is taken, the address is not this machine's)."""


def serve(site_dir: Path, out_dir: Path | None, *, host: str, port: int, strict: bool, drafts: bool) -> int:
    # livereload and tornado load only when serving.
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado.ioloop import IOLoop

    class NotifiedWatcher(Watcher):
        """Fills livereload's watcher slot without polling: SiteWatcher reports the changes."""

        def watch(self, *args: object, **kwargs: object) -> None:
            pass  # livereload asks to watch the working directory when nothing is watched

        def start(self, callback: object) -> bool:
            return True  # True: livereload starts no polling of its own

    class QuietServer(Server):
        def _setup_logging(self) -> None:
            # Build results are printed by SiteBuilder; livereload's per-request and per-browser
            # lines would bury them. Its warnings still show.
            logging.getLogger("livereload").setLevel(logging.WARNING)
            logging.getLogger("tornado.access").setLevel(logging.CRITICAL)

    # The address first: on a port already taken nothing is built and nothing written (the folder
    # may well be the one the other server serves). Held until the server takes it over.
    reserved = _reserve_address(host, port)
    site_dir = site_dir.absolute()
    out = (out_dir if out_dir is not None else serve_folder(site_dir)).absolute()
    io_loop = IOLoop.current()
    search = SearchIndexer(out)

    def send_reload(path: str) -> None:
        # Straight to every connected browser: this path has no throttle. Called from the
        # rebuild thread; add_callback is the one thread-safe way into the IO loop.
        io_loop.add_callback(LiveReloadHandler.reload_waiters, path)

    def settled(outcome: BuildOutcome) -> None:
        reloads.settled(outcome)
        if outcome.ok:
            search.request()

    builder = SiteBuilder(site_dir, out, strict=strict, drafts=drafts, search=True)
    # Once the saves stop, the cyclic garbage of the builds is collected: the briefing a serving
    # builder keeps is so large that Python's own full collections come too rarely to keep memory
    # flat (the work is a second at most, and only while nobody saves).
    rebuilds = RebuildLoop(builder, on_settled=settled, on_start=search.interrupt, on_idle=_collect_garbage,
                           on_finished=lambda outcome: reloads.finished(outcome))
    reloads = BrowserReloads(rebuilds, send_reload)
    builder.superseded = rebuilds.waiting
    builder.pages_written = reloads.pages_written
    watcher = SiteWatcher(site_dir, rebuilds.request, ignore=(out,))
    server = QuietServer(SiteApp(site_dir, out, rebuilds, reloads), watcher=NotifiedWatcher())
    search.start()
    rebuilds.start()
    watcher.start()  # before the first build, so that no change made during it is missed
    try:
        rebuilds.request()
        rebuilds.wait_settled()
        if not _is_loopback(host):
            print(f"warning: serving on {host}: anyone who can reach this machine can read the briefing", flush=True)
        print(f"Serving the briefing on http://{_url_host(host)}:{port}/ (Ctrl+C to stop). "
              "Watching site.yaml, content/, templates/ and static/.", flush=True)
        for sock in reserved:
            sock.close()
        reserved = []
        try:
            server.serve(port=port, host=host, debug=False, restart_delay=0)
        except OSError as exc:
            raise _listen_error(host, port, exc) from None
    finally:
        for sock in reserved:
            sock.close()
        watcher.stop()
        rebuilds.stop()
        search.stop()
        builder.close()
    return 0


def _collect_garbage() -> None:
    gc.collect()
    release_free_memory()  # what was freed goes back to the system, not kept by the C library


def serve_folder(site_dir: Path) -> Path:
    """Where ``briefing serve`` builds: a folder of its own in the build cache, so that serving
    never changes a published ``output/`` (nor its search index)."""
    return site_dir / CACHE_DIR / SERVE_DIR


def _reserve_address(host: str, port: int) -> list[socket.socket]:
    """The listening sockets of ``host:port``, bound as the server binds them; ServeError if the
    address cannot be had."""
    from tornado.netutil import bind_sockets

    try:
        return bind_sockets(port, address=host)
    except OSError as exc:
        raise _listen_error(host, port, exc) from None


def _listen_error(host: str, port: int, exc: OSError) -> ServeError:
    if exc.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
        return ServeError(f"cannot listen on {host}:{port}: {exc.strerror}. Choose another --port (or --host)")
    return ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}. Check --host and --port")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
