"""The explicit checker registry.

Checkers are imported lazily by name so that `commit-guard check` with
nothing to check never pays for importing pylint or the PHP parser tables.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from commit_guard.config.schema import CHECKER_NAMES

if TYPE_CHECKING:
    from commit_guard.checkers.base import Checker

_REGISTRY: dict[str, str] = {
    "pylint": "commit_guard.checkers.python.checker:PylintChecker",
    "php-syntax": "commit_guard.checkers.php_syntax:PhpSyntaxChecker",
    "style": "commit_guard.checkers.style.checker:StyleChecker",
    "tests": "commit_guard.checkers.suites.checker:TestsChecker",
}
assert tuple(_REGISTRY) == CHECKER_NAMES


def names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def get(name: str) -> Checker:
    module, _, cls = _REGISTRY[name].partition(":")
    return getattr(importlib.import_module(module), cls)()
