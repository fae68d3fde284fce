"""Report formatters, chosen by name from an explicit table."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commit_guard.formatting.base import Formatter

FORMATTERS: dict[str, str] = {
    "text": "commit_guard.formatting.text:TextFormatter",
    "json": "commit_guard.formatting.machine:JsonFormatter",
    "sarif": "commit_guard.formatting.sarif:SarifFormatter",
    "junit": "commit_guard.formatting.machine:JunitFormatter",
    "github": "commit_guard.formatting.machine:GithubFormatter",
    "svn": "commit_guard.formatting.text:SvnFormatter",
}
# The formats `check --format` offers (svn is the hook's own flavour).
CLI_FORMATS = ("text", "json", "sarif", "junit", "github")


def get(name: str, **options: object) -> Formatter:
    module, _, cls = FORMATTERS[name].partition(":")
    return getattr(importlib.import_module(module), cls)(**options)
