"""Files shipped in the top-level rules/ directory, installed as commit_guard.rules."""
from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path


@lru_cache(maxsize=None)
def _package_dir(name: str) -> Path:
    # rules/ and hooks/ are mapped onto the commit_guard.rules and
    # commit_guard.hooks packages (see pyproject.toml), both for a wheel and
    # for an editable install; both are plain directories.  The spec is
    # enough: importlib.resources would import zipfile on every start.
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"{name}: not installed with commit-guard")
    return Path(next(iter(spec.submodule_search_locations)))


def rules_dir() -> Path:
    return _package_dir("commit_guard.rules")


def rules_file(name: str) -> bytes:
    return (rules_dir() / name).read_bytes()


def hook_template(name: str) -> str:
    """A hook script template from the top-level hooks/ dir (commit_guard.hooks)."""
    return (_package_dir("commit_guard.hooks") / name).read_text(encoding="utf-8")
