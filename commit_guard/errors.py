"""The one error type for user-facing failures.

Anything raised as UserError is printed as a single line and exits 2
(usage, configuration or environment problem).  cli.main() is the only
place that turns exceptions into exit codes.
"""
from __future__ import annotations

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_ERROR = 2


class UserError(Exception):
    """A problem the user can fix: bad argument, bad config, missing tool."""

    def __init__(self, message: str, exit_code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.exit_code = exit_code
