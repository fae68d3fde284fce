"""Suites with stage = "pre-push": run by a real `git push`, on the pushed
commits' tree, never on the working tree."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers import GIT_ENV, cli, git, init_repo, write
from tests.suite_helpers import BAD_OPS, GOOD_OPS, calc_project, unit_suite


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path) -> Path:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    repo = init_repo(tmp_path / "repo")
    calc_project(repo, unit_suite(stage="pre-push"))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    assert cli(repo, "install", "git").returncode == 0
    return repo


def push(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    import os  # pylint: disable=import-outside-toplevel
    return subprocess.run(["git", "push", "origin", *args], cwd=repo, capture_output=True,
                          text=True, env={**os.environ, **GIT_ENV}, check=False)


def remote_tip(repo: Path, branch: str = "main") -> str:
    return git(repo, "ls-remote", "origin", f"refs/heads/{branch}").stdout.decode().split()[0]


def test_failing_suite_blocks_the_push_not_the_commit(repo: Path) -> None:
    before = remote_tip(repo)
    write(repo, "src/calc/ops.py", BAD_OPS)
    git(repo, "add", "src/calc/ops.py")
    commit = git(repo, "commit", "-q", "-m", "break", check=False)
    assert commit.returncode == 0, commit.stderr  # the suite runs at push, not here
    write(repo, "src/calc/ops.py", GOOD_OPS)  # fixed in the work tree, not committed
    res = push(repo, "main")
    assert res.returncode != 0
    out = res.stdout + res.stderr
    assert "tests/test_ops.py::test_add" in out and "CG401" in out
    assert remote_tip(repo) == before


def test_good_push_goes_through_whatever_the_work_tree_holds(repo: Path) -> None:
    write(repo, "README", "docs\n")
    git(repo, "add", "README")
    git(repo, "commit", "-q", "-m", "docs")
    write(repo, "src/calc/ops.py", BAD_OPS)  # broken in the work tree only
    res = push(repo, "main")
    assert res.returncode == 0, res.stdout + res.stderr
    assert remote_tip(repo) == git(repo, "rev-parse", "HEAD").stdout.decode().strip()


def test_new_branch_is_checked_from_where_it_leaves_the_remote(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, "src/calc/ops.py", BAD_OPS)
    git(repo, "commit", "-qam", "break")
    res = push(repo, "feature")
    assert res.returncode != 0
    assert "triggered by src/calc/ops.py" in res.stdout + res.stderr


def test_deleting_a_branch_runs_nothing(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "gone")
    write(repo, "src/calc/ops.py", BAD_OPS)
    git(repo, "commit", "-qam", "break")
    assert push(repo, "--no-verify", "gone").returncode == 0
    res = push(repo, "--delete", "gone")
    assert res.returncode == 0, res.stdout + res.stderr


def test_commit_time_check_says_the_suite_runs_at_push(repo: Path) -> None:
    write(repo, "src/calc/ops.py", BAD_OPS)
    git(repo, "add", "src/calc/ops.py")
    res = cli(repo, "check", "-v")
    assert res.returncode == 0, res.stdout
    assert "1 suite run at git push" in res.stdout
