"""Stage 3: pages to HTML. One Jinja environment (StrictUndefined, autoescape on) and one place
that builds a template's context (``page_context``).

A template mistake becomes a Problem naming the template file and line, like any content error.
"""

from __future__ import annotations

import contextlib
import marshal
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path

from generator import __version__, themes
from generator.cache import Cache
from generator.errors import Problem
from generator.load.text import decode_source
from generator.model import Briefing
from generator.notes import NotesList, with_refs
from generator.pagedata import referenced
from generator.pagedata import tracked as tracked_data
from generator.pages import Page
from generator.publish.head import page_head
from generator.themes import TEMPLATES_DIR, packaged_label
from generator.tracking import Fact, Reads, track, track_coarsely, untracked
from generator.urls import NOT_FOUND_PATH, Addresses, Links, RootLinks, site_root_path
from generator.words import plural


class TemplateFileError(jinja2.TemplateError):
    """A template file that cannot be used as it is (a link out of the site, not UTF-8)."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


class SiteTemplateLoader(jinja2.BaseLoader):
    """The site's templates/ folder, then the theme packaged with briefing (generator.themes).
    The site's are read like every other source file (UTF-8, a BOM and CRLF accepted), and never
    through a link that leads out of the site."""

    def __init__(self, site_dir: Path):
        self.site_real = site_dir.resolve()
        self.root = site_dir / TEMPLATES_DIR

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses ".." and absolute names
        path = self.root.joinpath(*pieces)
        rel = "/".join((TEMPLATES_DIR, *pieces))
        if not path.is_file():
            path = themes.PACKAGED_TEMPLATES.joinpath(*pieces)
            if not path.is_file():
                raise jinja2.TemplateNotFound(template)
            rel = packaged_label("/".join(pieces))
        elif not path.resolve().is_relative_to(self.site_real):
            raise TemplateFileError(Problem(rel, None, "this template is a link to a file outside the site directory",
                                            "copy the template into the site instead of linking to it"))
        try:
            data = path.read_bytes()
            mtime = path.stat().st_mtime
        except OSError as exc:
            raise TemplateFileError(Problem(rel, None, f"cannot read this template: {exc.strerror or exc}",
                                            "check that you may read it")) from None
        text, line, message, hint = decode_source(data)
        if text is None:
            raise TemplateFileError(Problem(rel, line, message, hint))
        return text, str(path), lambda: path.is_file() and path.stat().st_mtime == mtime


class _Environment(jinja2.Environment):
    """Jinja's environment, naming the model's own types (not the wrappers that note what a
    template reads, see generator.tracking) when a template reads something that is not there.
    getattr and getitem are Jinja's own, but for that."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=untracked(obj), name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        try:
            return obj[argument]
        except (AttributeError, TypeError, LookupError):
            if isinstance(argument, str):
                try:
                    return getattr(obj, str(argument))
                except AttributeError:
                    pass
            return self.undefined(obj=untracked(obj), name=argument)


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates kept compiled in the build cache, so that a build does not parse and compile
    every template again. Jinja looks each up by the template's name and a hash of its source: a
    changed template is compiled afresh."""

    def __init__(self, cache: Cache):
        self.cache = cache

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.cache.get_code(bucket.key, bucket.checksum)
        if data is not None:
            try:
                bucket.code = marshal.loads(data)
            except (EOFError, ValueError, TypeError):
                bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            self.cache.put_code(bucket.key, bucket.checksum, marshal.dumps(bucket.code))


def make_environment(site_dir: Path, cache: Cache | None = None) -> jinja2.Environment:
    env = _Environment(
        bytecode_cache=CompiledTemplates(cache) if cache is not None and cache.enabled else None,
        loader=SiteTemplateLoader(site_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A build reads each template once: no stat of every template file on every page.
        auto_reload=False,
    )
    env.filters["plural"] = plural
    env.filters["with_refs"] = with_refs
    env.globals["notes"] = NotesList  # a page's numbered notes (generator.notes)
    return env


def page_links(briefing: Briefing, page: Page, addresses: Addresses) -> Links:
    """Links relative to the page; except on the 404 page, which a host serves at any missing
    address, at any depth: its links start from the site's root path (``base_url``'s, else the
    host's root), so that its styles and links work wherever it is served."""
    if page.path == NOT_FOUND_PATH:
        root = site_root_path(briefing.config.base_url) if briefing.config.base_url else "/"
        return RootLinks(page.path, root, addresses)
    return Links(page.path, addresses)


# The page contract: how a rebuild knows that a page would come out the same. Every entry of a
# template's context is one of these, and says which (tests/test_page_contract.py fails on an
# entry, a Jinja global or a filter that says nothing):
TRACKED = "read through the briefing"  # each read noted as the page renders (generator.tracking)
KEY = "an input of the page's key"  # in PageRenderer.inputs(), fingerprinted into the key
CODE = "fixed by briefing's code"  # the same until briefing changes, which empties the cache
CONTEXT: dict[str, str] = {
    "briefing": TRACKED,
    "site": TRACKED,  # briefing.config, read through the tracked briefing
    "page": KEY,  # with its data: each item of page.data is an entry of the context too
    "head": TRACKED,  # made from the tracked briefing and the page
    "link": KEY,
    "generator_version": CODE,
}
PAGE_DATA = KEY  # every item of page.data (its model objects read through the briefing, see pagedata)
# Besides Jinja's own filters, tests and globals (CODE): what each reads comes from the context.
FILTERS: dict[str, str] = {"plural": CODE, "with_refs": CODE}
GLOBALS: dict[str, str] = {"notes": CODE}  # a page's numbered notes (generator.notes)


def page_context(briefing: Briefing, page: Page, addresses: Addresses) -> dict[str, Any]:
    """Everything a template may use: the briefing, this page, its head data and its links
    (``addresses``: which page each event is on). Each entry is in CONTEXT, which says how a
    rebuild sees that it changed."""
    return {
        "briefing": briefing,
        "site": briefing.config,
        "page": page,
        "head": page_head(briefing, page),
        "link": page_links(briefing, page, addresses),
        "generator_version": __version__,
        **page.data,
    }


@dataclass(frozen=True)
class RenderedPage:
    html: bytes | Problem  # UTF-8, or the Problem (template file and line) that stopped it
    facts: frozenset[Fact]  # what the page read of the briefing (generator.tracking)


class PageRenderer:
    def __init__(self, env: jinja2.Environment, site_dir: Path, briefing: Briefing, addresses: Addresses):
        self.env = env
        self.site_dir = site_dir
        self.briefing = briefing
        self.addresses = addresses
        # What is noted of each page's reads: field by field (a later change to the briefing
        # renders again only the pages that show it), or object by object (less work now).
        self.fine_tracking = True

    def prepare(self, pages: Iterable[Page]) -> None:
        """Compile the templates the pages use, once, before worker processes are forked from
        this one (each would otherwise compile them again). A template with a mistake is left
        for render() to report."""
        for name in sorted({page.template for page in pages}):
            with contextlib.suppress(Exception):
                self.env.get_template(name)

    def inputs(self, page: Page) -> tuple[Any, ...]:
        """What a page's HTML depends on besides what it reads of the briefing (noted as it
        renders, see generator.tracking): the page itself, with the articles, actors, events and outlets
        it lists as references (their reads are tracked, see generator.pagedata), and the links it is given. Everything
        in page_context that is not read from the briefing must be here."""
        return (replace(page, data=referenced(page.data, self.briefing)), page_links(self.briefing, page, self.addresses))

    def render_tracked(self, page: Page) -> RenderedPage:
        """The page's HTML and what it read of the briefing."""
        reads = Reads()
        tracked = track(self.briefing, reads) if self.fine_tracking else track_coarsely(self.briefing, reads)
        data = tracked_data(page.data, self.briefing, reads, fine=self.fine_tracking)
        result = self.render(replace(page, data=data), tracked)
        html = result if isinstance(result, Problem) else result.encode("utf-8")
        return RenderedPage(html, reads.facts())

    def render_all(self, pages: Sequence[Page]) -> list[RenderedPage]:
        return [self.render_tracked(page) for page in pages]

    def render(self, page: Page, briefing: Any = None) -> str | Problem:
        """The page's HTML, or the Problem (template file and line) that stopped it."""
        try:
            template = self.env.get_template(page.template)
            return template.render(page_context(briefing or self.briefing, page, self.addresses))
        except jinja2.TemplateSyntaxError as exc:
            return Problem(self._template_rel(exc.filename, exc.name), exc.lineno,
                           f"template syntax error: {exc.message}", "fix the template at this line")
        except TemplateFileError as exc:
            return exc.problem
        except jinja2.TemplateNotFound as exc:
            path, line = self._template_frame(exc)
            if line is None:
                path = f"{TEMPLATES_DIR}/{page.template}"
            return Problem(path, line, f"template not found: {exc.name}",
                           f"add {TEMPLATES_DIR}/{exc.name} to the site, or correct the name")
        except jinja2.UndefinedError as exc:
            path, line = self._template_frame(exc)
            return Problem(path, line, f"template error: {exc.message} (while rendering {page.path})",
                           "check the variable's name, or guard it with `is defined`")
        except RecursionError as exc:
            path, line = self._recursion_frame(exc)
            if line is None:
                raise
            return Problem(path, line, f"template error: the template includes or calls itself without end (while rendering {page.path})",
                           "stop the recursion: check {% include %}, {% extends %} and recursive macros")
        except Exception as exc:  # any exception raised by an expression in a template
            path, line = self._template_frame(exc)
            if line is None:
                raise  # not a template's mistake but ours: let --debug show it
            return Problem(path, line, f"template error: {type(exc).__name__}: {exc} (while rendering {page.path})",
                           "fix the expression at this line of the template")

    def _template_rel(self, filename: str | None, name: str | None) -> str:
        if filename:
            return self._template_label(filename) or filename
        return f"{TEMPLATES_DIR}/{name}"

    def _template_label(self, filename: str) -> str | None:
        """How a template file is named in a report: templates/NAME for the site's, or as
        briefing's theme's; None for a file that is no template."""
        path = Path(filename).resolve()
        for root, label in (((self.site_dir / TEMPLATES_DIR).resolve(), lambda rel: f"{TEMPLATES_DIR}/{rel}"),
                            (themes.PACKAGED_TEMPLATES.resolve(), packaged_label)):
            if path.is_relative_to(root):
                return label(path.relative_to(root).as_posix())
        return None

    def _template_frames(self, exc: BaseException) -> list[tuple[str, int]]:
        """The template files and lines in the exception's traceback, outermost first."""
        found = []
        for frame in _frames(exc):
            label = self._template_label(frame.filename)
            if label is not None:
                found.append((label, frame.lineno or 0))
        return found

    def _template_frame(self, exc: BaseException) -> tuple[str, int | None]:
        """The innermost template file and line in the exception's traceback."""
        frames = self._template_frames(exc)
        return frames[-1] if frames else (TEMPLATES_DIR, None)

    def _recursion_frame(self, exc: RecursionError) -> tuple[str, int | None]:
        """Where a template calls itself again: the last template line of the first cycle. Not
        the innermost frame, which depends on how deep the stack happened to be."""
        frames = self._template_frames(exc)
        for start, frame in enumerate(frames):
            if frame in frames[start + 1:]:
                again = frames.index(frame, start + 1)
                return frames[again - 1]
        return frames[-1] if frames else (TEMPLATES_DIR, None)


def _frames(exc: BaseException) -> Iterator[traceback.FrameSummary]:
    yield from traceback.extract_tb(exc.__traceback__)
