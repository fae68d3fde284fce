"""Running pylint on materialised files: in-process, or split over worker processes.

How work is spread over processes was decided by measurement; see the
comment at ``STRATEGY``.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from commit_guard.checkers.python import budget as budget_mod
from commit_guard.checkers.python.lint import CATEGORY_SEVERITY, Paths, check_batch
from commit_guard.checkers.python.worker import run_in_worker
from commit_guard.finding import Finding

__all__ = ["CATEGORY_SEVERITY", "Paths", "check_batch", "cpu_times", "run_pylint",
           "start_workers"]

# How pylint work is spread over --jobs.  Measured on the 2-core machine
# with `python bench/bench_speed.py --only parallel` (pre_commit's 67
# files, 7,164 lines) and by CPU time per process:
# - one in-process run: 5.55 s CPU, about 7.7 s wall for the whole check;
# - "split" (our own batches, contiguous by path, in forkserver workers
#   while batch 0 runs in-process): 4.43 + 3.79 = 8.2 s CPU.  The halves
#   of one package re-infer the same shared modules, so 48 % more work;
# - "pylint" (one in-process run with pylint's own --jobs): about 15-25 %
#   more CPU than one process, 5.4 s wall against 7.4 s on an idle machine.
# So pylint's own --jobs is kept; "split" stays selectable for the bench.
# - "fork" (forked.py): the worker lints the most imported files first,
#   then forks, and the processes share what that loaded.  Least CPU of
#   all (13.8 s user against 16.7 s for pylint's own --jobs inside
#   commit-guard and 18.8-21.4 s for `pylint -j2`, on an idle machine),
#   but not the shortest wall time: the warm-up runs alone and the shares
#   are fixed in advance, where pylint's --jobs hands out file by file
#   (11.1-11.5 s against 8.4-9.3 s; `pylint -j2` 10.2-11.5 s).  Kept
#   selectable; a candidate once the shares are handed out as pylint does.
# Whether parallel pays depends on what else the machine is doing: in one
# bench run (load average 3-4 on 2 CPUs) pylint's own --jobs 2 inside
# commit-guard took 4.56 s against 7.54 s for one process; in another
# (load 5) 10.3 s against 8.2 s.  The 1-minute load average lags and
# counts our own previous work, so the worker count is capped by the CPUs
# found idle just now (/proc/stat, sampled across writing the workspace).
STRATEGY = os.environ.get("COMMIT_GUARD_PYLINT_PARALLEL", "pylint")
# Below this much source per worker, a worker's start-up and its
# re-inference of the shared imports cost more than it saves.
MIN_BATCH_BYTES = int(os.environ.get("COMMIT_GUARD_PYLINT_MIN_BATCH", 60_000))
# What pylint gets through (about 45 KB/s here) while a worker starts and
# imports pylint (about 0.5 s).
WORKER_START_BYTES = 20_000


def cpu_times() -> tuple[int, int] | None:
    """(idle, total) jiffies of all CPUs, or None where /proc/stat is missing."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [int(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return fields[3] + (fields[4] if len(fields) > 4 else 0), sum(fields[:8])


def usable_workers(jobs: int, targets: Sequence[Path],
                   since: tuple[int, int] | None = None) -> int:
    """--jobs, capped by the work (small changes stay in one process) and by
    the CPUs idle since ``since`` (a ``cpu_times()``) plus our own."""
    total = sum(_size(p) for p in targets)
    cap = min(jobs, len(targets), total // MIN_BATCH_BYTES)
    now = cpu_times()
    if os.environ.get("COMMIT_GUARD_PYLINT_IGNORE_IDLE"):  # bench and tests compare forms
        now = None
    if since is not None and now is not None and now[1] > since[1]:
        idle = (now[0] - since[0]) / (now[1] - since[1]) * (os.cpu_count() or 1)
        cap = min(cap, int(idle + 1.5))
    return max(1, cap)


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
    """Boot the worker server early ("split" only)."""
    if STRATEGY == "split" and len(plan_batches(targets, usable_workers(jobs, targets))) > 1:
        import multiprocessing  # pylint: disable=import-outside-toplevel
        from multiprocessing import forkserver  # pylint: disable=import-outside-toplevel

        multiprocessing.get_context("forkserver").set_forkserver_preload(["pylint.lint",
                                                                          __name__])
        forkserver.ensure_running()


def run_pylint(args: list[str], targets: Sequence[Path], root: Path, jobs: int,
               since: tuple[int, int] | None = None, budget: float = 0.0,
               in_process: bool = True, paths: Paths | None = None) -> list[Finding]:
    """Findings for ``targets`` (files under ``root``, the workspace); a file
    over ``budget`` seconds (0: none) is a finding of its own (budget.py).

    ``in_process``: one pylint process may be this one (a tree we trust);
    else, and for several processes, pylint runs in workers (worker.py).
    """
    workers = usable_workers(jobs, targets, since)
    if STRATEGY == "split":  # for the bench only: no budget
        return _run_split(args, targets, root, workers, paths)
    over: list[str] = []
    rest = sorted(targets)
    if in_process and workers == 1 and not budget_mod.tainted():
        watch = budget_mod.Watch([str(t) for t in rest])
        done = budget_mod.run_watched(
            lambda: check_batch([*args, "--jobs=1"], rest, root, watch.started, paths),
            watch, budget)
        if not isinstance(done, str):
            return done
        over.append(done)
        rest = [t for t in rest if str(t) != done]
    while rest:
        several = workers > 1 and len(rest) > 1
        forks = workers if several and STRATEGY == "fork" and hasattr(os, "fork") else 1
        jobs = workers if several and forks == 1 else 1
        outcome = run_in_worker([*args, f"--jobs={jobs}"], rest, root, budget,
                                ordered=jobs > 1, paths=paths, forks=forks)
        if not outcome.tripped:
            return outcome.findings + _timeouts(over, root, budget)
        if outcome.over is None:
            workers = 1  # which file it was: one process reports each file it starts
            continue
        over.append(outcome.over)
        rest = [t for t in rest if str(t) != outcome.over]
    return _timeouts(over, root, budget)


def _timeouts(over: list[str], root: Path, budget: float) -> list[Finding]:
    return [budget_mod.timeout_finding(Path(p).relative_to(root).as_posix(), budget)
            for p in over]


def _run_split(args: list[str], targets: Sequence[Path], root: Path,
               workers: int, paths: Paths | None) -> list[Finding]:
    batches = plan_batches(targets, workers)
    if len(batches) == 1:
        return check_batch(args, batches[0], root, None, paths)
    import multiprocessing  # pylint: disable=import-outside-toplevel
    from concurrent.futures import ProcessPoolExecutor  # pylint: disable=import-outside-toplevel
    from concurrent.futures.process import BrokenProcessPool  # pylint: disable=import-outside-toplevel

    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(len(batches) - 1, mp_context=context) as pool:
        futures = [pool.submit(check_batch, args, batch, root, None, paths)
                   for batch in batches[1:]]
        findings = check_batch(args, batches[0], root, None, paths)
        for batch, future in zip(batches[1:], futures):
            try:
                findings += future.result()
            except BrokenProcessPool:
                # A worker that could not start or was killed (out of memory):
                # its batch is checked here rather than lost.
                findings += check_batch(args, batch, root, None, paths)
    return findings
