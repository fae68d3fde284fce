"""Shared helpers for the Subversion tests: real repositories, real clients.

Named test_svn_* so it sits with the tests it serves; it holds no tests.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from tests.conftest import require_tool

CLEAN_PY = '"""A clean module."""\n\n\ndef add(a, b):\n    """Sum."""\n    return a + b\n'
# W0611 unused-import on line 3, the only problem.
BAD_PY = '"""A module."""\n\nimport os\n'


def client_env(home: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
            "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}


@dataclass
class SvnRepo:
    """A repository with the hook installed and a working copy of it."""

    root: Path  # the repository directory
    wc: Path
    home: Path
    url: str

    def svn(self, *args: str, cwd: Path | None = None, check: bool = True,
            wc: Path | None = None) -> subprocess.CompletedProcess[str]:
        cmd = ["svn", "--non-interactive", "--config-dir", str(self.home / "svnconf"), *args]
        proc = subprocess.run(cmd, cwd=cwd or wc or self.wc, capture_output=True, text=True,
                              env=client_env(self.home), timeout=300, check=False)
        if check and proc.returncode != 0:
            raise AssertionError(f"svn {' '.join(args)} failed:\n{proc.stderr}")
        return proc

    def write(self, rel: str, data: str | bytes, wc: Path | None = None) -> Path:
        dest = (wc or self.wc) / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        dest.write_bytes(data)
        return dest

    def add(self, *rels: str, wc: Path | None = None) -> None:
        self.svn("add", "-q", "--parents", *rels, wc=wc)

    def commit(self, message: str = "change", wc: Path | None = None,
               check: bool = False) -> subprocess.CompletedProcess[str]:
        return self.svn("commit", "-m", message, wc=wc, check=check)

    def commit_at_once(self, working_copies: dict[str, Path]
                       ) -> dict[str, subprocess.CompletedProcess[str]]:
        """Commit every working copy at the same moment (one thread each,
        released together); the message of each commit is its key."""
        results: dict[str, subprocess.CompletedProcess[str]] = {}
        barrier = threading.Barrier(len(working_copies))

        def run(name: str, wc: Path) -> None:
            barrier.wait()
            results[name] = self.commit(name, wc=wc)

        threads = [threading.Thread(target=run, args=item) for item in working_copies.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    def youngest(self) -> int:
        return int(subprocess.run(["svnlook", "youngest", str(self.root)], check=True,
                                  capture_output=True, text=True).stdout)

    def checkout(self, name: str) -> Path:
        dest = self.home.parent / name
        self.svn("checkout", "-q", self.url, str(dest), cwd=self.home.parent)
        return dest

    def server_config(self, text: str) -> None:
        """Replace the server config the installed hook reads."""
        (self.root / "hooks" / "commit-guard.toml").write_text(
            f'[cache]\ndir = "{self.home / "cache"}"\n' + text, encoding="utf-8")


def make_repo(tmp: Path, config: str = "", install: bool = True) -> SvnRepo:
    for tool in ("svn", "svnadmin", "svnlook"):
        require_tool(tool)
    root = tmp / "repo"
    home = tmp / "home"
    home.mkdir()
    subprocess.run(["svnadmin", "create", str(root)], check=True, capture_output=True)
    repo = SvnRepo(root, tmp / "wc", home, root.as_uri())
    if install:
        cfg = tmp / "server.toml"
        cfg.write_text(f'[cache]\ndir = "{home / "cache"}"\n' + config, encoding="utf-8")
        run_cli("install", "svn", str(root), "--config", str(cfg))
    repo.svn("checkout", "-q", repo.url, str(repo.wc), cwd=tmp)
    return repo


def run_cli(*args: str, env: dict[str, str] | None = None,
            check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "commit_guard", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=300, check=False)
    if check and proc.returncode not in (0, 1):
        raise AssertionError(f"commit-guard {' '.join(args)}: {proc.returncode}\n{proc.stderr}")
    return proc


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def svnserve(root: Path) -> Iterator[str]:
    """svnserve on 127.0.0.1 (anonymous write) serving ``root``; yields its URL."""
    require_tool("svnserve")
    (root / "conf" / "svnserve.conf").write_text(
        "[general]\nanon-access = write\nauth-access = write\n", encoding="utf-8")
    pid_file = root.parent / "svnserve.pid"
    for _attempt in range(5):
        port = free_port()  # another process may take it first: retry
        proc = subprocess.run(["svnserve", "-d", "--listen-host", "127.0.0.1",
                               "--listen-port", str(port), "-r", str(root.parent),
                               "--pid-file", str(pid_file)], capture_output=True, check=False)
        if proc.returncode == 0:
            break
    else:
        raise AssertionError(f"svnserve did not start: {proc.stderr!r}")
    for _ in range(100):
        if pid_file.is_file() and pid_file.read_text().strip():
            break
        time.sleep(0.05)
    pid = int(pid_file.read_text().strip())
    try:
        yield f"svn://127.0.0.1:{port}/{root.name}"
    finally:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
