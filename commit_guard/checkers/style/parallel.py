"""Run the style rules over many files: in-process when few, in worker processes when many.

As in commit_guard.php.parallel, workers come from a forkserver (spawn
where there is none): the style checker runs in a thread beside others
(pylint), and forking a threaded process can inherit a held lock.  Files
go in size-balanced chunks, so a worker's start-up is paid once, not per
file; the findings come back in the order of the files, as in-process.
"""
from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Callable, Sequence

if TYPE_CHECKING:
    from commit_guard.config import Config
    from commit_guard.finding import Finding
    from commit_guard.sources.changeset import ChangedFile

# Measured with `bench/style_speed.py --threshold` (laravel, 2 workers, a
# shared 2-core machine at load 3-5): starting the forkserver and its
# workers costs 0.5-0.8 s, and one process reads 1.5-3.5 MB/s of PHP, so 2
# workers first win at 2.5-4 MB (3.3 MB: 0.82x in one run, 1.43x in another).
PARALLEL_MIN_BYTES = 3_000_000
_PRELOAD = ["commit_guard.checkers.style.checker", "commit_guard.checkers.style.php",
            "commit_guard.checkers.style.php_tags"]


CheckFile = Callable[["ChangedFile", "Config"], "list[Finding]"]


def check_many(files: Sequence[ChangedFile], config: Config, check: CheckFile, jobs: int,
               cancel: threading.Event | None = None) -> list[Finding]:
    """``check(file, config)`` of every file with content, findings in file order.

    ``check`` is a module-level function (it goes to the workers by name).
    """
    files = [f for f in files if f.content is not None]
    if not files:
        return []
    total = sum(len(f.content or b"") for f in files)
    workers = min(max(jobs, 1), len(files))
    if workers < 2 or total < PARALLEL_MIN_BYTES:
        return _flatten(check_chunk(files, config, check, cancel), files)
    chunks = _chunks(files, workers * 4)
    results: dict[str, list[Finding]] = {}
    pending = list(chunks)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            futures = [pool.submit(check_chunk, chunk, config, check) for chunk in chunks]
            for chunk, future in zip(chunks, futures):
                if cancel is not None and cancel.is_set():
                    for other in futures:
                        other.cancel()
                    break
                results.update(future.result())
                pending.remove(chunk)
    except BrokenProcessPool:
        # A worker that died (killed, out of memory): the rest is checked here.
        for chunk in pending:
            results.update(check_chunk(chunk, config, check, cancel))
    return _flatten(results, files)


def check_chunk(chunk: Sequence[ChangedFile], config: Config, check: CheckFile,
                cancel: Any = None) -> dict[str, list[Finding]]:
    out = {}
    for file in chunk:
        if cancel is not None and cancel.is_set():
            break
        out[file.path] = check(file, config)
    return out


def _flatten(results: dict[str, list[Finding]], files: Sequence[ChangedFile]) -> list[Finding]:
    return [x for f in files for x in results.get(f.path, ())]


def _chunks(files: Sequence[ChangedFile], count: int) -> list[list[ChangedFile]]:
    """Greedy size balancing: biggest files first, each to the lightest chunk."""
    chunks: list[list[ChangedFile]] = [[] for _ in range(max(1, count))]
    sizes = [0] * len(chunks)
    for file in sorted(files, key=lambda f: -f.size):
        lightest = sizes.index(min(sizes))
        chunks[lightest].append(file)
        sizes[lightest] += file.size
    return [c for c in chunks if c]


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        # One forkserver serves every checker of the run; whoever starts it
        # first decides its preload (the others' workers import what they need).
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")
