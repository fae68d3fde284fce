"""The per-parse state the grammar actions fill, and the compile-time checks
PHP makes after parsing that need more than one rule to decide.

Scopes are tracked by token position: a rule is reduced after everything
inside it, so when a loop (or function, or class) is reduced, the pending
``break``s / methods with a position after its first token are inside it.
"""
from __future__ import annotations

from typing import Any

from commit_guard.php.assign_checks import AssignmentChecks
from commit_guard.php.decl_state import DeclarationChecks
from commit_guard.php.decl_checks import (RESERVED_CLASS_NAMES, case_error, modifier_error,
                                          property_error)
from commit_guard.php.write_targets import target_line, token_at

# Expression tags (see actions.py) besides those: "fcall" / "mcall" (a
# function's or a method's return value), "nsmcall" (a nullsafe method
# call), "temp" (a dereference of a temporary: a constant, a literal,
# `new`, a parenthesised non-variable), "append" (a `$a[]` chain),
# "array" / "array()" (short / long array literals), ("this", pos, line).
# A dereference keeps these kinds of its container; others give "dim"/"prop".
CHAIN_TAGS = {"nullsafe": "nullsafe", "nsmcall": "nullsafe", "temp": "temp",
              "append": "append"}
ISSET_TAGS = frozenset({"var", "dim", "prop", "nullsafe", "temp", "append"})
class ParseState(AssignmentChecks, DeclarationChecks):  # pylint: disable=too-many-instance-attributes
    """What one parse found besides its syntax: features used, removed
    syntax, compile errors (position, line, code, message).  One flat
    record of what each check collects: actions reach it on every rule,
    so no indirection."""

    def __init__(self, target: tuple[int, int]) -> None:
        self.reset(target)

    def reset(self, target: tuple[int, int]) -> None:
        """Forget the last parse (one state object serves every parse)."""
        self.target = target
        self.features: list[tuple[str, int]] = []
        self.removed: list[tuple[str, int]] = []
        self.curly: list[tuple[int, int]] = []  # `$s{0}` offsets: position, line
        self.errors: list[tuple[int, int, str, str]] = []
        # Errors PHP raises while parsing: they stop it before any later
        # syntax error, so they win over everything (duplicate modifiers).
        self.early: list[tuple[int, int, str, str]] = []
        # `$a[]` read (expr : variable) and list() elements that cannot be
        # written: errors unless an argument list or a destructuring claims them.
        self.reads: list[int] = []  # positions of the token after each
        self.modifier_line = 0  # line of the member/class modifier reduced last
        self.tokens: list[Any] = []  # the file's tokens, to find a target's line
        self.text = ""  # the file's text
        # return statements not yet claimed by their function (actions.a_return)
        self.returns: list[tuple[int, int, bool, bool]] = []
        self.breaks: list[list[Any]] = []  # [pos, line, kind, levels left, loops seen]
        self.methods: list[tuple[int, int, str, list[str], bool]] = []
        # property and magic-method errors waiting for their class's name:
        # (pos, line, message with "{}" where the name goes), and enum
        # cases: (pos, line, (name, has a value)), judged with their class
        self.properties: list[tuple[int, int, Any]] = []
        self.empty_arrays: list[tuple[int, int]] = []
        self.this_elements: list[tuple[int, int]] = []  # $this in array literals
        self.throws: list[tuple[int, int]] = []
        self.namespace = ""
        self.lookahead: Any = None  # the token the parser last read
        # new / closures / f(...) not yet claimed: (position, line, kind)
        self.markers: list[tuple[int, int, str]] = []
        self.decl_line = 0  # anchor line of the declaration reduced last
        self.reset_declarations()

    def add_modifier(self, flags: list[str], new: str, line: int, member: bool) -> list[str]:
        """PHP's zend_add_member_modifier / zend_add_class_modifier, run
        while parsing: its errors come before anything after them is read."""
        message = modifier_error(flags, new, member)
        if message:
            pos = self.lookahead.lexpos if self.lookahead is not None else 0
            self.early.append((pos, line, "CG310", message))
        flags.append(new)
        return flags

    def feature(self, key: str, line: int) -> None:
        self.features.append((key, line))

    def error(self, pos: int, line: int, code: str, message: str) -> None:
        # PHP 7.1 made $this a non-variable everywhere; before, only a plain
        # assignment to it and `use ($this)` were errors (those bypass this).
        if code == "CG313" and self.target < (7, 1) and "lexical" not in message:
            return
        self.errors.append((pos, line, code, message))

    def current(self) -> tuple[int, int]:
        """Position and line of the token just read (for rules ending in %empty)."""
        tok = self.lookahead
        if tok is None:
            return 1 << 60, 0
        return tok.lexpos, tok.lineno

    # -- constant expressions -----------------------------------------------
    def take_markers(self, start: int) -> list[tuple[int, int, str]]:
        """Remove and return the markers at positions >= ``start``.

        A rule is reduced after everything inside it and before anything
        after it, so the markers inside a rule that began at ``start`` are
        the newest ones: a suffix of the list.
        """
        marks = self.markers
        index = len(marks)
        while index and marks[index - 1][0] >= start:
            index -= 1
        if index == len(marks):
            return []
        out = marks[index:]
        del marks[index:]
        return out

    def const_features(self, marks: list[tuple[int, int, str]], line: int,
                       context: str = "const") -> None:
        """Version findings for what a constant expression contains, at the
        line PHP names (its declaration's).  ``context``: "const" (parameter
        defaults, attribute arguments, global constants), "static"
        (static variables) or "class" (property defaults, class constants)."""
        for pos, _line, kind in marks:
            if kind == "new":
                if context == "class":
                    self.error(pos, line, "CG310",
                               "New expressions are not supported in this context")
                else:
                    self.feature("new_in_initializer", line)
            elif context == "static":
                self.feature("static_var_expression", line)
            else:
                self.feature("closure_in_const_expr" if kind == "closure"
                             else "fcc_in_const_expr", line)

    # -- break / continue --------------------------------------------------
    def add_break(self, kind: str, operand: Any, pos: int, line: int) -> None:
        if operand is False:
            levels = 1
        elif not isinstance(operand, int) or isinstance(operand, bool):
            self.error(pos, line, "CG311",
                       f"'{kind}' operator with non-integer operand is no longer supported")
            return
        elif operand < 1:
            self.error(pos, line, "CG311", f"'{kind}' operator accepts only positive integers")
            return
        else:
            levels = operand
        self.breaks.append([pos, line, kind, levels, 0])

    def close_loop(self, start: int) -> None:
        if not self.breaks:
            return
        keep = []
        for pending in self.breaks:
            if pending[0] > start:
                pending[3] -= 1
                pending[4] += 1
                if pending[3] == 0:
                    continue
            keep.append(pending)
        self.breaks = keep

    def close_scope(self, start: int) -> None:
        """A function, method or class ends: no loop can enclose its breaks."""
        if not self.breaks:
            return
        keep = []
        for pos, line, kind, left, seen in self.breaks:
            if pos <= start:
                keep.append([pos, line, kind, left, seen])
            elif seen:
                total = left + seen
                self.error(pos, line, "CG311",
                           f"Cannot '{kind}' {total} level{'s' if total > 1 else ''}")
            else:
                self.error(pos, line, "CG311",
                           f"'{kind}' not in the 'loop' or 'switch' context")
        self.breaks = keep

    # -- classes and methods -----------------------------------------------
    def close_class(self, kind: str, name: str, start: int, line: int = 0,
                    backed: bool = False, parents: tuple[Any, Any] = (None, None),
                    modifiers: tuple[str, ...] = ()) -> None:
        self.close_scope(start)
        since = RESERVED_CLASS_NAMES.get(name.lower())
        if since and self.target >= since:
            self.error(start, line, "CG310", f"Cannot use '{name}' as class name as it is reserved")
        elif name != "class@anonymous":
            self.class_header(kind, name, start, line, *parents)
        if self.class_refs:
            self.class_refs_checked(kind, start, bool(parents[0]))
        if name != "class@anonymous" and self.namespace:
            name = f"{self.namespace}\\{name}"
        props = self._property_errors(name, start, kind, backed)
        keep = []
        seen = set()
        mine = []
        for method in self.methods:
            if method[0] > start:
                mine.append(method)
                errors = len(self.errors)
                self._check_method(kind, name, *method[:5])
                lower = method[2].lower()
                if lower in seen and len(self.errors) == errors:
                    self.error(method[0], method[1], "CG310",
                               f"Cannot redeclare {name}::{method[2]}()")
                seen.add(lower)
            else:
                keep.append(method)
        self.methods = keep
        if self.target >= (8, 0) and line:
            self.record_class(kind, name, start, line, list(modifiers), parents, mine, props)

    def property_rules(self, modifiers: list[str], kind: Any, first: Any, pos: int) -> None:
        """A property declaration's type rules, reported when the class's
        name is known.  PHP names the first variable, on the line of the
        type's last token (of the variable when untyped)."""
        line, _marks, name, var_pos, default = first
        message = property_error(modifiers, kind, name, self.target, default)
        if kind is not None:
            line = self.tokens[token_at(self.tokens, var_pos) - 1].lineno
        if message:
            self.properties.append((pos, line, message))
        self.properties.append((var_pos, line, ("property", name, modifiers, kind is not None)))

    def _property_errors(self, cls: str, start: int, kind: str,
                         backed: bool) -> dict[str, tuple[list[str], bool]]:
        index = len(self.properties)
        while index and self.properties[index - 1][0] > start:
            index -= 1
        props: dict[str, tuple[list[str], bool]] = {}
        for pos, line, message in self.properties[index:]:
            if message.__class__ is tuple and len(message) == 4:  # a property
                _tag, name, modifiers, typed = message
                message = "Cannot redeclare {}::" + name if name in props else ""
                props[name] = (modifiers, typed)
            elif message.__class__ is tuple:  # an enum case: (name, has a value)
                message = case_error(kind, backed, *message)
            if message:
                self.error(pos, line, "CG310", message.format(cls))
        del self.properties[index:]
        return props

    def _check_method(self, kind: str, cls: str, pos: int, line: int, method: str,
                      modifiers: list[str], has_body: bool) -> None:
        where = f"{cls}::{method}()"
        if kind == "interface":
            if "private" in modifiers or "protected" in modifiers:
                self.error(pos, line, "CG316",
                           f"Access type for interface method {where} must be public")
            elif has_body:
                self.error(pos, line, "CG316", f"Interface function {where} cannot contain body")
            return
        if "abstract" in modifiers:
            if "private" in modifiers and kind != "trait":
                self.error(pos, line, "CG316",
                           f"Abstract function {where} cannot be declared private")
            elif has_body:
                self.error(pos, line, "CG316", f"Abstract function {where} cannot contain body")
        elif not has_body:
            self.error(pos, line, "CG316", f"Non-abstract method {where} must contain body")

    # -- functions -----------------------------------------------------------
    def check_params(self, params: list[tuple[str, bool]], pos: int, line: int) -> None:
        """params: (name, variadic, markers in its default/attributes, the
        message of an error of its own or "", by reference) in order."""
        seen = set()
        for param in params:
            if param[2]:
                self.const_features(param[2], line)
        for index, (name, variadic, _marks, problem, *_rest) in enumerate(params):
            if name in seen:
                self.error(pos, line, "CG314", f"Redefinition of parameter {name}")
                return
            if variadic and index != len(params) - 1:
                self.error(pos, line, "CG310", "Only the last parameter can be variadic")
                return
            if problem:
                self.error(pos, line, "CG310", problem)
                return
            seen.add(name)

    def check_isset(self, tag: Any) -> None:
        if tag in ISSET_TAGS or tag.__class__ is tuple:
            return
        pos, line = self.current()
        self.error(pos, line, "CG315", "Cannot use isset() on the result of an expression "
                                       "(you can use \"null !== expression\" instead)")

    # -- arrays --------------------------------------------------------------
    def finish(self) -> None:
        self.close_scope(-1)
        for _pos, line in self.curly:
            self.removed.append(("curly_offset", line))
        for pos, line in self.empty_arrays:
            self.error(pos, line, "CG317", "Cannot use empty array elements in arrays")
        for pos in self.reads:
            self.error(pos, target_line(self.tokens, pos), "CG310", "Cannot use [] for reading")

        for _pos, line in self.throws:
            self.feature("throw_expression", line)
        self.finish_declarations()
