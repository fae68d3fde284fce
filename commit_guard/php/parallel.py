"""Check many PHP files: in-process when few, with worker processes when many.

Workers come from a forkserver (spawn where there is none): the checker
runs in a thread beside others (pylint), and forking a threaded process
can inherit a held lock.  With ``jobs`` workers, this process is one of
them and ``jobs - 1`` come from the pool: a new worker takes about half a
second to start (the forkserver's interpreter and imports, then the
parser tables), and this process, which has read the files already, checks
meanwhile instead of waiting.  Files go in size-balanced chunks, so
start-up is paid per worker, not per file; each side takes the next
chunk when it is free, so all finish together.
"""
from __future__ import annotations

import multiprocessing
import sys
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Sequence

from commit_guard.php import PhpProblem

# Below this much source, a worker's start-up (about 0.2 s unloaded) costs
# more than it saves.
PARALLEL_MIN_BYTES = 600_000
PARALLEL_MIN_FILES = 40
# Chunks per worker: the last chunk a worker takes decides when the check
# ends, and cost per byte varies tenfold (constant arrays go through one
# regex, datascan.py), so equal sizes are not equal times: small chunks,
# taken by whichever side is free, even it out.  A chunk costs one pickle
# and one round trip, well under a millisecond.
CHUNKS_PER_WORKER = 16
STARTUP_SWITCH = 0.0005  # seconds; see check_many

Results = dict[str, list[PhpProblem]]


def check_many(items: Sequence[tuple[str, bytes]], target: tuple[int, int], jobs: int,
               cancel: threading.Event | None = None) -> Results:
    if not items:
        return {}
    total = sum(len(data) for _path, data in items)
    workers = min(max(jobs, 1), len(items))
    if workers < 2 or (total < PARALLEL_MIN_BYTES and len(items) < PARALLEL_MIN_FILES):
        return _check_chunk(list(items), target, cancel)
    todo = deque(_chunks(items, min(len(items), workers * CHUNKS_PER_WORKER)))
    stop = cancel or threading.Event()
    feeder = _Feeder(todo, target, workers - 1, stop)
    # Starting the pool takes the feeder thread many short turns (the
    # forkserver, each worker, their first task), and while this thread
    # checks in C it gives the interpreter lock up only every switch
    # interval (5 ms): a shorter one until the workers are up starts them
    # sooner.
    sys.setswitchinterval(STARTUP_SWITCH)  # the feeder has kept the interval to restore
    feeder.start()
    results: Results = {}
    try:
        while not stop.is_set():
            try:
                chunk = todo.pop()  # the other end from the pool's
            except IndexError:
                break
            results.update(_check_chunk(chunk, target, stop))
    except BaseException:
        feeder.cancelled.set()
        raise
    finally:
        if stop.is_set():
            feeder.cancelled.set()
        feeder.join()
        sys.setswitchinterval(feeder.switch)
    results.update(feeder.results)
    if feeder.error is not None and not stop.is_set():
        # The pool broke (a worker killed, no forkserver): what it did not
        # return is checked here; a checker bug then raises here too.
        for chunk in feeder.taken:
            results.update(_check_chunk([it for it in chunk if it[0] not in results],
                                        target, stop))
    return results


class _Feeder(threading.Thread):
    """Runs the pool: starts its workers (which blocks until the forkserver
    is ready), then keeps each busy with the next chunk from ``todo`` until
    none is left."""

    def __init__(self, todo: deque[list[tuple[str, bytes]]], target: tuple[int, int],
                 workers: int, stop: threading.Event) -> None:
        super().__init__(name="php-parallel", daemon=True)
        self.todo = todo
        self.target = target
        self.workers = workers
        self.stop = stop
        self.cancelled = threading.Event()
        self.taken: list[list[tuple[str, bytes]]] = []
        self.results: Results = {}
        self.error: BaseException | None = None
        self.switch = sys.getswitchinterval()  # (before check_many shortens it)

    def run(self) -> None:
        try:
            self._run()
        except BaseException as error:  # pylint: disable=broad-except
            self.error = error  # check_many checks what is missing itself

    def _run(self) -> None:
        if self.stop.is_set():
            return
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context())
        running: set[Future[Results]] = set()
        try:
            # Every worker up before any chunk is taken: when this process
            # checks everything first, no chunk waits for a worker.
            for future in [pool.submit(_ready, self.target) for _ in range(self.workers)]:
                future.result()
            sys.setswitchinterval(self.switch)
            while not self.cancelled.is_set() and not self.stop.is_set():
                while len(running) < self.workers + 1:  # one queued: no idle gap
                    try:
                        chunk = self.todo.popleft()
                    except IndexError:
                        break
                    self.taken.append(chunk)
                    running.add(pool.submit(_check_chunk, chunk, self.target))
                if not running:
                    break
                done, running = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    self.results.update(future.result())
        finally:
            for future in running:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)


def _ready(target: tuple[int, int]) -> None:
    """A worker's first task: load the parser tables (its start-up)."""
    from commit_guard.php.check import check  # pylint: disable=import-outside-toplevel

    check(b"<?php ;", target)


def _check_chunk(chunk: list[tuple[str, bytes]], target: tuple[int, int],
                 cancel: Any = None) -> Results:
    from commit_guard.php.check import check  # pylint: disable=import-outside-toplevel

    out = {}
    for path, data in chunk:
        if cancel is not None and cancel.is_set():
            break
        out[path] = check(data, target, path)
    return out


def _chunks(items: Sequence[tuple[str, bytes]], count: int) -> list[list[tuple[str, bytes]]]:
    """Greedy size balancing: biggest files first, each to the lightest chunk."""
    chunks: list[list[tuple[str, bytes]]] = [[] for _ in range(max(1, count))]
    sizes = [0] * len(chunks)
    for item in sorted(items, key=lambda it: -len(it[1])):
        lightest = sizes.index(min(sizes))
        chunks[lightest].append(item)
        sizes[lightest] += len(item[1])
    return [c for c in chunks if c]


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["commit_guard.php.check", "commit_guard.php.build"])
        return ctx
    return multiprocessing.get_context("spawn")
