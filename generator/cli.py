"""The command line. Errors a user can cause are caught here, once, and printed without a
traceback (unless --debug); the exit code is then 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator import __version__
from generator.build import build_site, check_site
from generator.errors import BriefingError, Problem


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                        help="the site directory (default: the current directory)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Build a static briefing site from articles and metadata.")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into output/")
    _site_options(build)
    build.add_argument("--out", type=Path, default=None, metavar="DIR", help="output directory (default: SITE/output)")
    build.add_argument("--no-search", dest="search", action="store_false",
                       help="do not index the site for search with Pagefind (the search page then lists every page)")
    build.add_argument("--base-url", default=None, metavar="URL",
                       help="the address the site is published at, overriding base_url in site.yaml "
                            "(for feeds, sitemap and canonical links)")

    check = commands.add_parser("check", help="validate the site without writing anything")
    _site_options(check)

    serve = commands.add_parser("serve", help="build, serve on localhost and rebuild on every change")
    _site_options(serve)
    serve.add_argument("--out", type=Path, default=None, metavar="DIR", help="output directory (default: SITE/output)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    return parser


def _print_warnings(warnings: tuple[Problem, ...]) -> None:
    for warning in warnings:
        print(warning.format(), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.command == "build":
        started = time.perf_counter()
        result = build_site(args.site, args.out, strict=args.strict, drafts=args.drafts, search=args.search,
                            base_url=args.base_url)
        _print_warnings(result.warnings)
        out = args.out if args.out is not None else args.site / "output"
        warned = f", {len(result.warnings)} warning(s)" if result.warnings else ""
        searchable = ", indexed for search" if args.search else ""
        print(f"Built {result.pages} pages ({result.files} files{searchable}) into {out} "
              f"in {time.perf_counter() - started:.2f} s{warned}.")
        return 0
    if args.command == "check":
        site = check_site(args.site.absolute(), strict=args.strict, drafts=args.drafts)
        _print_warnings(site.warnings)
        print(f"OK: {len(site.briefing.articles)} articles, {len(site.briefing.events)} events, "
              f"{len(site.briefing.actors)} actors, {len(site.briefing.outlets)} outlets; {len(site.pages)} pages would be built.")
        return 0
    if args.command == "serve":
        from generator.serve import serve  # livereload and tornado load only when serving

        return serve(args.site.absolute(), args.out, host=args.host, port=args.port, strict=args.strict, drafts=args.drafts)
    raise AssertionError(args.command)


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return run(args)
    except BriefingError as exc:
        if args.debug:
            raise
        print(exc.report(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
