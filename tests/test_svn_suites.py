"""Server-side unit-test suites run on the transaction's full tree."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.test_svn_support import make_repo

CALC = '"""Calculator."""\n\n\ndef add(a, b):\n    """Sum."""\n    return a + b\n'
BROKEN_CALC = CALC.replace("a + b", "a - b")
TEST_CALC = ('"""Tests."""\nfrom calc import add\n\n\n'
             'def test_add():\n    """Adds."""\n    assert add(2, 3) == 5\n')
TEST_MORE = ('"""More tests."""\nfrom calc import add\n\n\n'
             'def test_zero():\n    """Zero."""\n    assert add(0, 0) == 0\n')


def server_suite() -> str:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    return f'[[tests]]\nname = "unit"\ncommand = {json.dumps(command)}\n'


def seeded(tmp_path: Path):
    repo = make_repo(tmp_path, server_suite())
    repo.write("calc.py", CALC)
    # A package: pylint (plain pylint too) then finds calc.py from a commit of
    # tests/ alone; without it, tests/ is the base directory and calc is E0401.
    repo.write("tests/__init__.py", "")
    repo.write("tests/test_calc.py", TEST_CALC)
    repo.add("calc.py", "tests")
    first = repo.commit("seed")
    assert first.returncode == 0, first.stderr
    return repo


def test_passing_then_failing_server_suite(tmp_path: Path) -> None:
    repo = seeded(tmp_path)
    assert repo.youngest() == 1
    repo.write("calc.py", BROKEN_CALC)
    proc = repo.commit("break it")
    assert proc.returncode != 0
    assert "suite unit: failed" in proc.stderr
    assert "test_add" in proc.stderr
    assert repo.youngest() == 1


def test_concurrent_commits_get_their_own_trees(tmp_path: Path) -> None:
    repo = seeded(tmp_path)
    other = repo.checkout("wc2")
    repo.write("calc.py", BROKEN_CALC)  # fails the suite, but only in its own tree
    repo.write("tests/test_more.py", TEST_MORE, wc=other)
    repo.add("tests/test_more.py", wc=other)
    results = repo.commit_at_once({"broken": repo.wc, "more": other})
    assert results["broken"].returncode != 0
    assert "suite unit: failed" in results["broken"].stderr
    assert results["more"].returncode == 0, results["more"].stderr
    assert repo.youngest() == 2
