"""The PHP style rules (CG201-CG210), a PSR-1/PSR-12 subset.

One lexing pass: the PHP checker's own scanner (commit_guard.php.lexer,
PHP 8.5) gives the code tokens, and the tags and comments come from its
token stream and the gaps between its tokens (commit_guard.checkers.style.php_tags).
Token rules never guess: a file the scanner refuses gets no code rules;
the php-syntax checker reports real syntax errors, and a style rule must
never fire on a misread file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

from commit_guard.checkers.style.php_file import PhpFile
# phply's tokens, for the files only it reads:
from commit_guard.checkers.style.php_tags import tokenize
from commit_guard.checkers.style.text import Hit
from commit_guard.php.tokens import KEYWORDS

_OPENERS = frozenset({"LBRACE", "CURLY_OPEN", "DOLLAR_OPEN_CURLY_BRACES"})
_MEMBER = frozenset({"DOUBLE_COLON", "OBJECT_OPERATOR", "FUNCTION", "CONST"})
_CLASS_LIKE = frozenset({"CLASS", "INTERFACE", "TRAIT", "ENUM"})
# Magic constants (__CLASS__, __DIR__, ...) are upper case by convention.
# (phply's reserved words add only DIE, a type this scanner never produces.)
_KEYWORDS = frozenset(t for word, t in KEYWORDS.items() if not word.startswith("__"))
@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    from commit_guard.compat import tomllib  # pylint: disable=import-outside-toplevel
    from commit_guard.resources import rules_file  # pylint: disable=import-outside-toplevel

    return tomllib.loads(rules_file("php-style.toml").decode("utf-8"))


def code_tokens(text: str) -> list[Any]:
    """The scanner's tokens of ``text`` ([] when it does not scan)."""
    return PhpFile(text).tokens


__all__ = ["PhpFile", "check", "code_tokens", "settings", "tokenize"]


def check(php: PhpFile) -> list[Hit]:
    """The code-rule hits (CG203-CG210); tag rules are in style_php_tags."""
    out = [*Structure(php.tokens).walk(), *token_hits(php.tokens)]
    return [(code, *php.where(pos), fields) for code, pos, fields in out]


PosHit = tuple[str, int, dict[str, Any]]  # code, scanner offset, fields


def _prev(code: list[Any], i: int) -> str:
    return code[i - 1].type if i > 0 else ""


def _label(prev: str, nxt: str) -> bool:
    """A keyword spelt as a name: an enum case (`case DEFAULT`), a named argument."""
    return prev == "CASE" or (nxt == "COLON" and prev in ("LPAREN", "COMMA"))


def token_hits(code: list[Any]) -> Iterator[PosHit]:
    cfg = settings()
    constants = frozenset(cfg["lower_case_constants"])
    prefixes = tuple(p.lower() for p in cfg["forbidden_function_prefixes"])
    for i, tok in enumerate(code):
        ttype, value = tok.type, tok.value
        if ttype == "STRING":
            lowered = value.lower()
            if not ((lowered in constants and value != lowered) or lowered.startswith(prefixes)):
                continue
        elif ttype not in _KEYWORDS or (ttype not in ("ELSE", "EVAL") and value == value.lower()):
            continue  # most tokens: nothing any rule looks at
        yield from _token_rule(code, i, tok, constants, prefixes)


def _token_rule(code: list[Any], i: int, tok: Any, constants: frozenset[str],
                prefixes: tuple[str, ...]) -> Iterator[PosHit]:
    prev = _prev(code, i)
    if prev in _MEMBER:
        return  # a member or constant name, not a keyword or a call
    nxt = code[i + 1].type if i + 1 < len(code) else ""
    if tok.type == "ELSE" and nxt == "IF":
        yield ("CG208", tok.lexpos, {})
    if tok.type == "EVAL":
        yield ("CG209", tok.lexpos, {})
    if tok.type in _KEYWORDS and tok.value != tok.value.lower() and not _label(prev, nxt):
        yield ("CG207", tok.lexpos, {"word": tok.value, "lower": tok.value.lower()})
    if tok.type != "STRING":
        return
    lowered = tok.value.lower()
    if (lowered in constants and tok.value != lowered and prev != "NS_SEPARATOR"
            and nxt not in ("NS_SEPARATOR", "LPAREN", "DOUBLE_COLON")):
        yield ("CG207", tok.lexpos, {"word": tok.value, "lower": lowered})
    namespaced = prev == "NS_SEPARATOR" and i > 1 and code[i - 2].type == "STRING"
    if lowered.startswith(prefixes) and nxt == "LPAREN" and prev != "NEW" and not namespaced:
        yield ("CG210", tok.lexpos, {"name": tok.value})


@dataclass
class Structure:
    """Class-like declarations, their bodies, and the methods and constants in them."""

    code: list[Any]
    depth: int = 0
    parens: int = 0
    bodies: list[int] = field(default_factory=list)  # brace depth of each open class body
    pending: int | None = None  # paren depth of a class header awaiting its "{"
    declared: list[Any] = field(default_factory=list)

    def walk(self) -> list[PosHit]:
        hits: list[PosHit] = []
        for i, tok in enumerate(self.code):
            ttype = tok.type
            if ttype == "LPAREN":
                self.parens += 1
            elif ttype == "RPAREN":
                self.parens -= 1
            elif ttype in _OPENERS:
                self.depth += 1
                if self.pending is not None and self.parens == self.pending:
                    self.bodies.append(self.depth)
                    self.pending = None
            elif ttype == "RBRACE":
                if self.bodies and self.bodies[-1] == self.depth:
                    self.bodies.pop()
                self.depth -= 1
            elif ttype in _CLASS_LIKE or (ttype == "STRING" and len(tok.value) == 4):
                hits += self.declaration(i, tok)
            elif (ttype in ("FUNCTION", "CONST") and self.bodies
                  and self.depth == self.bodies[-1]):
                hits += self.member(i, tok)
        return hits

    def declaration(self, i: int, tok: Any) -> list[PosHit]:
        kind = self._class_kind(i, tok)
        if kind is None:
            return []
        self.pending = self.parens
        if kind == "anonymous":
            return []
        name = self.code[i + 1]
        hits: list[PosHit] = []
        if not re.match(settings()["class_name"], name.value):
            hits.append(("CG203", name.lexpos, {"kind": kind, "name": name.value}))
        if self.declared:
            hits.append(("CG206", tok.lexpos,
                         {"name": name.value, "first": self.declared[0].value}))
        self.declared.append(name)
        return hits

    def _class_kind(self, i: int, tok: Any) -> str | None:
        prev = _prev(self.code, i)
        nxt = self.code[i + 1] if i + 1 < len(self.code) else None
        if prev in ("DOUBLE_COLON", "OBJECT_OPERATOR"):
            return None
        if tok.type == "CLASS" and prev == "NEW":
            return "anonymous"
        named = nxt is not None and nxt.type == "STRING"
        if tok.type in ("CLASS", "INTERFACE", "TRAIT") and named:
            return tok.type.lower()
        if tok.type == "ENUM" and named:
            return "enum"
        if tok.type == "STRING" and tok.value.lower() == "enum" and named:
            return "enum" if self._enum_header(i, prev) else None
        return None

    def _enum_header(self, i: int, prev: str) -> bool:
        # `enum` as a plain name before a name: a statement `enum Name {`, `enum Name: type`.
        after = self.code[i + 2].type if i + 2 < len(self.code) else ""
        return prev in ("", "SEMI", "LBRACE", "RBRACE", "RBRACKET") and \
            after in ("LBRACE", "COLON", "IMPLEMENTS")

    def member(self, i: int, tok: Any) -> list[PosHit]:
        cfg = settings()
        if tok.type == "FUNCTION":
            j = i + 1
            if j < len(self.code) and self.code[j].type == "AND":  # function &name()
                j += 1
            if j >= len(self.code) or self.code[j].type == "LPAREN":
                return []  # a closure
            name = self.code[j]
            if name.value.startswith(cfg["magic_method_prefix"]) or \
                    name.value.lower() in cfg["allowed_method_names"] or \
                    re.match(cfg["method_name"], name.value):
                return []
            return [("CG204", name.lexpos, {"name": name.value})]
        return [("CG205", n.lexpos, {"name": n.value}) for n in self._const_names(i)
                if not re.match(cfg["constant_name"], n.value)]

    def _const_names(self, i: int) -> Iterator[Any]:
        nesting = 0
        for j in range(i + 1, len(self.code)):
            tok = self.code[j]
            if tok.type in ("LPAREN", "LBRACKET") or tok.type in _OPENERS:
                nesting += 1
            elif tok.type in ("RPAREN", "RBRACKET", "RBRACE"):
                nesting -= 1
            elif tok.type == "SEMI" and nesting <= 0:
                return
            elif tok.type == "EQUALS" and nesting == 0:
                yield self.code[j - 1]
