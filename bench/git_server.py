"""What the git pre-receive hook costs on a 5,000-file repository.

    python bench/git_server.py [--repeat N] [--files F] [--changed K]

A throw-away bare repository is filled with F small Python modules in
packages of 100 (one commit, pushed before any hook is there).  Each round
commits K modified modules in a clone and pushes them over file://, in turn:

  none     no pre-receive hook (the baseline)
  hook     the installed commit-guard hook with every checker skipped:
           what the hook itself costs beyond the checkers (interpreter,
           config, the git calls that find the commits and read the
           change, the sandbox, the report)
  full     the hook with pylint, style and php-syntax (result cache off)

both as installed, with the default git_server.sandbox ("auto": in
bubblewrap when it works), and again with git_server.sandbox = "off"
(hook-nosb, full-nosb).  Medians of N rounds are printed, with the ratio
to the baseline; the rounds are interleaved, so a load drift hits all
alike.  Wall time only: the sandboxed check runs in its own pid namespace,
out of reach of the CPU accounting of the pushing client.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale_tree import SKIP_ALL, ScaleBench, arguments, write_modules
from speed_util import GIT_ENV

ENV = {**os.environ, **GIT_ENV}


class Bench(ScaleBench):
    def __init__(self, root: Path, files: int, changed: int) -> None:
        super().__init__(root, files, changed)
        self.bare = root / "srv.git"
        self.git(root, "init", "-q", "--bare", "-b", "main", str(self.bare))
        self.git(root, "init", "-q", "-b", "main", str(self.wc))
        write_modules(self.wc, files)
        self.git(self.wc, "add", "-A")
        self.git(self.wc, "commit", "-q", "-m", "initial")
        self.git(self.wc, "push", "-q", self.bare.as_uri(), "main")

    @staticmethod
    def git(cwd: Path, *args: str) -> None:
        proc = subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, check=False)
        if proc.returncode:
            raise SystemExit(f"git {args[0]} failed: {proc.stderr.decode(errors='replace')}")

    def hook(self, server_toml: str | None) -> None:
        cli = [sys.executable, "-m", "commit_guard"]
        if server_toml is None:
            subprocess.run([*cli, "uninstall", "git-server", str(self.bare)], check=True,
                           capture_output=True)
            return
        cfg = self.root / "server.toml"
        cfg.write_text(server_toml + f'[cache]\nenabled = false\ndir = "{self.root / "cache"}"\n',
                       encoding="utf-8")
        subprocess.run([*cli, "install", "git-server", str(self.bare), "--config", str(cfg)],
                       check=True, capture_output=True)

    def push(self) -> float:
        """Wall seconds of one push of K changed modules."""
        self.edit()
        self.git(self.wc, "commit", "-q", "-a", "-m", f"round {self.round}")
        started = time.perf_counter()
        self.git(self.wc, "push", "-q", self.bare.as_uri(), "main")
        return time.perf_counter() - started


def main() -> None:
    args = arguments(__doc__)
    with tempfile.TemporaryDirectory(prefix="cg-git-server-bench-") as tmp:
        bench = Bench(Path(tmp), args.files, args.changed)
        off = '[git_server]\nsandbox = "off"\n'
        setups = {"none": None, "hook": SKIP_ALL, "full": "", "hook-nosb": SKIP_ALL + off,
                  "full-nosb": off}
        times: dict[str, list[float]] = {name: [] for name in setups}
        for _ in range(args.repeat):
            for name, setup in setups.items():
                bench.hook(setup)
                times[name].append(bench.push())
    base = statistics.median(times["none"])
    print(f"{args.files} files, {args.changed} changed per push, median of {args.repeat}, "
          f"load average {os.getloadavg()[0]:.1f}")
    for name, values in times.items():
        wall = statistics.median(values)
        print(f"  push {name:9s} wall {wall:6.3f} s  x{wall / base:5.1f} (+{wall - base:.3f} s)")


if __name__ == "__main__":
    main()
