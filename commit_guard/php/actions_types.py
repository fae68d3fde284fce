"""Grammar actions for types and calls (see actions.py)."""
# pylint: disable=missing-function-docstring
from __future__ import annotations

from typing import Any

from commit_guard.php.actions import STATE, TYPE_FEATURES, _feature, _here


# `?T` that PHP refuses, since the version T became a type.
_NOT_NULLABLE = {
    "void": ((7, 1), "Void can only be used as a standalone type"),
    "never": ((8, 1), "never can only be used as a standalone type"),
    "mixed": ((8, 0), "Type mixed cannot be marked as nullable since mixed already includes null"),
}


def a_nullable_type(p: Any) -> None:
    _feature("nullable_type", p.lineno(1))
    bad = _NOT_NULLABLE.get(p[2])
    # The declaration reports it, on its own line (a_parameter, a_property,
    # type_error).
    if bad and STATE.target >= bad[0]:
        p[0] = ("badtype", bad[1])
    else:  # a property cannot be ?callable either (a_property)
        p[0] = "?callable" if p[2] == "callable" else "type"


def type_error(tag: Any, pos: int, line: int) -> None:
    if tag.__class__ is tuple:
        STATE.error(pos, line, "CG310", tag[1])


# Types that cannot be part of a union, since the version they became types.
_STANDALONE = {
    "void": ((7, 1), "Void can only be used as a standalone type"),
    "never": ((8, 1), "never can only be used as a standalone type"),
    "mixed": ((8, 0), "Type mixed can only be used as a standalone type"),
}


def a_union_parts(p: Any) -> None:
    # The union's members as the type rules gave them ("void", "never",
    # "mixed", "type"...): a_union_type looks for a standalone-only one.
    first = p[1] if p[1].__class__ is list else [p[1]]
    p[0] = [*first, p[3]]


def a_union_type(p: Any) -> None:
    _feature("union_type", _here())
    for part in p[1]:
        bad = _STANDALONE.get(part) if part.__class__ is str else None
        if bad and STATE.target >= bad[0]:
            p[0] = ("badtype", bad[1])
            return
    p[0] = "type"


def a_intersection_type(p: Any) -> None:
    _feature("intersection_type", _here())
    p[0] = "type"


def a_dnf_type(p: Any) -> None:
    _feature("dnf_type", p.lineno(1))
    p[0] = "type"


def a_static_type(p: Any) -> None:
    _feature("static_return_type", p.lineno(1))
    p[0] = "type"


def a_callable_type(p: Any) -> None:
    _feature("callable_type", p.lineno(1))
    p[0] = "callable"  # a property cannot have it (a_property)


# Return-only types, since the version that made them types.
NOT_PARAMETER_TYPES = {"void": (7, 1), "never": (8, 1)}


def a_type_name(p: Any) -> None:
    name = p[1].lower()
    key = TYPE_FEATURES.get(name)
    if key:
        _feature(key, _here())
    p[0] = name if name in NOT_PARAMETER_TYPES or name == "mixed" else "type"


def a_return_type(p: Any) -> None:
    _feature("return_type", p.lineno(1))
    p[0] = p[2]  # "void", "never" or "type"


# -- calls ------------------------------------------------------------------
def a_argument_list(p: Any) -> None:
    if p[3]:
        _feature("call_trailing_comma", p.lineno(4))
    if STATE.reads:  # `f($a[])` passes by reference, for all php -l knows of f
        STATE.claim_reads(p.lexpos(1), p.lexpos(4))


def a_arguments_first(p: Any) -> None:
    p[0] = {p[1]}


def a_arguments_append(p: Any) -> None:
    seen, kind = p[1], p[3]
    message = ""
    if kind == "pos" and "named" in seen:
        message = "Cannot use positional argument after named argument"
    elif kind == "pos" and "spread" in seen:
        message = "Cannot use positional argument after argument unpacking"
    elif kind == "spread" and "named" in seen:
        message = "Cannot use argument unpacking after named arguments"
    if message:
        STATE.error(p.lexpos(2), p.lineno(2), "CG312", message)
    seen.add(kind)
    p[0] = seen


def a_positional(p: Any) -> None:
    p[0] = "pos"


def a_named(p: Any) -> None:
    _feature("named_argument", p.lineno(2))
    p[0] = "named"


def a_spread(p: Any) -> None:
    _feature("spread_call", p.lineno(1))
    p[0] = "spread"
