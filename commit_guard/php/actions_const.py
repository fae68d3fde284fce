"""Grammar actions for constant expressions (see actions.py).

``new``, closures and first-class callables leave a marker (position,
line, kind) in ``STATE.markers``.  A rule whose expression must be
constant (a parameter default, an attribute, a constant, a property
default, a static variable) takes the markers inside it; the declaration
it belongs to turns them into version findings or errors on the line PHP
names: the ``function``/``class``/``const`` keyword's, a property list's
first variable's, a static variable's.  Closure and hook bodies drop the
markers inside them: those are ordinary code.
"""
# pylint: disable=missing-function-docstring,unused-argument
from __future__ import annotations

from typing import Any

from commit_guard.php.actions import STATE
from commit_guard.php.write_targets import token_at


def _mark(pos: int, line: int, kind: str) -> None:
    STATE.markers.append((pos, line, kind))


def a_new(p: Any) -> None:
    _mark(p.lexpos(1), p.lineno(1), "new")
    p[0] = "expr"


def a_new_attributed(p: Any) -> None:
    STATE.const_features(p[2], STATE.decl_line)
    a_new(p)


def a_first_class_callable(p: Any) -> None:
    STATE.feature("first_class_callable", p.lineno(2))
    _mark(p.lexpos(2), p.lineno(2), "fcc")


def end_body(pos: int, line: int) -> None:
    """A function, closure, hook or class starting at ``pos`` ends."""
    if STATE.markers:
        STATE.take_markers(pos)
    STATE.decl_line = line


def closure_made(pos: int, line: int) -> None:
    end_body(pos, line)
    _mark(pos, line, "closure")


def a_attribute(p: Any) -> None:
    p[0] = STATE.take_markers(p.lexpos(1)) if STATE.markers else []


def a_concat(p: Any) -> None:
    p[0] = p[1] + p[2] if p[2] else p[1]


def a_concat3(p: Any) -> None:
    p[0] = p[1] + p[3] if p[3] else p[1]


def a_attributed(p: Any) -> None:
    """attributes on the declaration reduced just before."""
    if p[1]:
        STATE.const_features(p[1], STATE.decl_line)


def a_attributed_closure(p: Any) -> None:
    a_attributed(p)
    p[0] = "closure"


def a_attributed_parameter(p: Any) -> None:
    name, variadic, marks, *rest = p[2]
    p[0] = (name, variadic, marks + p[1] if p[1] else marks, *rest)


def a_const_decl(p: Any) -> None:
    if p[1].lower() == "class":  # only a class constant can be so named
        STATE.error(p.lexpos(2), p.lineno(2), "CG310", "A class constant must not be called "
                    "'class'; it is reserved for class name fetching")
    p[0] = STATE.take_markers(p.lexpos(2)) if STATE.markers else []


def a_global_const_decl(p: Any) -> None:
    STATE.const_names.append((p.lexpos(1), p.lineno(1), p[1]))
    a_const_decl(p)


def _global_constants(start: int) -> None:
    """The names a `const` statement declares: not true/false/null, not a
    name an import holds; PHP names the line of the first one."""
    names = STATE.const_names
    index = len(names)
    while index and names[index - 1][0] > start:
        index -= 1
    mine = names[index:]
    del names[index:]
    for _pos, _line, name in mine:
        message = STATE.imports.declare("const", name)
        if name.lower() in ("true", "false", "null"):
            message = f"Cannot redeclare constant '{name}'"
        if message:
            STATE.error(start, mine[0][1], "CG310", message)
            return


def a_const_statement(p: Any) -> None:
    if p[2]:
        STATE.const_features(p[2], p.lineno(1))
    _global_constants(p.lexpos(1))


def a_const_attribute(p: Any) -> None:
    STATE.feature("const_attribute", p.lineno(2))
    if p[1] or p[3]:
        STATE.const_features(p[1] + p[3], p.lineno(2))
    _global_constants(p.lexpos(2))


def a_enum_case(p: Any) -> None:
    if STATE.markers:
        STATE.take_markers(p.lexpos(1))
    STATE.decl_line = p.lineno(1)
    if STATE.target >= (8, 1):  # judged by its class (ParseState.close_class)
        name = STATE.tokens[token_at(STATE.tokens, p.lexpos(1)) + 1]
        if name.value.lower() == "class":
            STATE.error(p.lexpos(1), name.lineno, "CG310", "A class constant must not be called "
                        "'class'; it is reserved for class name fetching")
        STATE.properties.append((p.lexpos(1), name.lineno, (name.value, p[3] is not None)))


def a_property_plain(p: Any) -> None:
    p[0] = (p.lineno(1), [], p[1], p.lexpos(1), False)


def a_property_default(p: Any) -> None:
    marks = STATE.take_markers(p.lexpos(2)) if STATE.markers else []
    p[0] = (p.lineno(1), marks, p[1], p.lexpos(1), True)


def a_hooked_plain(p: Any) -> None:
    p[0] = (p.lineno(1), p.lineno(2), [])


def a_hooked_default(p: Any) -> None:
    # The hooks took the markers of their bodies already.
    p[0] = (p.lineno(1), p.lineno(4), STATE.take_markers(p.lexpos(2)) if STATE.markers else [])


# -- namespaces and `use` imports (commit_guard.php.imports) -----------------
def a_namespace_head(p: Any) -> None:
    STATE.namespace = p[2]
    STATE.imports.enter(p[2])


def a_namespace_end(p: Any) -> None:
    STATE.namespace = ""
    STATE.imports.enter("")


def a_use_name(p: Any) -> None:
    p[0] = (p[1], None, None)


def a_use_alias(p: Any) -> None:
    p[0] = (p[1], p[3], None)


def a_use_typed_inline(p: Any) -> None:
    STATE.feature("use_function", STATE.current()[1])
    p[0] = (p[2][0], p[2][1], p[1])


def a_group_use_body(p: Any) -> None:
    p[0] = (p[5], p[1], p[4])


def a_use_plain(p: Any) -> None:
    _imports(p, "class", p[2], "")


def a_use_typed(p: Any) -> None:
    STATE.feature("use_function", p.lineno(1))
    _imports(p, p[2], p[3], "")


def a_group_use(p: Any) -> None:
    trailing, prefix, items = p[2]
    STATE.feature("group_use", p.lineno(1))
    if trailing:
        STATE.feature("group_use_trailing_comma", p.lineno(1))
    _imports(p, "class", items, prefix)


def a_group_use_typed(p: Any) -> None:
    STATE.feature("use_function", p.lineno(1))
    trailing, prefix, items = p[3]
    STATE.feature("group_use", p.lineno(1))
    if trailing:
        STATE.feature("group_use_trailing_comma", p.lineno(1))
    _imports(p, p[2], items, prefix)


def _imports(p: Any, kind: str, items: list[tuple[str, Any, Any]], prefix: str) -> None:
    """One `use` statement's imports, in order; PHP names the line of the
    statement's first name."""
    index = token_at(STATE.tokens, p.lexpos(1)) + 1
    if STATE.tokens[index].type in ("FUNCTION", "CONST"):
        index += 1
    line = STATE.tokens[index].lineno
    prefix = prefix.lstrip("\\")
    for name, alias, own_kind in items:
        full = f"{prefix}\\{name}" if prefix else name.lstrip("\\")
        message = STATE.imports.use(own_kind or kind, full, alias, STATE.target)
        if message:
            STATE.error(p.lexpos(1), line, "CG310", message)
            return
