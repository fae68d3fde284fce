"""A per-file time budget for pylint (issue 14, item 10, the pylint part).

A few lines can keep astroid busy for minutes: a diamond of classes, each
level inheriting from both classes of the level below, doubles the work of
every ancestor walk per level (29 lines took 12 s on the test machine,
every two more lines double it).  A file over ``pylint.file_timeout`` is a
blocking finding naming it, the other files are still checked, and the
check ends: in this process (a git check) and in a killable worker (the
svn server, several pylint processes).
"""
from __future__ import annotations

import time
from pathlib import Path

from tests.helpers import cli, git, write
from tests.test_security_pylint import unsandboxed
from tests.test_svn_support import make_repo

BUDGET = 5
BAD_PY = '"""A module."""\n\nimport os\n'  # W0611 on line 3


def inference_bomb(levels: int = 17) -> str:
    """2 * levels + 1 lines; pylint's time doubles with each level."""
    lines = ['"""Inference bomb: a diamond of classes."""',
             'class A0: """Root."""', 'class B0: """Root."""']
    for i in range(1, levels):
        lines += [f'class A{i}(A{i - 1}, B{i - 1}): """Left."""',
                  f'class B{i}(A{i - 1}, B{i - 1}): """Right."""']
    return "\n".join(lines) + "\n"


TIMEOUT_LINE = (f"bomb.py: error CG005 (pylint-timeout) pylint took longer than {BUDGET} s "
                "on this file; it is not checked (pylint.file_timeout)")


def check_bomb(repo: Path, extra: dict[str, str], env: dict[str, str] | None = None):
    files = {"bomb.py": inference_bomb(), "bad.py": BAD_PY,
             "commit-guard.toml": f"[pylint]\nfile_timeout = {BUDGET}\n", **extra}
    for rel, text in files.items():
        write(repo, rel, text)
    git(repo, "add", ".")
    started = time.monotonic()
    res = cli(repo, "check", env=env)
    return res, time.monotonic() - started


def test_git_bomb_is_a_finding_in_process(repo: Path) -> None:
    res, took = check_bomb(repo, {})
    assert res.returncode == 1, res.stdout + res.stderr
    assert TIMEOUT_LINE in res.stdout
    assert "bad.py:3:1: error W0611 (unused-import)" in res.stdout  # still checked
    assert took < 60


def test_git_bomb_with_several_pylint_processes(repo: Path) -> None:
    env = {"COMMIT_GUARD_PYLINT_MIN_BATCH": "1", "COMMIT_GUARD_PYLINT_IGNORE_IDLE": "1"}
    res, took = check_bomb(repo, {"other.py": BAD_PY,
                                  "commit-guard.toml": f"jobs = 2\n[pylint]\nfile_timeout = "
                                                       f"{BUDGET}\n"}, env)
    assert res.returncode == 1, res.stdout + res.stderr
    assert TIMEOUT_LINE in res.stdout
    assert "other.py:3:1: error W0611" in res.stdout and "bad.py:3:1: error W0611" in res.stdout
    assert res.stdout.count("CG005") == 1
    assert took < 90


def test_svn_bomb_blocks_the_commit(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, unsandboxed(f"[pylint]\nfile_timeout = {BUDGET}\n"))
    repo.write("bomb.py", inference_bomb())
    repo.write("bad.py", BAD_PY)
    repo.add("bomb.py", "bad.py")
    started = time.monotonic()
    proc = repo.commit()
    assert time.monotonic() - started < 60
    assert proc.returncode != 0 and repo.youngest() == 0
    assert TIMEOUT_LINE in proc.stderr
    assert "bad.py:3:1: error W0611" in proc.stderr


def test_timeout_is_not_cached(repo: Path) -> None:
    # How long a file took is no result: the next run tries again.
    res, _took = check_bomb(repo, {})
    assert TIMEOUT_LINE in res.stdout
    res, took = check_bomb(repo, {})
    assert TIMEOUT_LINE in res.stdout and took > BUDGET


def test_svn_committed_regex_that_backtracks_is_a_finding(tmp_path: Path) -> None:
    # An allowed option (a naming pattern) that takes forever in C, where no
    # Python-level interrupt reaches: the worker is killed.
    repo = make_repo(tmp_path, unsandboxed(f"[pylint]\nfile_timeout = {BUDGET}\n"
                                           "[svn]\nallow_tree_config = true\n"))
    repo.write("pylintrc", "[BASIC]\nfunction-rgx = (a+)+$\n")
    repo.write("slow.py", '"""M."""\n\n\ndef ' + "a" * 34 + 'B():\n    """F."""\n')
    repo.write("bad.py", BAD_PY)
    repo.add("pylintrc", "slow.py", "bad.py")
    started = time.monotonic()
    proc = repo.commit()
    assert time.monotonic() - started < 60
    assert TIMEOUT_LINE.replace("bomb.py", "slow.py") in proc.stderr, proc.stderr
    assert "bad.py:3:1: error W0611" in proc.stderr and repo.youngest() == 0
