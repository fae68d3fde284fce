"""What mode = "new" costs on top of a plain check, and what matching costs.

    python bench/legacy_overhead.py [--repeat N] [--files K]

1. A throw-away git repository holding K copies of a real ~270-line module
   of this project (commit_guard/changeset.py) with one pylint problem
   planted in each; one line of each is edited and staged.
   `commit-guard check --only pylint` and the same with `--new-only` run
   alternately (cache disabled, so both do all their work); medians of N
   runs and their ratio are printed.  Then the same without the planted
   problem: a clean change needs no old run.
2. The pure matching step (matching.match) on a 5,000-line file with 1,000
   findings moved by an inserted block: median of N.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from commit_guard.finding import Finding  # noqa: E402  pylint: disable=wrong-import-position
from commit_guard.legacy.matching import match  # noqa: E402  pylint: disable=wrong-import-position

ENV = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.invalid",
       "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.invalid", "NO_COLOR": "1"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=ENV)


def make_repo(root: Path, files: int, plant: bool = True) -> Path:
    repo = root / ("repo" if plant else "clean")
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "commit-guard.toml").write_text("[cache]\nenabled = false\n", encoding="utf-8")
    module = (HERE / "commit_guard" / "changeset.py").read_text(encoding="utf-8")
    planted = module + ("\n\ndef _planted():\n    unused = 1\n" if plant else "")
    (repo / "pkg").mkdir()
    (repo / "pkg" / "__init__.py").write_text('"""Bench package."""\n', encoding="utf-8")
    for i in range(files):
        (repo / "pkg" / f"mod{i}.py").write_text(planted, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "legacy")
    for i in range(files):
        path = repo / "pkg" / f"mod{i}.py"
        path.write_text("# edited\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "add", "-A")
    return repo


def timed(repo: Path, *args: str) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "commit_guard", "check", "--only", "pylint",
                           *args], cwd=repo, capture_output=True, text=True, env=ENV, check=False)
    took = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr)
    return took


def bench_check(repeat: int, files: int, plant: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(Path(tmp), files, plant)
        plain, new = [], []
        for _ in range(repeat):
            plain.append(timed(repo))
            new.append(timed(repo, "--new-only"))
        p, n = statistics.median(plain), statistics.median(new)
        what = "one old problem each" if plant else "clean: no old run needed"
        print(f"check, {files} staged file(s) of ~280 lines, {what}, medians of {repeat}:")
        print(f"  plain       {p:6.2f} s")
        print(f"  --new-only  {n:6.2f} s   ratio {n / p:.2f}x")


def bench_match(repeat: int) -> None:
    old_lines = [f"    value_{i} = compute({i})" for i in range(5000)]
    new_lines = [f"    inserted_{i} = 0" for i in range(50)] + old_lines
    old = [Finding("pylint", "W0612", "unused-variable", "m.py", i * 5 + 1, 5, "m")
           for i in range(1000)]
    new = [f._replace(line=f.line + 50) for f in old]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        intro, existing = match(new, old, new_lines, old_lines)
        times.append(time.perf_counter() - started)
    assert not intro and len(existing) == 1000
    print(f"match, 5,000 lines / 1,000 findings moved by 50 lines: "
          f"{statistics.median(times) * 1000:.1f} ms (median of {repeat})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--files", type=int, default=1)
    args = parser.parse_args()
    bench_match(args.repeat)
    bench_check(args.repeat, args.files, plant=False)
    bench_check(args.repeat, args.files, plant=True)


if __name__ == "__main__":
    main()
