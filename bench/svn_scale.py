"""What the Subversion hook costs on a 5,000-file repository.

    python bench/svn_scale.py [--repeat N] [--files F] [--changed K]

A throw-away repository (svnadmin create) is filled with F small Python
modules in packages of 100 (one `svn import`).  Each round commits K
modified modules through a real `svn commit` over file://, in turn:

  none     no pre-commit hook (the baseline)
  hook     the installed commit-guard hook with every checker skipped:
           what the hook itself costs beyond the checkers (interpreter,
           svnlook calls, config, report)
  full     the hook with pylint, style and php-syntax (result cache off)

and, in-process, the tree a server-side suite gets:

  snapshot the next revision's snapshot, built from the previous one
  tree     SvnSource.tree() for a K-file change: the copy plus the changes

Medians of N rounds are printed, with ratios to the baseline.
"""
from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from scale_tree import SKIP_ALL, ScaleBench, arguments, write_modules  # noqa: E402  pylint: disable=wrong-import-position
from commit_guard.sources import svntree  # noqa: E402  pylint: disable=wrong-import-position
from commit_guard.sources import svnlook  # noqa: E402  pylint: disable=wrong-import-position
from commit_guard.sources.svn import SvnSource  # noqa: E402  pylint: disable=wrong-import-position

ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}


class Bench(ScaleBench):
    def __init__(self, root: Path, files: int, changed: int) -> None:
        super().__init__(root, files, changed)
        self.repos = root / "repo"
        self.conf = ["--config-dir", str(root / "svnconf"), "--non-interactive"]
        subprocess.run(["svnadmin", "create", str(self.repos)], check=True)
        tree = root / "import"
        write_modules(tree, files)
        self.svn("import", "-q", "-m", "initial import", str(tree), self.repos.as_uri())
        self.svn("checkout", "-q", self.repos.as_uri(), str(self.wc))

    def svn(self, *args: str) -> None:
        proc = subprocess.run(["svn", *self.conf, *args], capture_output=True, env=ENV,
                              cwd=self.root, check=False)
        if proc.returncode:
            raise SystemExit(f"svn {args[0]} failed: {proc.stderr.decode(errors='replace')}")

    def hook(self, server_toml: str | None) -> None:
        hook = self.repos / "hooks" / "pre-commit"
        if server_toml is None:
            subprocess.run([sys.executable, "-m", "commit_guard", "uninstall", "svn",
                            str(self.repos)], check=True, capture_output=True)
            return
        cfg = self.root / "server.toml"
        cfg.write_text(server_toml + f'[cache]\nenabled = false\ndir = "{self.root / "cache"}"\n',
                       encoding="utf-8")
        subprocess.run([sys.executable, "-m", "commit_guard", "install", "svn",
                        str(self.repos), "--config", str(cfg)], check=True, capture_output=True)
        assert hook.exists()

    def commit(self) -> tuple[float, float]:
        """(wall seconds, CPU seconds of the client and the hook it ran)."""
        self.edit()
        cpu = _children_cpu()
        started = time.perf_counter()
        self.svn("commit", "-q", "-m", f"round {self.round}", str(self.wc))
        return time.perf_counter() - started, _children_cpu() - cpu


def _children_cpu() -> float:
    # CPU time does not grow when other work loads the machine; wall time does.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_tree(bench: Bench, repeat: int) -> tuple[list[float], list[float]]:
    """Snapshot of each new revision from the previous one; a K-file tree()."""
    cache_root = bench.root / "tree-cache"
    youngest = svnlook.youngest(bench.repos)
    cache = svntree.SnapshotCache(bench.repos, cache_root)
    cache.get(youngest - repeat - 1)  # the one full export, not measured
    steps, trees = [], []
    for rev in range(youngest - repeat, youngest + 1):
        started = time.perf_counter()
        cache.get(rev)
        steps.append(time.perf_counter() - started)
    for i in range(repeat):
        # A committed revision stands in for a transaction: the same K changes.
        src = SvnSource(bench.repos, rev=youngest - i, cache_root=cache_root)
        dest = bench.root / f"tree{i}"
        started = time.perf_counter()
        src.tree(dest)
        trees.append(time.perf_counter() - started)
        shutil.rmtree(dest)
    return steps, trees


def main() -> None:
    args = arguments(__doc__)
    with tempfile.TemporaryDirectory(prefix="cg-svn-bench-") as tmp:
        bench = Bench(Path(tmp), args.files, args.changed)
        times: dict[str, list[tuple[float, float]]] = {"none": [], "hook": [], "full": []}
        setups = {"none": None, "hook": SKIP_ALL, "full": ""}
        for _ in range(args.repeat):
            for name, setup in setups.items():  # interleaved: load drifts hit all alike
                bench.hook(setup)
                times[name].append(bench.commit())
        steps, trees = measure_tree(bench, args.repeat)
    base = statistics.median(w for w, _c in times["none"])
    base_cpu = statistics.median(c for _w, c in times["none"])
    print(f"{args.files} files, {args.changed} changed per commit, median of {args.repeat}, "
          f"load average {os.getloadavg()[0]:.1f}")
    for name, values in times.items():
        wall = statistics.median(w for w, _c in values)
        cpu = statistics.median(c for _w, c in values)
        print(f"  commit {name:5s} wall {wall:6.3f} s  x{wall / base:5.1f} (+{wall - base:.3f} s)"
              f"   cpu {cpu:6.3f} s (+{cpu - base_cpu:.3f} s)")
    print(f"  snapshot of a new revision  {statistics.median(steps):6.3f} s")
    print(f"  tree() of a {args.changed}-file change  {statistics.median(trees):6.3f} s")


if __name__ == "__main__":
    main()
