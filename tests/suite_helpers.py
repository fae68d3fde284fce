"""Helpers for the unit-test-suite tests: tiny real pytest projects in git repos."""
from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from tests.helpers import git, write

PY = sys.executable
# The inner pytest runs need none of the outer run's plugins; skipping
# their import keeps each suite well under a second.
PYTEST = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
FAST_ENV = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}

GOOD_OPS = "def add(a, b):\n    return a + b\n"
BAD_OPS = "def add(a, b):\n    return a - b\n"
TEST_OPS = ("from calc.ops import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\n"
            "def test_zero():\n    assert add(0, 0) == 0\n")


def toml_value(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value)  # JSON strings, lists and numbers are valid TOML


def config(*suites: dict[str, Any], **top: Any) -> str:
    top = {"skip": ["pylint", "style", "php-syntax"], **top}
    text = "[tool.commit-guard]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in top.items())
    for suite in suites:
        text += "\n[[tool.commit-guard.tests]]\n"
        text += "".join(f"{k} = {toml_value(v)}\n" for k, v in suite.items())
    return text


def unit_suite(**over: Any) -> dict[str, Any]:
    return {"name": "unit", "command": [*PYTEST, "tests"], "env": dict(FAST_ENV), **over}


def calc_project(repo: Path, *suites: dict[str, Any], src_layout: bool = True,
                 **top: Any) -> str:
    """A committed calc package with tests; returns the package directory."""
    pkg = "src/calc" if src_layout else "calc"
    write(repo, f"{pkg}/__init__.py", "")
    write(repo, f"{pkg}/ops.py", GOOD_OPS)
    write(repo, "tests/test_ops.py", TEST_OPS)
    write(repo, "pyproject.toml", config(*(suites or (unit_suite(),)), **top))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")
    return pkg


def install_hook(repo: Path) -> None:
    """A plain pre-commit hook that runs this checkout's commit-guard."""
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(f'#!/bin/sh\nexec "{PY}" -m commit_guard check\n', encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def staged_tree(repo: Path) -> str:
    return git(repo, "write-tree").stdout.decode().strip()


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").stdout.decode().strip()


def alive(pid: int) -> bool:
    """True if ``pid`` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state != "Z"


def group_members(pgid: int) -> list[int]:
    """Live processes whose process group is ``pgid`` (Linux /proc)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry))
    return members
