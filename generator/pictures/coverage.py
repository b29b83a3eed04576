"""Which sources support which events: a heat map of events (rows, in time order) by sources
(columns), for the sources page.

A column is an outlet, with every article of it that the events cite; an article whose clipping
names no outlet is a column of its own, "outlet not stated", because two unnamed outlets may well
be two different ones. Columns are numbered, and a key above the grid names each in full (the
outlet, or the article's whole title), wrapped rather than cut; under each event's title, what it
rests on (articles and outlets). A filled square says the source supports the event; a number,
that several of the outlet's articles do. Two layouts, wide and narrow (phones), as the timeline.

The picture is a plain image (``role="img"``, nothing to focus in it); its table, with links to
every outlet, article and event, sits beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from generator.model import Article, Briefing, Event, Outlet
from generator.pictures.svg import el, join, num, text_lines, wrap
from generator.pictures.timeaxis import MONTH_ABBR, MONTH_NAMES
from generator.words import plural

Variant = Literal["wide", "narrow"]
MAX_EVENTS = 40  # the latest events, when there are more
MAX_OUTLET_COLUMNS = 14  # the outlets supporting most events; the others share one column
MAX_UNSTATED_COLUMNS = 6  # articles with no outlet, one column each; more share one column
SQUARE = 20.0
LABEL_SIZE = 12.0


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
    support: tuple[str, ...]  # [event]: what it rests on, "3 articles, 1 named outlet"

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
        support = tuple(briefing.corroboration(e.id).tally for e in events)
        return cls(tuple(events), len(briefing.events), columns, counts, support)

    def rows(self) -> tuple[tuple[Event, tuple[int, ...], str], ...]:
        return tuple(zip(self.events, self.counts, self.support, strict=True))

    @property
    def has_many(self) -> bool:
        """Whether any square carries a number (several articles of one outlet)."""
        return any(count > 1 for counts in self.counts for count in counts)

    @property
    def title(self) -> str:
        latest = "the latest " if self.total > len(self.events) else ""
        events, sources = plural(len(self.events), "event"), plural(len(self.columns), "source")
        return f"Which sources support which events: {latest}{events} by {sources}"

    @property
    def description(self) -> str:
        single = sum(1 for counts in self.counts if sum(counts) == 1)
        unstated = sum(1 for c in self.columns if c.unstated)
        unstated_text = (
            f" {plural(unstated, 'column')} {'is an article' if unstated == 1 else 'are articles'} whose clipping names "
            "no outlet, each shown on its own as “outlet not stated”." if unstated else ""
        )
        return (
            "A grid with one row per event, in time order, and one numbered column per source, each named in "
            "full above the grid. Under each event, how many articles and outlets it rests on. A filled square "
            "means the source supports the event; a number, how many of the outlet's articles do; an empty "
            f"square, that it does not.{unstated_text} {plural(single, 'event')} {'rests' if single == 1 else 'rest'} "
            "on a single article. The same grid is given as a table, with links, on this page."
        )

    def layout(self, variant: Variant = "wide") -> CoverageLayout:
        return CoverageLayout(self, LAYOUTS[variant])

    def svg(self, variant: Variant = "wide", id_prefix: str = "coverage") -> Markup:
        return _draw(self, variant, f"{id_prefix}-{variant}")



def _columns(briefing: Briefing, articles: list[Article], events: tuple[Event, ...]) -> tuple[SourceColumn, ...]:
    by_outlet: dict[str, list[Article]] = {}
    unstated: list[Article] = []
    for article in articles:
        if article.outlet_id is None:
            unstated.append(article)
        else:
            by_outlet.setdefault(article.outlet_id, []).append(article)
    outlets = {o: briefing.outlet(o) for o in by_outlet}
    named = {o: outlet.name for o, outlet in outlets.items() if outlet is not None}
    supported = {o: sum(1 for e in events if set(e.article_ids) & {a.id for a in arts})
                 for o, arts in by_outlet.items()}
    ranked = sorted(by_outlet, key=lambda o: (-supported[o], named[o], o))
    kept = sorted(ranked[:MAX_OUTLET_COLUMNS], key=lambda o: (named[o], o))
    columns = [SourceColumn(named[o], outlets[o], tuple(by_outlet[o])) for o in kept]
    others = [a for o in ranked[MAX_OUTLET_COLUMNS:] for a in by_outlet[o]]
    if others:
        columns.append(SourceColumn(f"Other outlets ({len(ranked) - MAX_OUTLET_COLUMNS})", None, tuple(others)))
    if len(unstated) > MAX_UNSTATED_COLUMNS:
        columns.append(SourceColumn(f"Outlet not stated ({len(unstated)} articles)", None, tuple(unstated)))
    else:
        columns += [SourceColumn("Outlet not stated", None, (a,)) for a in unstated]
    return tuple(columns)


def column_label(column: SourceColumn) -> str:
    """The column's source in full: the outlet, or the article whose clipping names none."""
    if column.unstated:
        article = column.articles[0]
        return f"Outlet not stated: “{article.title}” ({_abbreviated(article.when.text)})"
    if column.outlet is not None:
        return f"{column.label} ({plural(len(column.articles), 'article')})"
    return column.label


def _abbreviated(text: str) -> str:
    for month in MONTH_NAMES[1:]:
        text = text.replace(month, MONTH_ABBR[MONTH_NAMES.index(month)])
    return text


@dataclass(frozen=True)
class _Layout:
    width: float
    min_label: float  # the events' titles take at least this much, the columns the rest
    min_cell: float
    max_cell: float


LAYOUTS: dict[Variant, _Layout] = {
    "wide": _Layout(width=720, min_label=260, min_cell=26, max_cell=64),
    "narrow": _Layout(width=360, min_label=140, min_cell=24, max_cell=28),
}


class CoverageLayout:
    """Where everything goes: a key naming each numbered column in full (wrapped, never cut), the
    column numbers, then a row per event: its title in full, what it rests on, its squares."""

    def __init__(self, picture: CoveragePicture, layout: _Layout):
        self.picture, self.layout = picture, layout
        columns = len(picture.columns)
        room = layout.width - PAD * 2 - layout.min_label
        self.cell = max(layout.min_cell, min(layout.max_cell, room / columns))
        self.width = max(layout.width, PAD * 2 + layout.min_label + self.cell * columns)
        self.label_width = self.width - PAD * 2 - self.cell * columns - GUTTER
        self.grid_x = PAD + self.label_width + GUTTER
        self.key: list[tuple[int, tuple[str, ...], float]] = []  # column number, lines, first baseline
        y = PAD + KEY_LINE - 3
        for number, column in enumerate(picture.columns, start=1):
            lines = wrap(column_label(column), KEY_SIZE, self.width - PAD * 2 - KEY_INDENT, 99)
            self.key.append((number, lines, y))
            y += KEY_LINE * len(lines) + 3
        self.header_y = y + 10  # the column numbers' baseline
        top = self.header_y + 8
        # event, the title's lines, what it rests on (lines), top, height
        self.rows: list[tuple[Event, tuple[str, ...], tuple[str, ...], float, float]] = []
        for event, support in zip(picture.events, picture.support, strict=True):
            lines = wrap(event.title, LABEL_SIZE, self.label_width, 99)
            meta = wrap(support, META_SIZE, self.label_width, 99)
            height = max(CELL_HEIGHT, 8 + LINE * len(lines) + META_LINE * len(meta))
            self.rows.append((event, lines, meta, top, height))
            top += height
        self.height = top + PAD

    def column_x(self, j: int) -> float:
        """The centre of column ``j``."""
        return self.grid_x + self.cell * j + self.cell / 2


PAD = 4.0
GUTTER = 8.0
KEY_SIZE = 12.0
KEY_LINE = 15.0
KEY_INDENT = 26.0
LINE = 14.0
META_LINE = 13.0
META_SIZE = 11.0
CELL_HEIGHT = 30.0


def _draw(picture: CoveragePicture, variant: Variant, ids: str) -> Markup:
    layout = CoverageLayout(picture, LAYOUTS[variant])
    parts = [
        el("title", {"id": f"{ids}-title"}, picture.title),
        el("desc", {"id": f"{ids}-desc"}, picture.description),
    ]
    for number, lines, y in layout.key:
        parts.append(el("text", {"class": "column-number", "x": PAD + 9, "y": y, "text-anchor": "middle"}, str(number)))
        parts.append(text_lines(lines, PAD + KEY_INDENT, y, KEY_LINE, {"class": "column-key"}))
    for j in range(len(picture.columns)):
        parts.append(el("text", {"class": "column-number", "x": layout.column_x(j), "y": layout.header_y,
                                 "text-anchor": "middle"}, str(j + 1)))
    for i, ((_, lines, support, top, height), counts) in enumerate(zip(layout.rows, picture.counts, strict=True)):
        if i % 2 == 0:
            parts.append(el("rect", {"class": "row-bg", "x": 0, "y": top, "width": layout.width, "height": height}))
        parts.append(text_lines(lines, PAD, top + 4 + LINE - 3, LINE, {"class": "row-label"}))
        meta_y = top + 4 + LINE * len(lines) + META_LINE - 4
        parts.append(text_lines(support, PAD, meta_y, META_LINE, {"class": "row-meta"}))
        for j, count in enumerate(counts):
            x = layout.column_x(j) - SQUARE / 2
            y = top + (height - SQUARE) / 2
            cls = "cell cell-empty" if count == 0 else ("cell cell-one" if count == 1 else "cell cell-many")
            parts.append(el("rect", {"class": cls, "x": x, "y": y, "width": SQUARE, "height": SQUARE, "rx": 2}))
            if count > 1:
                parts.append(el("text", {"class": "cell-count", "x": x + SQUARE / 2, "y": y + SQUARE / 2 + 4,
                                         "text-anchor": "middle"}, str(count)))
    return el("svg", {
        "class": f"picture-svg coverage-svg coverage-{variant}",
        "viewBox": f"0 0 {num(layout.width)} {num(layout.height)}", "width": layout.width,
        "height": layout.height, "role": "img", "aria-labelledby": f"{ids}-title {ids}-desc",
    }, "\n", join(parts), "\n")
