"""The result record every checker produces."""
from __future__ import annotations

from typing import NamedTuple

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


class Finding(NamedTuple):
    """One problem at one place.

    ``line`` and ``column`` are 1-based; 0 means "the whole file" or
    "unknown column".  ``path`` is relative to the repository root, with
    forward slashes, whatever the source of the change.
    """

    checker: str
    code: str
    symbol: str
    path: str
    line: int
    column: int
    message: str
    severity: str = ERROR

    @property
    def blocking(self) -> bool:
        return self.severity == ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)
