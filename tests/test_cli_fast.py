"""The git hook's bare `check` (and `check PATH...`) is parsed without
click (cli.fast_check); every answer must be the one click's `check` gives."""
from __future__ import annotations

import re
from pathlib import Path

from commit_guard.cli import fast_check
from commit_guard.commands.checking import CheckArgs
from tests.helpers import cli, git, write

TIMES = re.compile(r"\(\d+\.\d+s\)|in \d+\.\d+s")


def _same(fast_args: list[str], click_args: list[str], cwd: Path) -> None:
    fast, slow = cli(cwd, *fast_args), cli(cwd, *click_args)
    assert fast.returncode == slow.returncode, (fast.stderr, slow.stderr)
    assert TIMES.sub("", fast.stdout) == TIMES.sub("", slow.stdout)
    assert fast.stderr == slow.stderr


def test_only_a_bare_check_with_paths_skips_click() -> None:
    assert fast_check(["check"]) == CheckArgs()
    assert fast_check(["check", "a.py", "b/"]) == CheckArgs(paths=("a.py", "b/"))
    for args in ([], ["check", "--all"], ["check", "-v"], ["check", "a.py", "--", "-b.py"],
                 ["check", "-"], ["fix"], ["checks"], ["--version"], ["check", "--help"]):
        assert fast_check(args) is None, args


def test_fast_check_reports_as_click_does(repo: Path) -> None:
    write(repo, "bad.py", "def f(:\n    pass\n")
    write(repo, "ok.py", '"""Fine."""\n')
    write(repo, "style.php", "<?php\necho 1;   \n")
    git(repo, "add", ".")
    # -j 2 sends the same check through click; the worker count does not
    # change the report.
    _same(["check"], ["check", "-j", "2"], repo)
    _same(["check", "ok.py", "style.php"], ["check", "-j", "2", "ok.py", "style.php"], repo)
    git(repo, "rm", "-q", "--cached", "bad.py")
    _same(["check"], ["check", "-j", "2"], repo)


def test_fast_check_errors_are_one_line(tmp_path: Path) -> None:
    res = cli(tmp_path, "check")
    assert res.returncode == 2
    assert res.stderr == ("commit-guard: error: not inside a git work tree: give PATHs to "
                          "check, or --all\n")
    assert res.stdout == ""
