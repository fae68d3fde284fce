"""Declaration rules PHP applies to names and modifiers (compile_checks
reports them): repeated or conflicting modifiers, reserved class names,
magic-method signatures, property types, enum cases."""
from __future__ import annotations

from typing import Any

# Names a class, interface, trait or enum cannot have, since the version
# that reserved them (zend_is_reserved_class_name).
RESERVED_CLASS_NAMES = {
    "self": (5, 3), "parent": (5, 3), "bool": (7, 0), "false": (7, 0), "float": (7, 0),
    "int": (7, 0), "null": (7, 0), "string": (7, 0), "true": (7, 0), "void": (7, 1),
    "iterable": (7, 1), "object": (7, 2), "mixed": (8, 0), "never": (8, 1),
}
_VISIBILITY = frozenset({"public", "protected", "private"})
_SET_VISIBILITY = frozenset({"public(set)", "protected(set)", "private(set)"})
_REPEATABLE = frozenset({"abstract", "static", "final", "readonly"})


def modifier_error(flags: list[str], new: str, member: bool) -> str:
    """PHP 8.2's message for adding modifier ``new`` after ``flags`` (a
    member's, or a class's when not ``member``), or ""."""
    if new in _VISIBILITY and any(f in _VISIBILITY for f in flags):
        return "Multiple access type modifiers are not allowed"
    if new in _SET_VISIBILITY and any(f in _SET_VISIBILITY for f in flags):
        return "Multiple access type modifiers are not allowed"
    if new in flags and new in _REPEATABLE:
        return f"Multiple {new} modifiers are not allowed"
    if {new, *flags} >= {"abstract", "final"}:
        return ("Cannot use the final modifier on an abstract class member" if member
                else "Cannot use the final modifier on an abstract class")
    return ""


# PHP 8's zend_check_magic_method_implementation: how many arguments a magic
# method takes (a variadic one not counted), whether they may be by
# reference, and whether it must (True) or cannot (False) be static.
_MAGIC_ARGS = {
    "__destruct": 0, "__clone": 0, "__tostring": 0, "__debuginfo": 0, "__serialize": 0,
    "__sleep": 0, "__wakeup": 0, "__get": 1, "__isset": 1, "__unset": 1,
    "__unserialize": 1, "__set_state": 1, "__set": 2, "__call": 2, "__callstatic": 2,
}
_MAGIC_NO_REF = frozenset({"__get", "__set", "__isset", "__unset", "__call", "__callstatic",
                           "__unserialize", "__set_state"})
_MAGIC_STATIC = {"__construct": False, "__destruct": False, "__clone": False, "__get": False,
                 "__set": False, "__isset": False, "__unset": False, "__call": False,
                 "__tostring": False, "__debuginfo": False, "__serialize": False,
                 "__unserialize": False, "__sleep": False, "__wakeup": False,
                 "__invoke": False, "__callstatic": True, "__set_state": True}


def magic_error(name: str, modifiers: list[str], params: list[tuple],
                typed: bool = False) -> str:
    """PHP 8's message (with "{}" for the class) for magic method ``name``
    declared with ``modifiers`` and ``params`` (see
    ParseState.check_params), with a return type when ``typed``, or "".
    Checked in PHP's order: arguments, references, static, return type."""
    lower = name.lower()
    where = f"Method {{}}::{name}()"
    wanted = _MAGIC_ARGS.get(lower)
    count = sum(1 for param in params if not param[1])
    if wanted == 0 and count:
        return f"{where} cannot take arguments"
    if wanted and count != wanted:
        return f"{where} must take exactly {wanted} argument{'s' if wanted > 1 else ''}"
    if lower in _MAGIC_NO_REF and any(param[4] for param in params):
        return f"{where} cannot take arguments by reference"
    static = _MAGIC_STATIC.get(lower)
    if static is not None and static != ("static" in modifiers):
        return f"{where} must be static" if static else f"{where} cannot be static"
    if typed and lower in ("__construct", "__destruct"):
        return f"{where} cannot declare a return type"
    return ""


def case_error(kind: str, backed: bool, case: str, valued: bool) -> str:
    """PHP 8.1's message (with "{}" for the enum) for ``case`` declared
    in a ``kind`` (class, enum...), with a value or not, or ""."""
    if kind != "enum":
        return "Case can only be used in enums"
    if backed and not valued:
        return f"Case {case} of backed enum {{}} must have a value"
    if valued and not backed:
        return f"Case {case} of non-backed enum {{}} must not have a value"
    return ""


def property_error(modifiers: list[str], kind: Any, name: str, target: tuple[int, int],
                   default: bool = False) -> str:
    """PHP's message (with "{}" for the class) for property ``name`` with
    ``modifiers``, type ``kind`` (None: untyped; "callable", "?callable"
    or another value, see actions_types) and a default value or not, or ""."""
    readonly = "readonly" in modifiers and target >= (8, 1)
    if kind in ("callable", "?callable") and target >= (7, 4):
        return f"Property {{}}::{name} cannot have type {kind}"
    if readonly and kind is None:
        return f"Readonly property {{}}::{name} must have type"
    if readonly and default:
        return f"Readonly property {{}}::{name} cannot have default value"
    if readonly and "static" in modifiers:
        return f"Static property {{}}::{name} cannot be readonly"
    return ""
