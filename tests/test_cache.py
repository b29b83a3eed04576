"""The build cache makes builds faster and nothing else: a cached build is byte for byte a build
without cache, and a cache that is damaged, of another version or unusable is never trusted."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from generator import bodies as bodies_module
from generator import cache as cache_module
from generator.build import build_site
from generator.cache import CACHE_DIR, DB_NAME, Cache, code_version
from generator.cli import main


def tree(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def db_path(site):
    return site / CACHE_DIR / DB_NAME


@pytest.fixture
def site(tmp_site):
    return tmp_site({"content/articles/second.md": "---\ntitle: Second\ndate: 2025-10-20\noutlet: wire\n---\n"
                                                   "Bob Example spoke again. \"We are ready to talk,\" Bob Example said.\n"})


def test_a_cached_build_equals_a_build_without_cache(site, tmp_path):
    first = build_site(site, tmp_path / "first")
    second = build_site(site, tmp_path / "second")  # everything from the cache
    assert first.bodies_rendered == 2 and second.bodies_rendered == 0
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "cold"), "--no-cache", "--no-search"]) == 0
    assert tree(tmp_path / "second") == tree(tmp_path / "cold") == tree(tmp_path / "first")


def test_bodies_stored_as_they_come_are_all_stored(site, tmp_path, monkeypatch):
    # The bodies are put into the cache a few at a time, as the workers render them.
    monkeypatch.setattr(bodies_module, "STORE_EVERY", 1)
    assert build_site(site, tmp_path / "first").bodies_rendered == 2
    assert build_site(site, tmp_path / "second").bodies_rendered == 0


def test_no_cache_neither_reads_nor_writes_the_cache(site, tmp_path):
    assert main(["build", "--site", str(site), "--no-cache", "--no-search"]) == 0
    assert not (site / CACHE_DIR).exists()


def test_a_damaged_cache_is_set_aside_and_made_again(site, tmp_path):
    build_site(site, tmp_path / "before")
    db_path(site).write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (site / CACHE_DIR / (DB_NAME + suffix)).unlink(missing_ok=True)
    result = build_site(site, tmp_path / "after")
    assert result.bodies_rendered == 2  # nothing was taken from it
    assert tree(tmp_path / "after") == tree(tmp_path / "before")
    with sqlite3.connect(db_path(site)) as db:  # a working cache again
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] > 0
    assert build_site(site, tmp_path / "again").bodies_rendered == 0


def test_a_cache_damaged_while_in_use_is_left_alone_and_deleted(site):
    cache = Cache.open(site)
    cache.put_many("kind", {"key": {"value": 1}})
    cache.close()
    path = db_path(site)
    for suffix in ("-wal", "-shm"):
        (site / CACHE_DIR / (DB_NAME + suffix)).unlink(missing_ok=True)
    cache = Cache.open(site)
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # every page after the header: garbage
    path.write_bytes(bytes(data))
    assert cache.get_many("kind", ["key"]) == {}
    assert not cache.enabled  # and the rest of the build goes on without it
    assert not path.exists() or Cache.open(site).enabled


def test_a_cache_of_another_version_is_emptied(site, tmp_path, monkeypatch):
    build_site(site, tmp_path / "before")
    monkeypatch.setattr(cache_module, "code_version", lambda: "another briefing")
    result = build_site(site, tmp_path / "after")
    assert result.bodies_rendered == 2 and result.pages_rendered == result.pages
    assert tree(tmp_path / "after") == tree(tmp_path / "before")
    with sqlite3.connect(db_path(site)) as db:
        assert db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()[0] == "another briefing"


def test_the_version_covers_the_code_python_and_libraries(tmp_path, monkeypatch):
    version = code_version()
    assert version == code_version() and len(version) == 40
    code_version.cache_clear()
    assert code_version() == version

    def fresh() -> str:
        code_version.cache_clear()
        return code_version()

    # briefing's own source: a copy of the package, edited as a new version of briefing would be.
    package = tmp_path / "generator"
    shutil.copytree(Path(cache_module.generator.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__", "theme"))
    monkeypatch.setattr(cache_module.generator, "__file__", str(package / "__init__.py"))
    versions = [fresh()]
    assert versions[0] == version  # the same source, the same version
    with (package / "markdown.py").open("a", encoding="utf-8") as file:
        file.write("# one changed line\n")
    versions.append(fresh())
    (package / "load" / "extra.py").write_text("X = 1\n", encoding="utf-8")  # a new module, in a sub-package
    versions.append(fresh())
    (package / "load" / "extra.py").rename(package / "load" / "other.py")  # the same bytes, another module
    versions.append(fresh())
    # Python and the libraries.
    monkeypatch.setattr(cache_module.sys, "version", sys.version + " (another build)")
    versions.append(fresh())
    real = cache_module.metadata.version
    monkeypatch.setattr(cache_module.metadata, "version", lambda name: "0.0" if name == "jinja2" else real(name))
    versions.append(fresh())
    assert len(set(versions)) == len(versions), versions
    monkeypatch.undo()
    code_version.cache_clear()


def test_entries_that_are_not_what_the_code_writes_are_misses(site, tmp_path):
    build_site(site, tmp_path / "before")
    with sqlite3.connect(db_path(site)) as db:
        db.execute("UPDATE entries SET value = '{\"html\": 42}' WHERE kind = 'article-body'")
        db.execute("UPDATE entries SET value = 'not json' WHERE kind LIKE 'output:%'")
    result = build_site(site, tmp_path / "before")
    assert result.bodies_rendered == 2 and result.pages_rendered == result.pages
    assert tree(tmp_path / "before") == tree(build_and_return(site, tmp_path / "cold"))


def build_and_return(site, out):
    assert main(["build", "--site", str(site), "--out", str(out), "--no-cache", "--no-search"]) == 0
    return out


def test_a_cache_that_cannot_be_made_does_not_stop_the_build(site, tmp_path):
    (site / CACHE_DIR).write_text("a file where the cache's folder would be")
    result = build_site(site, tmp_path / "out")
    assert result.pages > 0 and (tmp_path / "out/articles/second.html").is_file()
    assert not Cache.open(site).enabled


def test_the_cache_keeps_itself_out_of_git(site):
    build_site(site)
    assert (site / CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"


def test_values_are_json_never_pickle(site):
    cache = Cache.open(site)
    cache.put_many("kind", {"a": {"text": "é", "list": [1, None]}})
    assert cache.get("kind", "a") == {"text": "é", "list": [1, None]}
    cache.close()
    with sqlite3.connect(db_path(site)) as db:
        assert db.execute("SELECT value FROM entries WHERE kind = 'kind'").fetchone()[0] == '{"text":"é","list":[1,null]}'


def test_only_the_current_bodies_are_kept(site, tmp_path):
    article = site / "content/articles/second.md"
    build_site(site, tmp_path / "out")
    article.write_text(article.read_text() + "\nMore.\n")
    build_site(site, tmp_path / "out")
    with sqlite3.connect(db_path(site)) as db:
        assert db.execute("SELECT count(*) FROM entries WHERE kind = 'article-body'").fetchone()[0] == 2
