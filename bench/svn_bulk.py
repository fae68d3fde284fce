"""What the Subversion hook costs on one big commit: a 10,000-file text import.

    python bench/svn_bulk.py [--files 10000] [--repeat N] [--reader-repeat M] [--skip-hook]

Each round imports a fresh directory of F small text files (.txt, .md,
.csv, .ini, in directories of 100; new content every round, so no result
is cached) into a throw-away repository with a real `svn import` over
file://, in turn:

  none     no pre-commit hook (the baseline)
  hook     the installed commit-guard hook with its default checks (style
           on every text file) and the default sandbox

and, in-process on the last imported revision, the transaction reader
alone (SvnSource.files(): every file's content and properties):

  reader fs       the Subversion Python bindings (one process)
  reader svnlook  the fallback: a svnlook cat and proplist per file, 4 at once

Medians of N rounds (M for the readers), interleaved; each row with its
ratio to the baseline measured in the same run.
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

from commit_guard.sources import svnfs  # noqa: E402  pylint: disable=wrong-import-position
from commit_guard.sources.svn import SvnSource  # noqa: E402  pylint: disable=wrong-import-position

ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}
KINDS = (".txt", ".md", ".csv", ".ini")
TEXT = "Line one of file {n}, round {r}.\n\n{body}\nThe end of file {n}.\n"
BODY = "".join(f"item {i}: some words that make a line of ordinary length\n" for i in range(8))


def write_tree(tree: Path, files: int, round_no: int) -> None:
    for i in range(files):
        folder = tree / f"dir{i // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"file{i}{KINDS[i % len(KINDS)]}").write_text(
            TEXT.format(n=i, r=round_no, body=BODY), encoding="utf-8")


class Bulk:
    def __init__(self, root: Path, files: int) -> None:
        self.root = root
        self.files = files
        self.repos = root / "repo"
        self.rounds = 0
        self.conf = ["--config-dir", str(root / "svnconf"), "--non-interactive"]
        subprocess.run(["svnadmin", "create", str(self.repos)], check=True)

    def hook(self, on: bool) -> None:
        cmd = [sys.executable, "-m", "commit_guard"]
        # cwd: run from a checkout, `-m` would import the checkout's package,
        # not the installed one the hook runs with (hooks/ is mapped only there).
        if not on:
            subprocess.run([*cmd, "uninstall", "svn", str(self.repos)], check=True,
                           capture_output=True, cwd=self.root)
            return
        cfg = self.root / "server.toml"
        cfg.write_text(f'[cache]\ndir = "{self.root / "cache"}"\n', encoding="utf-8")
        subprocess.run([*cmd, "install", "svn", str(self.repos), "--config", str(cfg)],
                       check=True, capture_output=True, cwd=self.root)

    def commit(self) -> float:
        """One import of F new files; its wall time (the tree is written first)."""
        self.rounds += 1
        tree = self.root / f"import{self.rounds}"
        write_tree(tree, self.files, self.rounds)
        started = time.perf_counter()
        proc = subprocess.run(["svn", *self.conf, "import", "-q", "-m", f"round {self.rounds}",
                               str(tree), f"{self.repos.as_uri()}/import{self.rounds}"],
                              capture_output=True, env=ENV, cwd=self.root, check=False)
        took = time.perf_counter() - started
        if proc.returncode:
            raise SystemExit(f"svn import failed: {proc.stderr.decode(errors='replace')}")
        subprocess.run(["rm", "-rf", str(tree)], check=True)
        return took


def read_all(repos: Path, rev: int, reader: str) -> tuple[float, int]:
    started = time.perf_counter()
    got = SvnSource(repos, rev=rev, reader=reader).files()
    return time.perf_counter() - started, sum(len(f.content or b"") for f in got)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reader-repeat", type=int, default=1)
    parser.add_argument("--skip-hook", action="store_true",
                        help="only the reader rows (one import, no hook)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cg-svn-bulk-") as tmp:
        bench = Bulk(Path(tmp), args.files)
        times: dict[str, list[float]] = {"none": [], "hook": []}
        for _ in range(0 if args.skip_hook else args.repeat):
            for name, values in times.items():  # interleaved: load drifts hit both alike
                bench.hook(name == "hook")
                values.append(bench.commit())
        if args.skip_hook:
            bench.commit()
        readers: dict[str, list[float]] = {"fs": [], "svnlook": []}
        sizes = set()
        for _ in range(args.reader_repeat):
            for name, values in readers.items():
                if name == "fs" and not svnfs.available():
                    continue
                took, size = read_all(bench.repos, bench.rounds, name)
                values.append(took)
                sizes.add(size)
    assert len(sizes) == 1, f"the readers disagree on the content: {sizes}"
    print(f"{args.files}-file text import (svn import over file://), median of {args.repeat} "
          f"(readers: {args.reader_repeat}), load average {os.getloadavg()[0]:.1f}")
    if times["none"]:
        base = statistics.median(times["none"])
        for name, values in times.items():
            wall = statistics.median(values)
            print(f"  commit {name:5s}       {wall:7.2f} s  x{wall / base:4.2f}")
    base_reader = statistics.median(readers["svnlook"])
    for name, values in readers.items():
        if values:
            wall = statistics.median(values)
            print(f"  reader {name:8s}    {wall:7.2f} s  x{wall / base_reader:4.2f} "
                  f"of svnlook")
    if not svnfs.available():
        print(f"  reader fs: not available ({svnfs.why_unavailable()})")


if __name__ == "__main__":
    main()
