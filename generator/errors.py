"""The one exception hierarchy of briefing, and the collector of build problems.

Every mistake a user can make becomes a ``Problem`` (file, line, message, what to do). A build
collects all of them and raises ``BuildFailed`` once, so the CLI can report them together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from generator.words import plural

Severity = Literal["error", "warning"]
Command = Literal["build", "check", "serve"]  # the commands that build or check a site


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the site directory, with forward slashes
    line: int | None
    message: str
    hint: str = ""
    severity: Severity = "error"

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line or 0, self.message)

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class BriefingError(Exception):
    """Base of every error a user can cause; the CLI catches it once and prints it."""

    def report(self) -> str:
        return f"error: {self}"


class BuildFailed(BriefingError):
    def __init__(self, problems: list[Problem]):
        self.problems = tuple(sorted(problems, key=lambda p: p.sort_key))
        super().__init__(f"{len(self.problems)} problem(s)")

    def report(self, command: Command = "build") -> str:
        """Every problem, then what it means for the command that found them: a build wrote
        nothing, a check only failed; serve says it in a line of its own (its pages show them)."""
        lines = [p.format() for p in self.problems]
        if command == "build":
            lines.append(f"Build failed: {tally(self.problems)}. Nothing was written; the previous output is untouched.")
        elif command == "check":
            lines.append(f"Check failed: {tally(self.problems)}.")
        return "\n".join(lines)


class OutputError(BriefingError):
    """The output location cannot be written (permissions, disk full, not ours to replace)."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint

    def report(self) -> str:
        return f"error: {self.message}" + (f"\n  hint: {self.hint}" if self.hint else "")


class Problems:
    """Collects the problems of one build, in any order; reported sorted."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def error(self, path: str, line: int | None, message: str, hint: str = "") -> None:
        self._items.append(Problem(path, line, message, hint, "error"))

    def warning(self, path: str, line: int | None, message: str, hint: str = "") -> None:
        self._items.append(Problem(path, line, message, hint, "warning"))

    def add(self, problem: Problem) -> None:
        self._items.append(problem)

    def mark(self) -> int:
        """Where the problems found from now on begin, for since()."""
        return len(self._items)

    def since(self, mark: int) -> tuple[Problem, ...]:
        """The problems found since ``mark()`` gave ``mark``."""
        return tuple(self._items[mark:])

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return sorted((p for p in self._items if p.severity == "warning"), key=lambda p: p.sort_key)

    def failed(self, strict: bool) -> bool:
        """Whether the build fails: errors, or any warning at all when ``strict``."""
        return bool(self.errors or (strict and self._items))

    def raise_if_failed(self, strict: bool) -> None:
        """Stop the build if it failed (see ``failed``)."""
        if self.failed(strict):
            items = self._items
            if strict:
                items = [Problem(p.path, p.line, p.message, p.hint, "error") for p in items]
            raise BuildFailed(items)


def tally(problems: Sequence[Problem]) -> str:
    """"2 errors, 1 warning": what the problems add up to."""
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    return plural(errors, "error") + (", " + plural(warnings, "warning") if warnings else "")


