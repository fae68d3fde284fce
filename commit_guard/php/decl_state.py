"""Declaration checks of ParseState that need more than the rule being
reduced: class headers (`extends self`), functions (declared names,
redeclaration, `assert`), generators and return statements against the
declared return type, promoted constructor parameters, properties
declared twice.  Reported with PHP 8.2's words on the line it names."""
from __future__ import annotations

from typing import Any

from commit_guard.php import signatures
from commit_guard.php.imports import Imports
from commit_guard.php.inherit import Binder, ClassInfo, abstract_error, method_table
from commit_guard.php.write_targets import token_at

_SPECIAL = frozenset({"self", "parent", "static"})
# Statements whose body is not the file's top level though not in braces.
_ALT_ENDS = frozenset({"ENDIF", "ENDWHILE", "ENDFOR", "ENDFOREACH", "ENDSWITCH",
                       "ENDDECLARE"})
_CLASS_WORDS = frozenset({"CLASS", "INTERFACE", "TRAIT"})
_OPEN = frozenset({"{", "CURLY_OPEN", "DOLLAR_OPEN_CURLY_BRACES"})


class DeclarationChecks:  # pylint: disable=attribute-defined-outside-init
    """Mixed into ParseState (which supplies error, tokens, target...)."""

    errors: list[tuple[int, int, str, str]]
    tokens: list[Any]
    target: tuple[int, int]
    namespace: str
    properties: list[tuple[int, int, Any]]
    returns: list[tuple[int, int, bool, bool]]

    def reset_declarations(self) -> None:
        self.imports = Imports()
        self.functions: list[tuple[int, int, str]] = []  # pos, line, full name
        self.yields: list[int] = []  # positions of yields not yet claimed
        # self/parent/static in static calls and return types: (pos, line, word)
        self.class_refs: list[tuple[int, int, str]] = []
        self.classes: list[ClassInfo] = []  # for the inheritance checks (inherit.py)
        self.trait_uses: list[int] = []  # positions of `use T;` in class bodies
        self.const_names: list[tuple[int, int, str]] = []  # a `const` statement's names
        self.alias_modifiers: list[str] = []  # the first refused one of a `use T {...}`
        self.path = getattr(self, "path", "")

    def error(self, pos: int, line: int, code: str, message: str) -> None:
        raise NotImplementedError  # ParseState's

    def returns_of(self, start: int) -> list[tuple[int, int, bool, bool]]:
        """The return statements of the function starting at ``start``
        (those of nested functions were claimed already)."""
        index = len(self.returns)
        while index and self.returns[index - 1][0] > start:
            index -= 1
        return self.returns[index:]

    # -- classes ---------------------------------------------------------
    def class_header(self, kind: str, name: str, start: int, line: int,
                     extends: Any, implements: Any) -> None:
        """A name an import holds, and `extends self` and the like (in
        PHP's order)."""
        message = self.imports.declare("class", name)
        if message:
            self.error(start, line, "CG310", message)
            return
        what = "class name" if kind == "class" else "interface name"
        for names, role in ((extends, what), (implements, "interface name")):
            for item in names or ():
                if item.lower() in _SPECIAL:
                    self.error(start, line, "CG310",
                               f"Cannot use '{item}' as {role}, as it is reserved")
                    return

    def record_class(self, kind: str, name: str, start: int, line: int,
                     modifiers: list[str], parents: tuple[Any, Any], methods: list[tuple],
                     props: dict[str, tuple[list[str], bool]]) -> None:
        """Keep what inheritance needs; a concrete class with abstract
        methods of its own is an error already."""
        end = self.current()[0]
        if kind == "class" and "abstract" not in modifiers:
            message = abstract_error(name, [f"{name}::{m[2]}" for m in methods
                                            if "abstract" in m[3]])
            if message:
                self.error(end, line, "CG310", message)
        uses_traits = bool(self.trait_uses) and self.trait_uses[-1] > start
        while self.trait_uses and self.trait_uses[-1] > start:
            self.trait_uses.pop()
        extends, implements = parents
        parent = None
        if kind == "class" and extends:
            parent = self.imports.resolve(extends[0])
            if parent is None:
                return
        bindable = not implements and not uses_traits and not (kind == "interface" and extends)
        # (the methods are turned into a table only if a parent is in this file)
        self.classes.append(ClassInfo(kind, name, modifiers, line, start, end, parent,
                                      bindable, methods, props))

    def current(self) -> tuple[int, int]:
        raise NotImplementedError  # ParseState's

    def enum_backing(self, start: int, line: int) -> None:
        """An enum's backing type: int or string only (8.1)."""
        index = _index(self.tokens, start)
        toks = signatures.type_tokens(self.tokens, index + 1) if index is not None else None
        declared = signatures.parse(toks) if toks else None
        message = signatures.backing_error(declared, self.imports.resolve) if declared else ""
        if message:
            self.error(start, line, "CG310", message)

    # -- functions -------------------------------------------------------
    def function_declared(self, name: str, pos: int, line: int) -> None:
        message = self.imports.declare("function", name)
        if message:
            self.error(pos, line, "CG310", message)
        elif name.lower() == "assert" and self.target >= (8, 0):
            self.error(pos, line, "CG310", "Defining a custom assert() function is not "
                       "allowed, as the function has special semantics")
        full = f"{self.namespace}\\{name}" if self.namespace else name
        self.functions.append((pos, line, full))

    def promotions(self, method: str, params: list[tuple], pos: int, line: int,
                   abstract: bool) -> None:
        """Promoted constructor parameters (8.0): only in a constructor with
        a body, not variadic, not callable, typed when readonly; each is
        a property of the class (``method`` is "" outside a class)."""
        for name, variadic, _marks, _problem, _ref, modifiers, kind, *_rest in params:
            if not modifiers:
                continue
            message = ""
            if method.lower() != "__construct":
                message = "Cannot declare promoted property outside a constructor"
            elif abstract:
                message = "Cannot declare promoted property in an abstract constructor"
            elif variadic:
                message = "Cannot declare variadic promoted property"
            if message:
                self.error(pos, line, "CG310", message)
                return
            self.properties.append((pos, line, ("property", name, modifiers, kind is not None)))
            if kind in ("callable", "?callable"):
                message = f"Property {{}}::{name} cannot have type {kind}"
            elif "readonly" in modifiers and kind is None:
                message = f"Readonly property {{}}::{name} must have type"
            if message:
                self.properties.append((pos, line, message))
                return

    def claim_refs(self, start: int, scope: str) -> None:
        """self/parent/static used in the function starting at ``start``
        (nested ones claimed theirs): "closure" (its scope can change),
        "function" (no class scope at all)."""
        refs = self.class_refs
        while refs and refs[-1][0] > start:
            pos, line, word = refs.pop()
            if scope == "function":
                self.error(pos, line, "CG310",
                           f'Cannot use "{word}" when no class scope is active')

    def class_refs_checked(self, kind: str, start: int, has_parent: bool) -> None:
        """The class starting at ``start`` ends: `parent` in its methods
        needs a parent class (a trait's scope is the class using it)."""
        refs = self.class_refs
        while refs and refs[-1][0] > start:
            pos, line, word = refs.pop()
            if word == "parent" and not has_parent and kind != "trait":
                self.error(pos, line, "CG310",
                           'Cannot use "parent" when current class scope has no parent')

    def claim_yields(self, start: int) -> bool:
        """Does the function starting at ``start`` contain a yield (its
        nested functions claimed theirs already)?"""
        found = False
        while self.yields and self.yields[-1] > start:
            self.yields.pop()
            found = True
        return found

    def check_signature(self, close_paren: int, pos: int, line: int, start: int,
                        method: str = "") -> None:
        """The declared return type of the function whose parameter list
        ends at token position ``close_paren``: generators, `return;`,
        magic methods."""
        generator = self.claim_yields(start)
        index = _index(self.tokens, close_paren)
        toks = signatures.type_tokens(self.tokens, index) if index is not None else None
        if toks is None:
            return
        declared = signatures.parse(toks)
        if declared is None:
            return
        for tok in toks:
            word = tok.value.lower()
            if word in _SPECIAL and tok.type in ("STRING", "STATIC"):
                self.class_refs.append((tok.lexpos, tok.lineno, word))
        if method:
            message = signatures.magic_return_error(method, declared)
            if message:
                self.properties.append((pos, line, message))
        if generator:
            message = signatures.generator_error(declared, self.imports.resolve)
            if message:
                self.error(pos, line, "CG310", message)
            return
        if declared.bits & {"void", "never"} or self.target < (7, 1):
            return
        for ret_pos, ret_line, value, _null in self.returns_of(start):
            if not value:
                self.error(ret_pos, ret_line, "CG310", signatures.missing_value_error(declared))
                return

    def check_returns(self, return_type: Any, start: int) -> None:
        """A function starting at ``start`` ends: its return statements
        (nested functions took theirs) against a void or never type."""
        if not self.returns:
            return
        index = len(self.returns)
        while index and self.returns[index - 1][0] > start:
            index -= 1
        mine = self.returns[index:]
        del self.returns[index:]
        if return_type == "void" and self.target >= (7, 1):
            for pos, line, value, is_null in mine:
                if value:
                    hint = (' (did you mean "return;" instead of "return null;"?)'
                            if is_null else "")
                    self.error(pos, line, "CG310",
                               f"A void function must not return a value{hint}")
                    return
        elif return_type == "never" and self.target >= (8, 1) and mine:
            pos, line, _value, _null = mine[0]
            self.error(pos, line, "CG310", "A never-returning function must not return")

    def _bind_classes(self) -> None:
        """PHP's early binding of this file's classes, and its errors."""
        names = {info.name.lower() for info in self.classes}
        if not any(info.parent and info.parent.lower() in names for info in self.classes):
            return  # (most files: no class whose parent is declared here)
        if any(tok.type in _ALT_ENDS for tok in self.tokens):
            return
        top = _top_level(self.tokens, _CLASS_WORDS)
        binder = Binder(self.tokens, _index)
        for info in self.classes:
            info = info._replace(methods=method_table(self.tokens, _index, info.methods,
                                                      info.name))
            error = binder.bind(info, info.start in top)
            if error:
                self.error(error[0], error[1], "CG310", error[2])
                return

    def finish_declarations(self) -> None:
        if self.classes:
            self._bind_classes()
        for pos in self.yields:
            line = self.tokens[_index(self.tokens, pos) or 0].lineno
            self.error(pos, line, "CG310",
                       'The "yield" expression can only be used inside a function')
        seen: dict[str, tuple[int, int]] = {}
        duplicates = []
        for pos, line, full in self.functions:
            key = full.lower()
            if key in seen:
                duplicates.append((pos, line, full, seen[key]))
            else:
                seen[key] = (pos, line)
        if duplicates and not any(tok.type in _ALT_ENDS for tok in self.tokens):
            top = _top_level(self.tokens, frozenset({"FUNCTION"}))
            for pos, line, full, (first_pos, first_line) in duplicates:
                if pos in top and first_pos in top:
                    self.error(pos, line, "CG310", f"Cannot redeclare {full}() (previously "
                               f"declared in {self.path}:{first_line})")


def _index(tokens: list[Any], pos: int) -> Any:
    """Index of the token at exactly ``pos``, or None."""
    low = token_at(tokens, pos)
    return low if low < len(tokens) and tokens[low].lexpos == pos else None


def _top_level(tokens: list[Any], words: frozenset[str]) -> set[int]:
    """Positions of the tokens of ``words`` at the file's top level
    (inside a bracketed namespace counts as top level)."""
    out = set()
    stack: list[bool] = []  # open brackets: True for a namespace's "{"
    namespace_head = False
    for tok in tokens:
        kind = tok.type
        if kind == "NAMESPACE":
            namespace_head = not stack
        elif kind in _OPEN or kind in ("(", "[", "ATTRIBUTE"):
            stack.append(kind == "{" and namespace_head)
            namespace_head = False
        elif kind in ("}", ")", "]"):
            if stack:
                stack.pop()
        elif kind in words and all(stack):
            out.add(tok.lexpos)
        elif kind == ";":
            namespace_head = False
    return out
