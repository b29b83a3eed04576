"""Using every core: the build's heavy steps (Markdown, pages, exports) run in a pool of worker
processes, forked from the build once it holds everything the workers need.

Forking (Linux) hands each worker the assembled briefing, the Jinja environment and the list of
work as they are in memory: nothing is pickled on the way in but two numbers per batch (which
slice of the work to do), and on the way back only the results (bytes, small records). Results
come back in the order of the work, whatever the scheduling, so a build is the same with one
worker or many. Workers never write files: the build's one writer does, as results arrive, and
at most ``WINDOW`` batches are in flight, so memory stays bounded however large the site.

Small amounts of work stay in this process: starting workers costs more than it saves. Where
fork is not available (macOS, Windows) everything runs here too, with the same results.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import select
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from generator.interrupt import interrupts_held

Item = TypeVar("Item")
Result = TypeVar("Result")

# Batches in flight per worker: enough to keep every worker busy while the writer catches up.
WINDOW = 4


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def in_workers(count: int, *, jobs: int, min_parallel: int) -> bool:
    """Whether run_in_order() gives ``count`` items to worker processes (asked beforehand by what
    must run differently beside them)."""
    return jobs > 1 and count >= min_parallel and can_fork()


@contextmanager
def long_lived() -> Iterator[Callable[[], None]]:
    """For the block's duration, what is made before ``settled()`` is called is left alone by
    Python's cyclic garbage collector: it is not run while that data is made, and afterwards
    skips it. A build's briefing (millions of objects, all alive until the build ends) is made
    with little garbage, and the collector walking it again and again while pages are rendered
    and records written cost about a fifth of a rebuild's time. Once the block ends everything is
    collected as usual (``briefing serve`` keeps running, building again and again).

    The collector's state is the process's: where two builds overlap in one process (a build
    command beside a serving thread), the heap is unfrozen when the last of them ends."""
    global _long_lived_blocks, _long_lived_thawed
    with _long_lived_lock:
        if _long_lived_blocks == 0:
            _long_lived_thawed = gc.get_freeze_count() == 0
        _long_lived_blocks += 1
    enabled = gc.isenabled()
    gc.disable()

    def settled() -> None:
        gc.freeze()
        release_free_memory()
        if enabled:
            gc.enable()

    try:
        yield settled
    finally:
        with _long_lived_lock:
            _long_lived_blocks -= 1
            if _long_lived_blocks == 0 and _long_lived_thawed:
                gc.unfreeze()
        if enabled:
            gc.enable()


# The long_lived() blocks running in this process, and whether the heap was unfrozen when the
# first of them began: the collector is the process's, and so is this (see long_lived).
_long_lived_lock = threading.Lock()
_long_lived_blocks = 0
_long_lived_thawed = False


def freeze_heap() -> bool:
    """Freeze every object this process holds (``gc.freeze``), before forking; True if the heap
    was not frozen before (the caller then unfreezes it). Where it was (a build's briefing, see
    long_lived), the garbage made since is collected first, which is cheap, for the collector
    skips what is frozen: the cycles of pages rendered here (each of Jinja's ``import ... with
    context`` is one, holding the page's context) would otherwise be frozen with the rest and
    outlive the build until a full collection, which ``briefing serve`` makes only when idle."""
    thawed = gc.get_freeze_count() == 0
    if not thawed:
        gc.collect()
    gc.freeze()
    return thawed


def release_free_memory() -> None:
    """Give the C library's free memory back to the system (glibc's malloc_trim; elsewhere
    nothing). Loading a briefing frees more than it keeps (the text of every file, parsed data,
    bodies in the making: 56 MB at 10,000 articles), which glibc holds on to between live
    objects; once the briefing is made it is returned, before workers are forked from this
    process and would share every page of it."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection in the block: for code that makes a great many containers and
    no cycles (a build's records: a million small lists, read or written at once), which the
    collector would otherwise walk again and again for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class Batches(Generic[Item, Result]):
    """Work to do: ``run(items)`` maps a slice of ``items`` to one result per item."""

    run: Callable[[Sequence[Item]], list[Result]]
    items: Sequence[Item]


# The work of the pool this worker process belongs to: set once, in the worker, when it starts.
_work: Batches[Any, Any] | None = None


def _start_worker(work: Batches[Any, Any], parent: int) -> None:
    global _work
    _work = work
    # Ctrl+C goes to the whole process group: the build stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker must not outlive its build: killed with it (kill -9 included), it would go on
    # holding what it inherited, such as the lock on the output, for ever.
    _die_with_parent()
    if os.getppid() != parent:  # the build died before that took effect
        os._exit(1)


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


_PR_SET_PDEATHSIG = 1


def _run_slice(start: int, stop: int) -> list[Any]:
    assert _work is not None
    return _work.run(_work.items[start:stop])


def run_in_order(work: Batches[Item, Result], *, jobs: int, batch: int, min_parallel: int,
                 started: Callable[[], None] | None = None) -> Iterator[Result]:
    """Each item's result, in the order of ``work.items``; in ``jobs`` worker processes when
    there are at least ``min_parallel`` items, else in this process. ``started`` is called once
    the workers are running (or at once, without workers): a thread this process starts then is
    not in the forked workers, where a lock it held at the fork would stay locked for ever."""
    count = len(work.items)
    starts = range(0, count, batch)
    if not in_workers(count, jobs=jobs, min_parallel=min_parallel):
        if started is not None:
            started()
        for start in starts:
            yield from work.run(work.items[start:start + batch])
        return
    # Objects that exist when the workers are forked are never collected in them: freezing them
    # keeps the collector from writing to (and so copying) every page of memory they share.
    thawed = freeze_heap()
    executor = ProcessPoolExecutor(min(jobs, len(starts)), mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker, initargs=(work, os.getpid()))
    try:
        pending: deque[Future[list[Result]]] = deque()
        upcoming = iter(starts)
        with interrupts_held():  # a fork-context pool forks all its workers on the first submit
            for start in upcoming:
                pending.append(executor.submit(_run_slice, start, start + batch))
                if len(pending) >= WINDOW * jobs:
                    break
        if started is not None:
            started()  # a fork-context pool forks all its workers on the first submit
        while pending:
            results = pending.popleft().result()
            for start in upcoming:
                pending.append(executor.submit(_run_slice, start, start + batch))
                break
            yield from results
    except BaseException:
        # Stopped (an error, Ctrl+C, the caller gave up): no worker starts another batch.
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        executor.shutdown(wait=True)
    finally:
        if thawed:  # else whoever froze the heap first unfreezes it (see long_lived)
            gc.unfreeze()


class Superseded(Exception):
    """Work given up half-way because newer work made it moot (a build of serve's folder, when a
    newer change waits)."""


# How often work done aside is asked whether it is still wanted while it is waited for (seconds):
# in briefing serve, a newer save is waiting meanwhile, and this is part of its wait. Asking
# costs next to nothing (a lock, or select() on a pipe).
GIVEN_UP_INTERVAL = 0.01


class Alongside(Generic[Result]):
    """One piece of work done in a thread of this process while this process goes on with other
    work: ``result()`` waits for it and raises what it raised. For when the other cores are
    busy with worker processes already, and this process mostly waits for them: a forked process
    more would hold a copy of every page of memory it touches. ``work`` is given an Event, set
    when the work is cancelled, which it checks between its steps (a thread cannot be killed)."""

    def __init__(self, work: Callable[[threading.Event], Result]):
        self._stop = threading.Event()
        self._outcome: tuple[bool, Any] | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), name="briefing-alongside", daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[threading.Event], Result]) -> None:
        try:
            self._outcome = (True, work(self._stop))
        except BaseException as exc:
            self._outcome = (False, exc)

    def wait(self, given_up: Callable[[], bool], interval: float = GIVEN_UP_INTERVAL) -> bool:
        """Wait until the work is done (True), or until ``given_up()`` says so (False)."""
        while self._thread.is_alive():
            if given_up():
                return False
            self._thread.join(interval)
        return True

    def result(self) -> Result:
        self._thread.join()
        assert self._outcome is not None
        done, value = self._outcome
        if not done:
            raise value
        return value  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Stop the work after its current step, and wait for that."""
        self._stop.set()
        self._thread.join()


class Aside(Generic[Result]):
    """One piece of work done in a forked process of its own while this one goes on: ``result()``
    waits for it. Its result must be small (it comes back through a pipe, pickled: from our own
    process, never from a file); large output goes to files. Where it cannot fork, or with one
    job, the work is done in this process when the result is asked for. If the forked process
    fails in any way, the work is done again here, so that an error is raised (and shown) as if
    there had been no other process."""

    def __init__(self, work: Callable[[], Result], *, jobs: int):
        self._work = work
        self._pid: int | None = None
        self._pipe: int | None = None
        if jobs > 1 and can_fork():
            self._fork()

    def _fork(self) -> None:
        read, write = os.pipe()
        thawed = freeze_heap()  # as for the pool: the collector would copy every page the two share
        with interrupts_held():  # Ctrl+C pressed meanwhile is raised once this process is in order
            try:
                pid = os.fork()
            except OSError:
                pid = -1
            if pid == 0:
                os.close(read)
                self._run_forked(write)
            if thawed:
                gc.unfreeze()
            if pid < 0:
                os.close(read)
                os.close(write)
                return
            os.close(write)
            self._pid, self._pipe = pid, read

    def _run_forked(self, pipe: int) -> None:
        status = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            _die_with_parent()
            payload = pickle.dumps(self._work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(pipe, "wb") as stream:
                stream.write(payload)
            status = 0
        finally:
            os._exit(status)  # never back into the build's code: this process only did the work

    def wait(self, given_up: Callable[[], bool], interval: float = GIVEN_UP_INTERVAL) -> bool:
        """Wait until the work is done (True), or until ``given_up()`` says so (False)."""
        if self._pipe is None:
            return True
        while not select.select([self._pipe], [], [], interval)[0]:
            if given_up():
                return False
        return True

    def result(self) -> Result:
        if self._pid is None:
            return self._work()
        try:
            with os.fdopen(self._pipe, "rb") as stream:  # type: ignore[arg-type]
                payload = stream.read()
        finally:
            _, status = os.waitpid(self._pid, 0)
            self._pid = self._pipe = None
        if status != 0 or not payload:
            return self._work()
        return pickle.loads(payload)  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Stop the work if it still runs (the build failed or was interrupted)."""
        if self._pid is None:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        except OSError:
            pass
        if self._pipe is not None:
            os.close(self._pipe)
        self._pid = self._pipe = None
