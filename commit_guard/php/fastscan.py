"""The scanner's hot loop: PHP code between mode changes, one regex match
and no method call per common token.

Lexer.php_token() scans one token per call: a match for the whitespace,
another for the token, a handler looked up by name, then emit().  Most
tokens of real code (variables, names, operators, brackets, strings,
comments) need none of that, so this loop does them inline with the
position, line and "follows ->" flag in locals; anything else (casts,
heredocs, `?>`, `"`, an unmatched bracket, a keyword with context such as
`enum`) goes to the Lexer's own handler, exactly as before, and the loop
stops when that handler leaves PHP mode or starts __halt_compiler's count.
Lines are counted only in tokens that can contain a newline.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from commit_guard.php.datascan import EXPRESSION_BEFORE, MIN_SIZE, emit_data_array
from commit_guard.php.strings import unicode_escape_error
from commit_guard.php.lexdata import (_AMP_VAR, _CLOSERS, _OPENERS, _PHP, PHP_AFTER_WS, Tok,
                                      accel)
from commit_guard.php.tokens import OPERATORS

if TYPE_CHECKING:
    from commit_guard.php.lexer import Lexer

# The same loop in C where it is built (_accel.c): it stops before any token
# it is not sure of, so the tokens are the same either way.
ACCEL = accel.run if accel is not None else None
# Keywords whose token depends on what follows (Lexer.word decides).
_CONTEXTUAL = frozenset(("YIELD", "HALT_COMPILER"))
_ARROWS = frozenset(("OBJECT_OPERATOR", "NULLSAFE_OBJECT_OPERATOR"))


def run(lx: Lexer) -> bool:  # noqa: C901
    # pylint: disable=too-many-branches,too-many-statements,too-many-locals
    """Scan PHP code from ``lx.pos``.  True: stopped after a handler left
    PHP mode (or started __halt_compiler's count); False: stopped where
    one match finds no token (whitespace up to the end, a bad character),
    which Lexer.php_token() then handles."""
    text, tokens, nest, modes = lx.text, lx.tokens, lx.nest, lx.modes
    append, keywords, operators = tokens.append, lx.keywords, OPERATORS
    pos, line, arrow = lx.pos, lx.line, lx.property_next
    # A scanner matches where its last match ended: no arguments per call.
    scan = PHP_AFTER_WS.scanner(text, pos).match
    # Big constant array literals (datascan.py): only in files that can hold one.
    big = len(text) - pos >= MIN_SIZE and lx.target >= (5, 4)
    fast = ACCEL
    while True:
        if fast is not None:
            # The C loop takes every token it is sure of, then stops before
            # the next one, which this loop scans as it always has.
            left_php, pos, line, arrow = fast(text, pos, line, arrow, tokens, nest, modes,
                                              keywords, operators, big, EXPRESSION_BEFORE)
            if left_php:
                lx.pos, lx.line, lx.property_next = pos, line, arrow
                return True
            scan = PHP_AFTER_WS.scanner(text, pos).match
        found = scan()
        if found is None:
            lx.pos, lx.line, lx.property_next = pos, line, arrow
            return False
        kind = found.lastgroup
        start, end = found.span(kind)
        if start != pos:  # whitespace before the token
            line += text.count("\n", pos, start)
        pos = end
        after_arrow, arrow = arrow, False
        if kind == "punct":
            value = text[start]
            if value == "[" and big and tokens and tokens[-1].type in EXPRESSION_BEFORE:
                done = emit_data_array(text, start, line, append)
                if done is not None:  # a big constant literal: one element stands for all
                    pos, line = done
                    scan = PHP_AFTER_WS.scanner(text, pos).match
                    continue
            if value in "([{":
                if value == "{":
                    modes.append("php")
                nest.append((value, line, _OPENERS[value]))
                append(Tok(value, value, line, start))
                continue
            if value not in ")]}":  # ; , ~ @
                append(Tok(value, value, line, start))
                continue
            if nest and nest[-1][0] == _CLOSERS[value]:
                append(Tok(nest.pop()[2], value, line, start))
                if value != "}" or len(modes) < 2:
                    continue
                modes.pop()  # the "}" of "{$" / "${" resumes the string
                if modes[-1] == "php":
                    continue
                lx.pos, lx.line, lx.property_next = pos, line, arrow
                return True
        elif kind == "var":
            append(Tok("VARIABLE", text[start:pos], line, start))
            continue
        elif kind == "name":
            value = text[start:pos]
            if "\\" in value:
                pass  # qualified names: the handler
            elif after_arrow:
                append(Tok("STRING", value, line, start))
                continue
            else:
                lower = value.lower()
                ttype = keywords.get(lower, "STRING")
                if (ttype == "ARRAY" and big and tokens
                        and tokens[-1].type in EXPRESSION_BEFORE):
                    done = emit_data_array(text, start, line, append)
                    if done is not None:  # as for "[" above
                        pos, line = done
                        scan = PHP_AFTER_WS.scanner(text, pos).match
                        continue
                if ttype not in _CONTEXTUAL and (ttype != "STRING" or lower != "enum"):
                    append(Tok(ttype, value, line, start))
                    continue
        elif kind == "op":
            value = text[start:pos]
            ttype = operators[value]
            if ttype in _ARROWS:
                arrow = True
                if ttype == "NULLSAFE_OBJECT_OPERATOR":
                    lx.features.append(("nullsafe", line))
            append(Tok(ttype, value, line, start))
            continue
        elif kind == "char":
            value = text[start]
            if value not in "\"`\\":
                append(Tok(value, value, line, start))
                continue
        elif kind == "sq" or kind == "dq":  # pylint: disable=consider-using-in
            value = text[start:pos]
            if kind == "dq" and "\\u{" in value and lx.target >= (7, 0):
                bad = unicode_escape_error(value)
                if bad is not None:
                    lx.fail(bad[0], line + bad[1])
            append(Tok("CONSTANT_ENCAPSED_STRING", value, line, start))
            line += value.count("\n")
            continue
        elif kind == "line_comment":
            continue
        elif kind == "block_comment":
            line += text.count("\n", start, pos)
            continue
        elif kind == "amp":
            ttype = "AMP_VAR" if _AMP_VAR.match(text, start) is not None else "AMP"
            append(Tok(ttype, "&", line, start))
            continue
        elif kind == "num":
            value = text[start:pos]
            if value.isdigit() and (value[0] != "0" or len(value) == 1):
                append(Tok("LNUMBER", value, line, start))
                continue
        # Everything else: the Lexer's handler for this token, as php_token() calls it.
        lx.pos, lx.line = start, line
        lx.after_arrow, lx.property_next = after_arrow, False
        getattr(lx, "_t_" + kind)(_PHP.match(text, start))
        pos, line, arrow = lx.pos, lx.line, lx.property_next
        modes = lx.modes  # a handler may replace the list (`?>`)
        if lx.halt >= 0 or modes[-1] != "php":
            return True
        scan = PHP_AFTER_WS.scanner(text, pos).match  # the handler may have moved on
