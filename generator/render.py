"""Stage 3: pages to HTML. One Jinja environment (StrictUndefined, autoescape on) and one place
that builds a template's context (``page_context``).

A template mistake becomes a Problem naming the template file and line, like any content error.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2

from generator import __version__
from generator.errors import Problem
from generator.model import Briefing
from generator.pages import Page
from generator.publish.head import page_head
from generator.urls import NOT_FOUND_PATH, Links, RootLinks, site_root_path

TEMPLATES_DIR = "templates"


def make_environment(site_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(site_dir / TEMPLATES_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["plural"] = lambda n, word, many=None: f"{n} {word if n == 1 else (many or word + 's')}"
    return env


def page_links(briefing: Briefing, page: Page) -> Links:
    """Links relative to the page; except on the 404 page, which a host serves at any missing
    address, at any depth: its links start from the site's root, when the root is known."""
    if page.path == NOT_FOUND_PATH and briefing.config.base_url:
        return RootLinks(page.path, site_root_path(briefing.config.base_url))
    return Links(page.path)


def page_context(briefing: Briefing, page: Page) -> dict[str, Any]:
    """Everything a template may use: the briefing, this page, its head data and its links."""
    return {
        "briefing": briefing,
        "site": briefing.config,
        "page": page,
        "head": page_head(briefing, page),
        "link": page_links(briefing, page),
        "generator_version": __version__,
        **page.data,
    }


class PageRenderer:
    def __init__(self, env: jinja2.Environment, site_dir: Path, briefing: Briefing):
        self.env = env
        self.site_dir = site_dir
        self.briefing = briefing

    def render(self, page: Page) -> str | Problem:
        """The page's HTML, or the Problem (template file and line) that stopped it."""
        try:
            template = self.env.get_template(page.template)
            return template.render(page_context(self.briefing, page))
        except jinja2.TemplateSyntaxError as exc:
            return Problem(self._template_rel(exc.filename, exc.name), exc.lineno,
                           f"template syntax error: {exc.message}", "fix the template at this line")
        except jinja2.TemplateNotFound as exc:
            return Problem(f"{TEMPLATES_DIR}/{page.template}", None, f"template not found: {exc.name}",
                           f"add {TEMPLATES_DIR}/{exc.name} to the site")
        except jinja2.UndefinedError as exc:
            path, line = self._template_frame(exc)
            return Problem(path, line, f"template error: {exc.message} (while rendering {page.path})",
                           "check the variable's name, or guard it with `is defined`")
        except (TypeError, AttributeError, KeyError, ValueError, jinja2.TemplateError) as exc:
            path, line = self._template_frame(exc)
            if line is None:
                raise  # not a template's mistake but ours: let --debug show it
            return Problem(path, line, f"template error: {type(exc).__name__}: {exc} (while rendering {page.path})",
                           "fix the expression at this line of the template")

    def _template_rel(self, filename: str | None, name: str | None) -> str:
        if filename:
            try:
                return Path(filename).resolve().relative_to(self.site_dir.resolve()).as_posix()
            except ValueError:
                return filename
        return f"{TEMPLATES_DIR}/{name}"

    def _template_frame(self, exc: BaseException) -> tuple[str, int | None]:
        """The innermost template file and line in the exception's traceback."""
        templates = (self.site_dir / TEMPLATES_DIR).resolve()
        found: tuple[str, int | None] = (TEMPLATES_DIR, None)
        for frame in _frames(exc):
            try:
                rel = Path(frame.filename).resolve().relative_to(templates)
            except ValueError:
                continue
            found = (f"{TEMPLATES_DIR}/{rel.as_posix()}", frame.lineno)
        return found


def _frames(exc: BaseException) -> Iterator[traceback.FrameSummary]:
    yield from traceback.extract_tb(exc.__traceback__)
