"""Checks of assignments and destructuring (a mixin of ParseState, whose
state they use): writes to what is not a variable, list() elements that
cannot be assigned, `$a[]` read, `$s{0}` in isset()/empty()."""
from __future__ import annotations

from typing import Any

from commit_guard.php.write_targets import target_line, token_at

# What PHP says when each kind of expression is written to (assignment,
# ++/--, foreach target, unset), in the order zend_compile_assign checks.
WRITE_ERRORS = {
    "fcall": "Can't use function return value in write context",
    "mcall": "Can't use method return value in write context",
    "nsmcall": "Can't use method return value in write context",
    "nullsafe": "Can't use nullsafe operator in write context",
}
TEMPORARY = "Cannot use temporary expression in write context"
# Tags a list() element may have besides the variable ones: nested lists
# (None), array literals ("array": nested short lists).
LIST_OK = frozenset({"var", "dim", "prop", "append", "array", None})
_LIST_ERRORS = {"array()": "Cannot assign to array(), use [] instead", **WRITE_ERRORS,
                "nullsafe": "Assignments can only happen to writable values"}


class AssignmentChecks:
    """ParseState's checks of write targets (see compile_checks)."""

    # Set by ParseState.reset.
    errors: list[tuple[int, int, str, str]]
    reads: list[int]
    tokens: list[Any]
    lookahead: Any
    empty_arrays: list[tuple[int, int]]
    this_elements: list[tuple[int, int]]
    curly: list[tuple[int, int]]

    def error(self, pos: int, line: int, code: str, message: str) -> None:
        raise NotImplementedError

    def feature(self, key: str, line: int) -> None:
        raise NotImplementedError

    def check_writable(self, tag: Any,
                       what: str = "Cannot re-assign $this",
                       after: int = -1, unset: bool = False, line: int = 0,
                       plain: bool = False) -> None:
        """An assignment's (++/--, foreach, unset) target.  ``after``: the
        position of the token after it (PHP names the line of the target's
        first token, found from there); ``line``: that line, when known."""
        if tag.__class__ is tuple:
            if plain:  # `$this = ...`: an error in every version
                self.errors.append((tag[1], tag[2], "CG313", what))
            else:
                self.error(tag[1], tag[2], "CG313", what)
            return
        message = WRITE_ERRORS.get(tag)
        if message is None:
            if tag == "temp":
                message = TEMPORARY
            elif tag == "append" and unset:
                message = "Cannot use [] for unsetting"
            else:
                return
        if after >= 0:
            self.error(after, line or target_line(self.tokens, after), "CG310", message)

    def bad_element(self, tag: Any, pos: int, line: int) -> tuple[str, int, int, str] | None:
        """The first element of an array literal that a list() could not
        assign to, as ("bad", pos, line, message); None when ``tag`` can be
        (``$this`` is noted for the same check: destructured())."""
        if tag.__class__ is tuple:
            if tag[0] == "this":
                self.this_elements.append((tag[1], tag[2]))
                return None
            return tag  # type: ignore[no-any-return]  # a nested array's first bad element
        if tag is True or tag in LIST_OK:
            return None
        return ("bad", pos, line,
                _LIST_ERRORS.get(tag, "Assignments can only happen to writable values"))

    def _rhs_line(self, first_line: int) -> int:
        """The line PHP names for a bad first element of `[...] = rhs`: it
        compiled the right-hand side first, and its line number is left at
        the side's last token but closing brackets; a lone variable or
        literal leaves the first element's."""
        tokens = self.tokens
        index = token_at(tokens, self.lookahead.lexpos) - 1
        if index < 1 or tokens[index - 1].type == "=":
            return first_line
        while index > 0 and tokens[index].type in (")", "]"):
            index -= 1
        return tokens[index].lineno  # type: ignore[no-any-return]

    def claim_reads(self, start: int, end: int, after: tuple[str, ...] = (",", ")")) -> None:
        """`$a[]` inside [start, end] that is an argument or a list()
        element (the token after it a `,` or the closing bracket): written,
        not read (as far as php -l can know without the callee)."""
        tokens = self.tokens
        self.reads = [r for r in self.reads if not start <= r <= end or tokens[
            token_at(tokens, r)].type not in after]

    def destructured(self, start: int, end: int, pairs: Any = None, line: int = 0) -> None:
        """Array literals inside [start, end) were a list() target after all;
        ``pairs``: the target's array_pair_list value (its first bad element)."""
        if pairs is not None:
            if pairs[2] is not None:
                kind, pos, bad_line, message = pairs[2]
                if kind == "first" and self.lookahead is not None:
                    bad_line = self._rhs_line(bad_line)
                self.error(pos, bad_line, "CG310", message)
            elif not pairs[3]:
                self.error(start, line, "CG310", "Cannot use empty list")
            if pairs[3] == 1:
                self.feature("keyed_list", line)
        self.empty_arrays = [a for a in self.empty_arrays if not start <= a[0] < end]
        if self.reads:
            self.claim_reads(start, end, (",", ")", "]"))
        if self.this_elements:
            for pos, at_line in self.this_elements:
                if start <= pos < end:
                    self.error(pos, at_line, "CG313", "Cannot re-assign $this")
            self.this_elements = [a for a in self.this_elements if not start <= a[0] < end]

    def claim_curly(self, start: int, end: int) -> None:
        """PHP 8.0-8.3 compile `$s{0}` in isset()/empty()'s variable (the
        chain itself, not an index inside it) without the removal error:
        drop the offsets at bracket depth 0 between the parentheses at
        ``start`` and ``end``."""
        tokens = self.tokens
        index = token_at(tokens, start) + 1
        depth = 0
        outer = set()
        while index < len(tokens) and tokens[index].lexpos < end:
            kind = tokens[index].type
            if kind in ("(", "[", "ATTRIBUTE", "CURLY_OPEN", "DOLLAR_OPEN_CURLY_BRACES"):
                depth += 1
            elif kind == "{":
                if depth == 0:
                    outer.add(tokens[index].lexpos)
                depth += 1
            elif kind in (")", "]", "}"):
                depth -= 1
            index += 1
        self.curly = [c for c in self.curly if c[0] not in outer]
