"""Grammar actions, named by the ``@name`` marks in the grammar modules.

Values are deliberately tiny (no AST): a tag saying what kind of
expression a rule produced ("var", "fcall", ("this", pos, line), an int
literal...; compile_checks lists them), lists of parameters/modifiers, and booleans.  The actions
record version features and compile-time errors in ``STATE``, which
check.py resets before every parse.  Like bison, a rule without an
action passes its first symbol's value on.
"""
# Every action has ply's one-argument signature; many ignore parts of it.
# pylint: disable=missing-function-docstring,unused-argument
from __future__ import annotations

from typing import Any

from commit_guard.php.compile_checks import ParseState
from commit_guard.php.write_targets import token_at

STATE = ParseState((8, 5))

# name types -> feature key
TYPE_FEATURES = {"int": "scalar_type", "float": "scalar_type", "string": "scalar_type",
                 "bool": "scalar_type", "iterable": "iterable_type", "void": "void_type",
                 "object": "object_type", "mixed": "mixed_type", "never": "never_type"}


def _feature(key: str, line: int) -> None:
    STATE.features.append((key, line))


def _here() -> int:
    return STATE.current()[1]


# -- generic --------------------------------------------------------------
def a_default(p: Any) -> None:
    p[0] = p[1] if len(p) > 1 else None


def a_first(p: Any) -> None:
    p[0] = p[1]


def a_second(p: Any) -> None:
    p[0] = p[2]


a_text = a_first


def a_lower(p: Any) -> None:
    p[0] = p[1].lower()


def a_false(p: Any) -> None:
    p[0] = False


def a_true(p: Any) -> None:
    p[0] = True


def a_empty_list(p: Any) -> None:
    p[0] = []


def a_list_first(p: Any) -> None:
    p[0] = [p[1]]


def a_list_append(p: Any) -> None:
    p[1].append(p[3])
    p[0] = p[1]


def a_list_append2(p: Any) -> None:
    p[1].append(p[2])
    p[0] = p[1]


def a_expr(p: Any) -> None:
    p[0] = "expr"


def a_var(p: Any) -> None:
    p[0] = "var"


def a_prop(p: Any) -> None:
    p[0] = "prop"


def a_nullsafe_prop(p: Any) -> None:
    p[0] = "nullsafe"


def a_dim(p: Any) -> None:
    p[0] = "dim"


def a_call(p: Any) -> None:
    p[0] = "call"


# Inlined by lr.Parser; kept callable for the generic path.
def a_fcall(p: Any) -> None:
    p[0] = "fcall"


def a_mcall(p: Any) -> None:
    p[0] = "mcall"


def a_nullsafe_call(p: Any) -> None:
    p[0] = "nsmcall"


def a_append(p: Any) -> None:
    p[0] = "append"


def a_read(p: Any) -> None:
    p[0] = p[1]


def a_simple_variable(p: Any) -> None:
    p[0] = ("this", p.lexpos(1), p.lineno(1)) if p[1] == "$this" else "var"


def a_integer(p: Any) -> None:
    text = p[1].replace("_", "").lower()
    try:
        if len(text) > 1 and text[0] == "0" and text.isdigit():
            p[0] = int(text, 8)
        else:
            p[0] = int(text, 0)
    except ValueError:
        p[0] = "expr"


# -- statements -----------------------------------------------------------
def a_declare_item(p: Any) -> None:
    p[0] = p[1].lower()
    value = p[3]
    if p[0] == "strict_types" and value.__class__ is int and value not in (0, 1):
        STATE.error(p.lexpos(1), p.lineno(1), "CG310",
                    "strict_types declaration must have 0 or 1 as its value")
    elif p[0] == "encoding" and not _literal_after(p.lexpos(2)):
        p[0] = "encoding?"  # a_declare reports it, on the line of its ")"


# What PHP's parser makes one literal of: numbers, constant strings,
# heredocs without interpolation, joined by "." (folded while parsing),
# in parentheses.  Constants, `-1`, `true`, `"a$b"` are not.
_LITERAL_TOKENS = frozenset({"LNUMBER", "DNUMBER", "CONSTANT_ENCAPSED_STRING", "START_HEREDOC",
                             "ENCAPSED_AND_WHITESPACE", "END_HEREDOC", ".", "(", ")"})


def _literal_after(pos: int) -> bool:
    """Whether a declare value, after the "=" at ``pos``, is a literal."""
    tokens = STATE.tokens
    depth = 0
    for tok in tokens[token_at(tokens, pos) + 1:]:
        kind = tok.type
        if depth == 0 and kind in (",", ")"):
            return True
        if kind not in _LITERAL_TOKENS:
            return False
        depth += (kind == "(") - (kind == ")")
    return True


def a_declare(p: Any) -> None:
    # An empty statement's value is its token's text, ";" or "?>" (a rule
    # without action passes its first symbol on); anything else is a block.
    body = p[5]
    if "strict_types" in p[3] and not (isinstance(body, str) and body[:2] in (";", "?>")):
        STATE.error(p.lexpos(1), p.lineno(1), "CG310",
                    "strict_types declaration must not use block mode")
    if "encoding?" in p[3]:
        STATE.error(p.lexpos(1), p.lineno(4), "CG310", "Encoding must be a literal")


def a_halt_inner(p: Any) -> None:
    STATE.error(p.lexpos(1), p.lineno(1), "CG310",
                "__HALT_COMPILER() can only be used from the outermost scope")


def a_return(p: Any) -> None:
    # (position, line of its ";", returns a value, that value is `null`)
    value = p[2] is not False
    is_null = value and p.lexpos(3) - p.lexpos(1) <= 12 and STATE.text[
        p.lexpos(1) + 6:p.lexpos(3)].strip().lower() == "null"
    STATE.returns.append((p.lexpos(1), p.lineno(3), value, is_null))


def a_loop(p: Any) -> None:
    STATE.close_loop(p.lexpos(1))


def a_break(p: Any) -> None:
    STATE.add_break(p[1].lower(), p[2], p.lexpos(1), p.lineno(1))


def a_expr_statement(p: Any) -> None:
    if p[1] == "throw" and STATE.throws:
        STATE.throws.pop()  # a throw statement, valid in every version


def a_multi_catch(p: Any) -> None:
    _feature("multi_catch", p.lineno(2))


def a_catch_without_variable(p: Any) -> None:
    _feature("catch_without_variable", _here())


def a_catch_variable(p: Any) -> None:
    if p[1] == "$this":
        STATE.error(p.lexpos(1), p.lineno(1), "CG313", "Cannot re-assign $this")


def a_finally(p: Any) -> None:
    _feature("finally", p.lineno(1))
    p[0] = True


def a_try(p: Any) -> None:
    if not p[5] and not p[6]:
        STATE.error(p.lexpos(1), p.lineno(1), "CG310", "Cannot use try without catch or finally")


def a_switch_default(p: Any) -> None:
    if p[1]:
        STATE.error(p.lexpos(2), p.lineno(2), "CG310",
                    "Switch statements may only contain one default clause")
    p[0] = True


def a_unset_variable(p: Any) -> None:
    STATE.check_writable(p[1], "Cannot unset $this", STATE.current()[0], unset=True)


def a_foreach_variable(p: Any) -> None:
    STATE.check_writable(p[1], after=STATE.current()[0])


def a_foreach_variable_ref(p: Any) -> None:
    STATE.check_writable(p[2], after=STATE.current()[0])


def a_destructure(p: Any) -> None:
    STATE.destructured(p.lexpos(1), p.lexpos(4), p[3], p.lineno(1))


def a_destructure_short(p: Any) -> None:
    _feature("short_list", p.lineno(1))
    STATE.destructured(p.lexpos(1), p.lexpos(3), p[2], p.lineno(1))


def a_global_var(p: Any) -> None:
    STATE.check_writable(p[1], "Cannot use $this as global variable")


def a_global_var_property(p: Any) -> None:
    # `global $$a->b;` is `global ${$a->b}` in PHP 5; from 7.0 (uniform
    # variable syntax) a syntax error at `->`.
    if STATE.target >= (7, 0):
        STATE.early.append((p.lexpos(3), p.lineno(3), "CG301",
                            'syntax error, unexpected token "->", expecting "," or ";"'))


def a_static_var(p: Any) -> None:
    if p[1] == "$this":
        STATE.error(p.lexpos(1), p.lineno(1), "CG313", "Cannot use $this as static variable")
    if len(p) > 2 and STATE.markers:
        STATE.const_features(STATE.take_markers(p.lexpos(2)), p.lineno(1), "static")
