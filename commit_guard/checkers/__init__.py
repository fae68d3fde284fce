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
    from commit_guard.config import Config

_REGISTRY: dict[str, str] = {
    "pylint": "commit_guard.checkers.python.checker:PylintChecker",
    "php-syntax": "commit_guard.checkers.php_syntax:PhpSyntaxChecker",
    "style": "commit_guard.checkers.style.checker:StyleChecker",
    "tests": "commit_guard.checkers.suites.checker:TestsChecker",
    # One checker per [[linters]] entry, named after it: see instances().
    "linters": "commit_guard.checkers.linters.checker:configured",
}
assert tuple(_REGISTRY) == CHECKER_NAMES


def names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def instances(config: Config) -> list[Checker]:
    """Every checker of a run, in report order; "linters" becomes one checker
    per configured linter (none when there is none)."""
    out: list[Checker] = []
    for name in names():
        if name == "linters":
            if not config["linters"]:
                continue  # nothing to import for a project without linters
            module, _, func = _REGISTRY[name].partition(":")
            out += getattr(importlib.import_module(module), func)(config)
        else:
            out.append(get(name))
    return out


def get(name: str) -> Checker:
    module, _, cls = _REGISTRY[name].partition(":")
    return getattr(importlib.import_module(module), cls)()
