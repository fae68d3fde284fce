"""Shared helpers for the git server hook tests: a bare repository with the
pre-receive hook installed, a clone that pushes to it, `git daemon`.

Named test_git_server_* so it sits with the tests it serves; it holds no tests.
"""
from __future__ import annotations

import os
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from tests.helpers import GIT_ENV, git, init_repo, write
from tests.test_svn_support import free_port, run_cli

CLEAN_PY = '"""A clean module."""\n\n\ndef add(a, b):\n    """Sum."""\n    return a + b\n'
# W0611 unused-import on line 3, the only problem.
BAD_PY = '"""A module."""\n\nimport os\n'


@dataclass
class Server:
    """A bare repository with the hook installed, and a clone pushing to it."""

    bare: Path
    wc: Path
    url: str

    def commit(self, files: dict[str, str], message: str = "change") -> str:
        for rel, text in files.items():
            write(self.wc, rel, text)
        git(self.wc, "add", "-A")
        git(self.wc, "commit", "-q", "--allow-empty", "-m", message)
        return self.head()

    def pushed(self, files: dict[str, str], ref: str = "main") -> str:
        """Commit ``files`` and push them, which must be accepted."""
        tip = self.commit(files)
        proc = self.push(ref)
        assert proc.returncode == 0, proc.stderr
        return tip

    def rejected(self, needle: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Push, which must be rejected with ``needle`` in the report."""
        proc = self.push(*args)
        assert proc.returncode == 1 and needle in proc.stderr, proc.stderr
        return proc

    def head(self, rev: str = "HEAD") -> str:
        return git(self.wc, "rev-parse", rev).stdout.decode().strip()

    def push(self, *args: str) -> subprocess.CompletedProcess[str]:
        proc = git(self.wc, "push", self.url, *args, check=False)
        return subprocess.CompletedProcess(proc.args, proc.returncode,
                                           proc.stdout.decode(), proc.stderr.decode())

    def ref(self, name: str) -> str | None:
        proc = git(self.bare, "rev-parse", "-q", "--verify", name, check=False)
        return proc.stdout.decode().strip() or None

    def server_config(self, text: str) -> None:
        """Replace the server config the installed hook reads."""
        (self.bare / "hooks" / "commit-guard.toml").write_text(text, encoding="utf-8")


def make_server(tmp: Path, config: str = "", install: bool = True) -> Server:
    bare = tmp / "srv.git"
    bare.mkdir()
    git(bare, "init", "-q", "--bare", "-b", "main")
    if install:
        cfg = tmp / "server.toml"
        cfg.write_text(config, encoding="utf-8")
        run_cli("install", "git-server", str(bare), "--config", str(cfg))
    wc = init_repo(tmp / "wc")
    return Server(bare, wc, bare.as_uri())


def unsandboxed(config: str = "") -> str:
    """git_server.sandbox off: every protection must hold without it (and the
    sandbox's private /tmp would hide the markers)."""
    if "[git_server]\n" in config:
        return config.replace("[git_server]\n", '[git_server]\nsandbox = "off"\n', 1)
    return config + '[git_server]\nsandbox = "off"\n'


def remote_lines(stderr: str) -> list[str]:
    """What the hook printed, as the pushing client shows it."""
    return [line[len("remote: "):].rstrip() for line in stderr.splitlines()
            if line.startswith("remote: ")]


@contextmanager
def git_daemon(base: Path) -> Iterator[str]:
    """`git daemon` with receive-pack on 127.0.0.1, serving the repositories
    under ``base``; yields its URL prefix (git://127.0.0.1:PORT)."""
    env = {**os.environ, **GIT_ENV}
    for _attempt in range(5):
        port = free_port()  # another process may take it first: retry
        proc = subprocess.Popen(
            ["git", "daemon", "--enable=receive-pack", "--export-all", "--reuseaddr",
             "--listen=127.0.0.1", f"--port={port}", f"--base-path={base}", str(base)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if _listening(port, proc):
            break
        proc.kill()
        proc.wait()
    else:
        raise AssertionError("git daemon did not start")
    try:
        yield f"git://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()


def _listening(port: int, proc: subprocess.Popen[bytes]) -> bool:
    import socket  # pylint: disable=import-outside-toplevel

    for _ in range(100):
        if proc.poll() is not None:
            return False
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False
