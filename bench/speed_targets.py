"""The speed targets of issue 21 for pylint and start-up, each against its
baseline measured in the same interleaved rounds, printed as ratios.

    python bench/speed_targets.py [--runs N] [--only cold65,all500,warm]

Run it with the interpreter of a virtualenv where commit-guard is installed
(`pip install .`): the bare-interpreter baseline is that interpreter's own
start, so what the environment's `.pth` files cost falls on both rows.
BENCH_SITE names the site-packages to copy the scenarios' packages from
when that virtualenv does not have them.

  cold65  the pre_commit package staged (67 files), cold (cache cleared
          before each run), against `pylint -j2` on the same files and
          rules/pylintrc; target at most 0.9x
  all500  `check --all` on about 500 files of nine installed packages,
          cold, against `pylint -j2 PACKAGES`; target at most 1.0x, and the
          whole process tree under 1 GiB
  warm    a warm re-check of a 1-file commit against `python -c pass`;
          target at most 4x
  bigwarm the same in a repository with 100,000 more files in its index
          (not a target: what a big index costs; not in the default run)

The Subversion and PHP targets have their own scripts:
bench/svn_bulk.py and bench/php_speed.py.
"""
from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_speed import CG, MIX, PY, PYLINT, Bench  # noqa: E402  pylint: disable=wrong-import-position
from speed_util import (Timing, copy_package, git, load, measure,  # noqa: E402  pylint: disable=wrong-import-position
                        new_repo, print_table)


BIG_FILES = 100_000


class Targets(Bench):
    def __init__(self, work: Path, runs: int) -> None:
        super().__init__(work, runs)
        self.rows: list[tuple[str, Timing, Timing, float, str]] = []

    def verdict(self, name: str, base: Timing, ours: Timing, limit: float,
                also: str = "") -> None:
        self.rows.append((name, base, ours, limit, also))

    def cold65(self) -> None:
        repo, _files = self.package_repo("cold65")
        git(repo, "add", ".")
        rows = measure([self.job("pylint -j2 PACKAGE", [*PYLINT, "-j2", "pre_commit"], repo),
                        self.job("commit-guard check, cold", CG, repo, cold=True)])
        self.report += print_table("65-file commit (pre_commit, 67 files), cold", rows, rows[0])
        self.verdict("65-file commit, cold / pylint -j2", rows[0], rows[1], 0.9)

    def all500(self) -> None:
        repo = new_repo(self.work / "mix")
        for name in MIX:
            copy_package(name, repo)
        git(repo, "add", ".")
        git(repo, "commit", "-q", "--no-verify", "-m", "base")
        few = max(1, self.runs // 2)
        rows = measure([
            self.job("pylint -j2 PACKAGES", [*PYLINT, "-j2", *MIX], repo, few),
            self.job("commit-guard check --all, cold", [*CG, "--all"], repo, few, cold=True)])
        self.report += print_table("--all on nine packages, cold", rows, rows[0])
        memory = rows[1].tree_kb / 1024
        self.verdict("--all, cold / pylint -j2", rows[0], rows[1], 1.0,
                     f"tree RSS {memory:.0f} MiB (limit 1024)")

    def warm_start(self) -> None:
        repo, files = self.package_repo("warm")
        git(repo, "add", ".")
        git(repo, "commit", "-q", "--no-verify", "-m", "base")
        target, rows = self.warm_rows(repo, files, max(15, self.runs * 3))
        self.report += print_table(f"1-file commit ({target}), warm", rows, rows[0])
        self.verdict("1-file warm re-check / bare interpreter", rows[0], rows[1], 4.0)

    def big_warm(self) -> None:
        """The warm re-check in a repository of 100,000 more indexed files
        (one small blob each, in the index only): what reading the index
        listing costs.  Not one of the issue's targets; shown against the
        same bare interpreter."""
        repo, files = self.package_repo("bigwarm")
        git(repo, "add", ".")
        blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input=b"x = 1\n",
                              capture_output=True, check=True).stdout.decode().strip()
        listing = "".join(f"100644 {blob}\tvendor/d{i // 1000}/f{i}.txt\n"
                          for i in range(BIG_FILES))
        subprocess.run(["git", "update-index", "--index-info"], cwd=repo, check=True,
                       input=listing.encode())
        git(repo, "commit", "-q", "--no-verify", "-m", "base")
        target, rows = self.warm_rows(repo, files, max(9, self.runs * 2))
        self.report += print_table(f"1-file commit ({target}) in a repository of "
                                   f"{BIG_FILES + len(files):,} indexed files, warm",
                                   rows, rows[0])

    def warm_rows(self, repo: Path, files: list[str], runs: int) -> tuple[str, list[Timing]]:
        """Edit and stage one file of the committed package, fill the cache,
        then time warm re-checks against the bare interpreter in the same
        rounds: (the file, the two rows)."""
        target = files[len(files) // 2]
        with open(repo / target, "a", encoding="utf-8") as fh:
            fh.write("# edited\n")
        git(repo, "add", target)
        self.clear()
        measure([self.job("fill the cache", CG, repo, 1)])
        return target, measure([
            self.job("python -c pass (bare interpreter)", [PY, "-c", "pass"], repo, runs),
            self.job("commit-guard check, warm", CG, repo, runs)])

    def summary(self) -> None:
        print("\n### Against the targets\n")
        print("| target | baseline s | commit-guard s | ratio | limit | met | also |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, base, ours, limit, also in self.rows:
            ratio = ours.median / base.median
            print(f"| {name} | {base.median:.3f} | {ours.median:.3f} | {ratio:.2f}x | "
                  f"{limit:.1f}x | {'yes' if ratio <= limit else 'NO'} | {also} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="cold65,all500,warm")
    args = parser.parse_args()
    start_load = load()
    with tempfile.TemporaryDirectory(prefix="cg-targets-") as tmp:
        bench = Targets(Path(tmp), args.runs)
        steps = {"cold65": bench.cold65, "all500": bench.all500, "warm": bench.warm_start,
                 "bigwarm": bench.big_warm}
        for name in args.only.split(","):
            steps[name]()
        bench.summary()
    print(f"\n{datetime.date.today()}  load average before: {start_load}, after: {load()}  "
          f"cpus: {os.cpu_count()}  python {sys.version.split()[0]}  ({PY})")


if __name__ == "__main__":
    main()
