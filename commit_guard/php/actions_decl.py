"""Grammar actions for declarations and expressions (see actions.py)."""
# pylint: disable=missing-function-docstring,unused-argument
from __future__ import annotations

from typing import Any

from commit_guard.php.actions import STATE, _feature, _here
from commit_guard.php.actions_types import NOT_PARAMETER_TYPES, type_error
from commit_guard.php.actions_const import closure_made, end_body
from commit_guard.php.decl_checks import magic_error


# -- declarations ---------------------------------------------------------
def a_function(p: Any) -> None:
    if (p[3].__class__ is str and p[3].lower() == "__autoload" and not STATE.namespace
            and STATE.target >= (8, 0)):
        STATE.error(p.lexpos(1), p.lineno(1), "CG310", "__autoload() is no longer supported, "
                    "use spl_autoload_register() instead")
    STATE.function_declared(p[3], p.lexpos(1), p.lineno(1))
    _body_checks(p, p[7], p.lexpos(6), p[5], "function")
    end_body(p.lexpos(1), p.lineno(1))


def _body_checks(p: Any, returns: Any, close_paren: int, params: Any, kind: str) -> None:
    """What a function and a closure check alike once their body is read:
    the return type, the signature, returns and yields, class references,
    parameters and promotions (8.0)."""
    type_error(returns, p.lexpos(1), p.lineno(1))
    if returns is not None or STATE.yields:
        STATE.check_signature(close_paren, p.lexpos(1), p.lineno(1), p.lexpos(1))
    STATE.check_returns(returns, p.lexpos(1))
    if STATE.class_refs:
        STATE.claim_refs(p.lexpos(1), kind)
    STATE.check_params(params, p.lexpos(1), p.lineno(1))
    if STATE.target >= (8, 0):
        STATE.promotions("", params, p.lexpos(1), p.lineno(1), False)
    STATE.close_scope(p.lexpos(1))


def a_extends_one(p: Any) -> None:
    p[0] = [p[2]]


def a_trait_use(p: Any) -> None:
    # A modifier a trait alias cannot have (8.0; readonly 8.1), named on
    # the line of the `use`.
    modifier = STATE.alias_modifiers.pop() if STATE.alias_modifiers else ""
    STATE.alias_modifiers.clear()
    if modifier and STATE.target >= (8, 0):
        STATE.error(p.lexpos(1), p.lineno(1), "CG310",
                    f"Cannot use '{modifier}' as method modifier")
    STATE.trait_uses.append(p.lexpos(1))


def a_alias_modifier(p: Any) -> None:
    if p[3] in ("static", "abstract", "final", "readonly") and not STATE.alias_modifiers:
        STATE.alias_modifiers.append(p[3])


def a_variadic(p: Any) -> None:
    _feature("variadic", p.lineno(1))
    p[0] = True


def a_class_modified(p: Any) -> None:
    STATE.close_class("class", p[3], p.lexpos(2), p.lineno(2), parents=(p[4], p[5]),
                      modifiers=tuple(p[1]))
    STATE.decl_line = p.lineno(2)


def a_class_plain(p: Any) -> None:
    STATE.close_class("class", p[2], p.lexpos(1), p.lineno(1), parents=(p[3], p[4]))
    STATE.decl_line = p.lineno(1)


def a_readonly_anonymous(p: Any) -> None:
    _feature("readonly_anonymous_class", _here())


def a_readonly_class(p: Any) -> None:
    _feature("readonly_class", p.lineno(1))
    STATE.modifier_line = p.lineno(1)
    p[0] = "readonly"


def a_trait(p: Any) -> None:
    _feature("trait", p.lineno(1))
    STATE.close_class("trait", p[2], p.lexpos(1), p.lineno(1))
    STATE.decl_line = p.lineno(1)


def a_interface(p: Any) -> None:
    STATE.close_class("interface", p[2], p.lexpos(1), p.lineno(1), parents=(p[3], None))
    STATE.decl_line = p.lineno(1)


def a_enum(p: Any) -> None:
    _feature("enum", p.lineno(1))
    if p[3] is not None:
        STATE.enum_backing(p.lexpos(1), p.lineno(1))
    STATE.close_class("enum", p[2], p.lexpos(1), p.lineno(1), backed=p[3] is not None,
                      parents=(None, p[4]))
    STATE.decl_line = p.lineno(1)


def a_anonymous_class(p: Any) -> None:
    _feature("anonymous_class", p.lineno(2))
    STATE.close_class("class", "class@anonymous", p.lexpos(2), parents=(p[4], p[5]))
    end_body(p.lexpos(2), p.lineno(2))


def a_parameter_list(p: Any) -> None:
    if p[2]:
        _feature("param_trailing_comma", _here())
    p[0] = p[1]


def a_promotion(p: Any) -> None:
    _feature("constructor_promotion", _here())
    if "final" in p[1]:
        _feature("final_promoted_property", _here())
    p[0] = p[1]


def a_parameter(p: Any) -> None:
    if p[5] == "$this":
        STATE.error(p.lexpos(5), p.lineno(5), "CG313", "Cannot use $this as parameter")
    if len(p) > 7:
        marks = STATE.take_markers(p.lexpos(6)) if STATE.markers else []
    else:
        marks = []
    problem = ""
    if p[4] and len(p) > 7:
        problem = "Variadic parameter cannot have a default value"
    elif p[2].__class__ is tuple:
        problem = p[2][1]
    elif p[2] in NOT_PARAMETER_TYPES and STATE.target >= NOT_PARAMETER_TYPES[p[2]]:
        problem = f"{p[2]} cannot be used as a parameter type"
    p[0] = (p[5], bool(p[4]), marks, problem, bool(p[3]), p[1], p[2], p.lexpos(5), len(p) > 7)


def a_hooks(p: Any) -> None:
    _feature("property_hooks", p.lineno(1))


def a_property(p: Any) -> None:
    if p[2] is not None:
        _feature("typed_property", _here())
    line = p[3][0][0]
    type_error(p[2], STATE.current()[0], line)
    if "final" in p[1]:
        _feature("final_property", line)
    if "abstract" in p[1] and STATE.target < HOOKS:
        STATE.error(STATE.current()[0], line, "CG310", "Properties cannot be declared abstract")
    for _line, marks, _name, _pos, _default in p[3]:
        if marks:
            STATE.const_features(marks, line, "class")
    STATE.decl_line = line
    for prop in p[3]:
        STATE.property_rules(p[1], p[2], prop, STATE.current()[0])


def a_hooked_property(p: Any) -> None:
    if p[2] is not None:
        _feature("typed_property", _here())
    line, brace_line, marks = p[3]
    if "final" in p[1]:
        _feature("final_property", line)
    # PHP before 8.4 stops at the "{" that opens the hook list.
    _feature("property_hooks", brace_line)
    if marks:
        STATE.const_features(marks, line, "class")
    STATE.decl_line = line


def a_class_const(p: Any) -> None:
    _constant_modifiers(p)
    _class_constants(p[3], p.lineno(2))
    p[0] = None


def a_typed_class_const(p: Any) -> None:
    _feature("typed_class_constant", p.lineno(2))
    _constant_modifiers(p)
    _class_constants(p[4], p.lineno(2))


def _constant_modifiers(p: Any) -> None:
    for modifier in ("static", "abstract", "readonly"):
        if modifier in p[1]:
            STATE.error(p.lexpos(2), p.lineno(2), "CG310",
                        f"Cannot use '{modifier}' as constant modifier")
            return


def _class_constants(marks: Any, line: int) -> None:
    if marks:
        STATE.const_features(marks, line, "class")
    STATE.decl_line = line


def a_const_visibility(p: Any) -> None:
    _feature("const_visibility", _here())
    p[0] = p[1]


HOOKS = (8, 4)  # abstract (hooked) properties exist from here

# PHP 5's reserved words: names of methods and class constants from 7.0
# (the context-sensitive lexer).
PHP5_RESERVED = frozenset("""abstract and array as break callable case catch class clone const
continue declare default die do echo else elseif empty enddeclare endfor endforeach endif
endswitch endwhile eval exit extends final finally for foreach function global goto if
implements include include_once instanceof insteadof interface isset list namespace new or
print private protected public require require_once return static switch throw trait try
unset use var while xor yield __halt_compiler""".split())


def a_method(p: Any) -> None:
    pos, line = p.lexpos(2), p.lineno(2)
    type_error(p[8], pos, line)
    STATE.check_returns(p[8], pos)
    if "readonly" in p[1]:
        STATE.error(pos, line, "CG310", "Cannot use 'readonly' as method modifier")
    if p[4].lower() in PHP5_RESERVED:
        _feature("reserved_member_name", line)
    STATE.check_params(p[6], pos, line)
    if STATE.target >= (8, 0):
        STATE.promotions(p[4], p[6], pos, line, "abstract" in p[1] or not p[9])
    magic = ""
    if p[4].startswith("__") and STATE.target >= (8, 0):
        message = magic_error(p[4], p[1], p[6], p[8] is not None)
        if message:  # the class's name is filled in when it is known
            STATE.properties.append((pos, line, message))
        else:
            magic = p[4]
    if p[8] is not None or STATE.yields:
        STATE.check_signature(p.lexpos(7), pos, line, pos, magic)
    STATE.close_scope(pos)
    STATE.methods.append((pos, line, p[4], p[1], p[9], p[6], bool(p[3]), p.lexpos(7)))
    end_body(pos, line)


def a_var_modifier(p: Any) -> None:
    p[0] = ["var"]


def a_readonly_modifier(p: Any) -> None:
    _feature("readonly_property", p.lineno(1))
    STATE.modifier_line = p.lineno(1)
    p[0] = "readonly"


def a_modifier(p: Any) -> None:
    STATE.modifier_line = p.lineno(1)
    text = p[1].lower()
    p[0] = text[:text.index("(")].rstrip() + "(set)" if "(" in text else text


def a_member_modifiers(p: Any) -> None:
    p[0] = STATE.add_modifier(p[1], p[2], STATE.modifier_line, member=True)


def a_class_modifiers(p: Any) -> None:
    p[0] = STATE.add_modifier(p[1], p[2], STATE.modifier_line, member=False)


def a_hook(p: Any) -> None:
    if STATE.yields:
        STATE.claim_yields(p.lexpos(3))
    STATE.close_scope(p.lexpos(3))
    end_body(p.lexpos(3), p.lineno(3))


def a_closure(p: Any) -> None:
    _body_checks(p, p[7], p.lexpos(5), p[4], "closure")
    closure_made(p.lexpos(1), p.lineno(1))
    p[0] = "closure"


def a_arrow_function(p: Any) -> None:
    _feature("arrow_function", p.lineno(1))
    if p[6] is not None or STATE.yields:
        STATE.check_signature(p.lexpos(5), p.lexpos(1), p.lineno(1), p.lexpos(1))
    if STATE.class_refs:
        STATE.claim_refs(p.lexpos(1), "closure")
    STATE.check_params(p[4], p.lexpos(1), p.lineno(1))
    closure_made(p.lexpos(1), p.lineno(1))
    p[0] = "closure"


def a_lexical_vars(p: Any) -> None:
    if p[4]:
        _feature("closure_use_trailing_comma", p.lineno(1))


def a_lexical_var(p: Any) -> None:
    if p[1] == "$this":
        STATE.error(p.lexpos(1), p.lineno(1), "CG313", "Cannot use $this as lexical variable")


def a_lexical_var_ref(p: Any) -> None:
    if p[2] == "$this":
        STATE.error(p.lexpos(2), p.lineno(2), "CG313", "Cannot use $this as lexical variable")
