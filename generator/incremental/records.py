"""What a build wrote into an output directory: the records the next build keeps files by.

For every file it writes, a build records how to recognise the file later (size, modification
time, inode), a hash of its bytes, and for a page what the page was drawn from: its own key (the
page, the site's settings, the templates) and the facts it read of the briefing
(``generator.tracking``), each fact stored once with its fingerprint. The next build keeps a page
whose key is unchanged, whose facts all have the same fingerprint and whose file is still the one
recorded, without rendering it; and keeps any file whose new bytes hash as before, without
writing it.

Records are stored in the cache under the identity of the output they describe (the marker file
of that build, see ``OutputWriter.previous_tag``): the records of a build that was killed before
its output was swapped in, or of an output replaced by other means, never match the output that
is really there, and are not used.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache import Cache, content_hash
from generator.facts import Fingerprints, fact_from_json, fact_to_json
from generator.tracking import Fact
from generator.writer import FileStat

KIND_PREFIX = "output"


@dataclass(frozen=True)
class FileRecord:
    stat: FileStat
    sha: str  # hash of the bytes ("" where not needed)
    key: str | None = None  # a page: what it is drawn from besides the briefing; an export: the briefing's fingerprint
    facts: tuple[Fact, ...] | None = None  # a page: what it read; None: it cannot be kept without rendering it
    source: FileStat | None = None  # a static file: the source file it was copied from
    # A resident engine's filter of ``facts`` (keep.fact_filter; 0: none made). Never stored: it
    # depends on this process's hashing.
    facts_filter: int = field(default=0, compare=False)


@dataclass
class OutputRecords:
    """The records of one build: a record per file, and the fingerprint of every fact read."""

    files: dict[str, FileRecord]
    facts: dict[Fact, str]
    # What every page is drawn from besides its own inputs (the site's settings, the templates):
    # part of each page's key. The same again, a rebuild knows before computing any page's key
    # that only the pages whose reads changed are likely to be rendered.
    base: str = ""

    @classmethod
    def empty(cls) -> OutputRecords:
        return cls({}, {})

    def changed_facts(self, briefing: Any, fingerprints: Fingerprints) -> set[Fact]:
        """The facts whose fingerprint in ``briefing`` is not the recorded one."""
        return {fact for fact, digest in self.facts.items() if fingerprints.fact(briefing, fact) != digest}

    def to_json(self) -> dict[str, Any]:
        # Each fact is stored once, in a table; a file lists the places of the facts it read.
        # (map() over the index: a large site has hundreds of thousands of reads to encode.)
        table = list(self.facts)
        index = {fact: place for place, fact in enumerate(table)}
        files = {}
        for path, record in self.files.items():
            value: dict[str, Any] = {"stat": list(record.stat), "sha": record.sha}
            if record.key is not None:
                value["key"] = record.key
            if record.facts is not None:
                with contextlib.suppress(KeyError):  # a fact without a fingerprint: the file is not kept next time
                    value["reads"] = list(map(index.__getitem__, record.facts))
            if record.source is not None:
                value["source"] = list(record.source)
            files[path] = value
        return {"facts": [[fact_to_json(fact), self.facts[fact]] for fact in table], "files": files, "base": self.base}

    @classmethod
    def from_json(cls, value: Any) -> OutputRecords:
        """The records as stored by to_json; empty if they are not."""
        try:
            table = [(fact_from_json(fact), digest) for fact, digest in value["facts"]]
            if not all(isinstance(digest, str) for _, digest in table):
                return cls.empty()
            facts = [fact for fact, _ in table]
            base = value.get("base", "")
            if not isinstance(base, str):
                return cls.empty()
            files = {}
            for path, item in value["files"].items():
                reads = item.get("reads")
                sha, key = item["sha"], item.get("key")
                if not isinstance(path, str) or not isinstance(sha, str) or not (key is None or isinstance(key, str)):
                    return cls.empty()
                if reads is not None and not all(type(place) is int and place >= 0 for place in reads):
                    return cls.empty()
                source = _stat(item["source"]) if "source" in item else None
                files[path] = FileRecord(_stat(item["stat"]), sha, key,
                                         None if reads is None else tuple(map(facts.__getitem__, reads)), source)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return cls.empty()
        return cls(files, dict(table), base)


def _stat(value: Any) -> FileStat:
    if not (isinstance(value, list) and len(value) == 3 and all(type(v) is int for v in value)):
        raise ValueError("not a file's identity")
    return (value[0], value[1], value[2])


def bytes_hash(data: bytes) -> str:
    return content_hash(data)


def _kind(out_dir: Path) -> str:
    return f"{KIND_PREFIX}:{content_hash(str(out_dir.absolute()))}"


def _tag_key(tag: FileStat) -> str:
    return "tag:" + ":".join(map(str, tag))


def load_records(cache: Cache, out_dir: Path, tag: FileStat | None) -> OutputRecords:
    """The records of the build whose output is in ``out_dir`` now (identified by ``tag``)."""
    if tag is None or not cache.enabled:
        return OutputRecords.empty()
    stored = cache.get(_kind(out_dir), _tag_key(tag))
    return OutputRecords.empty() if stored is None else OutputRecords.from_json(stored)


def save_records(cache: Cache, out_dir: Path, tag: FileStat, records: OutputRecords, previous: FileStat | None) -> None:
    """Store the records of the build identified by ``tag``, before its output is swapped in; the
    records of ``previous`` (the output still in place until then) stay, the others go."""
    kind = _kind(out_dir)
    _keep_only(cache, kind, [previous] if previous is not None else [])
    cache.put_many(kind, {_tag_key(tag): records.to_json()})


def forget_replaced(cache: Cache, out_dir: Path, tag: FileStat) -> None:
    """Once the output identified by ``tag`` is in place, the records of the one it replaced go."""
    _keep_only(cache, _kind(out_dir), [tag])


def _keep_only(cache: Cache, kind: str, tags: Iterable[FileStat]) -> None:
    cache.keep_only(kind, [_tag_key(t) for t in tags])


def facts_of(records: Mapping[str, FileRecord]) -> set[Fact]:
    return {fact for record in records.values() for fact in record.facts or ()}
