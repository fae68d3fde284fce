"""The `commit-guard` hook of .pre-commit-hooks.yaml, run by the real pre-commit framework.

pre-commit installs the hook repository into a virtualenv of its own with
pip (from PyPI or the configured index), so the first run takes a while;
PRE_COMMIT_HOME is shared for the session.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.helpers import CLEAN_PY, GIT_ENV, git, init_repo, write

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", name="pre_commit_home")
def pre_commit_home_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def project_snapshot_repo(dest: Path) -> Path:
    """This project as a git repository with one commit, including uncommitted
    work (pre-commit needs a revision; a clone of HEAD would test stale code)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=PROJECT, capture_output=True,
                            check=True).stdout
    for rel in dict.fromkeys(p.decode() for p in listed.split(b"\0") if p):
        src = PROJECT / rel
        if not (src.is_file() or src.is_symlink()):
            continue  # deleted in the work tree, or a submodule
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel, follow_symlinks=False)
    init_repo(dest)
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "snapshot")
    return dest


def try_repo(cwd: Path, hook_repo: Path, home: Path) -> tuple[int, str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home)}
    res = subprocess.run(["pre-commit", "try-repo", str(hook_repo), "commit-guard",
                          "--verbose"], cwd=cwd, env=env, capture_output=True, text=True,
                         timeout=900, check=False)
    return res.returncode, res.stdout + res.stderr


def test_try_repo_checks_the_staged_file_and_fails_it(tmp_path: Path,
                                                      pre_commit_home: Path) -> None:
    require_tool("pre-commit")
    hook_repo = project_snapshot_repo(tmp_path / "commit-guard")
    target = init_repo(tmp_path / "target")
    write(target, "bad.py", "import os\n")
    git(target, "add", "bad.py")
    # Fixed on disk but not staged: pre-commit stashes this, so the hook must
    # still see (and reject) the staged version.
    write(target, "bad.py", CLEAN_PY)
    code, out = try_repo(target, hook_repo, pre_commit_home)
    assert code == 1, out
    assert "commit-guard" in out and "Failed" in out
    assert "bad.py:1:1: error W0611 (unused-import)" in out
    assert (target / "bad.py").read_text() == CLEAN_PY  # pre-commit restored the work tree

    git(target, "add", "bad.py")
    code, out = try_repo(target, hook_repo, pre_commit_home)
    assert code == 0, out
    assert "commit accepted" in out


def test_system_hook_uses_the_project_environment(tmp_path: Path,
                                                  pre_commit_home: Path) -> None:
    """`commit-guard-system` (language: system) runs the commit-guard on PATH;
    the dependency installed only in the project's .venv is seen: no
    import-error, and a wrong call into it is found."""
    require_tool("pre-commit")
    require_tool("commit-guard")
    hook_repo = project_snapshot_repo(tmp_path / "commit-guard")
    target = init_repo(tmp_path / "target")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(target / ".venv")],
                   check=True)
    site = next((target / ".venv").glob("lib/python*/site-packages"))
    write(site, "extlib/__init__.py", '"""Ext."""\n\n\ndef fetch(url):\n    """F."""\n'
                                      '    return url\n')
    write(target, ".gitignore", ".venv/\n")
    write(target, "app.py", '"""App."""\nimport extlib\n\nextlib.fetch("u", 2)\n')
    git(target, "add", "app.py", ".gitignore")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(pre_commit_home)}
    res = subprocess.run(["pre-commit", "try-repo", str(hook_repo), "commit-guard-system",
                          "--verbose"], cwd=target, env=env, capture_output=True, text=True,
                         timeout=900, check=False)
    out = res.stdout + res.stderr
    assert res.returncode == 1, out
    assert "app.py:4:1: error E1121 (too-many-function-args)" in out
    assert "import-error" not in out
