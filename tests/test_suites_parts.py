"""JUnit parsing (phpunit stand-in), the staged tree, progress, supervised runs."""
from __future__ import annotations

import io
import os
import pty
import threading
import time
from pathlib import Path

import pytest

from commit_guard import config as config_mod
from commit_guard.checkers.suites import junit
from commit_guard.progress import Progress
from commit_guard.runner import run_checks
from commit_guard.sources.staged import GitStagedSource
from commit_guard.util import run_supervised
from tests.helpers import git, snapshot, write
from tests.suite_helpers import alive, config, group_members

PHPUNIT_XML = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="all" tests="4" failures="1" errors="1">
    <testsuite name="CalcTest" file="tests/CalcTest.php" tests="3">
      <testcase name="testAdd" class="CalcTest" classname="CalcTest" file="tests/CalcTest.php"/>
      <testcase name="testSub" class="CalcTest" classname="CalcTest" file="tests/CalcTest.php">
        <failure type="PHPUnit\\Framework\\ExpectationFailedException">1 != 2</failure>
      </testcase>
      <testcase name="testDiv" class="CalcTest" classname="CalcTest" file="tests/CalcTest.php">
        <error type="DivisionByZeroError">Division by zero</error>
      </testcase>
    </testsuite>
    <testsuite name="SkipTest" tests="1">
      <testcase name="testLater" class="SkipTest" classname="SkipTest"><skipped/></testcase>
    </testsuite>
  </testsuite>
</testsuites>
"""

# A phpunit stand-in: `phpunit --log-junit FILE` writes JUnit XML and exits 1.
FAKE_PHPUNIT = """#!/bin/sh
while [ $# -gt 0 ]; do
  case "$1" in --log-junit) out="$2"; shift;; esac
  shift
done
cat tests/report.xml > "$out"
echo "FAILURES! Tests: 4, Assertions: 4, Failures: 1, Errors: 1."
exit 1
"""


def suite_detail(repo: Path) -> tuple[list, list]:
    source = GitStagedSource(repo)
    res = run_checks(source, config_mod.load(None, repo, source.read), 2,
                     only=("tests",)).results["tests"]
    return res.detail["suites"], res.findings


@pytest.mark.parametrize("how", ["placeholder", "junit-key"])
def test_phpunit_style_suite_failed_names_come_from_junit(repo: Path, how: str) -> None:
    if how == "placeholder":
        suite = {"name": "php", "command": ["sh", "bin/phpunit", "--log-junit", "{junit}"],
                 "triggers": ["*.php"]}
    else:
        suite = {"name": "php", "command": ["sh", "bin/phpunit", "--log-junit", "build/j.xml"],
                 "junit": "build/j.xml", "triggers": ["*.php"]}
        write(repo, "build/.keep", "")
    write(repo, "bin/phpunit", FAKE_PHPUNIT)
    write(repo, "tests/report.xml", PHPUNIT_XML)
    write(repo, "pyproject.toml", config(suite))
    write(repo, "src/Calc.php", "<?php\nfunction add($a, $b) { return $a + $b; }\n")
    git(repo, "add", "-A")
    before = snapshot(repo)
    suites, findings = suite_detail(repo)
    assert suites[0]["status"] == "failed"
    assert suites[0]["failed_tests"] == ["CalcTest::testSub", "CalcTest::testDiv"]
    assert suites[0]["tests"] == 4
    assert suites[0]["triggered_by"] == ["src/Calc.php"]
    assert suites[0]["output_tail"][-1].startswith("FAILURES!")
    # Each failed test is a finding at the file its report names.
    assert [(f.code, f.path) for f in findings] == [("CG401", "tests/CalcTest.php")] * 2
    assert [f.message for f in findings] == [
        "suite 'php': CalcTest::testSub failed: 1 != 2",
        "suite 'php': CalcTest::testDiv failed: Division by zero"]
    assert snapshot(repo) == before


def test_junit_parse_pytest_shape_and_bad_files(tmp_path: Path) -> None:
    good = write(tmp_path, "p.xml", '<testsuites><testsuite name="pytest">'
                 '<testcase classname="tests.test_a" name="test_x"><failure/></testcase>'
                 '<testcase classname="tests.test_a" name="test_y"/></testsuite></testsuites>')
    report = junit.parse(good)
    assert (report.tests, report.failed) == (2, ["tests.test_a::test_x"])
    with pytest.raises(junit.JUnitError, match="not valid JUnit XML"):
        junit.parse(write(tmp_path, "bad.xml", "<testsuites><oops>"))
    with pytest.raises(junit.JUnitError, match="root element <html>"):
        junit.parse(write(tmp_path, "html.xml", "<html/>"))
    with pytest.raises(junit.JUnitError, match="cannot read"):
        junit.parse(tmp_path / "missing.xml")


def test_staged_tree_has_index_content_symlinks_and_honours_git_index_file(
        repo: Path, tmp_path: Path) -> None:
    write(repo, "a.txt", "committed\n")
    os.symlink("a.txt", repo / "link")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    write(repo, "a.txt", "staged\n")
    git(repo, "add", "a.txt")
    write(repo, "a.txt", "work tree\n")
    before = snapshot(repo)
    tree = GitStagedSource(repo).tree(tmp_path / "t1")
    assert (tree / "a.txt").read_text() == "staged\n"
    assert os.readlink(tree / "link") == "a.txt"
    alt = tmp_path / "alt-index"
    git(repo, "read-tree", "HEAD", env={"GIT_INDEX_FILE": str(alt)})
    os.environ["GIT_INDEX_FILE"] = str(alt)
    try:
        tree2 = GitStagedSource(repo).tree(tmp_path / "t2")
    finally:
        del os.environ["GIT_INDEX_FILE"]
    assert (tree2 / "a.txt").read_text() == "committed\n"
    assert snapshot(repo) == before


def test_progress_draws_on_a_tty_and_is_silent_otherwise() -> None:
    quiet = io.StringIO()
    with Progress("tests", stream=quiet, interval=0.01) as progress:
        progress.start("unit")
        time.sleep(0.05)
        progress.finish("unit", "passed")
    assert quiet.getvalue() == ""
    master, slave = pty.openpty()
    with os.fdopen(slave, "w") as tty:
        with Progress("tests", stream=tty, interval=0.01) as progress:
            progress.start("unit")
            time.sleep(0.05)
            progress.finish("unit", "passed")
    drawn = read_all(master)
    assert "tests: running unit" in drawn
    assert "tests: unit passed (" in drawn


def read_all(master: int) -> str:
    """Everything written to a pty whose slave side is closed."""
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: drained and the slave is gone
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return b"".join(chunks).decode()


def test_run_supervised_kills_stragglers_after_a_normal_exit(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    run = run_supervised(["sh", "-c", f"sleep 60 & echo $! > {pidfile}; echo $$ >> {pidfile}"],
                         tmp_path / "out", timeout=30)
    assert run.returncode == 0 and not run.timed_out
    child, leader = (int(x) for x in pidfile.read_text().split())
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child) and not group_members(leader)


def test_run_supervised_cancel_event(tmp_path: Path) -> None:
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    run = run_supervised(["sleep", "30"], tmp_path / "out", timeout=60, cancel=cancel)
    assert run.cancelled and run.returncode is None
    assert time.monotonic() - started < 10


def test_progress_stays_quiet_before_its_delay() -> None:
    # The check's shared line waits a second: a quick check prints nothing.
    master, slave = pty.openpty()
    with os.fdopen(slave, "w") as tty:
        with Progress("commit-guard", stream=tty, interval=0.01, delay=30) as progress:
            progress.start("pylint on 1 file")
            time.sleep(0.05)
            progress.done("pylint on 1 file")
            progress.start("suite unit")
            progress.finish("suite unit", "passed")
    assert read_all(master) == ""
    master, slave = pty.openpty()
    with os.fdopen(slave, "w") as tty:
        with Progress("commit-guard", stream=tty, interval=0.01) as progress:
            progress.start("pylint on 1 file")
            time.sleep(0.05)
            progress.done("pylint on 1 file")
    drawn = read_all(master)
    assert "commit-guard: running pylint on 1 file" in drawn
    assert "pylint on 1 file passed" not in drawn
