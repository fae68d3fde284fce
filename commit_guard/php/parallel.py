"""Check many PHP files: in-process when few, in worker processes when many.

Workers come from a forkserver (spawn where there is none): the checker
runs in a thread beside others (pylint), and forking a threaded process
can inherit a held lock.  Each worker loads the cached parser tables once;
files go in size-balanced chunks, so start-up is paid per worker, not per
file.
"""
from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Sequence

from commit_guard.php import PhpProblem

# Below this much source, a worker's start-up (about 0.2 s) costs more
# than it saves.
PARALLEL_MIN_BYTES = 600_000
PARALLEL_MIN_FILES = 40


def check_many(items: Sequence[tuple[str, bytes]], target: tuple[int, int], jobs: int,
               cancel: threading.Event | None = None) -> dict[str, list[PhpProblem]]:
    if not items:
        return {}
    total = sum(len(data) for _path, data in items)
    workers = min(max(jobs, 1), len(items))
    if workers < 2 or (total < PARALLEL_MIN_BYTES and len(items) < PARALLEL_MIN_FILES):
        return _check_chunk(list(items), target, cancel)
    chunks = _chunks(items, workers * 4)
    results: dict[str, list[PhpProblem]] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        futures = [pool.submit(_check_chunk, chunk, target) for chunk in chunks]
        for future in futures:
            if cancel is not None and cancel.is_set():
                for other in futures:
                    other.cancel()
                break
            results.update(future.result())
    return results


def _check_chunk(chunk: list[tuple[str, bytes]], target: tuple[int, int],
                 cancel: Any = None) -> dict[str, list[PhpProblem]]:
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
