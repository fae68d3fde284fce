"""Declaration rules PHP applies to names and modifiers (compile_checks
reports them): repeated or conflicting modifiers, reserved class names."""
from __future__ import annotations

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
