"""Worker processes: results in the order of the work whatever the scheduling, errors brought
back, no worker left behind, and a build on many cores the same as on one."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import weakref
from concurrent.futures.process import BrokenProcessPool

import pytest

import generator.bodies as bodies_module
import generator.build as build_module
import generator.exporting as exporting_module
from generator.build import build_site
from generator.cache import Cache
from generator.errors import OutputError
from generator.incremental import load_records
from generator.interrupt import interrupts_held
from generator.workers import (
    Alongside,
    Aside,
    Batches,
    can_fork,
    collector_paused,
    in_workers,
    long_lived,
    release_free_memory,
    run_in_order,
)
from generator.writer import output_tag

needs_fork = pytest.mark.skipif(not can_fork(), reason="worker processes are forked, on Linux only")


def slow_squares(items):
    # Later items finish first: the order of completion is not the order of the work.
    time.sleep(0.002 * (10 - items[0] % 10))
    return [(os.getpid(), item * item) for item in items]


@needs_fork
def test_results_come_in_the_order_of_the_work():
    results = list(run_in_order(Batches(slow_squares, list(range(40))), jobs=3, batch=1, min_parallel=1))
    assert [square for _, square in results] == [i * i for i in range(40)]
    assert len({pid for pid, _ in results}) > 1 and os.getpid() not in {pid for pid, _ in results}


def test_little_work_stays_in_this_process():
    results = list(run_in_order(Batches(slow_squares, list(range(5))), jobs=4, batch=1, min_parallel=10))
    assert {pid for pid, _ in results} == {os.getpid()}


@pytest.mark.parametrize(("count", "jobs", "min_parallel"), [(12, 2, 4), (3, 2, 4), (12, 1, 4), (4, 3, 4)])
def test_where_the_work_goes_is_known_beforehand(count, jobs, min_parallel):
    # The exports decide how to run beside the pages by asking in_workers() first.
    results = list(run_in_order(Batches(slow_squares, list(range(count))), jobs=jobs, batch=1, min_parallel=min_parallel))
    elsewhere = os.getpid() not in {pid for pid, _ in results}
    assert in_workers(count, jobs=jobs, min_parallel=min_parallel) is elsewhere


def failing(items):
    if 7 in items:
        raise ValueError("item 7")
    return items


@needs_fork
def test_an_error_in_a_worker_is_raised_here():
    with pytest.raises(ValueError, match="item 7"):
        list(run_in_order(Batches(failing, list(range(20))), jobs=2, batch=2, min_parallel=1))


def dying(items):
    if 7 in items:
        os._exit(3)
    return items


@needs_fork
def test_a_worker_that_dies_stops_the_work_instead_of_hanging_it():
    with pytest.raises(BrokenProcessPool):
        list(run_in_order(Batches(dying, list(range(20))), jobs=2, batch=2, min_parallel=1))


@needs_fork
def test_workers_die_with_their_build(tmp_path):
    """A build killed with kill -9 takes its workers with it: left running, they would hold the
    output's lock (and memory) for ever."""
    pids = tmp_path / "pids"
    script = textwrap.dedent(f"""
        import os, time
        from generator.workers import Batches, run_in_order

        def work(items):
            with open({str(pids)!r}, "a") as f:
                f.write(f"{{os.getpid()}}\\n")
            time.sleep(60)
            return items

        list(run_in_order(Batches(work, list(range(8))), jobs=2, batch=1, min_parallel=1))
    """)
    build = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while (not pids.exists() or len(pids.read_text().split()) < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [int(p) for p in pids.read_text().split()]
    assert len(workers) == 2
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in workers)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def tree(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@needs_fork
def test_a_build_on_many_cores_is_the_same_as_on_one(tmp_site, tmp_path, monkeypatch):
    site = tmp_site({f"content/articles/extra-{i}.md": f"---\ntitle: Extra {i}\ndate: 2025-10-{i + 1:02d}\n---\n"
                                                      f"Bob Example said \"number {i} is here\" in Doha.\n"
                     for i in range(12)})
    build_site(site, tmp_path / "one", jobs=1, cache=False)
    monkeypatch.setattr(bodies_module, "MIN_PARALLEL", 1)
    monkeypatch.setattr(bodies_module, "BATCH", 2)
    monkeypatch.setattr(build_module, "MIN_PARALLEL_PAGES", 1)
    monkeypatch.setattr(build_module, "PAGE_BATCH", 3)
    build_site(site, tmp_path / "many", jobs=3, cache=False)
    assert tree(tmp_path / "many") == tree(tmp_path / "one")


def pid_and(value):
    return lambda: (os.getpid(), value)


@needs_fork
def test_work_aside_runs_in_another_process_while_this_one_goes_on():
    aside = Aside(pid_and([1, "two"]), jobs=2)
    pid, value = aside.result()
    assert value == [1, "two"] and pid != os.getpid()


def test_with_one_job_the_work_aside_is_done_here():
    assert Aside(pid_and("x"), jobs=1).result() == (os.getpid(), "x")


@needs_fork
def test_work_that_fails_aside_is_done_again_here_so_its_error_is_raised_here():
    parent = os.getpid()

    def fails_elsewhere():
        if os.getpid() != parent:
            os._exit(3)  # as if killed: no result comes back
        return "done here"

    assert Aside(fails_elsewhere, jobs=2).result() == "done here"

    def always_fails():
        raise LookupError("no such thing")

    with pytest.raises(LookupError, match="no such thing"):
        Aside(always_fails, jobs=2).result()


@needs_fork
def test_cancelled_work_aside_leaves_no_process(tmp_path):
    aside = Aside(lambda: time.sleep(60), jobs=2)
    pid = aside._pid
    assert pid is not None and _alive(pid)
    aside.cancel()
    assert not _alive(pid)


@needs_fork
def test_started_is_called_once_the_workers_are_forked():
    # A thread started then is not in the workers (where a lock it held would stay locked).
    workers_then = []
    results = run_in_order(Batches(slow_squares, list(range(8))), jobs=2, batch=1, min_parallel=1,
                           started=lambda: workers_then.append(len(multiprocessing.active_children())))
    assert workers_then == []  # nothing runs before the first result is asked for
    assert [square for _, square in results] == [i * i for i in range(8)]
    assert workers_then == [2]


def test_started_is_called_at_once_when_the_work_stays_here():
    calls = []
    results = run_in_order(Batches(slow_squares, [1, 2]), jobs=2, batch=1, min_parallel=10,
                           started=lambda: calls.append("started"))
    assert [square for _, square in results] == [1, 4] and calls == ["started"]


def test_work_alongside_runs_in_another_thread_and_raises_its_error_here():
    alongside = Alongside(lambda stop: threading.get_ident())
    assert alongside.result() != threading.get_ident()

    def fails(stop):
        raise LookupError("no such thing")

    with pytest.raises(LookupError, match="no such thing"):
        Alongside(fails).result()


def test_cancelled_work_alongside_stops_after_its_current_step():
    steps = []
    begun = threading.Event()

    def work(stop):
        begun.set()
        for step in range(1000):
            if stop.is_set():
                return steps
            steps.append(step)
            time.sleep(0.01)
        return steps

    alongside = Alongside(work)
    begun.wait()
    alongside.cancel()  # returns once the work has stopped
    done = len(steps)
    time.sleep(0.05)
    assert 0 < done < 1000 and len(steps) == done


def test_what_is_made_before_settled_is_left_to_the_end_of_the_block():
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with long_lived() as settled:
        assert not gc.isenabled()  # no collection while the long-lived data is made
        kept = [[i] for i in range(1000)]
        settled()
        assert gc.isenabled() and gc.get_freeze_count() >= len(kept)
        list(run_in_order(Batches(slow_squares, list(range(4))), jobs=1, batch=1, min_parallel=1))
        assert gc.get_freeze_count() >= len(kept)  # not unfrozen by a nested freeze
    assert gc.isenabled() and gc.get_freeze_count() == 0


class _Cycle:
    def __init__(self):
        self.itself = self


@needs_fork
def test_garbage_made_after_settled_is_collected_before_a_fork_not_frozen_with_the_briefing():
    # Pages rendered in a build leave cycles (Jinja's `import ... with context`); frozen with the
    # briefing before the exports are forked, they would outlive the build until a full collection.
    with long_lived() as settled:
        settled()
        gc.disable()  # no collection by chance: only the one before the fork
        try:
            cycle = _Cycle()
            collected = weakref.ref(cycle)
            del cycle
            assert collected() is not None
            assert Aside(lambda: 6 * 7, jobs=2).result() == 42
            assert collected() is None
        finally:
            gc.enable()


def _resident_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None,
                    reason="memory is given back through glibc's malloc_trim")
def test_free_memory_between_live_objects_is_given_back():
    blocks = [b"x" * 20_000 + bytes([i % 256]) for i in range(8000)]  # 160 MB, each block malloc'd
    del blocks[::2]  # 80 MB freed between the blocks still alive: held by the C library
    before = _resident_mb()
    release_free_memory()
    assert before - _resident_mb() > 40
    assert len(blocks) == 4000


def test_the_collector_is_paused_in_the_block_and_restored_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


@needs_fork
def test_exports_made_aside_are_the_same_as_made_here(tmp_site, tmp_path, monkeypatch):
    site = tmp_site()
    build_site(site, tmp_path / "out")
    article = site / "content/articles/first.md"
    article.write_text(article.read_text() + "\nAn editor's correction.\n")
    monkeypatch.setattr(exporting_module, "MIN_ARTICLES_ASIDE", 0)
    jobs_asked = []
    real_aside = exporting_module.Aside

    def spying_aside(work, *, jobs):
        jobs_asked.append(jobs)
        return real_aside(work, jobs=jobs)

    monkeypatch.setattr(exporting_module, "Aside", spying_aside)
    build_site(site, tmp_path / "out", jobs=2)  # a rebuild: few pages, so the exports go aside
    assert jobs_asked == [2]
    build_site(site, tmp_path / "here", jobs=1, cache=False)
    assert tree(tmp_path / "out") == tree(tmp_path / "here")
    assert not (tmp_path / ".out.aside").exists()


@needs_fork
def test_exports_made_alongside_the_page_workers_are_the_same_as_made_here(tmp_site, tmp_path, monkeypatch):
    site = tmp_site()
    monkeypatch.setattr(build_module, "MIN_PARALLEL_PAGES", 1)  # the pages go to workers: a first build
    made_alongside = []
    real_alongside = exporting_module.Alongside

    def spying_alongside(work):
        made_alongside.append(threading.get_ident())
        return real_alongside(work)

    monkeypatch.setattr(exporting_module, "Alongside", spying_alongside)
    build_site(site, tmp_path / "out", jobs=2, cache=False)
    assert len(made_alongside) == 1
    build_site(site, tmp_path / "here", jobs=1, cache=False)
    assert len(made_alongside) == 1  # with one job, made here after the pages
    assert tree(tmp_path / "out") == tree(tmp_path / "here")
    assert not (tmp_path / ".out.aside").exists()


@needs_fork
def test_a_build_that_fails_while_exports_are_made_alongside_leaves_no_thread_or_scratch(tmp_site, tmp_path, monkeypatch):
    site = tmp_site()
    monkeypatch.setattr(build_module, "MIN_PARALLEL_PAGES", 1)
    real_write = build_module.OutputWriter.write_bytes
    writes = []

    def failing_write(self, rel, data):
        writes.append(rel)
        if len(writes) == 3:
            raise OutputError("the disk is full", "free some space")
        return real_write(self, rel, data)

    monkeypatch.setattr(build_module.OutputWriter, "write_bytes", failing_write)
    with pytest.raises(OutputError, match="the disk is full"):
        build_site(site, tmp_path / "out", jobs=2, cache=False)
    assert "briefing-alongside" not in {thread.name for thread in threading.enumerate()}
    assert not (tmp_path / "out").exists() and not (tmp_path / ".out.aside").exists()


@needs_fork
def test_pages_keyed_in_the_workers_are_recorded_as_here_and_kept_by_the_next_build(tmp_site, tmp_path, monkeypatch):
    # A first build has no page to keep: the workers compute each page's key and the
    # fingerprints of what it read, which the next build checks.
    site = tmp_site()
    build_site(site, tmp_path / "here", jobs=1)
    monkeypatch.setattr(build_module, "MIN_PARALLEL_PAGES", 1)
    monkeypatch.setattr(build_module, "PAGE_BATCH", 3)
    first = build_site(site, tmp_path / "workers", jobs=2)
    assert first.pages_rendered == first.pages
    cache = Cache.open(site)
    try:
        here, workers = (load_records(cache, tmp_path / name, output_tag(tmp_path / name)) for name in ("here", "workers"))
    finally:
        cache.close()
    def keys_and_reads(records):
        return {path: (r.key, None if r.facts is None else set(r.facts)) for path, r in records.files.items()}

    assert keys_and_reads(workers) == keys_and_reads(here)
    assert workers.facts == here.facts and workers.base == here.base
    assert build_site(site, tmp_path / "workers", jobs=2).pages_rendered == 0


def test_overlapping_long_lived_blocks_leave_the_heap_unfrozen_whatever_the_order():
    """A build command beside a serving thread: the second block began while the first had the
    heap frozen, and ended after it; the heap was left frozen (and the next test failed)."""
    import gc

    from generator.workers import long_lived

    assert gc.get_freeze_count() == 0
    first = long_lived()
    settle_first = first.__enter__()
    settle_first()  # the heap frozen by the first block
    second = long_lived()
    settle_second = second.__enter__()
    first.__exit__(None, None, None)  # the first ends before the second
    settle_second()
    second.__exit__(None, None, None)
    assert gc.get_freeze_count() == 0 and gc.isenabled()


# Ctrl+C pressed while the build forks: Python runs handlers of its own around a fork (logging's),
# and a KeyboardInterrupt raised inside one is printed as "Exception ignored" and lost. This
# handler stands for the moment a person presses Ctrl+C: inside the fork, in the parent.
_press_during_fork = threading.Event()
os.register_at_fork(after_in_parent=lambda: _press_during_fork.is_set() and os.kill(os.getpid(), signal.SIGINT)
                    and None)


@needs_fork
@pytest.mark.parametrize("fork", ["pool", "aside"])
def test_ctrl_c_pressed_while_workers_are_forked_stops_the_work(fork):
    _press_during_fork.set()
    try:
        with pytest.raises(KeyboardInterrupt):
            if fork == "pool":
                list(run_in_order(Batches(slow_squares, list(range(40))), jobs=2, batch=1, min_parallel=1))
            else:
                Aside(lambda: 1, jobs=2).result()
    finally:
        _press_during_fork.clear()


def test_ctrl_c_held_while_forking_is_raised_once_the_block_ends():
    reached = False
    with pytest.raises(KeyboardInterrupt), interrupts_held():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the signal is handled here, and held
        reached = True
    assert reached
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_hold_within_a_hold_leaves_the_interrupt_to_the_outer_one():
    steps = []
    with pytest.raises(KeyboardInterrupt), interrupts_held():
        with interrupts_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
        steps.append("after the inner hold")  # e.g. a written file put on the list of those written
    assert steps == ["after the inner hold"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
