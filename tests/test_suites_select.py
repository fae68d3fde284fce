"""select = "affected": real pytest runs on a strict subset, and the fallbacks."""
from __future__ import annotations

from pathlib import Path

from commit_guard import config as config_mod
from commit_guard.checkers.suites.imports import (first_party_imports, import_graph,
                                                  importers_closure)
from commit_guard.runner import run_checks
from commit_guard.sources.staged import GitStagedSource
from tests.helpers import git, snapshot, write
from tests.suite_helpers import config, unit_suite

MODULES = {
    "src/shop/__init__.py": "",
    "src/shop/money.py": "def cents(x):\n    return round(x * 100)\n",
    "src/shop/cart.py": "from shop.money import cents\n\n\ndef total(xs):\n"
                        "    return sum(cents(x) for x in xs)\n",
    "src/shop/names.py": "def title(s):\n    return s.title()\n",
    "tests/conftest.py": "",
    "tests/test_money.py": "from shop.money import cents\n\n\ndef test_cents():\n"
                           "    assert cents(1.5) == 150\n",
    "tests/test_cart.py": "from shop import cart\n\n\ndef test_total():\n"
                          "    assert cart.total([1, 2]) == 300\n",
    "tests/test_names.py": "from shop.names import title\n\n\ndef test_title():\n"
                           "    assert title('ab') == 'Ab'\n",
}


def shop(repo: Path) -> None:
    for rel, text in MODULES.items():
        write(repo, rel, text)
    write(repo, "pyproject.toml", config(unit_suite(select="affected")))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "shop")


def unit(repo: Path) -> dict:
    source = GitStagedSource(repo)
    result = run_checks(source, config_mod.load(None, repo, source.read), 2, only=("tests",))
    return result.results["tests"].detail["suites"][0]


def change(repo: Path, rel: str, extra: str = "\n# changed\n") -> None:
    write(repo, rel, (repo / rel).read_text() + extra)
    git(repo, "add", rel)


def test_leaf_change_runs_a_strict_subset(repo: Path) -> None:
    shop(repo)
    change(repo, "src/shop/names.py")
    before = snapshot(repo)
    got = unit(repo)
    assert got["status"] == "passed", got
    assert got["selected"] == ["tests/test_names.py"]
    assert got["tests"] == 1  # pytest ran 1 of the 3 tests (from its JUnit report)
    assert "affected: 1 of 3 test modules" in got["reason"]
    assert snapshot(repo) == before


def test_transitive_importers_are_selected(repo: Path) -> None:
    shop(repo)
    change(repo, "src/shop/money.py")
    got = unit(repo)
    assert got["selected"] == ["tests/test_cart.py", "tests/test_money.py"]
    assert got["tests"] == 2


def test_affected_subset_still_fails_on_a_break(repo: Path) -> None:
    shop(repo)
    write(repo, "src/shop/money.py", "def cents(x):\n    return 0\n")
    git(repo, "add", "src/shop/money.py")
    got = unit(repo)
    assert got["status"] == "failed"
    assert sorted(got["failed_tests"]) == ["tests/test_cart.py::test_total",
                                           "tests/test_money.py::test_cents"]


def test_conftest_change_runs_the_whole_suite(repo: Path) -> None:
    shop(repo)
    change(repo, "tests/conftest.py")
    before = snapshot(repo)
    got = unit(repo)
    assert got["status"] == "passed"
    assert got["tests"] == 3
    assert "whole suite: tests/conftest.py changed" in got["reason"]
    assert snapshot(repo) == before


def test_non_python_change_runs_the_whole_suite(repo: Path) -> None:
    shop(repo)
    write(repo, "data.json", "{}\n")
    git(repo, "add", "data.json")
    got = unit(repo)
    assert got["tests"] == 3
    assert "non-Python file data.json changed" in got["reason"]


def test_change_nobody_imports_skips_the_suite(repo: Path) -> None:
    shop(repo)
    write(repo, "tools/script.py", "print('hi')\n")
    git(repo, "add", "tools/script.py")
    got = unit(repo)
    assert got["status"] == "skipped"
    assert "no test module imports the changed code" in got["reason"]


def test_imports_resolve_src_layout_relative_and_packages() -> None:
    known = {"src/pkg/__init__.py", "src/pkg/a.py", "src/pkg/sub/__init__.py",
             "src/pkg/sub/b.py", "tests/test_a.py", "tests/helpers.py"}
    assert first_party_imports("tests/test_a.py", b"import pkg.a\nimport helpers\nimport os\n",
                               known) == {"src/pkg/__init__.py", "src/pkg/a.py",
                                          "tests/helpers.py"}
    assert first_party_imports("src/pkg/sub/b.py", b"from .. import a\nfrom . import b\n",
                               known) == {"src/pkg/__init__.py", "src/pkg/a.py",
                                          "src/pkg/sub/__init__.py"}
    assert first_party_imports("src/pkg/a.py", b"def f(:\n", known) == set()
    # an import inside a function counts too
    assert first_party_imports("x.py", b"def f():\n    from pkg.sub import b\n", known) == \
        {"src/pkg/__init__.py", "src/pkg/sub/__init__.py", "src/pkg/sub/b.py"}


def test_importers_closure_is_transitive() -> None:
    contents = {"a.py": b"", "b.py": b"import a\n", "c.py": b"import b\n", "d.py": b""}
    graph = import_graph(contents, set(contents))
    assert importers_closure(graph, ["a.py"]) == {"a.py", "b.py", "c.py"}
    assert importers_closure(graph, ["d.py"]) == {"d.py"}
