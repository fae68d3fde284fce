"""The tests checker end to end: real pytest suites in real git repositories."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from commit_guard import config as config_mod
from commit_guard.runner import run_checks
from commit_guard.sources.staged import GitStagedSource
from tests.helpers import GIT_ENV, cli, git, snapshot, write
from tests.suite_helpers import (BAD_OPS, GOOD_OPS, PY, alive, calc_project, config,
                                 group_members, head, install_hook, staged_tree, unit_suite)


def checked(repo: Path):
    source = GitStagedSource(repo)
    cfg = config_mod.load(None, repo, source.read)
    return run_checks(source, cfg, 2, only=("tests",)).results["tests"]


def suites(repo: Path) -> dict[str, dict]:
    return {s["name"]: s for s in checked(repo).detail["suites"]}


def test_staged_break_with_fixed_work_tree_is_rejected_by_git_commit(repo: Path) -> None:
    pkg = calc_project(repo)
    install_hook(repo)
    write(repo, f"{pkg}/ops.py", BAD_OPS)
    git(repo, "add", f"{pkg}/ops.py")
    write(repo, f"{pkg}/ops.py", GOOD_OPS)  # fixed, but not staged
    before_head, before_index, before = head(repo), staged_tree(repo), snapshot(repo)
    proc = git(repo, "commit", "-m", "break", check=False)
    out = proc.stdout.decode() + proc.stderr.decode()
    assert proc.returncode != 0, out
    assert "tests/test_ops.py::test_add" in out and "CG401" in out
    assert "triggered by src/calc/ops.py" in out
    assert head(repo) == before_head and staged_tree(repo) == before_index
    assert (repo / pkg / "ops.py").read_text() == GOOD_OPS
    after = snapshot(repo)
    # git itself may refresh the index's stat data; the content is compared above.
    assert {k: v for k, v in after.items() if k != ".git/index"} == \
        {k: v for k, v in before.items() if k != ".git/index"}


def test_staged_good_with_broken_work_tree_is_accepted(repo: Path) -> None:
    pkg = calc_project(repo)
    install_hook(repo)
    write(repo, f"{pkg}/ops.py", "def add(a, b):\n    return b + a\n")
    git(repo, "add", f"{pkg}/ops.py")
    write(repo, f"{pkg}/ops.py", BAD_OPS)  # broken, not staged
    write(repo, "tests/test_extra.py", "def test_untracked():\n    assert False\n")
    before = snapshot(repo)
    proc = git(repo, "commit", "-q", "-m", "good")
    assert proc.returncode == 0
    assert (repo / pkg / "ops.py").read_text() == BAD_OPS
    after = snapshot(repo)
    assert {k for k in after if not k.startswith(".git/")} == \
        {k for k in before if not k.startswith(".git/")}


def test_editable_install_trap_imports_the_snapshot(repo: Path) -> None:
    # An editable install puts the work tree's src/ on the import path.  An
    # inherited PYTHONPATH entry does the same without pip: the suite must
    # still import the staged package.
    pkg = calc_project(repo)
    write(repo, f"{pkg}/ops.py", BAD_OPS)
    git(repo, "add", f"{pkg}/ops.py")
    write(repo, f"{pkg}/ops.py", GOOD_OPS)
    before = snapshot(repo)
    env = {"PYTHONPATH": str(repo / "src")}
    res = cli(repo, "check", env=env)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "tests/test_ops.py::test_add" in res.stdout
    assert snapshot(repo) == before


def test_editable_finder_simulation_does_not_win(repo: Path, tmp_path: Path) -> None:
    # setuptools' editable finder is a meta-path finder appended at start-up
    # (from a .pth); a sitecustomize on the outer PYTHONPATH does the same.
    pkg = calc_project(repo)
    site = tmp_path / "site"
    write(site, "sitecustomize.py", (
        "import importlib.machinery, importlib.util, sys\n"
        "class Finder:\n"
        "    @classmethod\n"
        "    def find_spec(cls, name, path=None, target=None):\n"
        "        if name == 'calc':\n"
        "            return importlib.util.spec_from_file_location(name,\n"
        f"                {str(repo / pkg / '__init__.py')!r},\n"
        f"                submodule_search_locations=[{str(repo / pkg)!r}])\n"
        "        return None\n"
        "sys.meta_path.append(Finder)\n"))
    write(repo, f"{pkg}/ops.py", "def add(a, b):\n    return int(a) + int(b)\n")
    git(repo, "add", f"{pkg}/ops.py")
    write(repo, f"{pkg}/ops.py", BAD_OPS)
    res = cli(repo, "check", env={"PYTHONPATH": str(site)})
    assert res.returncode == 0, res.stdout + res.stderr


def test_commit_all_checks_the_temporary_index(repo: Path) -> None:
    # `git commit -a` stages the work tree into a temporary index
    # (GIT_INDEX_FILE): that content is what the suite must see.
    pkg = calc_project(repo)
    install_hook(repo)
    write(repo, f"{pkg}/ops.py", BAD_OPS)
    before_head = head(repo)
    proc = git(repo, "commit", "-a", "-m", "all", check=False)
    assert proc.returncode != 0
    assert "tests/test_ops.py::test_add" in proc.stdout.decode() + proc.stderr.decode()
    assert head(repo) == before_head
    assert git(repo, "diff", "--cached", "--name-only").stdout == b""


def test_non_matching_triggers_skip_the_suite(repo: Path) -> None:
    php = {"name": "php", "command": ["sh", "-c", "exit 1"], "triggers": ["*.php"]}
    calc_project(repo, unit_suite(triggers=["src/**/*.py"]), php)
    write(repo, "src/calc/ops.py", GOOD_OPS + "\n")
    git(repo, "add", "src/calc/ops.py")
    before = snapshot(repo)
    got = suites(repo)
    assert got["php"]["status"] == "skipped"
    assert got["php"]["reason"] == "no changed file matches its triggers"
    assert got["unit"]["status"] == "passed"
    assert got["unit"]["triggered_by"] == ["src/calc/ops.py"]
    res = cli(repo, "check")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "1 suite passed" in res.stdout  # the one line of a passing check
    res = cli(repo, "check", "-v")
    assert "no changed file matches its triggers" in res.stdout
    assert snapshot(repo) == before


def test_sleeping_suite_is_killed_at_its_timeout(repo: Path, tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    sleeper = {"name": "sleepy", "timeout": 1, "env": {"PIDS": str(pids)},
               "command": ["sh", "-c", 'sleep 60 & echo $! > "$PIDS"; echo $$ >> "$PIDS"; wait']}
    calc_project(repo, sleeper)
    write(repo, "notes.txt", "x\n")
    git(repo, "add", "notes.txt")
    before = snapshot(repo)
    started = time.monotonic()
    res = cli(repo, "check")
    took = time.monotonic() - started
    assert res.returncode == 1, res.stdout + res.stderr
    assert "suite 'sleepy' timed out after 1 s" in res.stdout and "CG402" in res.stdout
    assert took < 30
    child, leader = (int(x) for x in pids.read_text().split())
    deadline = time.monotonic() + 5
    while (alive(child) or group_members(leader)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(leader) and not alive(child)
    assert not group_members(leader)
    assert snapshot(repo) == before


def test_ctrl_c_kills_the_suite_and_leaves_no_temp_dir(repo: Path, tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    hang = {"name": "hang", "timeout": 120, "command": [
        PY, "-c", "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid()));"
        " time.sleep(60)", str(pidfile)]}
    calc_project(repo, hang)
    write(repo, "notes.txt", "x\n")
    git(repo, "add", "notes.txt")
    before = snapshot(repo)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, **GIT_ENV, "TMPDIR": str(tmp)}
    with subprocess.Popen([sys.executable, "-m", "commit_guard", "check"], cwd=repo, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        try:
            deadline = time.monotonic() + 30
            while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < deadline:
                time.sleep(0.05)
            suite_pid = int(pidfile.read_text())
            proc.send_signal(signal.SIGINT)
            _out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 130, err
    assert not alive(suite_pid)
    assert not list(tmp.iterdir())
    assert snapshot(repo) == before


def test_failed_suite_without_junit_reports_output_tail(repo: Path) -> None:
    script = {"name": "script", "command": ["sh", "-c", "echo checking; echo 'boom: bad'; exit 3"]}
    calc_project(repo, script)
    write(repo, "notes.txt", "x\n")
    git(repo, "add", "notes.txt")
    got = suites(repo)["script"]
    assert got["status"] == "failed" and got["returncode"] == 3
    assert got["output_tail"] == ["checking", "boom: bad"]
    res = checked(repo)
    assert [f.code for f in res.findings] == ["CG401"]
    assert res.findings[0].path == "pyproject.toml"
    assert res.findings[0].message.endswith("exit 3): boom: bad")


def test_missing_executable_is_a_suite_error(repo: Path) -> None:
    calc_project(repo, {"name": "ghost", "command": ["no-such-runner-xyz"]})
    write(repo, "notes.txt", "x\n")
    git(repo, "add", "notes.txt")
    res = checked(repo)
    assert [f.code for f in res.findings] == ["CG403"]
    assert "no-such-runner-xyz" in res.findings[0].message


def test_check_all_runs_suites_on_the_work_tree(repo: Path) -> None:
    pkg = calc_project(repo)
    write(repo, f"{pkg}/ops.py", BAD_OPS)  # not staged: --all checks the disk
    res = cli(repo, "check", "--all")
    assert res.returncode == 1, res.stdout + res.stderr
    assert "tests/test_ops.py::test_add" in res.stdout
    assert git(repo, "diff", "--cached", "--name-only").stdout == b""


def test_fail_fast_cancels_suites_after_a_lint_failure(repo: Path) -> None:
    # Long enough that pylint fails first on a loaded machine (it did not,
    # with 3 s, at a load average of 8 on 2 CPUs).
    slow = {"name": "slow", "timeout": 120, "command": [PY, "-c", "import time; time.sleep(60)"]}
    calc_project(repo, slow, skip=["style", "php-syntax"], fail_fast=True)
    write(repo, "broken.py", "def f(:\n")
    git(repo, "add", "broken.py")
    result = run_checks(GitStagedSource(repo), config_mod.load(None, repo), 2,
                        only=("pylint", "tests"))
    assert result.results["pylint"].findings
    slow_suite = result.results["tests"].detail["suites"][0]
    assert slow_suite["status"] == "cancelled"


def test_without_fail_fast_suites_finish_after_a_lint_failure(repo: Path) -> None:
    slow = {"name": "slow", "timeout": 120, "command": [PY, "-c", "import time; time.sleep(2)"]}
    calc_project(repo, slow, skip=["style", "php-syntax"])
    write(repo, "broken.py", "def f(:\n")
    git(repo, "add", "broken.py")
    result = run_checks(GitStagedSource(repo), config_mod.load(None, repo), 2,
                        only=("pylint", "tests"))
    assert result.results["pylint"].findings
    assert result.results["tests"].detail["suites"][0]["status"] == "passed"


def test_suites_run_concurrently_up_to_jobs(repo: Path, tmp_path: Path) -> None:
    # Each suite waits until both have started: only a concurrent run passes.
    marks = tmp_path / "marks"
    marks.mkdir()
    code = ("import os, sys, time; d = sys.argv[1]; open(os.path.join(d, sys.argv[2]), 'w');"
            " end = time.time() + 10\n"
            "while len(os.listdir(d)) < 2 and time.time() < end: time.sleep(0.05)\n"
            "sys.exit(0 if len(os.listdir(d)) >= 2 else 1)")
    pair = [{"name": n, "timeout": 30, "command": [PY, "-c", code, str(marks), n]}
            for n in ("one", "two")]
    calc_project(repo, *pair)
    write(repo, "notes.txt", "x\n")
    git(repo, "add", "notes.txt")
    assert [s["status"] for s in suites(repo).values()] == ["passed", "passed"]


@pytest.mark.parametrize("key, value, message", [
    ("cwd", "../outside", "cwd '../outside' must be a relative path inside the tree"),
    ("cwd", "missing", "cwd 'missing' is not a directory in the checked tree"),
])
def test_bad_cwd_is_a_suite_error(repo: Path, key: str, value: str, message: str) -> None:
    calc_project(repo, unit_suite(**{key: value}))
    write(repo, "notes.txt", "x\n")
    git(repo, "add", "notes.txt")
    res = checked(repo)
    assert [f.code for f in res.findings] == ["CG403"]
    assert message in res.findings[0].message


def test_link_makes_untracked_vendor_visible(repo: Path) -> None:
    # phpunit lives in vendor/, which is never committed.
    runner = "#!/bin/sh\necho vendored runner ran\nexit 0\n"
    calc_project(repo, {"name": "vendored", "command": ["vendor/bin/run"], "link": ["vendor"]})
    write(repo, ".gitignore", "vendor/\n")
    tool = write(repo, "vendor/bin/run", runner)
    tool.chmod(0o755)
    git(repo, "add", ".gitignore")
    got = suites(repo)["vendored"]
    assert got["status"] == "passed", got
    assert got["output_tail"] == ["vendored runner ran"]


def test_empty_suite_list_skips_the_checker(repo: Path) -> None:
    write(repo, "pyproject.toml", config())
    git(repo, "add", "pyproject.toml")
    res = checked(repo)
    assert res.status == "skipped" and "no suites configured" in res.note
