"""The build cache: what earlier builds worked out, kept in ``SITE/.briefing-cache/`` so that a
rebuild does only the work its changes need.

One SQLite database (``cache.sqlite``): transactions keep it whole if a build is killed, and two
processes (``briefing serve`` and a ``briefing build``) may share it. Entries are looked up by a
content hash of everything they were computed from, so an entry can only be stale if the code that
computed it changed: the cache is stamped with the version of briefing, of Python and of every
library whose output ends up in the site, and with a hash of briefing's own source, and a cache
stamped otherwise is emptied, never used.

Nothing in the cache is trusted further than that: values are plain JSON (never pickle, which
would run code from a file in the site folder), any value that does not decode as expected is a
miss, and a damaged or unreadable database is set aside and started afresh. The one exception is
the templates, kept compiled (Python bytecode, as Jinja's own bytecode caches keep them): each is
used only for the very template source it was compiled from, and only if its bytes hash as they
did when stored. Like the templates themselves, it is code the build runs: a cache is this
machine's own, not to be shared or committed (its folder ignores itself in git). The cache can only
ever make a build faster: whatever goes wrong with it, the build goes on without it, and the
result is byte for byte the result of a build without cache (``briefing build --no-cache``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import sys
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson

import generator

CACHE_DIR = ".briefing-cache"
DB_NAME = "cache.sqlite"
# The libraries whose behaviour shapes what is cached (HTML, validation, templates).
LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "jinja2", "markupsafe", "pydantic", "pydantic-core", "pyyaml",
             "icalendar", "orjson", "pygments")
# Bumped when the layout of the database changes.
SCHEMA = 1
# Entries are written in batches of this many rows.
BATCH = 500


def content_hash(*parts: str | bytes) -> str:
    """A hash of ``parts`` (each length-prefixed, so that ("ab", "c") and ("a", "bc") differ)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def file_content_hash(path: Path) -> str:
    """content_hash() of the file's bytes, read a megabyte at a time."""
    digest = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as stream:
        digest.update(os.fstat(stream.fileno()).st_size.to_bytes(8, "little"))
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """Everything that makes this briefing compute what it computes: its version and source, the
    Python version and the versions of the libraries. A cache written under any other is emptied."""
    parts = [f"schema {SCHEMA}", f"briefing {generator.__version__}", sys.version, sys.implementation.cache_tag or ""]
    for name in LIBRARIES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} missing")
    package = Path(generator.__file__).parent
    for path in sorted(package.rglob("*.py")):
        parts.append(path.relative_to(package).as_posix())
        parts.append(path.read_bytes().decode("utf-8", "replace"))
    return content_hash(*parts)


class Cache:
    """Get and put JSON values by (kind, key). Every method is safe to call whatever state the
    database is in: a problem with it disables the cache for the rest of the build."""

    def __init__(self, db: sqlite3.Connection | None, location: Path | None = None):
        self._db = db
        self.location = location
        self.hits: dict[str, int] = {}  # kind -> entries found
        self.misses: dict[str, int] = {}  # kind -> entries looked for and not found
        # Kinds also kept in this process's memory (see keep_in_memory): kind -> key -> the value
        # as stored; and the keys each of them is to keep, once the cache is closed.
        self._memory: dict[str, dict[str, bytes]] = {}
        self._kept_later: dict[str, list[str]] = {}
        self._resident: dict[str, dict[Any, Any]] = {}

    @classmethod
    def disabled(cls) -> Cache:
        return cls(None)

    @classmethod
    def open(cls, site_dir: Path) -> Cache:
        """The site's cache, made if need be; a disabled cache if it cannot be used at all."""
        folder = site_dir / CACHE_DIR
        try:
            folder.mkdir(exist_ok=True)
            _ignore_in_git(folder)
        except OSError:
            return cls.disabled()
        path = folder / DB_NAME
        for _ in range(2):
            try:
                return cls(_connect(path), folder)
            except sqlite3.DatabaseError:
                # Not a database, or a damaged one: set it aside and start afresh, once.
                _discard(path)
            except OSError:
                break
        return cls.disabled()

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def keep_in_memory(self, kind: str) -> None:
        """Keep the entries of ``kind`` in this process's memory too, as stored (each get decodes a
        fresh copy, which the caller may change), and put off forgetting entries of it until the
        cache is closed: for a process that builds again and again (``briefing serve``), which
        then reads none of them from the database again, and writes only what is new."""
        if self._db is not None:
            self._memory.setdefault(kind, {})

    def resident_memory(self, name: str) -> dict[Any, Any] | None:
        """A dictionary that lives as long as this cache, for what a process that builds again
        and again keeps between builds (see keep_in_memory); None for a cache that keeps nothing
        in memory."""
        if not self._memory:
            return None
        return self._resident.setdefault(name, {})

    def get_many(self, kind: str, keys: Iterable[str]) -> dict[str, Any]:
        """The values found for ``keys`` (decoded JSON); keys without a usable value are left out."""
        wanted = list(dict.fromkeys(keys))
        asked_for = len(wanted)
        found: dict[str, Any] = {}
        memory = self._memory.get(kind)
        if memory is not None:
            asked, wanted = wanted, []
            for key in asked:
                stored = memory.get(key)
                if stored is None:
                    wanted.append(key)
                else:
                    found[key] = orjson.loads(stored)
        if self._db is not None and wanted:
            try:
                for start in range(0, len(wanted), BATCH):
                    chunk = wanted[start:start + BATCH]
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(f"SELECT key, value FROM entries WHERE kind = ? AND key IN ({marks})",
                                            (kind, *chunk))
                    for key, value in rows:
                        try:
                            found[key] = orjson.loads(value)
                        except (TypeError, ValueError, RecursionError):
                            continue  # not what this code writes: a miss
                        if memory is not None:
                            memory[key] = value.encode("utf-8")
            except sqlite3.Error as exc:
                self._fail(exc)
        self.hits[kind] = self.hits.get(kind, 0) + len(found)
        self.misses[kind] = self.misses.get(kind, 0) + asked_for - len(found)
        return found

    def get(self, kind: str, key: str) -> Any | None:
        return self.get_many(kind, [key]).get(key)

    def put_many(self, kind: str, values: Mapping[str, Any], *, replace_kind: bool = False) -> None:
        """Store ``values``; with ``replace_kind``, they become the only entries of ``kind`` (what a
        build no longer needs does not pile up)."""
        if self._db is None:
            return
        try:
            with self._db:
                if replace_kind:
                    self._db.execute("DELETE FROM entries WHERE kind = ?", (kind,))
                # orjson: a warm rebuild of a large site reads and writes megabytes of entries,
                # several times faster than the json module does.
                encoded = {key: orjson.dumps(value) for key, value in values.items()}
                rows = ((kind, key, value.decode("utf-8")) for key, value in encoded.items())
                self._db.executemany("INSERT OR REPLACE INTO entries (kind, key, value) VALUES (?, ?, ?)", rows)
            memory = self._memory.get(kind)
            if memory is not None:
                memory.update(encoded)
        except (sqlite3.Error, TypeError, ValueError) as exc:
            self._fail(exc)

    def keep_only(self, kind: str, keys: Iterable[str]) -> None:
        """Forget the entries of ``kind`` not among ``keys`` (for a kind kept in memory: from memory
        now, from the database once the cache is closed)."""
        if self._db is None:
            return
        memory = self._memory.get(kind)
        if memory is not None:
            kept = list(keys)
            self._memory[kind] = {key: memory[key] for key in kept if key in memory}
            self._kept_later[kind] = kept
            return
        self._forget_others(kind, keys)

    def _forget_others(self, kind: str, keys: Iterable[str]) -> None:
        assert self._db is not None
        try:
            with self._db:
                self._db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY) WITHOUT ROWID")
                self._db.execute("DELETE FROM kept")
                self._db.executemany("INSERT OR IGNORE INTO kept (key) VALUES (?)", ((k,) for k in keys))
                self._db.execute("DELETE FROM entries WHERE kind = ? AND key NOT IN (SELECT key FROM kept)", (kind,))
        except sqlite3.Error as exc:
            self._fail(exc)

    def get_code(self, key: str, source: str) -> bytes | None:
        """Compiled code stored under ``key`` for the source whose hash is ``source``, if its bytes
        are intact."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT digest, value FROM code WHERE key = ? AND source = ?", (key, source)).fetchone()
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        if row is None or not isinstance(row[1], bytes) or row[0] != content_hash(row[1]):
            return None
        return row[1]

    def put_code(self, key: str, source: str, value: bytes) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO code (key, source, digest, value) VALUES (?, ?, ?, ?)",
                                 (key, source, content_hash(value), value))
        except sqlite3.Error as exc:
            self._fail(exc)

    def close(self) -> None:
        for kind, keys in self._kept_later.items():
            if self._db is not None:
                self._forget_others(kind, keys)
        self._kept_later.clear()
        self._memory.clear()
        self._resident.clear()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def _fail(self, exc: Exception) -> None:
        # A database that fails mid-build is left alone for the rest of this build. One that is
        # damaged (rather than busy, or on a full disk) is deleted: the next build starts afresh.
        self.close()
        damaged = isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)
        if damaged and self.location is not None:
            _discard(self.location / DB_NAME)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    try:
        db.isolation_level = "DEFERRED"  # `with db:` is one transaction
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        with db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
            db.execute("CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
                       "PRIMARY KEY (kind, key)) WITHOUT ROWID")
            db.execute("CREATE TABLE IF NOT EXISTS code (key TEXT PRIMARY KEY, source TEXT NOT NULL, "
                       "digest TEXT NOT NULL, value BLOB NOT NULL)")
            row = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
            version = code_version()
            if row is None or row[0] != version:
                # Written by another briefing, Python or library version: nothing in it is used.
                db.execute("DELETE FROM entries")
                db.execute("DELETE FROM code")
                db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('version', ?)", (version,))
    except BaseException:
        db.close()
        raise
    return db


def _discard(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def _ignore_in_git(folder: Path) -> None:
    """The cache is this machine's: a .gitignore inside it keeps it out of any repository."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# briefing's build cache: safe to delete, never to commit.\n*\n", encoding="utf-8")
