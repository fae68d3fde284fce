"""Grammar actions for expressions, variables and arrays (see actions.py)."""
# pylint: disable=missing-function-docstring
from __future__ import annotations

from typing import Any

from commit_guard.php.actions import STATE, _feature, _here
from commit_guard.php.assign_checks import LIST_OK
from commit_guard.php.write_targets import token_at

# Tags of expressions that are variables (or calls) in PHP's tree.
_VARIABLE_KINDS = frozenset({"var", "dim", "prop", "nullsafe", "temp", "append", "fcall",
                             "mcall", "nsmcall"})


def a_list_assign(p: Any) -> None:
    STATE.destructured(p.lexpos(1), p.lexpos(5), p[3], p.lineno(1))
    p[0] = "expr"


def a_short_list_assign(p: Any) -> None:
    _feature("short_list", p.lineno(1))
    STATE.destructured(p.lexpos(1), p.lexpos(4), p[2], p.lineno(1))
    p[0] = "expr"


def a_assign(p: Any) -> None:
    STATE.check_writable(p[1], after=p.lexpos(2), plain=p[2] == "=")
    p[0] = "expr"


def a_assign_ref(p: Any) -> None:
    STATE.check_writable(p[1], after=p.lexpos(2), plain=True)
    source = p[4]
    if source == "nullsafe":
        STATE.error(p.lexpos(2), p.lineno(2), "CG310", "Cannot take reference of a nullsafe chain")
    elif source == "temp":
        STATE.check_writable(source, after=STATE.current()[0])
    p[0] = "expr"


def a_assign_ref_new(p: Any) -> None:
    # `$a = &new Foo;`: PHP 5 (deprecated since 5.3); from 7.0 a syntax
    # error at `new`, which stops PHP before anything after it.
    STATE.check_writable(p[1], after=p.lexpos(2), plain=True)
    if STATE.target >= (7, 0):
        tok = STATE.tokens[token_at(STATE.tokens, p.lexpos(2)) + 2]
        STATE.early.append((tok.lexpos, tok.lineno, "CG301",
                            'syntax error, unexpected token "new"'))
    p[0] = "expr"


def a_pow_assign(p: Any) -> None:
    _feature("pow", p.lineno(2))
    a_assign(p)


def a_coalesce_assign(p: Any) -> None:
    _feature("coalesce_assign", p.lineno(2))
    a_assign(p)


def a_incdec_post(p: Any) -> None:
    STATE.check_writable(p[1], after=p.lexpos(2))
    p[0] = "expr"


def a_incdec_pre(p: Any) -> None:
    # The target starts right after the operator (on its line, but for
    # a line break between them).
    STATE.check_writable(p[2], after=p.lexpos(1), line=p.lineno(1))
    p[0] = "expr"


_NESTED_TERNARY = {
    ("ternary", "ternary"): ("a ? b : c ? d : e", "(a ? b : c) ? d : e", "a ? b : (c ? d : e)"),
    ("short_ternary", "ternary"): ("a ?: b ? c : d", "(a ?: b) ? c : d", "a ?: (b ? c : d)"),
    ("ternary", "short_ternary"): ("a ? b : c ?: d", "(a ? b : c) ?: d", "a ? b : (c ?: d)"),
}


def _ternary(p: Any, kind: str) -> None:
    # PHP 8 refuses an unparenthesised ternary as another one's condition
    # (7.4 only deprecated it); `a ?: b ?: c` stays valid.  Parentheses
    # turn the tag into "expr" (lr.py, _SECOND).
    shapes = _NESTED_TERNARY.get((p[1], kind))
    if shapes and STATE.target >= (8, 0):
        STATE.error(p.lexpos(2), p.lineno(2), "CG310",
                    f"Unparenthesized `{shapes[0]}` is not supported. "
                    f"Use either `{shapes[1]}` or `{shapes[2]}`")
    p[0] = kind


def a_ternary(p: Any) -> None:
    _ternary(p, "ternary")


def a_short_ternary(p: Any) -> None:
    _ternary(p, "short_ternary")


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


def a_static_call(p: Any) -> None:
    # `parent::f()`: its class needs a parent; a function outside a
    # class cannot use self/parent/static (ParseState.claim_refs).
    if p[1].__class__ is str and p[1].lower() in ("self", "parent", "static"):
        tok = STATE.tokens[token_at(STATE.tokens, p.lexpos(2)) - 1]
        STATE.class_refs.append((tok.lexpos, tok.lineno, p[1].lower()))
    p[0] = "mcall"


def a_yield(p: Any) -> None:
    _feature("yield", p.lineno(1))
    STATE.yields.append(p.lexpos(1))
    p[0] = "expr"


def a_yield_from(p: Any) -> None:
    _feature("yield_from", p.lineno(1))
    STATE.yields.append(p.lexpos(1))
    p[0] = "expr"


def a_throw(p: Any) -> None:
    STATE.throws.append((p.lexpos(1), p.lineno(1)))
    p[0] = "throw"


def a_match(p: Any) -> None:
    _feature("match", p.lineno(1))


def a_array_literal(p: Any) -> None:
    if p[3][0]:
        STATE.empty_arrays.append((p.lexpos(1), p.lineno(1)))
    p[0] = "array()"


def a_short_array_literal(p: Any) -> None:
    _feature("short_array", p.lineno(1))
    pairs = p[2]
    if pairs[0]:
        STATE.empty_arrays.append((p.lexpos(1), p.lineno(1)))
    # As an element of a list() target, a nested list: its own first bad element.
    p[0] = _list_tag(pairs, p.lexpos(1), p.lineno(1)) or "array"


def a_parenthesised_callee(p: Any) -> None:
    _feature("uniform_variable", p.lineno(1))  # `(function () {})()`


def a_temporary(p: Any) -> None:
    p[0] = "temp"


def a_parenthesised_base(p: Any) -> None:
    # `($a)[0]` is `$a[0]`: parentheses make no node in PHP's tree.
    tag = p[2]
    p[0] = tag if tag.__class__ is tuple or tag in _VARIABLE_KINDS else "temp"


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
    p[0] = "temp"


def a_curly_offset(p: Any) -> None:
    STATE.curly.append((p.lexpos(2), p.lineno(2)))
    p[0] = "dim"


def _pair_value(tag: Any) -> None:
    # "$this" as a by-reference element: an error only in a list() target.
    if tag.__class__ is tuple:
        STATE.this_elements.append((tag[1], tag[2]))


def a_pair_value3(p: Any) -> None:
    p[0] = ("key", p[3])  # the value: what a list() would assign to


def a_pair_value2(p: Any) -> None:
    _pair_value(p[2])


def a_pair_value4(p: Any) -> None:
    _pair_value(p[4])
    p[0] = ("key", None)


def a_array_spread(p: Any) -> None:
    _feature("array_spread", p.lineno(1))


def _list_tag(pairs: Any, pos: int, line: int) -> Any:
    """A nested list's tag as an element of the list around it: its first
    bad element, "Cannot use empty list", or None."""
    if pairs[2] is None and not pairs[3]:
        return ("bad", pos, line, "Cannot use empty list")
    return pairs[2]


def a_nested_list(p: Any) -> None:
    p[0] = _list_tag(p[3], p.lexpos(1), p.lineno(1))


def a_keyed_nested_list(p: Any) -> None:
    p[0] = ("key", _list_tag(p[5], p.lexpos(3), p.lineno(3)))


# An array_pair_list's value: (an element before the last is empty, the
# last is empty, the first element a list() could not assign to or None,
# whether the elements so far are keyed: 0 none yet, 1 keyed, 2 not).
# An element's value is True when empty, ("key", tag) when keyed, else tag.
def a_pairs_first(p: Any) -> None:
    element = p[1]
    bad = None
    keyed = 0
    if element is not True:
        keyed = 2
        if element.__class__ is tuple and element[0] == "key":
            keyed, element = 1, element[1]
        if element not in LIST_OK:
            pos, line = STATE.current()
            bad = STATE.bad_element(element, pos, line)
            if bad is not None and bad[0] == "bad":
                bad = ("first", *bad[1:])
    p[0] = (False, element is True, bad, keyed)


def a_pairs_append(p: Any) -> None:
    before, last_empty, bad, keyed = p[1]
    element = p[3]
    if element is not True:
        kind = 2
        if element.__class__ is tuple and element[0] == "key":
            kind, element = 1, element[1]
        if bad is None:
            if keyed and kind != keyed:
                bad = ("bad", p.lexpos(2), p.lineno(2),
                       "Cannot mix keyed and unkeyed array entries in assignments")
            elif element not in LIST_OK:
                bad = STATE.bad_element(element, p.lexpos(2), p.lineno(2))
        keyed = kind
    p[0] = (before or last_empty, element is True, bad, keyed)


def a_isset(p: Any) -> None:
    if STATE.curly:
        STATE.claim_curly(p.lexpos(2), p.lexpos(5))


def a_empty(p: Any) -> None:
    tag = p[3]
    if STATE.curly and (tag.__class__ is tuple or tag in _VARIABLE_KINDS):
        STATE.claim_curly(p.lexpos(2), p.lexpos(4))


def a_isset_variable(p: Any) -> None:
    STATE.check_isset(p[1])
