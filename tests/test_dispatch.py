"""Routing is pure logic: no VCS, no processes."""
from __future__ import annotations

from commit_guard import config
from commit_guard.route import is_php, is_python, route
from commit_guard.sources.changeset import (DELETED, MODIFIED, SUBMODULE, SYMLINK, ChangedFile,
                                            make_file)


class FakeChecker:
    def __init__(self, name: str, predicate) -> None:
        self.name = name
        self.predicate = predicate

    def wants(self, file, config_) -> bool:
        return self.predicate(file, config_)


def f(path: str, data: bytes = b"x = 1\n", **kw) -> ChangedFile:
    return make_file(path, kw.pop("status", MODIFIED), data, 1 << 20, **kw)


def cfg(**table):
    return config.from_table(table, "test")


def test_python_by_extension_and_shebang() -> None:
    c = cfg()
    assert is_python(f("a/b.py"), c)
    assert is_python(f("tool", b"#!/usr/bin/env python3\nprint(1)\n"), c)
    assert not is_python(f("tool.sh", b"#!/usr/bin/env python3\n"), c)
    assert not is_python(f("README"), c)


def test_php_by_extension_and_config_globs() -> None:
    assert is_php(f("x.phtml"), cfg())
    assert is_php(f("lib/a.inc"), cfg())
    assert not is_php(f("tpl/a.tpl"), cfg())
    assert is_php(f("tpl/a.tpl"), cfg(php={"globs": ["*.tpl"]}))


def test_route_assigns_every_applicable_checker() -> None:
    checkers = [FakeChecker("pylint", is_python), FakeChecker("php-syntax", is_php),
                FakeChecker("style", lambda *_: True)]
    plan = route([f("a.py"), f("b.php")], checkers, cfg())
    assert [x.path for x in plan.assignments["pylint"]] == ["a.py"]
    assert [x.path for x in plan.assignments["php-syntax"]] == ["b.php"]
    assert [x.path for x in plan.assignments["style"]] == ["a.py", "b.php"]


def test_deleted_submodule_symlink_binary_not_routed() -> None:
    # (Under a code name a symlink or binary file is a finding instead:
    # tests/test_security_silent.py.)
    files = [
        ChangedFile("gone.py", DELETED, None),
        ChangedFile("sub", MODIFIED, None, kind=SUBMODULE),
        ChangedFile("link.txt", MODIFIED, None, kind=SYMLINK),
        f("img.png", b"\x89PNG\0\0data"),
    ]
    plan = route(files, [FakeChecker("style", lambda *_: True)], cfg())
    assert plan.assignments["style"] == []
    reasons = {file.path: why for file, why in plan.ignored}
    assert "gone.py" not in reasons
    assert reasons["sub"].startswith("submodule")
    assert reasons["link.txt"].startswith("symbolic link")
    assert reasons["img.png"] == "binary"


def test_include_exclude_globs() -> None:
    checkers = [FakeChecker("style", lambda *_: True)]
    plan = route([f("src/a.py"), f("vendor/b.py"), f("docs/c.py")], checkers,
                 cfg(include=["src/", "vendor/"], exclude=["vendor/**"]))
    assert [x.path for x in plan.assignments["style"]] == ["src/a.py"]


def test_only_skip_and_disabled_reasons() -> None:
    checkers = [FakeChecker(n, lambda *_: True) for n in ("pylint", "php-syntax", "style")]
    plan = route([f("a.py")], checkers, cfg(php={"enabled": False}), only=(),
                 skip=("style",))
    assert "pylint" in plan.assignments
    assert plan.skipped["style"] == "skipped by request"
    assert "php.enabled" in plan.skipped["php-syntax"]
    plan = route([f("a.py")], checkers, cfg(), only=("style",))
    assert set(plan.assignments) == {"style"}
    assert plan.skipped["pylint"] == "not in --only"
