"""The pages serve shows instead of the site: the build's problems, and "not found".

The error page names every problem's file and line, says what is wrong and what to do, and quotes
the lines around it from the file, so the editor sees the mistake without leaving the browser.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from generator.errors import Problem
from generator.serve.rebuild import BuildOutcome
from generator.words import plural

CONTEXT_LINES = 2
MAX_QUOTED_FILE_BYTES = 2_000_000

_STYLE = (
    "body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1f23}"
    ".problem{border-left:4px solid #b00020;background:#fff5f5;padding:.5rem 1rem;margin:1rem 0}"
    ".problem.warning{border-color:#8a5a00;background:#fffaf0}"
    "h2{font-size:1.05rem;margin:.25rem 0}code,pre{font-family:ui-monospace,monospace}"
    "pre{background:#fff;border:1px solid #ddd;padding:.5rem;overflow-x:auto;white-space:pre-wrap}"
    "mark{background:#ffd7d7;color:inherit}"
)


def _page(title: str, body: str) -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"{body}</main>\n</body>\n</html>\n"
    ).encode()


def error_page(outcome: BuildOutcome, site_dir: Path) -> bytes:
    errors = [p for p in outcome.problems if p.severity == "error"]
    parts = ["<h1>The briefing did not build</h1>\n",
             "<p>Fix the problems below and save: this page reloads by itself.</p>\n"]
    if outcome.problems:
        parts.append(f"<p>{plural(len(errors), 'error')}"
                     + (f", {plural(len(outcome.problems) - len(errors), 'warning')}" if len(errors) < len(outcome.problems) else "")
                     + ".</p>\n")
        parts += [_problem(p, site_dir) for p in outcome.problems]
    else:
        parts.append(f'<pre class="problem">{escape(outcome.report)}</pre>\n')
    return _page("Build failed · briefing", "".join(parts))


def not_found_page() -> bytes:
    return _page("Not found · briefing",
                 "<h1>Not found</h1>\n<p>No such page in this briefing. If you are adding it, it appears here "
                 "as soon as it builds.</p>\n")


def _problem(problem: Problem, site_dir: Path) -> str:
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    html = [f'<section class="problem {problem.severity}">\n',
            f"<h2><code>{escape(where)}</code>: {problem.severity}</h2>\n",
            f"<p>{escape(problem.message)}</p>\n"]
    if problem.hint:
        html.append(f"<p>What to do: {escape(problem.hint)}</p>\n")
    quoted = _quote(site_dir, problem.path, problem.line)
    if quoted:
        html.append(f'<pre aria-label="{escape(where, quote=True)}">{quoted}</pre>\n')
    html.append("</section>\n")
    return "".join(html)


def _quote(site_dir: Path, rel: str, line: int | None) -> str:
    """The lines around ``line`` of the site file ``rel``, the line itself marked; '' if unreadable."""
    if not line:
        return ""
    root = site_dir.resolve()
    try:
        path = (root / rel).resolve(strict=True)
        if not path.is_relative_to(root) or not path.is_file() or path.stat().st_size > MAX_QUOTED_FILE_BYTES:
            return ""
        lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    except (OSError, RuntimeError):
        return ""
    if not 1 <= line <= len(lines):
        return ""
    first, last = max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES)
    width = len(str(last))
    rows = []
    for number in range(first, last + 1):
        text = f"{number:>{width}} | {lines[number - 1]}"
        rows.append(f"<mark>{escape(text)}</mark>" if number == line else escape(text))
    return "\n".join(rows)


