"""The staged snapshot the unit-test suites run in: cold against warm.

    python bench/snapshot_scale.py [--files 10000] [--runs 7]

Generates a git repository of N small text files (spread over 100
directories), stages a one-file change, and measures in the same run:

- cold: a fresh snapshot of the index (`checkout-index -a` into the cache,
  then the record of what was written);
- warm: claiming the cached snapshot of the previous check and bringing
  it up to date (one file changed; the rest verified by size, mtime,
  ctime and inode).

Medians of --runs; the ratio warm / cold is the figure (target: at most 5%).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from commit_guard.sources.gitsnap import SnapshotCache  # noqa: E402  pylint: disable=wrong-import-position

ENV = {**os.environ, "GIT_AUTHOR_NAME": "B", "GIT_AUTHOR_EMAIL": "b@example.invalid",
       "GIT_COMMITTER_NAME": "B", "GIT_COMMITTER_EMAIL": "b@example.invalid"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=ENV)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cg-snap-") as tmp:
        repo, cache = Path(tmp) / "repo", Path(tmp) / "cache"
        repo.mkdir()
        cache.mkdir(mode=0o700)
        git(repo, "init", "-q", "-b", "main")
        for i in range(args.files):
            path = repo / f"d{i % 100:02d}" / f"f{i:05d}.py"
            path.parent.mkdir(exist_ok=True)
            path.write_text(f"VALUE = {i}\n" + "# filler line\n" * 20, encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "base")
        snaps = SnapshotCache(repo, cache)
        cold, warm = [], []
        for run in range(args.runs):
            (repo / "d00" / "f00000.py").write_text(f"VALUE = {run}\n", encoding="utf-8")
            git(repo, "add", "d00/f00000.py")
            shutil.rmtree(snaps.base, ignore_errors=True)  # cold: nothing cached
            snaps = SnapshotCache(repo, cache)
            started = time.perf_counter()
            snap = snaps.fresh()
            cold.append(time.perf_counter() - started)
            snaps.give_back(snap)
            (repo / "d00" / "f00000.py").write_text(f"VALUE = {run + 100}\n", encoding="utf-8")
            git(repo, "add", "d00/f00000.py")
            started = time.perf_counter()
            snap = snaps.claim()
            warm.append(time.perf_counter() - started)
            assert snap is not None and snap.written == 1, snap and snap.written
            snaps.give_back(snap)
        c, w = statistics.median(cold), statistics.median(warm)
        print(f"{args.files} files, {args.runs} runs: cold {c:.3f} s, warm {w:.3f} s, "
              f"warm / cold {w / c:.1%}")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
              f"cpus: {os.cpu_count()}")


if __name__ == "__main__":
    main()
