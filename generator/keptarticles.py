"""What a builder that builds again and again (``briefing serve``) keeps of the articles it
assembled, so that a save costs what it changed.

An article is assembled from its source (front matter and body, see ``generator.load``), its
rendered body and the ids its references are checked against. A serving builder gets the very
same source object for a file that did not change (``load.parsed``) and the very same body for a
body whose key did not change (``bodies.KeptBodies``). Where both are the objects they were and
the ids are the same, the article is the one assembled last time: it is reused, and the problems
found in it then are reported again. Reused, it is also the object the last build's briefing
holds, which ``incremental.resident`` recognises by identity rather than compares field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from generator.bodies import RenderedBody
from generator.errors import Problem, Problems
from generator.load.content import ArticleSource
from generator.model import Article


@dataclass(frozen=True)
class _Assembled:
    source: ArticleSource
    body: RenderedBody
    article: Article
    problems: tuple[Problem, ...]  # found while assembling it


class KeptArticles:
    def __init__(self) -> None:
        self._context: Hashable = None
        self._last: dict[str, _Assembled] = {}
        self._now: dict[str, _Assembled] = {}

    def begin(self, context: Hashable) -> None:
        """A new assembly, whose articles are checked against ``context`` (the ids they may refer
        to): nothing assembled against another context is reused."""
        reusable = self._now if context == self._context else {}
        self._context, self._last, self._now = context, reusable, {}

    def article(self, source: ArticleSource, body: RenderedBody, problems: Problems,
                assemble: Callable[[], Article]) -> Article:
        """The article of ``source`` with ``body``: last time's if it was made from these very
        objects (its problems added to ``problems`` again), else ``assemble()``'s."""
        last = self._last.get(source.id)
        if last is not None and last.source is source and last.body is body:
            for problem in last.problems:
                problems.add(problem)
            self._now[source.id] = last
            return last.article
        mark = problems.mark()
        article = assemble()
        self._now[source.id] = _Assembled(source, body, article, problems.since(mark))
        return article
