"""The inheritance checks php -l makes within one file: PHP binds a class
to its parent while compiling ("early binding") only when the class is
declared at the top level, implements no interface, uses no trait, and
its parent was itself bound earlier in the same file.  Then it checks
what zend_do_inheritance checks: the parent's kind (interface, trait,
final class), properties (static, readonly, visibility), methods (final,
static, abstract, visibility, signature) and, for a concrete class,
abstract methods left unimplemented.

Only what can be decided from this file is judged: a parent declared
elsewhere, a class name in a signature (its subtypes are unknown) or a
default value makes the check give no finding.
"""
from __future__ import annotations

from typing import Any, NamedTuple, Optional

from commit_guard.php import signatures

_VISIBILITY = {"public": 1, "protected": 2, "private": 3}
_PARAM_TYPE = frozenset({"STRING", "NAME_QUALIFIED", "NAME_FULLY_QUALIFIED", "NAME_RELATIVE",
                         "ARRAY", "CALLABLE", "STATIC", "?", "|", "(", ")", "AMP"})


class Method(NamedTuple):
    name: str
    modifiers: list[str]
    line: int
    params: list[tuple]  # see actions_decl.a_parameter
    by_ref: bool
    returns: Optional[list[Any]]  # the return type's tokens
    scope: str  # the declaring class


class ClassInfo(NamedTuple):
    kind: str
    name: str  # with its namespace
    modifiers: list[str]
    line: int
    start: int
    end: int
    parent: Optional[str]  # resolved, or None
    bindable: bool  # no interfaces, no traits
    methods: dict[str, Method]
    properties: dict[str, tuple[list[str], bool]]  # name -> modifiers, typed


def _visibility(modifiers: list[str]) -> int:
    return next((_VISIBILITY[m] for m in modifiers if m in _VISIBILITY), 1)


def _param_type(tokens: list[Any], index: int, param: tuple) -> Optional[list[Any]]:
    """The tokens of a parameter's type, read back from its variable."""
    index -= 1
    if param[1]:
        index -= 1  # "..."
    if param[4]:
        index -= 1  # "&"
    out: list[Any] = []
    depth = 0
    while index >= 0 and tokens[index].type in _PARAM_TYPE:
        kind = tokens[index].type
        depth += kind == ")"
        if kind == "(":
            if not depth:
                break
            depth -= 1
        out.insert(0, tokens[index])
        index -= 1
    return out


def _bits(toks: Optional[list[Any]]) -> Optional[set[str]]:
    """A type of built-in names only, as a set of bits; {"mixed"...} for
    none; None when a class name or more makes it undecidable here."""
    if toks is None:
        return None
    declared = signatures.parse(toks)
    if declared is None or declared.names or declared.nested:
        return None
    if declared.bits >= signatures.MIXED:
        return set(signatures.MIXED)
    if declared.bits & {"static", "iterable", "callable", "object"}:
        return None
    return declared.bits


def _subtype(child: set[str], parent: set[str]) -> bool:
    if "never" in child:
        return True
    if "void" in child or "void" in parent:
        return child == parent
    return child <= parent


def method_table(tokens: list[Any], index_of: Any, methods: list[tuple],
                 scope: str) -> dict[str, Method]:
    """A class's methods (ParseState.methods entries) by lower-case name."""
    table = {}
    for _pos, line, name, modifiers, _body, params, by_ref, close in methods:
        index = index_of(tokens, close)
        returns = signatures.type_tokens(tokens, index) if index is not None else None
        table[name.lower()] = Method(name, modifiers, line, params, by_ref, returns, scope)
    return table


def abstract_error(name: str, left: list[str]) -> str:
    """zend_verify_abstract_class's message for class ``name`` with the
    abstract methods ``left`` ("A::f"), or ""."""
    if not left:
        return ""
    shown = ", ".join(left[:3]) + (", ..." if len(left) > 3 else "")
    plural = "s" if len(left) > 1 else ""
    return (f"Class {name} contains {len(left)} abstract method{plural} and must therefore "
            f"be declared abstract or implement the remaining methods ({shown})")


class Binder:
    """Walks a file's classes in order, binding those PHP binds."""

    def __init__(self, tokens: list[Any], index_of: Any) -> None:
        self.tokens = tokens
        self.index_of = index_of
        self.bound: dict[str, ClassInfo] = {}

    def type_of(self, param: tuple) -> Any:
        if param[6] is None:
            return "untyped"
        index = self.index_of(self.tokens, param[7])
        return _bits(_param_type(self.tokens, index, param)) if index is not None else None

    def bind(self, info: ClassInfo, top: bool) -> Optional[tuple[int, int, str]]:
        """The first error binding ``info`` gives, as (pos, line, message)."""
        if not top or not info.bindable or info.kind == "enum":
            return None
        if info.parent is None:
            # A name declared twice keeps its first class (the second is
            # declared when the file runs).
            if info.kind in ("class", "interface", "trait"):
                self.bound.setdefault(info.name.lower(), info)
            return None
        parent = self.bound.get(info.parent.lower())
        if parent is None or info.kind != "class":
            return None
        error = self._check(info, parent)
        if error is None:
            methods = dict(parent.methods)
            methods.update(info.methods)
            self.bound.setdefault(info.name.lower(), info._replace(methods=methods))
        return error if error and error[2] else None

    def _check(self, child: ClassInfo, parent: ClassInfo) -> Optional[tuple[int, int, str]]:
        at = (child.end, child.line)
        if parent.kind != "class":
            return (*at, f"Class {child.name} cannot extend {parent.kind} {parent.name}")
        if "final" in parent.modifiers:
            return (*at, f"Class {child.name} cannot extend final class {parent.name}")
        decided = True
        for name, (mods, typed) in parent.properties.items():
            mine = child.properties.get(name)
            if mine is None or "private" in mods:
                continue
            message = self._property(child, parent, name, mods, mine[0])
            if message:
                return (*at, message)
            decided = decided and not (typed or mine[1])  # types: not judged
        for lower, method in parent.methods.items():
            mine = child.methods.get(lower)
            if mine is None:
                continue
            message = self._method(child, method, mine)
            if message is None:
                decided = False
            elif message:
                return (child.end, mine.line, message)
        if not decided:
            # PHP may leave the class unbound (a type it would have to
            # load): nothing below it can be judged either.
            return (0, 0, "")
        if "abstract" not in child.modifiers:
            message = abstract_error(child.name, [
                f"{m.scope}::{m.name}" for lower, m in parent.methods.items()
                if "abstract" in m.modifiers and lower not in child.methods])
            if message:
                return (*at, message)
        return None

    @staticmethod
    def _property(child: ClassInfo, parent: ClassInfo, name: str, mods: list[str],
                  mine: list[str]) -> str:
        where, there = f"{child.name}::{name}", f"{parent.name}::{name}"
        if ("static" in mods) != ("static" in mine):
            old, new = ("static", "non static") if "static" in mods else ("non static", "static")
            return f"Cannot redeclare {old} {there} as {new} {where}"
        if ("readonly" in mods) != ("readonly" in mine):
            old, new = (("readonly", "non-readonly") if "readonly" in mods
                        else ("non-readonly", "readonly"))
            return f"Cannot redeclare {old} property {there} as {new} {where}"
        if _visibility(mine) > _visibility(mods):
            return _access(where, mods, parent.name)
        return ""

    def _method(self, child: ClassInfo, parent: Method,  # pylint: disable=too-many-return-statements
                mine: Method) -> Optional[str]:
        """PHP's message for ``mine`` overriding ``parent``, "" if it may,
        None if that cannot be decided here."""
        if "private" in parent.modifiers:
            return ""
        if "final" in parent.modifiers:
            return f"Cannot override final method {parent.scope}::{parent.name}()"
        if ("static" in parent.modifiers) != ("static" in mine.modifiers):
            if "static" in mine.modifiers:
                return (f"Cannot make non static method {parent.scope}::{parent.name}() "
                        f"static in class {child.name}")
            return (f"Cannot make static method {parent.scope}::{parent.name}() non static "
                    f"in class {child.name}")
        if "abstract" in mine.modifiers and "abstract" not in parent.modifiers:
            return (f"Cannot make non abstract method {parent.scope}::{parent.name}() "
                    f"abstract in class {child.name}")
        if _visibility(mine.modifiers) > _visibility(parent.modifiers):
            return _access(f"{child.name}::{mine.name}()", parent.modifiers, parent.scope)
        if parent.name.lower() == "__construct" and "abstract" not in parent.modifiers:
            return ""
        compatible = self._compatible(parent, mine)
        if compatible is False:
            ours, theirs = self._declaration(mine), self._declaration(parent)
            if ours is None or theirs is None:
                return None  # a type we cannot write as PHP does
            return f"Declaration of {ours} must be compatible with {theirs}"
        return "" if compatible else None

    def _compatible(self, parent: Method,  # pylint: disable=too-many-return-statements
                    mine: Method) -> Optional[bool]:
        """zend_do_perform_implementation_check on built-in types; None
        when it cannot be decided here."""
        if any(p[8] for p in parent.params + mine.params) or parent.by_ref or mine.by_ref:
            return None  # default values and by-reference returns: not judged
        if parent.params and parent.params[-1][1] and not (mine.params and mine.params[-1][1]):
            return False
        required = [p for p in mine.params if not p[1]]
        if len(required) > len([p for p in parent.params if not p[1]]):
            return False
        for index, theirs in enumerate(parent.params):
            if index >= len(mine.params):
                if not (mine.params and mine.params[-1][1]):
                    return False
                own = mine.params[-1]
            else:
                own = mine.params[index]
            if own[4] != theirs[4]:
                return False  # by reference or not: invariant
            own_type, their_type = self.type_of(own), self.type_of(theirs)
            if own_type is None or their_type is None:
                return None
            if own_type != "untyped" and not own_type >= signatures.MIXED:
                if their_type == "untyped" or not _subtype(their_type, own_type):
                    return False
        if parent.returns is not None:
            theirs_bits = _bits(parent.returns)
            if theirs_bits is None:
                return None
            if mine.returns is None:
                return False
            own_bits = _bits(mine.returns)
            if own_bits is None:
                return None
            return _subtype(own_bits, theirs_bits)
        return True

    def _declaration(self, method: Method) -> Optional[str]:
        """zend_get_function_declaration, for built-in types only."""
        params = []
        for param in method.params:
            bits = self.type_of(param)
            if bits is None:
                return None
            text = "" if bits == "untyped" else signatures.type_string(bits, []) + " "
            params.append(f"{text}{'&' if param[4] else ''}{'...' if param[1] else ''}"
                          f"{param[0]}")
        out = f"{method.scope}::{method.name}({', '.join(params)})"
        if method.returns is not None:
            bits = _bits(method.returns)
            if bits is None:
                return None
            out += ": " + signatures.type_string(bits, [])
        return out


def _access(where: str, modifiers: list[str], scope: str) -> str:
    level = next((m for m in modifiers if m in _VISIBILITY), "public")
    weaker = "" if level == "public" else " or weaker"
    return f"Access level to {where} must be {level} (as in class {scope}){weaker}"
