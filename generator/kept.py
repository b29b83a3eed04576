"""What a builder that builds again and again (``briefing serve``) keeps of what it assembled, so
that a save costs what it changed.

An article is assembled from its source (front matter and body, see ``generator.load``), its
rendered body and the ids its references are checked against; an event, actor or outlet from
its source, the texts of the articles it cites and what the whole briefing's references are
checked against (the ids, the drafts, the event kinds, the actors' names, the Markdown
options). A serving builder gets the very same source object for a file that did not change
(``load.parsed``) and the very same body for a body whose key did not change
(``bodies.KeptBodies``). Where a value's inputs are the objects they were, under the same
context, it is the one assembled last time: it is reused, and the problems found in it then are
reported again. Reused, it is also the object the last build's briefing holds, which
``incremental.resident`` recognises by identity rather than compares field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from operator import is_
from typing import Generic, TypeVar

from generator.errors import Problem, Problems
from generator.model import Actor, Article, Event, Outlet

T = TypeVar("T")


@dataclass(frozen=True)
class _Assembled(Generic[T]):
    made_from: tuple[object, ...]
    value: T
    problems: tuple[Problem, ...]  # found while assembling it


class Kept(Generic[T]):
    """The values one assembly made, by key, for the next to reuse."""

    def __init__(self) -> None:
        self._context: object = None
        self._last: dict[Hashable, _Assembled[T]] = {}
        self._now: dict[Hashable, _Assembled[T]] = {}

    def begin(self, context: object) -> None:
        """A new assembly, under ``context`` (compared by value: what every value is checked
        against): nothing assembled under another context is reused."""
        reusable = self._now if context == self._context else {}
        self._context, self._last, self._now = context, reusable, {}

    def get(self, key: Hashable, made_from: tuple[object, ...], problems: Problems, assemble: Callable[[], T]) -> T:
        """The value of ``key`` made from ``made_from``: last time's if it was made from these very
        objects (its problems added to ``problems`` again), else ``assemble()``'s."""
        last = self._last.get(key)
        if last is not None and len(last.made_from) == len(made_from) and all(map(is_, last.made_from, made_from)):
            for problem in last.problems:
                problems.add(problem)
            self._now[key] = last
            return last.value
        mark = problems.mark()
        value = assemble()
        self._now[key] = _Assembled(made_from, value, problems.since(mark))
        return value


class KeptAssembly:
    """What a serving builder keeps of its assemblies: the articles, by id, under the ids their
    references are checked against; the actors, events and outlets, by id, under everything the
    briefing's references are checked against."""

    def __init__(self) -> None:
        self.articles: Kept[Article] = Kept()
        self.actors: Kept[Actor] = Kept()
        self.events: Kept[Event] = Kept()
        self.outlets: Kept[Outlet] = Kept()
