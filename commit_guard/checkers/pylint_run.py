"""Running pylint on materialised files: in-process, or split over worker processes.

PARALLELISM is decided by measurement (bench/bench_python.py, mode
"pylint-parallel"); see the comment at ``STRATEGY``.
"""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from commit_guard.finding import ERROR, WARNING, Finding

CATEGORY_SEVERITY = {"info": WARNING}

# How pylint work is spread over --jobs.  Measured with
# `python bench/bench_python.py --pylint-parallel` on the 2-core machine
# (pre_commit's 67 files / 7,164 lines, medians of 3): see README
# "## Performance".  "split" = our own batches, contiguous by path so one
# package's shared inference stays in one process, in forkserver workers
# (safe beside the runner's threads) while batch 0 runs in-process;
# "pylint" = one in-process run with pylint's own --jobs, which hands
# files out one by one so every worker re-infers the common imports.
STRATEGY = os.environ.get("COMMIT_GUARD_PYLINT_PARALLEL", "split")
# Below this much source per worker, a worker's start-up (a forked
# interpreter re-importing nothing, but re-inferring the shared imports)
# costs more than it saves.
MIN_BATCH_BYTES = int(os.environ.get("COMMIT_GUARD_PYLINT_MIN_BATCH", 60_000))
# What pylint gets through (about 45 KB/s here) while a worker starts and
# imports pylint (about 0.5 s).
WORKER_START_BYTES = 20_000


def plan_batches(targets: Sequence[Path], jobs: int) -> list[list[Path]]:
    """Contiguous (by path) batches, at most ``jobs``; the first runs in-process
    and starts at once, so it takes a worker's start-up time more work."""
    ordered = sorted(targets)
    sizes = [max(1, _size(p)) for p in ordered]
    total = sum(sizes)
    count = max(1, min(jobs, len(ordered), total // MIN_BATCH_BYTES))
    first = (total + (count - 1) * WORKER_START_BYTES) / count
    rest = max(1.0, first - WORKER_START_BYTES)
    batches: list[list[Path]] = [[] for _ in range(count)]
    done = 0
    for path, size in zip(ordered, sizes):
        index = 0 if done < first else 1 + int((done - first) // rest)
        batches[min(count - 1, index)].append(path)
        done += size
    return [b for b in batches if b]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def start_workers(targets: Sequence[Path], jobs: int) -> None:
    """Boot the worker server early, while the workspace is being written."""
    if STRATEGY != "pylint" and len(plan_batches(targets, jobs)) > 1:
        import multiprocessing  # pylint: disable=import-outside-toplevel
        from multiprocessing import forkserver  # pylint: disable=import-outside-toplevel

        multiprocessing.get_context("forkserver").set_forkserver_preload(["pylint.lint",
                                                                          __name__])
        forkserver.ensure_running()


def run_pylint(args: list[str], targets: Sequence[Path], root: Path, jobs: int
               ) -> list[Finding]:
    """Findings for ``targets`` (files under ``root``, the workspace)."""
    if STRATEGY == "pylint":
        return check_batch([*args, f"--jobs={max(1, min(jobs, len(targets)))}"],
                           list(targets), root)
    batches = plan_batches(targets, jobs)
    if len(batches) == 1:
        return check_batch(args, batches[0], root)
    import multiprocessing  # pylint: disable=import-outside-toplevel
    from concurrent.futures import ProcessPoolExecutor  # pylint: disable=import-outside-toplevel
    from concurrent.futures.process import BrokenProcessPool  # pylint: disable=import-outside-toplevel

    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(len(batches) - 1, mp_context=context) as pool:
        futures = [pool.submit(check_batch, args, batch, root) for batch in batches[1:]]
        findings = check_batch(args, batches[0], root)
        for batch, future in zip(batches[1:], futures):
            try:
                findings += future.result()
            except BrokenProcessPool:
                # A worker that could not start or was killed (out of memory):
                # its batch is checked here rather than lost.
                findings += check_batch(args, batch, root)
    return findings


def check_batch(args: list[str], targets: list[Path], root: Path) -> list[Finding]:
    """One in-process pylint run; module look-ups see only the workspace."""
    # pylint is imported here, not at module level, so start-up stays cheap.
    from pylint.lint import Run  # pylint: disable=import-outside-toplevel

    collector = _collector_class()(root)
    saved = list(sys.path)
    # Nothing may resolve against the work tree (the cwd of `python -m`):
    # what pylint sees is exactly what the cache key covers.  The workspace
    # root mirrors the repository root.
    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".", cwd)] + [str(root)]
    try:
        Run([*args, *map(str, targets)], reporter=collector, exit=False)
    finally:
        sys.path[:] = saved
    wanted = {str(t) for t in targets}
    return [f for p, f in collector.findings if p in wanted]


def _collector_class() -> type:
    from pylint.reporters import BaseReporter  # pylint: disable=import-outside-toplevel

    class Collector(BaseReporter):  # type: ignore[misc]
        name = "commit-guard"

        def __init__(self, root: Path) -> None:
            super().__init__(output=io.StringIO())
            self.root = root
            self.findings: list[tuple[str, Finding]] = []

        def handle_message(self, msg: Any) -> None:
            try:
                rel = Path(msg.abspath).relative_to(self.root).as_posix()
            except ValueError:
                rel = msg.path
            severity = CATEGORY_SEVERITY.get(msg.category, ERROR)
            self.findings.append((msg.abspath, Finding(
                "pylint", msg.msg_id, msg.symbol, rel, msg.line or 0,
                (msg.column or 0) + 1 if msg.line else 0, msg.msg or "", severity)))

        def _display(self, layout: Any) -> None:
            pass

        def display_messages(self, layout: Any) -> None:
            pass

    return Collector
