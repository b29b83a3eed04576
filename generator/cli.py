"""The command line. Errors a user can cause are caught here, once, and printed without a
traceback (unless --debug); the exit code is then 1.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import NoReturn

from generator import __version__
from generator.build import Builder, BuildOptions, build_site
from generator.cache import CACHE_DIR
from generator.dates import PartialDate
from generator.errors import BriefingError, BuildFailed, Problem
from generator.interrupt import INTERRUPTED, INTERRUPTED_AFTER, INTERRUPTED_IMPORT, INTERRUPTED_STATUS, say_interrupted
from generator.json_schema import stale_schemas, write_schemas
from generator.progress import Progress
from generator.scaffold import (
    ACTOR_KINDS,
    OUTLET_KINDS,
    Created,
    init_site,
    new_actor,
    new_article,
    new_event,
    new_outlet,
)
from generator.sitefolders import find_site
from generator.themes import eject, overrides, packaged_file, packaged_files
from generator.workers import usable_cpus
from generator.writer import output_tag

SITE_HELP = "the site directory (default: the nearest folder holding site.yaml, from the current directory up)"


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=None, metavar="DIR", help=SITE_HELP)
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def _jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=_positive, default=None, metavar="N",
                        help=f"worker processes for Markdown and pages (default: one per core, here {usable_cpus()}; "
                             "1: no workers)")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return number


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake on the command line exits 1 like every other user error (argparse's
    own is 2), after the usage and what to fix."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: error: {message}\nSee `{self.prog} --help`.\n")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="briefing", description="Build a static briefing site from articles and metadata.")
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
    build.add_argument("--no-cache", dest="cache", action="store_false",
                       help=f"build everything afresh: do not use (or update) the build cache in SITE/{CACHE_DIR}/")
    _jobs_option(build)

    check = commands.add_parser("check", help="validate the site without writing anything (exit code 1 on problems)")
    _site_options(check)
    check.add_argument("--quiet", "-q", action="store_true", help="print nothing when the site is fine (for hooks)")
    _jobs_option(check)

    serve = commands.add_parser("serve", help="build, serve on localhost and rebuild on every change")
    _site_options(serve)
    serve.add_argument("--out", type=Path, default=None, metavar="DIR",
                       help="the folder to build into and serve (default: a folder of serve's own in "
                            "SITE/.briefing-cache/, so that a published output/ is never touched)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")

    init = commands.add_parser("init", help="make a new, empty briefing site in DIR")
    init.add_argument("dir", type=Path, metavar="DIR", help="the new site's directory (new or empty)")
    init.add_argument("--title", help="the briefing's title (default: from DIR's name)")
    init.add_argument("--debug", action="store_true", help="show tracebacks")

    new = commands.add_parser("new", help="add an article, actor, event or outlet with valid front matter")
    kinds = new.add_subparsers(dest="what", required=True, metavar="KIND")
    article = kinds.add_parser("article", help="content/articles/DATE-TITLE.md")
    article.add_argument("title", help="the headline as published")
    article.add_argument("--date", type=_date, help="publication date, YYYY-MM-DD (default: today)")
    article.add_argument("--outlet", metavar="ID", help="the outlet's id, from content/outlets/")
    actor = kinds.add_parser("actor", help="content/actors/NAME.yaml")
    actor.add_argument("name", help="the name the sources use most")
    actor.add_argument("--kind", choices=ACTOR_KINDS, default="other", help="default: other")
    event = kinds.add_parser("event", help="content/events/TITLE.yaml")
    event.add_argument("title")
    event.add_argument("--date", type=_date, required=True, help="YYYY-MM-DD, YYYY-MM or YYYY")
    event.add_argument("--cite", action="append", default=[], metavar="ARTICLE",
                       help="an article the event is reported in (repeat for more; at least one)")
    outlet = kinds.add_parser("outlet", help="content/outlets/NAME.yaml")
    outlet.add_argument("name")
    outlet.add_argument("--kind", choices=OUTLET_KINDS, default="unknown", help="default: unknown")
    for kind in (article, actor, event, outlet):
        kind.add_argument("--id", metavar="ID", help="the id to use (default: made from the title or name)")
        kind.add_argument("--site", type=Path, default=None, metavar="DIR", help=SITE_HELP)
        kind.add_argument("--debug", action="store_true", help="show tracebacks")

    # briefing import: the choices are spelt out here, so that `briefing --help` loads no importer.
    importing = commands.add_parser(
        "import", help="turn clippings, saved web pages and other generators' posts into articles",
        description="Write one article per source into content/articles/, never over a file, and say per article "
                    "what was found, what was guessed and what to check. A folder stands for the files in it.")
    importing.add_argument("sources", nargs="+", type=Path, metavar="SOURCE",
                           help="a .txt clipping, a saved .html page, a Markdown post (.md, .markdown, .mdown), "
                                "or a folder of them")
    importing.add_argument("--as", dest="kind", choices=("clipping", "html", "jekyll", "hugo", "pelican", "markdown"),
                           help="the kind of every source (default: told by each file's name and content)")
    importing.add_argument("--outlet", metavar="ID", help="the outlet id of every article (default: matched to the "
                                                          "outlet each source names)")
    importing.add_argument("--date", type=_date, help="the date of articles whose source prints none (default: today, "
                                                      "marked circa)")
    importing.add_argument("--var", action="append", default=[], metavar="NAME=VALUE",
                           help="the value of a template variable the posts use, e.g. "
                                "--var site.repository=https://github.com/jekyll/jekyll (repeat for more)")
    importing.add_argument("--dry-run", action="store_true", help="print what would be imported; write nothing")
    importing.add_argument("--yes", "-y", action="store_true",
                           help="also write the outlet files the import proposes for outlets the briefing lacks")
    importing.add_argument("--site", type=Path, default=None, metavar="DIR", help=SITE_HELP)
    importing.add_argument("--debug", action="store_true", help="show tracebacks")

    theme = commands.add_parser("theme", help="the theme packaged with briefing: list, show or copy its templates "
                                              "and static files")
    actions = theme.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the packaged templates and static files, and which the site overrides")
    show = actions.add_parser("show", help="print a packaged file (to compare it with the site's)")
    eject = actions.add_parser("eject", help="copy a packaged file into the site's templates/ or static/ to change it")
    for action in (show, eject):
        action.add_argument("name", metavar="NAME", help="a template (article.html) or a static file "
                                                         "(static/css/style.css, or style.css)")
    eject.add_argument("--force", action="store_true", help="replace the site's copy with a fresh one")
    for action in (listing, show, eject):
        action.add_argument("--site", type=Path, default=None, metavar="DIR", help=SITE_HELP)
        action.add_argument("--debug", action="store_true", help="show tracebacks")

    schema = commands.add_parser("schema", help="write the JSON Schema files that editors use for completion and checks")
    schema.add_argument("--out", type=Path, default=Path("schemas"), metavar="DIR", help="default: ./schemas")
    schema.add_argument("--check", action="store_true", help="write nothing; exit code 1 if the files are out of date")
    schema.add_argument("--debug", action="store_true", help="show tracebacks")
    return parser


def _date(value: str) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _print_warnings(warnings: tuple[Problem, ...]) -> None:
    for warning in warnings:
        print(warning.format(), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.command in ("build", "check", "serve", "new", "import") or (args.command == "theme" and args.action != "show"):
        args.site = find_site(args.site)  # before anything is written
    if args.command == "build":
        out = args.out if args.out is not None else args.site / "output"
        previous = output_tag(out)
        try:
            return _build(args, out)
        except KeyboardInterrupt:
            if args.debug or output_tag(out) == previous:
                raise
            say_interrupted(INTERRUPTED_AFTER)  # pressed once the new output was in place
            return INTERRUPTED_STATUS
    if args.command == "check":
        site_dir = args.site.absolute()
        try:
            site = Builder(site_dir, jobs=args.jobs).check(BuildOptions(strict=args.strict, drafts=args.drafts),
                                                           keep_pages=False)
        except BuildFailed as exc:
            if args.debug:
                raise
            print(exc.report("check"), file=sys.stderr)
            return 1
        _print_warnings(site.warnings)
        if not args.quiet:
            print(f"OK: {len(site.briefing.articles)} articles, {len(site.briefing.events)} events, "
                  f"{len(site.briefing.actors)} actors, {len(site.briefing.outlets)} outlets; "
                  f"{site.page_count} pages would be built.")
        return 0
    if args.command == "serve":
        from generator.serve import serve  # livereload, tornado and watchfiles load only when serving

        status = serve(args.site.absolute(), args.out, host=args.host, port=args.port, strict=args.strict,
                       drafts=args.drafts)
        if status == 0:
            # The server runs until Ctrl+C, which livereload catches itself (it stops, and returns)
            # unless it came while starting or stopping: said the same way either way.
            say_interrupted()
            return INTERRUPTED_STATUS
        return status
    if args.command == "init":
        return _report_created(init_site(args.dir, title=args.title), Path.cwd())
    if args.command == "new":
        site = args.site
        if args.what == "article":
            created = new_article(site, args.title, date=args.date, outlet=args.outlet, article_id=args.id)
        elif args.what == "actor":
            created = new_actor(site, args.name, kind=args.kind, actor_id=args.id)
        elif args.what == "event":
            created = new_event(site, args.title, date=args.date, cite=args.cite, event_id=args.id)
        else:
            created = new_outlet(site, args.name, kind=args.kind, outlet_id=args.id)
        return _report_created(created, site)
    if args.command == "import":
        return _import(args)
    if args.command == "theme":
        return _theme(args)
    if args.command == "schema":
        if args.check:
            stale = stale_schemas(args.out)
            for name in stale:
                print(f"{args.out / name}: out of date with generator/schema.py", file=sys.stderr)
            if stale:
                print(f"Run `briefing schema --out {args.out}` to write them again.", file=sys.stderr)
            return 1 if stale else 0
        for path in write_schemas(args.out):
            print(f"Wrote {path}")
        return 0
    raise AssertionError(args.command)


def _import(args: argparse.Namespace) -> int:
    # Loaded only for this command: the importers, and trafilatura for web pages, cost every other
    # command's start nothing.
    from generator.importing import ImportInterrupted, ImportOptions, import_sources, parse_variables
    from generator.importing.report import interrupted_import, print_import_report

    options = ImportOptions(kind=args.kind, outlet=args.outlet, date=args.date, dry_run=args.dry_run, yes=args.yes,
                            variables=parse_variables(args.var))
    try:
        report = import_sources(args.site, args.sources, options)
    except ImportInterrupted as stop:
        if args.debug:
            raise
        say_interrupted(interrupted_import(stop.written, stop.left))
        return INTERRUPTED_STATUS
    try:
        print_import_report(report)
    except KeyboardInterrupt:
        if args.debug:
            raise
        say_interrupted(interrupted_import(report.files, 0))
        return INTERRUPTED_STATUS
    return 0 if report.ok else 1


def _theme(args: argparse.Namespace) -> int:
    if args.action == "show":
        data = packaged_file(args.name).path.read_bytes()
        sys.stdout.flush()
        sys.stdout.buffer.write(data)  # as it is: an image too, and in the file's own line endings
        sys.stdout.buffer.flush()
        return 0
    if args.action == "eject":
        path, file = eject(args.site, args.name, force=args.force)
        print(f"Created {path} from briefing {__version__}'s {file.known_as}: the site's copy now replaces briefing's")
        if file.recordable:
            print(f"  note: edit it; `briefing build` warns when briefing's own {file.known_as} changes after this")
        else:
            print(f"  note: edit it; a {path.suffix or 'file of this kind'} cannot record where it came from, so no "
                  f"build warns when briefing's own changes (compare with `briefing theme show {file.known_as}`)")
        return 0
    replaced = {override.file: override for override in overrides(args.site)}
    for file in packaged_files():
        override = replaced.get(file)
        state = "" if override is None else (
            "  overridden by the site's (briefing's has changed since)" if override.outdated
            else "  overridden by the site's" if override.outdated is False
            else "  overridden by the site's (not ejected: whether briefing's changed since is not known)")
        print(f"{file.rel}{state}")
    return 0


def _build(args: argparse.Namespace, out: Path) -> int:
    started = time.perf_counter()
    progress = Progress()
    try:
        result = build_site(args.site, args.out, strict=args.strict, drafts=args.drafts, search=args.search,
                            base_url=args.base_url, cache=args.cache, jobs=args.jobs, progress=progress)
    finally:
        progress.finish()
    _print_warnings(result.warnings)
    warned = f", {len(result.warnings)} warning(s)" if result.warnings else ""
    searchable = ", indexed for search" if args.search else ""
    print(f"Built {result.pages} pages ({result.files} files{searchable}) into {out} "
          f"in {time.perf_counter() - started:.2f} s{warned}: {result.summary}.")
    return 0


def _report_created(created: Created, base: Path) -> int:
    try:
        shown = created.path.absolute().relative_to(base.absolute())
    except ValueError:
        shown = created.path
    print(f"Created {shown}" + (f" (id {created.id})" if created.id else ""))
    for note in created.notes:
        print(f"  note: {note}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = None
    try:
        args = make_parser().parse_args(argv)
        return run(args)
    except BriefingError as exc:
        if args is not None and args.debug:
            raise
        print(exc.report(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # Ctrl+C: what the command began is cleaned up by now (a build's output is swapped in only
        # when complete). With --debug, where it was stopped is shown.
        if args is not None and args.debug:
            raise
        say_interrupted(INTERRUPTED_IMPORT if args is not None and args.command == "import" else INTERRUPTED)
        return INTERRUPTED_STATUS
    except BrokenPipeError:
        # What reads the output stopped reading (`briefing theme show base.html | head`): end as a
        # program stopped by SIGPIPE ends, saying nothing, and without a second error at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except Exception as exc:  # a bug in briefing, not a mistake in the site: still no traceback
        if args is not None and args.debug:
            raise
        print(f"error: internal error in briefing, not in your files: {type(exc).__name__}: {exc}\n"
              "  hint: run the same command with --debug to see where, and report it; "
              "the previous output is untouched", file=sys.stderr)
        return 1
