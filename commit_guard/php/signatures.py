"""Rules PHP applies to a declared type when compiling (compile_checks
reports them): magic-method return types, the return type of a
generator, `return;` in a function with a return type, enum backing
types.

A type is read from its tokens (``type_tokens``), so comments and line
breaks inside it do not matter.  Class names are resolved as PHP does
(namespace, `use` imports) by the caller's ``resolve``; a name it cannot
resolve for certain makes the rule give no finding.
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple, Optional

# Built-in type names and the bits of PHP's type mask they stand for.
_BUILTIN = {
    "null": {"null"}, "false": {"false"}, "true": {"true"}, "bool": {"false", "true"},
    "int": {"int"}, "float": {"float"}, "string": {"string"}, "array": {"array"},
    "object": {"object"}, "void": {"void"}, "never": {"never"}, "callable": {"callable"},
    "static": {"static"},
    "mixed": {"null", "false", "true", "int", "float", "string", "array", "object",
              "callable", "iterable"},
    "iterable": {"iterable"},
}
MIXED = frozenset(_BUILTIN["mixed"])
# zend_type_to_string's order of the built-in part of a type.
_ORDER = ("static", "callable", "object", "array", "string", "int", "float", "bool",
          "false", "true", "void", "never")


class Type(NamedTuple):
    """A declared type: class names as written, built-in bits, and
    whether it is more than a union of plain names (intersection, DNF)."""
    names: list[str]
    bits: set[str]
    nested: bool


_TYPE_END = frozenset({"{", ";", "DOUBLE_ARROW", "IMPLEMENTS"})


def type_tokens(tokens: list[Any], index: int) -> Optional[list[Any]]:
    """The tokens of the return type after the ``)`` at ``index`` (a
    closure's `use (...)` skipped), or None when it has none."""
    index += 1
    if index < len(tokens) and tokens[index].type == "USE":
        depth = 0
        while index < len(tokens):
            kind = tokens[index].type
            depth += kind == "("
            depth -= kind == ")"
            index += 1
            if kind == ")" and depth == 0:
                break
    if index >= len(tokens) or tokens[index].type != ":":
        return None
    out = []
    index += 1
    while index < len(tokens) and tokens[index].type not in _TYPE_END:
        out.append(tokens[index])
        index += 1
    return out


def parse(toks: list[Any]) -> Optional[Type]:
    names: list[str] = []
    bits: set[str] = set()
    nested = False
    for tok in toks:
        if tok.type in ("(", ")", "AMP", "AMP_VAR", "AMPERSAND_FOLLOWED_BY_VAR_OR_VARARG",
                        "AMPERSAND_NOT_FOLLOWED_BY_VAR_OR_VARARG", "&"):
            nested = True
        elif tok.type == "?":
            bits.add("null")
        elif tok.type == "|":
            continue
        elif tok.value.lower() in _BUILTIN and tok.type in ("STRING", "STATIC", "ARRAY",
                                                              "CALLABLE"):
            bits |= _BUILTIN[tok.value.lower()]
        elif tok.type in ("STRING", "NAME_QUALIFIED", "NAME_FULLY_QUALIFIED",
                          "NAME_RELATIVE"):
            names.append(tok.value)
        else:
            return None  # not a type as we know them: no finding
    return Type(names, bits, nested)


def type_string(bits: set[str], names: list[str]) -> str:
    """zend_type_to_string: names first, then the built-in part in PHP's
    order, `?T` for a single type with null."""
    if bits >= _BUILTIN["mixed"]:
        return "mixed"
    parts = list(names)
    for bit in _ORDER:
        if bit == "bool" and {"false", "true"} <= bits:
            parts.append("bool")
        elif bit in ("false", "true") and {"false", "true"} <= bits:
            continue
        elif bit in bits and bit != "bool":
            parts.append(bit)
    if "null" in bits:
        return f"?{parts[0]}" if len(parts) == 1 else "|".join(parts + ["null"])
    return "|".join(parts)


# zend_check_magic_method_implementation: the return type each magic method
# may declare (its type mask); a declared type outside it is an error.
_MAGIC_RETURNS = {
    "__clone": {"void"}, "__set": {"void"}, "__unset": {"void"}, "__isset": {"false", "true"},
    "__tostring": {"string"}, "__debuginfo": {"array", "null"}, "__serialize": {"array"},
    "__unserialize": {"void"}, "__set_state": {"object"}, "__sleep": {"array"},
    "__wakeup": {"void"},
}


def magic_return_error(method: str, declared: Type) -> str:
    """PHP 8's message (with "{}" for the class) for magic method
    ``method`` declaring return type ``declared``, or ""."""
    allowed = _MAGIC_RETURNS.get(method.lower())
    if allowed is None or "never" in declared.bits:
        return ""
    extra = declared.bits - allowed
    complex_type = bool(declared.names) or declared.nested or "static" in extra
    extra.discard("static")
    if extra or (complex_type and allowed != {"object"}):
        return (f"{{}}::{method}(): Return type must be {type_string(allowed, [])} "
                "when declared")
    return ""


_GENERATOR_TYPES = frozenset({"traversable", "iterator", "generator"})


def generator_error(declared: Type, resolve: Callable[[str], Optional[str]]) -> str:
    """PHP's message for a generator declaring return type ``declared``,
    or "" (also when a name cannot be resolved for certain)."""
    if declared.bits & {"object", "iterable"}:
        return ""
    resolved = _resolved(declared, resolve)
    if resolved is None or any(full.lower() in _GENERATOR_TYPES for full in resolved):
        return ""
    return ("Generator return type must be a supertype of Generator, "
            f"{type_string(declared.bits, resolved)} given")


def missing_value_error(declared: Type) -> str:
    """PHP's message for `return;` in a function declaring ``declared``
    (neither void nor never), or ""."""
    if "null" in declared.bits:
        return ('A function with return type must return a value '
                '(did you mean "return null;" instead of "return;"?)')
    return "A function with return type must return a value"


def backing_error(declared: Type, resolve: Callable[[str], Optional[str]]) -> str:
    """PHP 8.1's message for an enum backed by ``declared``, or ""."""
    if not declared.names and not declared.nested and declared.bits in ({"int"}, {"string"}):
        return ""
    names = _resolved(declared, resolve)
    if names is None:
        return ""
    return f"Enum backing type must be int or string, {type_string(declared.bits, names)} given"


def _resolved(declared: Type, resolve: Callable[[str], Optional[str]]) -> Optional[list[str]]:
    """The full names of ``declared``'s classes, or None when one cannot be
    resolved for certain or the type nests (no message then)."""
    names = []
    for name in declared.names:
        full = resolve(name)
        if full is None:
            return None
        names.append(full)
    return None if declared.nested else names
