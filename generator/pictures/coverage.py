"""Which sources support which events: a heat map of events (rows, in time order) by sources
(columns), for the sources page.

A column is an outlet, with every article of it that the events cite; an article whose clipping
names no outlet is a column of its own, headed "outlet not stated", because two unnamed outlets
may well be two different ones. A filled square says the source supports the event; a number,
that several of the outlet's articles do.

The picture is a plain image (``role="img"``, nothing to focus in it); its table, with links to
every outlet, article and event, sits beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.model import Article, Briefing, Event, Outlet
from generator.pictures.svg import el, join, num, shorten, text_lines, text_width, wrap
from generator.pictures.timeaxis import MONTH_ABBR, MONTH_NAMES

MAX_EVENTS = 40  # the latest events, when there are more
MAX_OUTLET_COLUMNS = 14  # the outlets supporting most events; the others share one column
MAX_UNSTATED_COLUMNS = 6  # articles with no outlet, one column each; more share one column
CELL = 28.0  # column width
ROW = 32.0  # row height: two lines of a title
SQUARE = 20.0
LABEL_SIZE = 12.0
ROW_LABEL_WIDTH = 196.0
MAX_HEADER = 200.0


@dataclass(frozen=True)
class SourceColumn:
    label: str
    outlet: Outlet | None  # None: the clipping names no outlet (or several outlets share it)
    articles: tuple[Article, ...]

    @property
    def unstated(self) -> bool:
        return self.outlet is None and len(self.articles) == 1


@dataclass(frozen=True)
class CoveragePicture:
    events: tuple[Event, ...]
    total: int  # events in the briefing
    columns: tuple[SourceColumn, ...]
    counts: tuple[tuple[int, ...], ...]  # [event][column]: that column's articles citing the event

    @classmethod
    def of(cls, briefing: Briefing) -> CoveragePicture | None:
        events = briefing.events[-MAX_EVENTS:]
        cited = {a for e in events for a in e.article_ids}
        articles = [a for a in reversed(briefing.articles) if a.id in cited]  # oldest first
        if not articles:
            return None
        columns = _columns(briefing, articles, events)
        cites = [set(e.article_ids) for e in events]
        counts = tuple(tuple(sum(1 for a in c.articles if a.id in ids) for c in columns) for ids in cites)
        return cls(tuple(events), len(briefing.events), columns, counts)

    def rows(self) -> tuple[tuple[Event, tuple[int, ...]], ...]:
        return tuple(zip(self.events, self.counts, strict=True))

    @property
    def has_many(self) -> bool:
        """Whether any square carries a number (several articles of one outlet)."""
        return any(count > 1 for counts in self.counts for count in counts)

    @property
    def title(self) -> str:
        latest = "the latest " if self.total > len(self.events) else ""
        return f"Which sources support which events: {latest}{_n(len(self.events), 'event')} by {_n(len(self.columns), 'source')}"

    @property
    def description(self) -> str:
        single = sum(1 for counts in self.counts if sum(counts) == 1)
        unstated = sum(1 for c in self.columns if c.unstated)
        unstated_text = (
            f" {_n(unstated, 'column')} {'is an article' if unstated == 1 else 'are articles'} whose clipping names "
            "no outlet, each shown on its own as “outlet not stated”." if unstated else ""
        )
        return (
            "A grid with one row per event, in time order, and one column per source. A filled square means "
            "the source supports the event; a number, how many of the outlet's articles do; an empty square, "
            f"that it does not.{unstated_text} {_n(single, 'event')} {'rests' if single == 1 else 'rest'} on a "
            "single article. The same grid is given as a table, with links, on this page."
        )

    def svg(self, id_prefix: str = "coverage") -> Markup:
        return _draw(self, id_prefix)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _columns(briefing: Briefing, articles: list[Article], events: tuple[Event, ...]) -> tuple[SourceColumn, ...]:
    by_outlet: dict[str, list[Article]] = {}
    unstated: list[Article] = []
    for article in articles:
        if article.outlet_id is None:
            unstated.append(article)
        else:
            by_outlet.setdefault(article.outlet_id, []).append(article)
    supported = {o: sum(1 for e in events if set(e.article_ids) & {a.id for a in arts}) for o, arts in by_outlet.items()}
    ranked = sorted(by_outlet, key=lambda o: (-supported[o], briefing.outlet(o).name, o))
    kept = sorted(ranked[:MAX_OUTLET_COLUMNS], key=lambda o: (briefing.outlet(o).name, o))
    columns = [SourceColumn(briefing.outlet(o).name, briefing.outlet(o), tuple(by_outlet[o])) for o in kept]
    others = [a for o in ranked[MAX_OUTLET_COLUMNS:] for a in by_outlet[o]]
    if others:
        columns.append(SourceColumn(f"Other outlets ({len(ranked) - MAX_OUTLET_COLUMNS})", None, tuple(others)))
    if len(unstated) > MAX_UNSTATED_COLUMNS:
        columns.append(SourceColumn(f"Outlet not stated ({len(unstated)} articles)", None, tuple(unstated)))
    else:
        columns += [SourceColumn("Outlet not stated", None, (a,)) for a in unstated]
    return tuple(columns)


def column_label(column: SourceColumn) -> str:
    if column.unstated:
        when = column.articles[0].when.text
        for month in MONTH_NAMES[1:]:
            when = when.replace(month, MONTH_ABBR[MONTH_NAMES.index(month)])
        return f"Outlet not stated · {when}"
    return column.label


def _draw(picture: CoveragePicture, ids: str) -> Markup:
    labels = [shorten(column_label(c), LABEL_SIZE, MAX_HEADER) for c in picture.columns]
    header = max(text_width(label, LABEL_SIZE) for label in labels) + 14
    x0 = ROW_LABEL_WIDTH + 8
    width = x0 + CELL * len(picture.columns) + 8
    height = header + ROW * len(picture.events) + 8
    parts = [
        el("title", {"id": f"{ids}-title"}, picture.title),
        el("desc", {"id": f"{ids}-desc"}, picture.description),
    ]
    for j, label in enumerate(labels):
        cx = x0 + CELL * j + CELL / 2
        parts.append(el("text", {"class": "column-label", "transform": f"translate({num(cx + 4)} {num(header - 6)}) rotate(-90)"},
                        label))
    for i, (event, counts) in enumerate(picture.rows()):
        top = header + ROW * i
        if i % 2 == 0:
            parts.append(el("rect", {"class": "row-bg", "x": 0, "y": top, "width": width, "height": ROW}))
        lines = wrap(event.title, LABEL_SIZE, ROW_LABEL_WIDTH - 4, 2)
        first = top + ROW / 2 + 4 - (6.5 if len(lines) == 2 else 0)
        parts.append(text_lines(lines, 4, first, 13, {"class": "row-label"}))
        for j, count in enumerate(counts):
            x = x0 + CELL * j + (CELL - SQUARE) / 2
            y = top + (ROW - SQUARE) / 2
            cls = "cell cell-empty" if count == 0 else ("cell cell-one" if count == 1 else "cell cell-many")
            parts.append(el("rect", {"class": cls, "x": x, "y": y, "width": SQUARE, "height": SQUARE, "rx": 2}))
            if count > 1:
                parts.append(el("text", {"class": "cell-count", "x": x + SQUARE / 2, "y": y + SQUARE / 2 + 4,
                                         "text-anchor": "middle"}, str(count)))
    return el("svg", {
        "class": "picture-svg coverage-svg", "viewBox": f"0 0 {num(width)} {num(height)}", "width": width,
        "height": height, "role": "img", "aria-labelledby": f"{ids}-title {ids}-desc",
    }, "\n", join(parts), "\n")
