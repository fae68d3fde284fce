"""Placeholder: the style checker is being built (see its issue)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from commit_guard.checkers.base import SKIPPED, CheckerResult, Context

if TYPE_CHECKING:
    from commit_guard.changeset import ChangedFile
    from commit_guard.config import Config


class StyleChecker:
    name = "style"
    description = "not available yet"

    def wants(self, file: ChangedFile, config: Config) -> bool:
        return False

    def run(self, files: Sequence[ChangedFile], ctx: Context) -> CheckerResult:
        return CheckerResult(self.name, status=SKIPPED, note="not available yet")
