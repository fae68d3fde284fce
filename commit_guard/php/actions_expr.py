"""Grammar actions for expressions, variables and arrays (see actions.py)."""
# pylint: disable=missing-function-docstring,unused-argument
from __future__ import annotations

from typing import Any

from commit_guard.php.actions import STATE, _feature, _here


def a_list_assign(p: Any) -> None:
    STATE.destructured(p.lexpos(1), p.lexpos(5))
    p[0] = "expr"


def a_short_list_assign(p: Any) -> None:
    _feature("short_list", p.lineno(1))
    STATE.destructured(p.lexpos(1), p.lexpos(4))
    p[0] = "expr"


def a_assign(p: Any) -> None:
    STATE.check_writable(p[1])
    p[0] = "expr"


def a_pow_assign(p: Any) -> None:
    _feature("pow", p.lineno(2))
    a_assign(p)


def a_coalesce_assign(p: Any) -> None:
    _feature("coalesce_assign", p.lineno(2))
    a_assign(p)


def a_incdec_post(p: Any) -> None:
    STATE.check_writable(p[1])
    p[0] = "expr"


def a_incdec_pre(p: Any) -> None:
    STATE.check_writable(p[2])
    p[0] = "expr"


def a_pow(p: Any) -> None:
    _feature("pow", p.lineno(2))
    p[0] = "expr"


def a_spaceship(p: Any) -> None:
    _feature("spaceship", p.lineno(2))
    p[0] = "expr"


def a_coalesce(p: Any) -> None:
    _feature("coalesce", p.lineno(2))
    p[0] = "expr"


def a_pipe(p: Any) -> None:
    _feature("pipe", p.lineno(2))
    p[0] = "expr"


def a_yield(p: Any) -> None:
    _feature("yield", p.lineno(1))
    p[0] = "expr"


def a_yield_from(p: Any) -> None:
    _feature("yield_from", p.lineno(1))
    p[0] = "expr"


def a_throw(p: Any) -> None:
    STATE.throws.append((p.lexpos(1), p.lineno(1)))
    p[0] = "throw"


def a_match(p: Any) -> None:
    _feature("match", p.lineno(1))


def a_array_literal(p: Any) -> None:
    if p[3][0]:
        STATE.empty_arrays.append((p.lexpos(1), p.lineno(1)))


def a_short_array_literal(p: Any) -> None:
    _feature("short_array", p.lineno(1))
    if p[2][0]:
        STATE.empty_arrays.append((p.lexpos(1), p.lineno(1)))


def a_class_constant(p: Any) -> None:
    if isinstance(p[3], str) and p[3].lower() == "class":
        _feature("class_name_constant", p.lineno(2))


def a_object_class_constant(p: Any) -> None:
    if isinstance(p[3], str) and p[3].lower() == "class":
        _feature("class_on_object", p.lineno(2))


def a_dynamic_class_constant(p: Any) -> None:
    _feature("dynamic_class_constant", p.lineno(2))


def a_new_without_parentheses(p: Any) -> None:
    _feature("new_without_parentheses", _here())


def a_curly_offset(p: Any) -> None:
    STATE.removed.append(("curly_offset", p.lineno(2)))
    p[0] = "dim"


def _pair_value(tag: Any) -> None:
    # "$this" as an element: an error only if the array is a list() target.
    if tag.__class__ is tuple:
        STATE.this_elements.append((tag[1], tag[2]))


def a_pair_value1(p: Any) -> None:
    _pair_value(p[1])


def a_pair_value2(p: Any) -> None:
    _pair_value(p[2])


def a_pair_value3(p: Any) -> None:
    _pair_value(p[3])


def a_pair_value4(p: Any) -> None:
    _pair_value(p[4])


def a_array_spread(p: Any) -> None:
    _feature("array_spread", p.lineno(1))


def a_nested_list(p: Any) -> None:
    p[0] = None


def a_pairs_first(p: Any) -> None:
    p[0] = (False, p[1])


def a_pairs_append(p: Any) -> None:
    before, last_empty = p[1]
    p[0] = (before or last_empty, p[3])


def a_isset_variable(p: Any) -> None:
    STATE.check_isset(p[1])
