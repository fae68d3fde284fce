"""Report formatters, chosen by name from an explicit table."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commit_guard.reports.base import Formatter

FORMATTERS: dict[str, str] = {
    "text": "commit_guard.reports.text:TextFormatter",
    "json": "commit_guard.reports.machine:JsonFormatter",
    "sarif": "commit_guard.reports.sarif:SarifFormatter",
    "junit": "commit_guard.reports.machine:JunitFormatter",
    "github": "commit_guard.reports.machine:GithubFormatter",
    "svn": "commit_guard.reports.text:SvnFormatter",
}
# The formats `check --format` offers (svn is the hook's own flavour).
CLI_FORMATS = ("text", "json", "sarif", "junit", "github")


def get(name: str, **options: object) -> Formatter:
    module, _, cls = FORMATTERS[name].partition(":")
    return getattr(importlib.import_module(module), cls)(**options)
