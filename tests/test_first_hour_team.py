"""A team-wide install (issue 17 item 15): `install git --shared DIR` writes a
committed hooks directory; a teammate's clone turns it on with
core.hooksPath, and a machine without commit-guard gets one line and a
refused commit, never a traceback or a silent pass."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.helpers import CLEAN_PY, cli, git, init_repo, write

BAD_PY = "import os\n"
MISSING = ("commit-guard: not installed on this machine (no commit-guard on PATH, no python "
           "with commit_guard), so this commit is refused unchecked; install it (pip install "
           "commit-guard), or skip once with 'git commit --no-verify'")


def with_our_python() -> dict[str, str]:
    """A PATH whose python3 is the interpreter running the tests (it has commit_guard)."""
    return {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def without_commit_guard(tmp_path: Path) -> dict[str, str]:
    """A PATH with git, and a python3 that has no commit_guard: a teammate's machine."""
    bin_dir = tmp_path / "bare-bin"
    bin_dir.mkdir()
    (bin_dir / "git").symlink_to(shutil.which("git") or "/usr/bin/git")
    write(bin_dir, "python3", "#!/bin/sh\nexit 1\n").chmod(0o755)  # `import` fails
    return {"PATH": str(bin_dir), "PYTHONPATH": ""}


def commit(repo: Path, env: dict[str, str]):
    res = git(repo, "commit", "-m", "change", check=False, env=env)
    return res.returncode, (res.stdout + res.stderr).decode("utf-8", "replace")


def test_shared_hooks_work_for_the_team_and_refuse_without_commit_guard(
        repo: Path, tmp_path: Path) -> None:
    res = cli(repo, "install", "git", "--shared", ".githooks")
    assert res.returncode == 0, res.stderr
    assert "set core.hooksPath=.githooks for this clone" in res.stdout
    assert "each teammate runs once: git config core.hooksPath .githooks" in res.stdout
    hook_text = (repo / ".githooks" / "pre-commit").read_text()
    assert sys.executable not in hook_text  # nothing of this machine in a committed file
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()
    git(repo, "add", ".githooks")
    code, out = commit(repo, with_our_python())
    assert code == 0, out
    # A teammate clones and enables the committed hooks once.
    mate = tmp_path / "mate"
    git(tmp_path, "clone", "-q", str(repo), str(mate))
    init_repo(mate)  # identity for commits
    git(mate, "config", "core.hooksPath", ".githooks")
    write(mate, "bad.py", BAD_PY)
    git(mate, "add", "bad.py")
    code, out = commit(mate, with_our_python())
    assert code == 1 and "bad.py:1:1: error W0611" in out, out
    write(mate, "bad.py", CLEAN_PY)
    git(mate, "add", "bad.py")
    # On a machine without commit-guard: one line, and the commit does not go in.
    code, out = commit(mate, without_commit_guard(tmp_path))
    assert code != 0
    assert out.strip() == MISSING
    assert git(mate, "rev-list", "--count", "HEAD").stdout.strip() == b"1"
    code, out = commit(mate, with_our_python())
    assert code == 0, out


def test_shared_dir_must_be_inside_the_work_tree(repo: Path) -> None:
    for bad in ("../elsewhere", "/tmp/hooks", ".git/hooks"):
        res = cli(repo, "install", "git", "--shared", bad)
        assert res.returncode == 2, bad
        assert res.stderr.count("\n") == 1 and "inside the work tree" in res.stderr


def test_shared_install_keeps_a_foreign_hook(repo: Path) -> None:
    write(repo, ".githooks/pre-commit", "#!/bin/sh\nmake lint\n")
    res = cli(repo, "install", "git", "--shared", ".githooks")
    assert res.returncode == 2 and "is not commit-guard's shared hook" in res.stderr
    assert (repo / ".githooks/pre-commit").read_text() == "#!/bin/sh\nmake lint\n"
    assert cli(repo, "install", "git", "--shared", ".githooks", "--force").returncode == 0
    again = cli(repo, "install", "git", "--shared", ".githooks")
    assert "already installed: .githooks/pre-commit" in again.stdout


def test_doctor_knows_the_shared_hook(repo: Path) -> None:
    assert cli(repo, "install", "git", "--shared", ".githooks").returncode == 0
    write(repo, "ok.py", CLEAN_PY)
    git(repo, "add", "-A")
    res = cli(repo, "doctor")
    assert "is commit-guard's shared hook" in res.stdout
    assert "is not commit-guard's hook" not in res.stdout


def test_readme_pre_commit_snippet_works_today(repo: Path, tmp_path: Path) -> None:
    # The README's `repo: local` snippet (issue 17 item 13), run by the real framework.
    pre_commit = require_tool("pre-commit")
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    snippet = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S)
                   if "repo: local" in b)
    assert "entry: commit-guard check" in snippet and "language: system" in snippet
    write(repo, ".pre-commit-config.yaml", snippet)
    write(repo, "bad.py", BAD_PY)
    git(repo, "add", "-A")
    env = {**os.environ, **with_our_python(), "PRE_COMMIT_HOME": str(tmp_path / "pc-home")}
    if shutil.which("commit-guard", path=env["PATH"]) is None:
        pytest.skip("no commit-guard script on PATH (the package is not installed)")
    run = [pre_commit, "run", "--color", "never"]
    res = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=600,
                         check=False)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "bad.py:1:1: error W0611" in res.stdout
    write(repo, "bad.py", CLEAN_PY)
    git(repo, "add", "bad.py")
    res = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=600,
                         check=False)
    assert res.returncode == 0, res.stdout + res.stderr


def test_svn_rejection_says_a_bypass_exists_without_naming_it(tmp_path: Path) -> None:
    # The marker is the server's to hand out (issue 17 item 11; tests/test_sandbox.py).
    from tests.test_svn_support import make_repo  # pylint: disable=import-outside-toplevel
    svn = make_repo(tmp_path, '[svn]\nbypass_marker = "[hotfix-7Qz]"\n')
    svn.write("bad.py", BAD_PY)
    svn.add("bad.py")
    proc = svn.commit("no marker")
    assert proc.returncode != 0
    assert "to commit anyway: this server takes a bypass marker in the log message" in \
        proc.stderr
    assert "[hotfix-7Qz]" not in proc.stderr
    svn.server_config("")  # no marker configured: nothing said about one
    proc = svn.commit("again")
    assert proc.returncode != 0 and "bypass" not in proc.stderr
