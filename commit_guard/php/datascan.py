"""Constant array literals in one regex match, not token by token.

Dictionaries and generated tables (a function-signature map, a charset
table) are one array literal of strings and numbers over megabytes, and
ordinary code is full of small ones (options, maps, test data).
Scanning and parsing them token by token costs about 4 µs a token in
Python; the literal's validity does not need that: an array whose
elements are only scalars (quoted strings without interpolation, plain
numbers, true/false/null), optionally keyed by scalars, and such arrays
nested a few levels in the same syntax, is valid wherever an expression
is.  The scanner
(fastscan.py) asks ``data_array_end`` at each `[` or `array` that starts
an expression; for a literal of at least MIN_SIZE bytes that this regex
matches whole, it emits a one-element array of the same shape in its
place (the same verdict, version findings and error lines for the rest).
Anything else, including every literal below MIN_SIZE, is scanned as
before.  MIN_SIZE is small: a failed match costs one regex run up to the
first non-scalar, and a literal of a few elements already saves most of
its tokens (over 2,000 files of symfony/symfony, the checker's CPU time
fell by about a third from 16 KiB to 128 bytes, findings unchanged).
The patterns need possessive quantifiers (Python 3.11); without them the
fast path is off, unless the C matcher (_accel.c, the same grammar written
out) is built.
"""
from __future__ import annotations

import functools
import re
import sys
from typing import Callable

from commit_guard.php.lexdata import Tok, accel

MIN_SIZE = 128
# Tokens after which a `[` or `array` starts an expression (not an index:
# `$a[...]`, `f()[...]`), where any array literal is as good as another.
EXPRESSION_BEFORE = frozenset({"=", ",", "(", "[", "DOUBLE_ARROW", "RETURN", "?", ":",
                               "COALESCE"})
DEPTH = 6  # nesting levels the pattern takes; deeper literals go the slow way

_LINE_COMMENT = r"[^\n\r?]*+(?:\?(?!>)[^\n\r?]*+)*+"  # up to the line's end or `?>`
_WS = (r"(?:[ \t\n\r]++|//" + _LINE_COMMENT + r"|#(?!\[)" + _LINE_COMMENT
       + r"|/\*(?:[^*]++|\*(?!/))*+\*/)*+")
# No interpolation ($) and no \u{...} escape (PHP checks those when compiling).
_SCALAR = (r"(?:'(?:[^'\\]++|\\.)*+'"
           r'|"(?:[^"\\$]++|\\[^u])*+"'
           r"|[-+]?(?:0[xX][0-9a-fA-F]++|(?:0|[1-9][0-9]*+)(?:\.[0-9]*+)?(?:[eE][-+]?[0-9]++)?"
           r"|\.[0-9]++(?:[eE][-+]?[0-9]++)?)(?![0-9A-Za-z_.\x80-\xff])"
           r"|(?i:true|false|null)(?![0-9A-Za-z_\\\x80-\xff]))")


def _items(value: str) -> str:
    item = f"(?:{_SCALAR}{_WS}=>{_WS})?+{value}"
    return f"(?:{item}{_WS}(?:,{_WS}|(?=[\\])])))*+"


def _pattern(opener: str, closer: str) -> re.Pattern[str] | None:
    """Literals written all in one syntax, `[...]` or `array(...)` (one
    copy of the element pattern per level: mixing both would double it)."""
    if sys.version_info < (3, 11):
        return None
    value = _SCALAR
    for _ in range(DEPTH):
        value = f"(?:{_SCALAR}|{opener}{_WS}{_items(value)}{closer})"
    return re.compile(f"{opener}{_WS}{_items(value)}{closer}", re.DOTALL)


@functools.lru_cache(maxsize=None)
def _patterns() -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    # Compiled on first use (some 60 ms), and never where the C matcher is built.
    return _pattern(r"\[", r"\]"), _pattern(f"(?i:array){_WS}\\(", r"\)")


def python_data_array_end(text: str, start: int) -> int:
    """Where the constant array literal at ``start`` ends, if it is one of
    at least MIN_SIZE bytes that the pattern takes whole; else -1."""
    short, long = _patterns()
    pattern = short if text[start] == "[" else long
    if pattern is None or len(text) - start < MIN_SIZE:
        return -1
    found = pattern.match(text, start)
    if found is None or found.end() - start < MIN_SIZE:
        return -1
    return found.end()


# The same matcher in C where it is built (_accel.c; it needs no possessive
# quantifiers, so it works before Python 3.11 too).
data_array_end = python_data_array_end if accel is None else accel.data_array_end


def emit_data_array(text: str, start: int, line: int,
                    append: Callable[[Tok], None]) -> tuple[int, int] | None:
    """At a `[` or `array` (position ``start``, on ``line``): if a big
    constant literal starts there, append the tokens of `[0]` or
    `array(0)` (its first and last tokens where the literal's are) and
    return the position and line after it; else None."""
    end = data_array_end(text, start)
    if end < 0:
        return None
    last = line + text.count("\n", start, end)
    if text[start] == "[":
        append(Tok("[", "[", line, start))
        append(Tok("LNUMBER", "0", line, start + 1))
        append(Tok("]", "]", last, end - 1))
        return end, last
    paren = text.index("(", start)
    append(Tok("ARRAY", text[start:start + 5], line, start))
    append(Tok("(", "(", line + text.count("\n", start, paren), paren))
    append(Tok("LNUMBER", "0", line, paren + 1))
    append(Tok(")", ")", last, end - 1))
    return end, last
