"""svn.sandbox: the hook's check runs in bubblewrap, and "required" fails closed.

Real repositories, the real installed hook, real bwrap (Debian package
bubblewrap).  Every other security fix is tested with the sandbox off too
(tests/test_security_*.py).
"""
from __future__ import annotations

import json
import os
import socket
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.test_svn_support import BAD_PY, make_repo, run_cli

SECRET_MARKER = "[bypass-Zq7-secret]"

# Reports what it could reach; fails, so its output is in the client's message.
PROBE_SUITE = '''\
import os, socket, sys
config, port = sys.argv[1], int(sys.argv[2])
try:
    with open(config, encoding="utf-8") as fh:
        print("CONFIG:" + fh.read().replace("\\n", " "))
except OSError as exc:
    print("CONFIG-HIDDEN", exc.errno)
try:
    socket.create_connection(("127.0.0.1", port), timeout=5).close()
    print("NET-CONNECTED")
except OSError as exc:
    print("NET-BLOCKED", exc.errno)
sys.exit(1)
'''


class Listener:
    """A TCP port on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


def probe_config(tmp_path: Path, repo_root: Path, port: int, sandbox: str) -> str:
    script = tmp_path / "probe.py"
    script.write_text(PROBE_SUITE, encoding="utf-8")
    command = [sys.executable, str(script), str(repo_root / "hooks" / "commit-guard.toml"),
               str(port)]
    return (f'[svn]\nsandbox = "{sandbox}"\nbypass_marker = "{SECRET_MARKER}"\n'
            f'[[tests]]\nname = "probe"\ncommand = {json.dumps(command)}\n')


@pytest.mark.parametrize("sandbox", ["auto", "required"])
def test_a_sandboxed_suite_reaches_neither_the_hooks_dir_nor_the_network(
        tmp_path: Path, sandbox: str) -> None:
    require_tool("bwrap")
    listener = Listener()
    try:
        root = tmp_path / "repo"
        repo = make_repo(tmp_path, probe_config(tmp_path, root, listener.port, sandbox))
        repo.write("a.txt", "a\n")
        repo.add("a.txt")
        proc = repo.commit("probe")
    finally:
        listener.close()
    assert "suite probe: failed" in proc.stderr, proc.stderr
    assert "CONFIG-HIDDEN" in proc.stderr
    assert "NET-BLOCKED" in proc.stderr
    assert SECRET_MARKER not in proc.stderr
    assert listener.accepted == 0
    assert "not sandboxed" not in proc.stderr


def no_bwrap_path(tmp_path: Path, fake_bwrap: str | None = None) -> str:
    """A PATH with svn's tools and no working bwrap (a failing one if given)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("svn", "svnlook", "svnadmin", "php"):
        found = require_tool(tool) if tool != "php" else None
        if found:
            os.symlink(found, bin_dir / tool)
    if fake_bwrap is not None:
        (bin_dir / "bwrap").write_text(fake_bwrap, encoding="utf-8")
        (bin_dir / "bwrap").chmod(0o755)
    return str(bin_dir)


def committed_bad_file(tmp_path: Path, sandbox: str):
    repo = make_repo(tmp_path, install=False)
    repo.write("bad.py", BAD_PY)
    repo.add("bad.py")
    assert repo.commit("no hook yet").returncode == 0
    config = tmp_path / "server.toml"
    config.write_text(f'[cache]\ndir = "{tmp_path / "cache"}"\n[svn]\nsandbox = "{sandbox}"\n',
                      encoding="utf-8")
    return repo, config


def test_required_without_bwrap_fails_closed_in_one_line(tmp_path: Path) -> None:
    repo, config = committed_bad_file(tmp_path, "required")
    proc = run_cli("svn-hook", str(repo.root), "-r", "1", "--config", str(config),
                   env={"PATH": no_bwrap_path(tmp_path)}, check=False)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        'commit-guard: error: svn.sandbox = "required": bwrap not found '
        "(Debian package bubblewrap)"]


def test_required_when_bwrap_cannot_make_namespaces_fails_closed(tmp_path: Path) -> None:
    repo, config = committed_bad_file(tmp_path, "required")
    fake = "#!/bin/sh\necho 'bwrap: Creating new namespace failed: Operation not permitted' >&2\n" \
           "exit 1\n"
    proc = run_cli("svn-hook", str(repo.root), "-r", "1", "--config", str(config),
                   env={"PATH": no_bwrap_path(tmp_path, fake)}, check=False)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        'commit-guard: error: svn.sandbox = "required": bwrap could not start the sandbox: '
        "bwrap: Creating new namespace failed: Operation not permitted"]


def test_auto_without_bwrap_checks_unsandboxed_and_says_so_once(tmp_path: Path) -> None:
    repo, config = committed_bad_file(tmp_path, "auto")
    proc = run_cli("svn-hook", str(repo.root), "-r", "1", "--config", str(config),
                   env={"PATH": no_bwrap_path(tmp_path)}, check=False)
    assert proc.returncode == 1
    assert "bad.py:3:1: error W0611 (unused-import)" in proc.stderr
    assert proc.stderr.count("not sandboxed: bwrap not found") == 1
