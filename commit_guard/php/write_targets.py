"""Where a write target starts, for errors PHP names on that line.

The parser keeps no positions for nonterminals (lr.py), so a write error
found at the operator (or the token after the target) walks back over
the file's tokens to the first token of the target: a chain of `->`,
`?->`, `::`, `[...]`, `{...}`, calls and `$` prefixes.  Only run when
there is an error to report.
"""
from __future__ import annotations

from typing import Any

_OPENERS = {"(": ")", "[": "]", "{": "}", "CURLY_OPEN": "}", "DOLLAR_OPEN_CURLY_BRACES": "}",
            "ATTRIBUTE": "]"}
_CLOSERS = frozenset(")]}")
_CONNECTORS = frozenset({"OBJECT_OPERATOR", "NULLSAFE_OBJECT_OPERATOR", "PAAMAYIM_NEKUDOTAYIM"})
# What can end the expression an index, call or brace offset applies to.
_ATOM_ENDS = frozenset({"VARIABLE", "STRING", "NAME_QUALIFIED", "NAME_FULLY_QUALIFIED",
                        "NAME_RELATIVE", "STATIC", ")", "]", "}", "CONSTANT_ENCAPSED_STRING"})


def _opening(tokens: list[Any], index: int) -> int:
    """Index of the bracket the closing one at ``index`` matches."""
    depth = 0
    while index >= 0:
        kind = tokens[index].type
        if kind in _CLOSERS:
            depth += 1
        elif kind in _OPENERS:
            depth -= 1
            if depth == 0:
                return index
        index -= 1
    return 0


def token_at(tokens: list[Any], pos: int) -> int:
    """Index of the first token at or after position ``pos``."""
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].lexpos < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def target_line(tokens: list[Any], after: int) -> int:
    """The line of the first token of the variable (a chain of `->`, `::`,
    `[...]`, calls) that ends just before the token at position ``after``:
    PHP names it for errors about writing to it.  Only run for an error."""
    index = token_at(tokens, after) - 1
    while index > 0:
        start = _opening(tokens, index) if tokens[index].type in _CLOSERS else index
        before = tokens[start - 1].type if start > 0 else ""
        if tokens[start].type in ("(", "[", "{") and before in _ATOM_ENDS:
            index = start - 1
        elif before in _CONNECTORS:
            index = start - 2
        elif before == "$":
            index = start - 1
        else:
            return tokens[start].lineno  # type: ignore[no-any-return]
    return tokens[max(index, 0)].lineno if tokens else 0  # type: ignore[no-any-return]
