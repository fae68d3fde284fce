"""Helpers for the speed benchmarks: timing with peak memory, scenario repos."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
           "GIT_CONFIG_NOSYSTEM": "1"}
# Where the packages the scenarios copy are installed: this interpreter's
# site-packages, or BENCH_SITE (a bench run from a bare venv of its own).
SITE = Path(os.environ.get("BENCH_SITE") or sysconfig.get_paths()["purelib"])


@dataclass
class Timing:
    label: str
    runs: list[float] = field(default_factory=list)
    max_rss_kb: int = 0  # the largest single process (wait4 ru_maxrss)
    tree_kb: int = 0  # sampled sum over the process tree
    codes: set[int] = field(default_factory=set)

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else float("nan")


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack += parents.get(pid, [])
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_once(cmd: Sequence[str], cwd: Path, env: Mapping[str, str]) -> tuple[float, int, int, int]:
    """(seconds, exit code, max single-process RSS KiB, peak tree RSS KiB)."""
    peak = [0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd,  # pylint: disable=consider-using-with  # reaped by wait4
                            cwd=cwd, env=dict(env), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], sum(_rss_kb(p) for p in _descendants(proc.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, proc.returncode, usage.ru_maxrss, peak[0]


@dataclass
class Job:
    label: str
    cmd: Sequence[str]
    cwd: Path
    env: Mapping[str, str]
    runs: int
    before: Callable[[], None] | None = None  # e.g. clear the cache: a cold run


def measure(jobs: Sequence[Job]) -> list[Timing]:
    """Interleaved rounds (every job once per round, while it has runs
    left), so that load from other processes falls on all rows alike."""
    timings = [Timing(job.label) for job in jobs]
    for round_no in range(max(job.runs for job in jobs)):
        for job, timing in zip(jobs, timings):
            if round_no >= job.runs:
                continue
            if job.before is not None:
                job.before()
            seconds, code, rss, tree = run_once(job.cmd, job.cwd, job.env)
            timing.runs.append(seconds)
            timing.codes.add(code)
            timing.max_rss_kb = max(timing.max_rss_kb, rss)
            timing.tree_kb = max(timing.tree_kb, tree)
    return timings


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})


def new_repo(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    return path


def copy_package(name: str, dest: Path) -> list[str]:
    """Copy an installed package's Python source; return repo-relative paths."""
    src = SITE / name
    if not src.is_dir():
        sys.exit(f"bench: package {name} is not installed in {SITE}")
    shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc",
                                                                    "*.so"))
    return sorted(p.relative_to(dest).as_posix() for p in (dest / name).rglob("*.py"))


def line_count(paths: Sequence[Path]) -> int:
    return sum(p.read_bytes().count(b"\n") for p in paths)


def print_table(title: str, rows: Sequence[Timing], base: Timing | None) -> list[str]:
    lines = [f"\n### {title}", "",
             "| tool | runs | median s | vs baseline | max RSS MiB | tree RSS MiB | exit |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        ratio = f"{row.median / base.median:.2f}x" if base and base.runs else "-"
        # Three decimals below a second: warm re-checks are tens of milliseconds.
        median = f"{row.median:.3f}" if row.median < 1 else f"{row.median:.2f}"
        lines.append(f"| {row.label} | {len(row.runs)} | {median} | {ratio} | "
                     f"{row.max_rss_kb / 1024:.0f} | {row.tree_kb / 1024:.0f} | "
                     f"{','.join(map(str, sorted(row.codes)))} |")
    print("\n".join(lines), flush=True)
    return lines


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"
