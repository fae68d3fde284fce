"""``select = "affected"`` for phpunit: which test classes can see the change.

A test file is affected when it names a class, interface, trait or enum
that the commit changes, or that uses one, transitively (by its short
name, which also matches ``use Ns\\Name`` and a fully qualified name;
naming too much only runs a test more).  The affected test classes are
passed to phpunit as one ``--filter``.  Whenever that cannot be decided
(a changed file that declares no class, configuration, a deletion) the
whole suite runs, and the reason says why.
"""
from __future__ import annotations

import re
from posixpath import basename, normpath
from typing import TYPE_CHECKING, Sequence

from commit_guard.checkers.suites.select import (AFFECTED, ALL, NONE, Selection,
                                                 whole_suite_reason)

if TYPE_CHECKING:
    from commit_guard.sources.changeset import ChangedFile, Source

WHOLE_SUITE_FILES = frozenset({"phpunit.xml", "phpunit.xml.dist", "composer.json",
                               "composer.lock", "bootstrap.php", "autoload.php"})
_DECLARED = re.compile(rb"^\s*(?:(?:abstract|final|readonly)\s+)*(?:class|interface|trait|enum)"
                       rb"\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)
_COMMENTS = re.compile(rb"/\*.*?\*/|//[^\n]*|#[^\n[]*", re.S)


def is_phpunit(command: Sequence[str]) -> bool:
    return any(basename(arg) in ("phpunit", "phpunit.phar") for arg in command)


def is_test_file(path: str) -> bool:
    return path.endswith("Test.php")


def declared(content: bytes) -> set[str]:
    return {m.decode("ascii") for m in _DECLARED.findall(_COMMENTS.sub(b"", content))}


def select_affected(source: Source, changed: Sequence[ChangedFile], cwd: str = "") -> Selection:
    why = whole_suite_reason(changed, WHOLE_SUITE_FILES, ".php", "PHP")
    if why:
        return Selection(ALL, f"whole suite: {why}")
    php = [p for p in source.list_files() if p.endswith(".php")]
    contents = source.read_many(php)
    names: set[str] = set()
    direct_tests = set()
    for f in changed:
        if is_test_file(f.path):
            direct_tests.add(f.path)
            continue
        found = declared(f.content or b"")
        if not found:
            return Selection(ALL, f"whole suite: {f.path} declares no class")
        names |= found
    uses = {path: data for path, data in contents.items() if not is_test_file(path)}
    names = _users_closure(names, uses)
    prefix = normpath(cwd) if cwd and normpath(cwd) != "." else ""
    tests = sorted(p for p in php if is_test_file(p) and (not prefix or p.startswith(prefix + "/")))
    pattern = re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in sorted(names))
                         + rb")\b") if names else None
    selected = [t for t in tests if t in direct_tests or
                (pattern is not None and pattern.search(contents.get(t, b"")))]
    if not selected:
        return Selection(NONE, "no test names the changed classes")
    return Selection(AFFECTED, f"affected: {len(selected)} of {len(tests)} test files", selected)


def _users_closure(names: set[str], files: dict[str, bytes]) -> set[str]:
    """``names`` and every class declared in a file that names one of them."""
    names = set(names)
    declared_in = {path: declared(data) for path, data in files.items()}
    while True:
        pattern = re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in sorted(names))
                             + rb")\b")
        more = {n for path, data in files.items() if pattern.search(data)
                for n in declared_in[path]} - names
        if not more:
            return names
        names |= more


def filter_option(selected: Sequence[str]) -> list[str]:
    """phpunit's --filter for the test classes of ``selected`` files."""
    classes = sorted({basename(p)[:-4] for p in selected})
    return ["--filter", "/(" + "|".join(map(re.escape, classes)) + ")::/"]
