"""Content files as an earlier build parsed them: a rebuild does not parse again a file whose bytes
it has parsed before without a problem.

Reading YAML with the line of every key costs more than anything else a rebuild does with an
unchanged file (about 0.15 ms of an article's 0.3 ms): the parsed data and its lines are kept in
the build cache (``generator.cache``), keyed by a hash of the file's path and bytes, as plain
JSON. Only files that loaded without any problem are kept, and only data that JSON carries
exactly (strings, whole numbers, finite decimals, booleans, nulls, lists, mappings with string
keys, and dates, whose places are listed); anything else is parsed every time. The records are
still validated on every build: the schema is cheap to apply and its errors must name the
record's line, which the kept lines do.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import orjson

from generator.cache import Cache, content_hash
from generator.errors import Problems
from generator.load.text import decode_accepted, report_unreadable, text_of
from generator.load.yamlsrc import Loc, LocatedData

CACHE_KIND = "parsed-source"
# Files are read and looked up in the cache this many at a time: bounded memory at any size.
CHUNK = 500
_INT_LIMIT = 2**63  # larger whole numbers do not round-trip through the cache's JSON


@dataclass(frozen=True)
class ParsedText:
    """What a file's text was parsed into: its YAML data with lines, and for an article where its
    body starts (a character offset into the text, and a file line)."""

    located: LocatedData
    body_start: int = 0
    body_line: int = 0


@dataclass(frozen=True)
class ReadFile:
    path: str  # on disk
    rel: str
    data: bytes | None  # None: it could not be read (``error`` says why)
    error: OSError | None
    key: str
    parsed: ParsedText | None  # as an earlier build parsed it, if the cache has it
    identity: tuple[int, ...] | None = None  # the file's size, times and inode before it was read

    def text(self, problems: Problems) -> str | None:
        """The file's text, or None after recording why it has none (it could not be read, or
        is not acceptable text). Bytes parsed before were accepted before: not checked again."""
        if self.data is None:
            report_unreadable(self.rel, self.error or OSError("unreadable"), problems)
            return None
        if self.parsed is not None:
            return decode_accepted(self.data)
        return text_of(self.data, self.rel, problems)


class ParsedFiles:
    """The parse results a build finds in the cache and the ones it adds; ``save()`` stores the
    new ones and forgets those of files that no longer exist as they were."""

    def __init__(self, cache: Cache):
        self.cache = cache
        self.used: list[str] = []
        self.fresh: dict[str, Any] = {}
        # A process that builds again and again (briefing serve) keeps each file it read and parsed
        # by its identity on disk (size, times, inode): one whose identity is unchanged is not
        # read, hashed or decoded again, and what was loaded from it is used as it was. Path in
        # the site -> [identity, the file as read, what was loaded from it or None].
        self.remembered: dict[str, list[Any]] | None = cache.resident_memory("read-files")

    def read(self, files: Sequence[tuple[str, str]], kind: str) -> Iterable[ReadFile]:
        """Each file's bytes, with what an earlier build parsed them into if the cache has it."""
        remembered = self.remembered
        for start in range(0, len(files), CHUNK):
            chunk: list[ReadFile | _Unparsed] = []
            for path, rel in files[start:start + CHUNK]:
                identity = _identity(path) if remembered is not None else None
                if identity is not None and remembered is not None:
                    known = remembered.get(rel)
                    if known is not None and known[0] == identity:
                        chunk.append(known[1])
                        continue
                data: bytes | None = None
                error: OSError | None = None
                try:
                    data = read_bytes(path)
                except OSError as exc:
                    error = exc
                chunk.append((path, rel, data, error, content_hash(kind, rel, data or b""), identity))
            wanted = [item[4] for item in chunk if not isinstance(item, ReadFile) and item[2] is not None]
            found = self.cache.get_many(CACHE_KIND, wanted) if self.cache.enabled and wanted else {}
            for item in chunk:
                if isinstance(item, ReadFile):
                    self.used.append(item.key)
                    yield item
                    continue
                path, rel, data, error, key, identity = item
                entry = found.get(key)
                parsed = _decode(entry, rel) if entry is not None else None
                read = ReadFile(path, rel, data, error, key, parsed, identity)
                if parsed is not None:
                    self.used.append(key)
                    if remembered is not None and identity is not None:
                        remembered[rel] = [identity, read, None]
                yield read

    def keep(self, read: ReadFile, parsed: ParsedText, problems: Problems, problems_before: int) -> None:
        """Keep what ``read`` was parsed into, unless loading it reported a problem."""
        if not self.cache.enabled or problems.mark() != problems_before:
            return
        value = _encode(parsed)
        if value is not None:
            self.fresh[read.key] = value
            self.used.append(read.key)
            if self.remembered is not None and read.identity is not None:
                # As the cache would give it back (a copy, decoded), for the next build.
                again = _decode(orjson.loads(orjson.dumps(value)), read.rel)
                if again is not None:
                    self.remembered[read.rel] = [read.identity, replace(read, parsed=again), None]

    def loaded(self, read: ReadFile) -> Any | None:
        """What was loaded from this very file before (see remember_loaded), if it is remembered."""
        entry = self.remembered.get(read.rel) if self.remembered is not None else None
        return entry[2] if entry is not None and entry[1] is read else None

    def remember_loaded(self, read: ReadFile, value: Any, problems: Problems, problems_before: int) -> None:
        """Remember what was loaded from ``read`` (its validated records), if loading it reported
        no problem: a file as it was loads as it did."""
        entry = self.remembered.get(read.rel) if self.remembered is not None else None
        if entry is not None and entry[0] == read.identity and problems.mark() == problems_before:
            entry[2] = value

    def save(self) -> None:
        if not self.cache.enabled:
            return
        if self.fresh:
            self.cache.put_many(CACHE_KIND, self.fresh)
        self.cache.keep_only(CACHE_KIND, self.used)


# A file read but not yet looked up in the cache: path, path in the site, bytes, why it could not
# be read, its key, its identity on disk.
_Unparsed = tuple[str, str, bytes | None, OSError | None, str, tuple[int, ...] | None]


# A file system keeps a file's times to its own tick: a file changed twice within one tick, to
# the same size, keeps its identity. One changed within a tick of the moment it is read may
# change again unseen, so its identity is not trusted (as Git's "racily clean" entries): it is
# read again by the next build. The tick: about 4 ms on Linux (a clock tick), whole seconds on file
# systems that keep no fractions (ext3, HFS+), two seconds on FAT; as a margin, all four times.
_RACY_NS = 50_000_000
_RACY_WHOLE_SECONDS_NS = 4_000_000_000


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _identity(path: str) -> tuple[int, ...] | None:
    """The file's size, times and inode, unless it changed too recently for them to tell a
    later change apart (see _RACY_NS): then None, and it is read again next time."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    changed = max(found.st_mtime_ns, found.st_ctime_ns)
    whole_seconds = found.st_mtime_ns % 1_000_000_000 == 0 and found.st_ctime_ns % 1_000_000_000 == 0
    if changed >= time.time_ns() - (_RACY_WHOLE_SECONDS_NS if whole_seconds else _RACY_NS):
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


class _NotPlain(Exception):
    """A value that JSON would not give back exactly."""


def _encode(parsed: ParsedText) -> dict[str, Any] | None:
    dates: list[list[str | int]] = []
    try:
        data = _plain(parsed.located.data, [], dates)
    except _NotPlain:
        return None
    lines = [[list(loc), line] for loc, line in parsed.located.lines.items()]
    return {"data": data, "dates": dates, "lines": lines, "body": [parsed.body_start, parsed.body_line]}


def _plain(value: Any, loc: list[str | int], dates: list[list[str | int]]) -> Any:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is int:
        if -_INT_LIMIT < value < _INT_LIMIT:
            return value
    elif kind is float:
        if math.isfinite(value):
            return value
    elif kind is dt.date:
        dates.append(list(loc))
        return value.isoformat()
    elif kind is list:
        return [_plain(item, [*loc, index], dates) for index, item in enumerate(value)]
    elif kind is dict and all(type(key) is str for key in value):
        return {key: _plain(item, [*loc, key], dates) for key, item in value.items()}
    raise _NotPlain(kind.__name__)


def _decode(value: Any, rel: str) -> ParsedText | None:
    """The parse result of a cache entry, or None if the entry is not one."""
    try:
        data, dates, lines = value["data"], value["dates"], value["lines"]
        body_start, body_line = value["body"]
        located_lines: dict[Loc, int] = {}
        for loc, line in lines:
            if type(line) is not int or not all(type(step) in (str, int) for step in loc):
                return None
            located_lines[tuple(loc)] = line
        for loc in dates:
            *parents, last = loc
            container = data
            for step in parents:
                container = container[step]
            container[last] = dt.date.fromisoformat(container[last])
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None
    if type(body_start) is not int or type(body_line) is not int:
        return None
    return ParsedText(LocatedData(data, rel, located_lines), body_start, body_line)
