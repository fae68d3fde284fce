"""PHP syntax check of many real files: commit-guard against `php -n -l`,
with the same number of workers, in one run.

    python bench/php_speed.py DIR [--files 2000] [--jobs 2] [--rounds 3] [--target 8.2]
                              [--compare OTHER_CHECKOUT]

DIR is a directory of public PHP code extracted outside this repository
(see docs/php-checker.md).  ``--files`` of its ``.php`` files, evenly
spaced over their sorted paths, are copied into a temporary directory;
then, in interleaved rounds (so load from other processes falls on every
row alike):

- ``php -n -l``: one process per file, ``--jobs`` at a time (xargs -P);
- commit-guard end to end: ``commit-guard check --no-cache --only
  php-syntax -j JOBS DIR`` (the CLI, the disk source, routing, worker
  processes, the report).  ``--no-cache``: no result is read or written,
  so every run is cold.  The parser tables live in the bench's own cache
  directory, generated once before timing, as an installed commit-guard
  keeps them;
- the checker alone in this process, one worker, no start-up (the CPU
  cost of the parse itself).

``--compare`` times another checkout of commit-guard (an older commit,
say) in the same rounds.  Medians over ``--rounds`` and their ratios are
printed.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed_util import Job, Timing, load, measure  # noqa: E402  pylint: disable=wrong-import-position

ROOT = Path(__file__).resolve().parent.parent


def pick(corpus: Path, count: int) -> list[Path]:
    """``count`` files evenly spaced over the corpus's sorted .php files."""
    files = sorted(p for p in corpus.rglob("*.php") if p.is_file() and not p.is_symlink())
    if len(files) <= count:
        return files
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def in_process(files: list[Path], target: str) -> tuple[float, float]:
    """(seconds, CPU seconds) of the checker over ``files`` in this process."""
    sys.path.insert(0, str(ROOT))
    from commit_guard.php import parse_version  # pylint: disable=import-outside-toplevel
    from commit_guard.php.parallel import check_many  # pylint: disable=import-outside-toplevel

    items = [(str(p), p.read_bytes()) for p in files]
    version = parse_version(target)
    check_many(items[:1], version, 1)  # load the tables: not timed
    start, cpu = time.perf_counter(), time.process_time()
    check_many(items, version, 1)
    return time.perf_counter() - start, time.process_time() - cpu


def copy_files(sources: list[Path], tree: Path) -> list[Path]:
    tree.mkdir()
    files = []
    for index, src in enumerate(sources):
        dest = tree / f"{index:05d}_{src.name}"
        shutil.copyfile(src, dest)
        files.append(dest)
    return files


def run_rounds(files: list[Path], work: Path, opts: argparse.Namespace) -> list[Timing]:
    """php -n -l and commit-guard (and the --compare tree's), interleaved rounds."""
    listing = work / "files0"
    listing.write_bytes(b"".join(bytes(p) + b"\0" for p in files))
    config = work / "commit-guard.toml"
    config.write_text(f'[php]\nversion = "{opts.target}"\n', encoding="utf-8")
    env = {**os.environ, "COMMIT_GUARD_CACHE_DIR": str(work / "cache"), "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    guard = [sys.executable, "-m", "commit_guard", "check", "--config", str(config),
             "--no-cache", "--only", "php-syntax", "-j", str(opts.jobs), str(files[0].parent)]
    # Once untimed: the parser tables are generated into the cache directory.
    subprocess.run(guard, cwd=work, env=env, stdout=subprocess.DEVNULL, check=False)
    lint = f"xargs -0 -n1 -P{opts.jobs} php -n -l < {listing} > /dev/null 2>&1; true"
    jobs = [Job(f"php -n -l, one process per file, P={opts.jobs}", ["sh", "-c", lint], work, env,
                opts.rounds),
            Job(f"commit-guard check --no-cache --only php-syntax -j{opts.jobs}", guard, work,
                env, opts.rounds)]
    if opts.compare:
        # Another checkout of commit-guard (e.g. an older commit), same rounds.
        other = {**env, "PYTHONPATH": str(opts.compare.resolve()),
                 "COMMIT_GUARD_CACHE_DIR": str(work / "cache-compare")}
        subprocess.run(guard, cwd=work, env=other, stdout=subprocess.DEVNULL, check=False)
        jobs.append(Job(f"the same, from {opts.compare.name}", guard, work, other, opts.rounds))
    return measure(jobs)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    args.add_argument("corpus", type=Path)
    args.add_argument("--files", type=int, default=2000)
    args.add_argument("--jobs", type=int, default=2)
    args.add_argument("--rounds", type=int, default=3)
    args.add_argument("--target", default="8.2", help="php.version (php -l here is 8.2)")
    args.add_argument("--compare", type=Path, help="another commit-guard checkout to time too")
    opts = args.parse_args()
    start_load = load()
    if not shutil.which("php"):
        sys.exit("php_speed: no php on PATH")
    sources = pick(opts.corpus, opts.files)
    if not sources:
        sys.exit(f"php_speed: no .php files under {opts.corpus}")
    with tempfile.TemporaryDirectory(prefix="cg-php-speed-") as tmp:
        files = copy_files(sources, Path(tmp) / "src")
        size = sum(p.stat().st_size for p in files)
        php, guard, *others = run_rounds(files, Path(tmp), opts)
        alone = [in_process(files, opts.target) for _ in range(opts.rounds)]
    print(f"\n{len(files)} files, {size / 1e6:.1f} MB, from {opts.corpus.name}; target "
          f"{opts.target}; {opts.rounds} rounds; load before/after: {start_load}, {load()}")
    print("\n| run | median s | per file ms | php -n -l / this |\n| --- | --- | --- | --- |")
    for label, seconds in ((php.label, php.median), (guard.label, guard.median),
                           ("checker alone, in-process, 1 worker",
                            statistics.median(a[0] for a in alone)),
                           ("  (its CPU time)", statistics.median(a[1] for a in alone)),
                           *((o.label, o.median) for o in others)):
        print(f"| {label} | {seconds:.2f} | {seconds / len(files) * 1000:.2f} | "
              f"{php.median / seconds:.1f}x |")
    # Rounds are interleaved: each round's ratio saw about the same load.
    for other in others:
        print(f"per round {other.label} / commit-guard: "
              + ", ".join(f"{o / g:.2f}x" for o, g in zip(other.runs, guard.runs)))
    ratios = [p / g for p, g in zip(php.runs, guard.runs)]
    print(f"\nper round php -n -l / commit-guard: {', '.join(f'{r:.1f}x' for r in ratios)} "
          f"(median {statistics.median(ratios):.1f}x); runs php {[round(r, 2) for r in php.runs]}"
          f", commit-guard {[round(r, 2) for r in guard.runs]}; exit codes php "
          f"{sorted(php.codes)}, commit-guard {sorted(guard.codes)}")


if __name__ == "__main__":
    main()
