"""The problem record of the PHP checks and its stable codes."""
from __future__ import annotations

from typing import NamedTuple

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
