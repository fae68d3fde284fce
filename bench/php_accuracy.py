"""Accuracy and speed of the built-in PHP checker against ``php -l``.

    python bench/php_accuracy.py DIR [DIR...] [--jobs N] [--mutants N]
        [--compile-mutants N] [--repeat R]

For every .php file under each DIR it prints the false rejects (php -l
accepts, we reject), the false accepts, how often our line equals PHP's on
true rejects (for an unclosed bracket PHP's end-of-file line and the
bracket's line both count), and files/second for both with the same number
of parallel workers: our parser in N processes, N php -l processes at a time.
Timings are medians of --repeat runs.  --mutants N adds N copies per DIR with
one ``;``, ``}`` or ``)`` deleted (seeded, deterministic); --compile-mutants
N adds N copies with one edit php -l refuses when compiling (a duplicated
modifier, a write to a constant, `$a[]` read, ...).

The installed php judges; our checker runs at that PHP's version.  A file
php rejects that our checker accepts at the newest version, flagging only
syntax newer than the installed php, cannot be judged: it is counted as
"needs newer PHP" and left out of the comparison.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import sys
import time
from multiprocessing import get_context
from pathlib import Path
from typing import NamedTuple

from commit_guard.php import PhpProblem, check_source
from commit_guard.php.oracle import agreeing_lines, lint_files
from commit_guard.util import cmd_output

sys.path.insert(0, str(Path(__file__).resolve().parent))
from php_mutate import compile_mutants, make_mutants  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order

REQUIRES = re.compile(r"requires PHP (\d+)\.(\d+)")
Items = list[tuple[str, bytes]]
Results = dict[str, list[PhpProblem]]

_TARGET: tuple[int, int] | None = None


def _init(target: tuple[int, int]) -> None:
    global _TARGET  # pylint: disable=global-statement
    _TARGET = target
    check_source(b"<?php\n", target=target)  # load the parser tables once per worker


def _ready(_index: int) -> int:
    return os.getpid()


def _ours_one(item: tuple[str, bytes]) -> tuple[str, float, list[PhpProblem]]:
    """Check one file; the time is CPU time, so other load on the machine
    does not count against us."""
    name, data = item
    start = time.process_time()
    try:
        problems = check_source(data, target=_TARGET, path=name)
    except Exception as exc:  # pylint: disable=broad-except  # a crash is a finding here
        problems = [PhpProblem(0, 0, "CRASH", "crash", f"{type(exc).__name__}: {exc}")]
    return name, time.process_time() - start, problems


class OurRun(NamedTuple):
    results: Results
    cold: float  # wall seconds including starting the workers and loading tables
    warm: float  # wall seconds once every worker is up
    per_file: list[float]  # CPU seconds per file


def run_ours(items: Items, jobs: int, target: tuple[int, int]) -> OurRun:
    start = time.perf_counter()
    # forkserver: a worker must not inherit (and page in, via its garbage
    # collector) the parent's copy of the whole corpus.
    with get_context("forkserver").Pool(jobs, initializer=_init, initargs=(target,)) as pool:
        pool.map(_ready, range(jobs * 4), chunksize=1)
        ready = time.perf_counter()
        rows = pool.map(_ours_one, items, chunksize=8)
    end = time.perf_counter()
    return OurRun({n: p for n, _t, p in rows}, end - start, end - ready,
                  [t for _n, t, _p in rows])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_php(php: str, items: Items, jobs: int, ini: bool = False) -> tuple[Results, float, float]:
    """php -l on every item: (results, wall seconds, CPU seconds of the php processes)."""
    cpu, start = _children_cpu(), time.perf_counter()
    result = lint_files(php, items, jobs, ini=ini)
    return result, time.perf_counter() - start, _children_cpu() - cpu


def collect(root: Path) -> Items:
    items = []
    for path in sorted(root.rglob("*.php")):
        if path.is_file() and not path.is_symlink():
            items.append((f"{root.name}/{path.relative_to(root).as_posix()}", path.read_bytes()))
    return items


class Comparison(NamedTuple):
    files: int
    agree_valid: int
    true_rejects: int
    line_agree: int
    false_rejects: list[tuple[str, PhpProblem]]
    false_accepts: list[tuple[str, PhpProblem]]
    newer: list[str]
    newer_same_line: int  # of those, php's error is on one of our newer-syntax lines
    other_line: list[tuple[str, PhpProblem, PhpProblem]]  # (name, php's, ours)
    crashes: list[tuple[str, PhpProblem]]  # our checker raised: never a verdict


def _needs_newer(name: str, data: bytes, ours: list[PhpProblem], version: tuple[int, int]) -> bool:
    """Rejected by php and by us only for syntax newer than ``version``."""
    return bool(_newer_lines(ours, version)) and not check_source(data, path=name)


def _newer_lines(ours: list[PhpProblem], version: tuple[int, int]) -> set[int]:
    """Lines of our findings for syntax newer than ``version``."""
    return {p.line for p in ours for m in [REQUIRES.search(p.message)]
            if m and (int(m.group(1)), int(m.group(2))) > version}


def compare(items: Items, ours: Results, theirs: Results, version: tuple[int, int]) -> Comparison:
    agree_valid = true_rejects = line_agree = newer_same_line = 0
    false_rejects, false_accepts, newer, other_line, crashes = [], [], [], [], []
    for name, data in items:
        mine, php = ours[name], theirs[name]
        if mine and mine[0].code == "CRASH":
            crashes.append((name, mine[0]))
        elif not php and not mine:
            agree_valid += 1
        elif not php:
            false_rejects.append((name, mine[0]))
        elif not mine:
            false_accepts.append((name, php[0]))
        elif _needs_newer(name, data, mine, version):
            newer.append(name)
            newer_same_line += bool(agreeing_lines(php[0]) & _newer_lines(mine, version))
        else:
            true_rejects += 1
            if mine[0].line in agreeing_lines(php[0]):
                line_agree += 1
            else:
                other_line.append((name, php[0], mine[0]))
    return Comparison(len(items), agree_valid, true_rejects, line_agree,
                      false_rejects, false_accepts, newer, newer_same_line, other_line, crashes)


def pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


def print_comparison(cmp: Comparison, show: int) -> None:
    judged = cmp.files - len(cmp.newer) - len(cmp.crashes)
    print(f"  judged by php -l: {judged} ({len(cmp.newer)} need PHP newer than installed; "
          f"php's error on our newer-syntax line in {cmp.newer_same_line})")
    print(f"  valid, both agree: {cmp.agree_valid}")
    print(f"  CRASHES of our checker: {len(cmp.crashes)}")
    for name, problem in cmp.crashes[:show]:
        print(f"    {name}: {problem.message}")
    print(f"  false rejects: {len(cmp.false_rejects)}")
    for name, problem in cmp.false_rejects[:show]:
        print(f"    {name}:{problem.line}: {problem.code} {problem.message}")
    compiled = sum(p.code != "CG301" for _n, p in cmp.false_accepts)
    print(f"  false accepts: {len(cmp.false_accepts)} ({pct(len(cmp.false_accepts), judged)}): "
          f"parse errors {len(cmp.false_accepts) - compiled}, compile errors {compiled}")
    for name, problem in cmp.false_accepts[:show]:
        print(f"    {name}:{problem.line}: php -l: {problem.message}")
    print(f"  true rejects: {cmp.true_rejects}, same line: {cmp.line_agree} "
          f"({pct(cmp.line_agree, cmp.true_rejects)})")
    for name, theirs, mine in cmp.other_line[:show]:
        print(f"    {name}: php -l {theirs.line}: {theirs.message} | "
              f"ours {mine.line}: {mine.message}")


def corpus(args: argparse.Namespace, php: str, version: tuple[int, int], root: Path) -> dict:
    items = collect(root)
    print(f"\n== {root} ({len(items)} .php files, {sum(len(d) for _n, d in items) >> 10} KiB)")
    if not items:
        return {}
    php_runs, our_runs = [], []
    for _ in range(args.repeat):
        php_runs.append(run_php(php, items, args.jobs, args.php_ini))
        our_runs.append(run_ours(items, args.jobs, version))
    theirs, ours = php_runs[0][0], our_runs[0].results
    cmp = compare(items, ours, theirs, version)
    print_comparison(cmp, args.show)
    row = {"files": len(items), "cmp": cmp}
    row.update(print_speed(args, items, php_runs, our_runs))
    clean = [(n, d) for n, d in items if not theirs[n] and not ours[n]]
    if args.mutants:
        row["mutants"] = mutants(args, php, version, make_mutants(clean, args.mutants, args.seed))
    if args.compile_mutants:
        row["compile"] = mutants(args, php, version,
                                 compile_mutants(clean, args.compile_mutants, args.seed))
    return row


def print_speed(args: argparse.Namespace, items: Items, php_runs: list, our_runs: list[OurRun]
                ) -> dict[str, float]:
    """Medians over the repeated runs: wall-clock files/second and CPU per file."""
    count = len(items)
    php_wall = statistics.median(wall for _r, wall, _cpu in php_runs)
    our_wall = statistics.median(r.cold for r in our_runs)
    warm = statistics.median(r.warm for r in our_runs)
    print(f"  files/second with {args.jobs} workers (median of {args.repeat}): "
          f"php -l {count / php_wall:.0f}, ours {count / our_wall:.0f} "
          f"({php_wall / our_wall:.1f}x; workers warm: {count / warm:.0f}, "
          f"{php_wall / warm:.1f}x)")
    php_cpu = statistics.median(cpu for _r, _wall, cpu in php_runs)
    our_cpu = statistics.median(sum(r.per_file) for r in our_runs)
    per_ms = sorted(t * 1000 for t in our_runs[0].per_file)
    print(f"  CPU ms per file (load-independent): php -l {1000 * php_cpu / count:.2f}, "
          f"ours {1000 * our_cpu / count:.2f} ({php_cpu / our_cpu:.1f}x); ours: median "
          f"{statistics.median(per_ms):.2f}, p95 {per_ms[int(count * 0.95)]:.2f}, "
          f"max {per_ms[-1]:.0f}")
    slowest = sorted(zip(our_runs[0].per_file, (n for n, _d in items)), reverse=True)[:3]
    print("  slowest for us: " + ", ".join(f"{n} {t * 1000:.0f} ms" for t, n in slowest))
    return {"php": php_wall, "ours": our_wall, "php_cpu": php_cpu, "our_cpu": our_cpu}


def mutants(args: argparse.Namespace, php: str, version: tuple[int, int],
            made: list) -> Comparison:
    items = [(m.name, m.data) for m in made]
    theirs = run_php(php, items, args.jobs)[0]
    ours = run_ours(items, args.jobs, version).results
    cmp = compare(items, ours, theirs, version)
    rejected = cmp.true_rejects + len(cmp.false_accepts)
    print(f"  -- {len(items)} mutants (seed {args.seed}); php -l rejects {rejected}")
    print_comparison(cmp, args.show)
    print(f"  mutant false accepts: {pct(len(cmp.false_accepts), len(items))} of mutated files, "
          f"{pct(len(cmp.false_accepts), rejected)} of those php -l rejects")
    return cmp


def installed_version(php: str) -> tuple[int, int]:
    _code, out, _err = cmd_output(php, "-n", "-r",
                                  "echo PHP_MAJOR_VERSION, '.', PHP_MINOR_VERSION;")
    major, minor = out.strip().split(".")
    return int(major), int(minor)


def totals(rows: list[dict], jobs: int) -> None:
    rows = [r for r in rows if r]
    if not rows:
        print("\n== no .php files")
        return
    files = sum(r["files"] for r in rows)
    fr = sum(len(r["cmp"].false_rejects) for r in rows)
    fa = sum(len(r["cmp"].false_accepts) for r in rows)
    tr = sum(r["cmp"].true_rejects for r in rows)
    crashes = sum(len(r["cmp"].crashes) for r in rows)
    crashes += sum(len(r["mutants"].crashes) for r in rows if "mutants" in r)
    print(f"\n== crashes of our checker (files and mutants): {crashes}")
    la = sum(r["cmp"].line_agree for r in rows)
    php, ours = sum(r["php"] for r in rows), sum(r["ours"] for r in rows)
    php_cpu, our_cpu = sum(r["php_cpu"] for r in rows), sum(r["our_cpu"] for r in rows)
    print(f"\n== total: {files} files; false rejects {fr}; false accepts {fa}; "
          f"line agreement {pct(la, tr)} of {tr}; files/second with {jobs} workers: "
          f"php -l {files / php:.0f}, ours {files / ours:.0f} ({php / ours:.1f}x); "
          f"CPU per file: php -l {1000 * php_cpu / files:.2f} ms, "
          f"ours {1000 * our_cpu / files:.2f} ms ({php_cpu / our_cpu:.1f}x)")
    for key in ("mutants", "compile"):
        _mutant_totals(key, [r[key] for r in rows if key in r])


def _mutant_totals(key: str, muts: list[Comparison]) -> None:
    if muts:
        n = sum(m.files for m in muts)
        mfa = sum(len(m.false_accepts) for m in muts)
        mtr = sum(m.true_rejects for m in muts)
        mla = sum(m.line_agree for m in muts)
        kind = "compile-error mutants" if key == "compile" else "mutants"
        print(f"== {kind}: {n}; false accepts {mfa} ({pct(mfa, n)}); "
              f"line agreement {pct(mla, mtr)} of {mtr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--mutants", type=int, default=0, help="mutants per directory")
    parser.add_argument("--compile-mutants", type=int, default=0,
                        help="compile-error mutants per directory (php_mutate.compile_mutants)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="timing runs (median)")
    parser.add_argument("--php", default="php", help="the php binary that judges")
    parser.add_argument("--php-ini", action="store_true",
                        help="time php -l with its php.ini (as users run it) instead of -n")
    parser.add_argument("--show", type=int, default=40, help="discrepancies listed per kind")
    args = parser.parse_args(argv)
    for folder in args.dirs:
        if not folder.is_dir():
            parser.error(f"not a directory: {folder}")
    version = installed_version(args.php)
    print(f"command: {' '.join([Path(sys.argv[0]).as_posix(), *(argv or sys.argv[1:])])}")
    print(f"php -l: {args.php} {version[0]}.{version[1]} "
          f"({'with its php.ini' if args.php_ini else '-n: no php.ini'}); "
          f"our target {version[0]}.{version[1]}; jobs {args.jobs}")
    rows = [corpus(args, args.php, version, d) for d in args.dirs]
    totals(rows, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
