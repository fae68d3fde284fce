"""The one small interface every report format implements."""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from commit_guard.runner import RunResult


class Formatter(Protocol):
    name: str

    def format(self, result: RunResult) -> str:
        """The whole report as text."""
