"""Shared test helpers: real git repositories, the real CLI, tree snapshots."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str, check: bool = True, env: dict[str, str] | None = None,
        stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, **GIT_ENV, **(env or {})}
    return subprocess.run(["git", *args], cwd=repo, check=check, capture_output=True,
                          env=full_env, input=stdin)


def init_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Test")
    git(path, "config", "user.email", "test@example.invalid")
    git(path, "config", "commit.gpgsign", "false")
    return path


def write(repo: Path, rel: str, text: str | bytes) -> Path:
    dest = repo / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        dest.write_text(text, encoding="utf-8")
    else:
        dest.write_bytes(text)
    return dest


def merge_conflict(repo: Path, rel: str, base: str, theirs: str, ours: str) -> None:
    """Commit ``base`` at ``rel`` (with whatever else is staged), ``theirs``
    on a branch "other" and ``ours`` on the current branch, then merge
    "other": ``rel`` is left unmerged in the index (stages 1-3)."""
    write(repo, rel, base)
    git(repo, "add", rel)
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "other")
    write(repo, rel, theirs)
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "-")
    write(repo, rel, ours)
    git(repo, "commit", "-q", "-am", "ours")
    git(repo, "merge", "-q", "other", check=False)


def cli(cwd: Path, *args: str, env: dict[str, str] | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as a user would."""
    full_env = {**os.environ, **GIT_ENV, **(env or {})}
    return subprocess.run([sys.executable, "-m", "commit_guard", *args], cwd=cwd,
                          capture_output=True, text=True, env=full_env, timeout=timeout,
                          check=False)


def snapshot(repo: Path) -> dict[str, str]:
    """Hash of every file in the work tree and .git (index included), for
    proving a check changed nothing."""
    result = {}
    for dirpath, _dirs, files in os.walk(repo):
        for name in files:
            full = Path(dirpath) / name
            rel = full.relative_to(repo).as_posix()
            if full.is_symlink():
                result[rel] = "link:" + os.readlink(full)
            else:
                result[rel] = hashlib.sha256(full.read_bytes()).hexdigest()
    return result


CLEAN_PY = '"""A clean module."""\n\n\ndef add(a, b):\n    return a + b\n'
