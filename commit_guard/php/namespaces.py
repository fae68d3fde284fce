"""Placement rules PHP checks when compiling a file's top level: the
namespace declaration comes first (after declare()s), bracketed and
unbracketed namespaces do not mix or nest, no code outside bracketed
namespaces, strict_types is declared first.

Run over the tokens of a file that parsed: the statements at bracket
depth 0 are enough.  What the rules allow is taken widely (a `use` or an
empty statement before a namespace passes), so a doubt never rejects.
"""
from __future__ import annotations

from typing import Any

_OPEN = frozenset({"(", "[", "{", "CURLY_OPEN", "DOLLAR_OPEN_CURLY_BRACES", "ATTRIBUTE"})
_CLOSE = frozenset({")", "]", "}"})
FIRST = ("Namespace declaration statement has to be the very first statement or after any "
         "declare call in the script")
MIX = "Cannot mix bracketed namespace declarations with unbracketed namespace declarations"
OUTSIDE = "No code may exist outside of namespace {}"
NESTED = "Namespace declarations cannot be nested"
STRICT_FIRST = "strict_types declaration must be the very first statement in the script"


def _skip_statement(tokens: list[Any], index: int) -> int:
    """Index after the `;` that ends the depth-0 statement at ``index``
    (or after its block, for `declare(...) {...}`)."""
    depth = 0
    while index < len(tokens):
        kind = tokens[index].type
        if kind in _OPEN:
            depth += 1
        elif kind in _CLOSE:
            depth -= 1
            if depth == 0 and kind == "}":
                return index + 1
        elif kind == ";" and depth == 0:
            return index + 1
        index += 1
    return index


def _is_strict_types(tokens: list[Any], index: int) -> bool:
    """Is the declare() at ``index`` (the DECLARE token) about strict_types?"""
    return (index + 2 < len(tokens) and tokens[index + 2].type == "STRING"
            and tokens[index + 2].value.lower() == "strict_types")


def _declaration(tokens: list[Any], index: int) -> str:
    """"braced" or "plain".  (`namespace\\f()` is one NAME_RELATIVE
    token: a NAMESPACE token always declares; its name may be a keyword,
    `namespace fn;`.)"""
    after = tokens[index + 1].type if index + 1 < len(tokens) else ""
    if after == "{":
        return "braced"
    follow = tokens[index + 2].type if index + 2 < len(tokens) else ""
    return "braced" if follow == "{" else "plain"


def placement_errors(tokens: list[Any], text: str) -> list[tuple[int, int, str, str]]:
    """Errors as (position, line, code, message) for ParseState.errors;
    ``text`` is the source the tokens are of."""
    errors: list[tuple[int, int, str, str]] = []
    kinds: set[str] = set()  # kinds of namespace declarations seen
    code_before = False  # a statement other than declare/use/";" so far
    # Outside a bracketed namespace, only a `namespace` or `declare`
    # statement can be misplaced: past the last place either word occurs
    # (in any case, in code or not), no statement can, and the walk stops
    # instead of going through the rest of the file in Python.
    lower = text.lower()
    last = (max(lower.rfind("namespace"), lower.rfind("declare")) if len(lower) == len(text)
            else len(text))  # (lower() kept every position: always so for latin-1 text)
    index = 0
    while index < len(tokens):
        tok = tokens[index]
        kind = tok.type
        if kind == "HALT_COMPILER" or (tok.lexpos > last and "braced" not in kinds):
            break
        if kind == "NAMESPACE" and _declaration(tokens, index):
            shape = _declaration(tokens, index)
            if code_before and not kinds:
                errors.append((tok.lexpos, tok.lineno, "CG310", FIRST))
            elif kinds and shape not in kinds:
                errors.append((tok.lexpos, tok.lineno, "CG310", MIX))
            kinds.add(shape)
            if shape == "braced":
                end = _skip_statement(tokens, index)
                errors.extend(_inside(tokens, index + 1, end))
                index = end
            else:
                index = _skip_statement(tokens, index)
            continue
        if kind == "DECLARE":
            if _is_strict_types(tokens, index) and (code_before or kinds):
                errors.append((tok.lexpos, tok.lineno, "CG310", STRICT_FIRST))
            if "braced" in kinds:
                errors.append((tok.lexpos, tok.lineno, "CG310", OUTSIDE))
            index = _skip_statement(tokens, index)
            continue
        if kind == ";":
            index += 1
            continue
        if "braced" in kinds:
            errors.append((tok.lexpos, tok.lineno, "CG310", OUTSIDE))
            break
        shebang = index == 0 and kind == "INLINE_HTML" and tok.value.startswith("#!")
        if kind != "USE" and not shebang:
            code_before = True
        index = _skip_statement(tokens, index) if kind != "INLINE_HTML" else index + 1
    return errors


def _inside(tokens: list[Any], start: int, end: int) -> list[tuple[int, int, str, str]]:
    """Namespace declarations directly inside a bracketed one."""
    depth = 0
    for index in range(start, end):
        tok = tokens[index]
        if tok.type in _OPEN:
            depth += 1
        elif tok.type in _CLOSE:
            depth -= 1
        elif tok.type == "NAMESPACE" and depth == 1:
            shape = _declaration(tokens, index)
            if shape:
                message = NESTED if shape == "braced" else MIX
                return [(tok.lexpos, tok.lineno, "CG310", message)]
    return []
