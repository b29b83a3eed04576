"""``briefing.db``: the briefing as a SQLite database, ready for Datasette or any SQL client.

One table per kind of object (outlets, actors, articles, events), link tables for the many-to-many
relations, and one ``citations`` table that says which article backs which event, account of a
dispute, actor, outlet or key point. Every table has a primary key; every reference is a declared
foreign key (Datasette turns them into links), checked once the database is filled.

The database is built in memory with the same statements in the same order every time, then
vacuumed into its file: the bytes are identical from build to build with a given SQLite library.
(The file header records the library's version, so compare two builds made with different SQLite
versions by their SQL dump.)
"""

from __future__ import annotations

import errno
import json
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from generator.exports.records import FORMAT, Record, actor_record, article_record, event_record, outlet_record
from generator.model import Briefing, Citation
from generator.urls import Addresses

SCHEMA_VERSION = 2  # 2: event kinds (events.kind, event_kinds)

SCHEMA = """
CREATE TABLE briefing (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    title TEXT NOT NULL,
    subtitle TEXT,
    language TEXT NOT NULL,
    base_url TEXT,
    timezone TEXT NOT NULL,
    format TEXT NOT NULL
);
CREATE TABLE outlets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    language TEXT,
    url TEXT,
    description_html TEXT NOT NULL,
    page TEXT NOT NULL
);
CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    role TEXT,
    side TEXT,
    affiliation TEXT REFERENCES actors(id),
    description_html TEXT NOT NULL,
    page TEXT NOT NULL
);
CREATE TABLE actor_aliases (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    alias TEXT NOT NULL,
    PRIMARY KEY (actor_id, alias)
);
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    precision TEXT NOT NULL,
    circa INTEGER NOT NULL,
    date_note TEXT,
    outlet TEXT REFERENCES outlets(id),
    via TEXT REFERENCES outlets(id),
    url TEXT,
    language TEXT,
    summary TEXT,
    kind TEXT NOT NULL,
    tags TEXT NOT NULL,
    note TEXT,
    page TEXT NOT NULL,
    body_html TEXT NOT NULL
);
CREATE TABLE article_actors (
    article_id TEXT NOT NULL REFERENCES articles(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    mentions INTEGER NOT NULL,
    PRIMARY KEY (article_id, actor_id)
);
CREATE TABLE event_kinds (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    description TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    end_date TEXT,
    precision TEXT NOT NULL,
    circa INTEGER NOT NULL,
    ongoing INTEGER NOT NULL,
    period TEXT,
    date_text TEXT NOT NULL,
    date_note TEXT,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    kind TEXT REFERENCES event_kinds(id),
    description_html TEXT NOT NULL,
    location TEXT,
    tags TEXT NOT NULL,
    page TEXT NOT NULL
);
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    PRIMARY KEY (event_id, actor_id)
);
CREATE TABLE disputes (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    about TEXT NOT NULL
);
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    dispute_id INTEGER NOT NULL REFERENCES disputes(id),
    says_html TEXT NOT NULL,
    date TEXT,
    location TEXT
);
CREATE TABLE key_points (
    id INTEGER PRIMARY KEY,
    text_html TEXT NOT NULL
);
CREATE TABLE citations (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    excerpt TEXT,
    note TEXT,
    event_id TEXT REFERENCES events(id),
    account_id INTEGER REFERENCES accounts(id),
    actor_id TEXT REFERENCES actors(id),
    outlet_id TEXT REFERENCES outlets(id),
    key_point_id INTEGER REFERENCES key_points(id),
    CHECK ((event_id IS NOT NULL) + (account_id IS NOT NULL) + (actor_id IS NOT NULL)
           + (outlet_id IS NOT NULL) + (key_point_id IS NOT NULL) = 1)
);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX article_actors_actor ON article_actors(actor_id);
CREATE INDEX events_kind ON events(kind);
CREATE INDEX event_actors_actor ON event_actors(actor_id);
CREATE INDEX disputes_event ON disputes(event_id);
CREATE INDEX accounts_dispute ON accounts(dispute_id);
CREATE INDEX citations_article ON citations(article_id);
CREATE INDEX citations_event ON citations(event_id);
CREATE VIEW event_sources AS
    SELECT events.id AS event_id, events.date, events.title AS event, disputes.about AS dispute,
           articles.id AS article_id, articles.title AS article, articles.date AS published,
           outlets.name AS outlet, citations.excerpt
    FROM citations
    LEFT JOIN accounts ON accounts.id = citations.account_id
    LEFT JOIN disputes ON disputes.id = accounts.dispute_id
    JOIN events ON events.id = COALESCE(citations.event_id, disputes.event_id)
    JOIN articles ON articles.id = citations.article_id
    LEFT JOIN outlets ON outlets.id = articles.outlet
    ORDER BY events.position, citations.id;
"""


def _columns(record: Record, names: Sequence[str]) -> tuple[Any, ...]:
    return tuple(json.dumps(record[n], ensure_ascii=False) if isinstance(record[n], list) else record[n] for n in names)


class _Filler:
    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.citation_id = 0

    def insert(self, table: str, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        marks = ", ".join("?" for _ in names)
        self.db.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows)

    def citations(self, items: Iterable[Citation], **cited_by: Any) -> None:
        rows = []
        for citation in items:
            self.citation_id += 1
            rows.append((self.citation_id, citation.article_id, citation.excerpt, citation.note, *cited_by.values()))
        self.insert("citations", ("id", "article_id", "excerpt", "note", *cited_by), rows)


def fill(db: sqlite3.Connection, briefing: Briefing, addresses: Addresses) -> None:
    config = briefing.config
    out = _Filler(db)
    out.insert("briefing", ("id", "title", "subtitle", "language", "base_url", "timezone", "format"),
               [(1, config.title, config.subtitle, config.language, config.base_url, config.timezone, FORMAT)])
    outlet_columns = ("id", "name", "kind", "country", "language", "url", "description_html", "page")
    out.insert("outlets", outlet_columns, (_columns(outlet_record(o), outlet_columns) for o in briefing.outlets))
    actor_columns = ("id", "name", "kind", "role", "side", "affiliation", "description_html", "page")
    out.insert("actors", actor_columns, (_columns(actor_record(a), actor_columns) for a in briefing.actors))
    out.insert("actor_aliases", ("actor_id", "alias"),
               ((a.id, alias) for a in briefing.actors for alias in dict.fromkeys(a.aliases)))
    article_columns = ("id", "title", "date", "precision", "circa", "date_note", "outlet", "via", "url", "language",
                       "summary", "kind", "tags", "note", "page", "body_html")
    out.insert("articles", article_columns,
               (_columns(article_record(briefing, a), article_columns) for a in briefing.articles))
    out.insert("article_actors", ("article_id", "actor_id", "mentions"),
               ((a.id, actor_id, briefing.mentions.get(a.id, {}).get(actor_id, 0))
                for a in briefing.articles for actor_id in dict.fromkeys(a.actor_ids)))
    out.insert("event_kinds", ("id", "label", "description", "position"),
               ((k.id, k.label, k.description, position) for position, k in enumerate(briefing.kinds_in_use, start=1)))
    event_columns = ("id", "date", "end_date", "precision", "circa", "ongoing", "period", "date_text", "date_note",
                     "position", "title", "kind", "description_html", "location", "tags", "page")
    out.insert("events", event_columns,
               (_columns({**event_record(e, addresses), "end_date": e.when.end and e.when.end.iso, "position": position}, event_columns)
                for position, e in enumerate(briefing.events, start=1)))
    out.insert("event_actors", ("event_id", "actor_id"),
               ((e.id, actor_id) for e in briefing.events for actor_id in dict.fromkeys(e.actor_ids)))
    for position, point in enumerate(briefing.key_points, start=1):
        out.insert("key_points", ("id", "text_html"), [(position, point.text_html)])
        out.citations(point.citations, key_point_id=position)
    for outlet in briefing.outlets:
        out.citations(outlet.citations, outlet_id=outlet.id)
    for actor in briefing.actors:
        out.citations(actor.citations, actor_id=actor.id)
    dispute_id = account_id = 0
    for event in briefing.events:
        out.citations(event.citations, event_id=event.id)
        for dispute in event.disputes:
            dispute_id += 1
            out.insert("disputes", ("id", "event_id", "about"), [(dispute_id, event.id, dispute.about)])
            for account in dispute.accounts:
                account_id += 1
                out.insert("accounts", ("id", "dispute_id", "says_html", "date", "location"),
                           [(account_id, dispute_id, account.says_html, account.date and account.date.iso, account.location)])
                out.citations(account.citations, account_id=account_id)


def write_briefing_db(briefing: Briefing, addresses: Addresses, path: Path) -> None:
    """Write the database to ``path`` (replaced if it exists): built in memory, then vacuumed
    straight into the file, so that no second copy of it is ever in memory (70 MB at 10,000
    articles)."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute("PRAGMA page_size = 4096")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.executescript(SCHEMA)
        with db:
            fill(db, briefing, addresses)
        # Checked once filled: an actor may refer to one inserted after it.
        broken = db.execute("PRAGMA foreign_key_check").fetchall()
        assert not broken, f"the model let a dangling reference through: {broken}"
        path.unlink(missing_ok=True)  # VACUUM INTO writes only a new file
        try:
            db.execute("VACUUM INTO ?", (str(path),))
        except sqlite3.OperationalError as exc:  # the file could not be written: as any other write
            full = getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
            raise OSError(errno.ENOSPC if full else 0, f"cannot write {path.name}: {exc}") from exc
    finally:
        db.close()


def briefing_db(briefing: Briefing, addresses: Addresses) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "briefing.db"
        write_briefing_db(briefing, addresses, path)
        return path.read_bytes()
