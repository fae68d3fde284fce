"""Files shipped in the top-level rules/ directory, installed as commit_guard.rules."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def rules_dir() -> Path:
    # rules/ is mapped onto the commit_guard.rules package (see pyproject.toml),
    # both for a wheel and for an editable install.
    return Path(str(resources.files("commit_guard.rules")))


def rules_file(name: str) -> bytes:
    return (resources.files("commit_guard.rules") / name).read_bytes()


def hook_template(name: str) -> str:
    """A hook script template from the top-level hooks/ dir (commit_guard.hooks)."""
    return (resources.files("commit_guard.hooks") / name).read_text(encoding="utf-8")
