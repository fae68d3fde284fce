"""``select = "affected"``: which pytest modules can see the change.

A test module is affected when it, or a conftest.py above it, imports a
changed first-party module directly or transitively.  The unaffected ones
are passed to pytest as ``--ignore`` so pytest's own collection rules
(testpaths, python_files, positional paths) still decide everything else.
Whenever the graph cannot be trusted the whole suite runs, and the reason
says why.
"""
from __future__ import annotations

import fnmatch
from posixpath import basename, dirname, join, normpath
from typing import TYPE_CHECKING, AbstractSet, Sequence

from commit_guard.checkers.suites.imports import import_graph, importers_closure
from commit_guard.sources.changeset import DELETED, RENAMED

if TYPE_CHECKING:
    from commit_guard.sources.changeset import ChangedFile, Source

# Files that change how pytest collects or configures every test.
WHOLE_SUITE_FILES = frozenset({"conftest.py", "pytest.ini", "pyproject.toml", "setup.cfg",
                               "tox.ini"})
TEST_PATTERNS = ("test_*.py", "*_test.py")
ALL, AFFECTED, NONE = "all", "affected", "none"


class Selection:
    """Which test modules of a suite run, and why."""

    def __init__(self, mode: str, reason: str, selected: list[str] | None = None,
                 ignored: list[str] | None = None) -> None:
        self.mode = mode  # all / affected / none
        self.reason = reason
        self.selected: list[str] = [] if selected is None else selected  # affected test modules
        self.ignored: list[str] = [] if ignored is None else ignored  # unaffected test modules


def is_pytest(command: Sequence[str]) -> bool:
    for i, arg in enumerate(command):
        if basename(arg) in ("pytest", "py.test"):
            return True
        if arg == "-m" and i + 1 < len(command) and command[i + 1] == "pytest":
            return True
    return False


def is_test_module(path: str) -> bool:
    return any(fnmatch.fnmatchcase(basename(path), pat) for pat in TEST_PATTERNS)


def whole_suite_reason(changed: Sequence[ChangedFile], whole: AbstractSet[str] = WHOLE_SUITE_FILES,
                       suffix: str = ".py", language: str = "Python") -> str:
    """Why the import graph cannot decide, or "" when it can: a file of
    ``whole`` (configuration), one that is not ``suffix`` code, or a deletion
    or rename among the changes."""
    for f in changed:
        name = basename(f.path)
        if name in whole:
            return f"{f.path} changed"
        if not f.path.endswith(suffix):
            return f"non-{language} file {f.path} changed"
        if f.status in (DELETED, RENAMED):
            return f"{f.old_path or f.path} was {'deleted' if f.status == DELETED else 'renamed'}"
    return ""


def select_affected(source: Source, changed: Sequence[ChangedFile], cwd: str = "") -> Selection:
    """Decide which test modules under ``cwd`` (repo-relative) must run."""
    why = whole_suite_reason(changed)
    if why:
        return Selection(ALL, f"whole suite: {why}")
    python = [p for p in source.list_files() if p.endswith(".py")]
    known = set(python)
    graph = import_graph(source.read_many(python), known)
    affected = importers_closure(graph, (f.path for f in changed))
    prefix = normpath(cwd) if cwd else ""
    prefix = "" if prefix == "." else prefix
    tests = sorted(p for p in python if is_test_module(p)
                   and (not prefix or p.startswith(prefix + "/")))
    selected = [t for t in tests if t in affected or _conftests(t, known) & affected]
    ignored = [t for t in tests if t not in selected]
    if not selected:
        return Selection(NONE, "no test module imports the changed code", [], ignored)
    return Selection(AFFECTED, f"affected: {len(selected)} of {len(tests)} test modules",
                     selected, ignored)


def _conftests(path: str, known: set[str]) -> set[str]:
    found = set()
    folder = dirname(path)
    while True:
        candidate = join(folder, "conftest.py") if folder else "conftest.py"
        if candidate in known:
            found.add(candidate)
        if not folder:
            return found
        folder = dirname(folder)
