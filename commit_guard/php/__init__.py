"""PHP parsing: phply's ply machinery extended to the PHP of 5.3 to 8.5.

The public interface is deliberately small:

    check_source(data, target=None, path="") -> list[PhpProblem]

An empty list means the file is valid for the target version.  ply and
the grammar are imported only when a file is checked, so importing this
package stays cheap.
"""
from __future__ import annotations

from typing import NamedTuple

from commit_guard.php.versions import NEWEST, SUPPORTED_VERSIONS, parse_version

__all__ = ["PhpProblem", "check_source", "SUPPORTED_VERSIONS", "parse_version", "CODES"]

# Stable finding codes: code -> symbol.
CODES = {
    "CG301": "php-syntax-error",
    "CG302": "php-version-feature",
    "CG303": "php-removed-syntax",
    "CG310": "php-compile-error",
    "CG311": "php-break-outside-loop",
    "CG312": "php-positional-after-named",
    "CG313": "php-this-reassign",
    "CG314": "php-duplicate-parameter",
    "CG315": "php-isset-expression",
    "CG316": "php-method-body",
    "CG317": "php-empty-array-element",
}


class PhpProblem(NamedTuple):
    line: int
    column: int
    code: str
    symbol: str
    message: str


def problem(line: int, column: int, code: str, message: str) -> PhpProblem:
    return PhpProblem(line, column, code, CODES[code], message)


def check_source(data: bytes, target: tuple[int, int] | None = None,
                 path: str = "") -> list[PhpProblem]:
    """Check PHP source bytes for ``target`` (default: the newest supported)."""
    from commit_guard.php.check import check  # pylint: disable=import-outside-toplevel

    return check(data, target or NEWEST, path)
