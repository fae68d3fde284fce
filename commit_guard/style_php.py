"""The PHP style rules (CG201-CG210), a PSR-1/PSR-12 subset, on phply's tokens.

Token rules never guess: when the lexer fails, or ends inside a string or
heredoc (modern syntax it does not know, such as an indented heredoc end),
the token rules are skipped for that file.  The php-syntax checker reports
real syntax errors; a style rule must never fire on a misread file.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

from commit_guard.style_text import Hit

_OPENERS = frozenset({"LBRACE", "CURLY_OPEN", "DOLLAR_OPEN_CURLY_BRACES"})
_SKIP = frozenset({"WHITESPACE", "COMMENT", "DOC_COMMENT", "OPEN_TAG", "OPEN_TAG_WITH_ECHO",
                   "CLOSE_TAG", "INLINE_HTML"})
_MEMBER = frozenset({"DOUBLE_COLON", "OBJECT_OPERATOR", "FUNCTION", "CONST"})
_END_STATES = frozenset({"INITIAL", "php"})


@dataclass(frozen=True)
class Tok:
    type: str
    value: str
    line: int
    column: int
    pos: int  # offset in the text


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    from commit_guard.config import tomllib  # pylint: disable=import-outside-toplevel
    from commit_guard.resources import rules_file  # pylint: disable=import-outside-toplevel

    return tomllib.loads(rules_file("php-style.toml").decode("utf-8"))


@lru_cache(maxsize=1)
def _keyword_types() -> frozenset[str]:
    from phply import phplex  # pylint: disable=import-outside-toplevel

    words = {w.lower(): t for w, t in phplex.reserved_map.items()}
    try:
        from commit_guard.php.tokens import KEYWORDS  # pylint: disable=import-outside-toplevel
        words.update(KEYWORDS)
    except ImportError:
        pass
    # Magic constants (__CLASS__, __DIR__, ...) are upper case by convention.
    return frozenset(t for word, t in words.items() if not word.startswith("__"))


# The PHP checker's scanner names some tokens differently from phply.
_HELPER_TYPES = {"{": "LBRACE", "}": "RBRACE", "(": "LPAREN", ")": "RPAREN", "[": "LBRACKET",
                 "]": "RBRACKET", ";": "SEMI", "=": "EQUALS", ":": "COLON", ",": "COMMA",
                 "AMP": "AND",
                 "PAAMAYIM_NEKUDOTAYIM": "DOUBLE_COLON",
                 "NULLSAFE_OBJECT_OPERATOR": "OBJECT_OPERATOR"}


def code_tokens(text: str) -> list[Tok] | None:
    """The code tokens from the PHP checker's own scanner, which knows PHP 8.5.

    None when it is not installed (then phply's tokens are used); an empty
    list when the file does not scan, so the code rules skip it.
    """
    try:
        from commit_guard.php.lexer import tokenize as scan  # pylint: disable=import-outside-toplevel
        from commit_guard.php.versions import NEWEST  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    raw = text.encode("utf-8", "surrogateescape").decode("latin-1")  # the scanner's view
    try:
        lexer = scan(raw, NEWEST)
    except Exception:  # pylint: disable=broad-exception-caught
        return []
    if lexer.failure is not None:
        return []
    starts = [0] + [m.end() for m in re.finditer("\n", raw)]
    ascii_only = raw.isascii()
    out = []
    for tok in lexer.tokens:
        ttype, value = _HELPER_TYPES.get(tok.type, tok.type), tok.value
        if ttype == "NAME_FULLY_QUALIFIED" and value.count("\\") == 1:
            ttype, value = "STRING", value[1:]  # \mysql_query is the global function
        line = bisect.bisect_right(starts, tok.lexpos)
        column = tok.lexpos - starts[line - 1] + 1
        if not ascii_only:  # columns count characters: re-decode the line's bytes as UTF-8
            prefix = raw[starts[line - 1]:tok.lexpos].encode("latin-1").decode("utf-8", "replace")
            column = len(prefix) + 1
        out.append(Tok(ttype, value, line, column, tok.lexpos))
    return out


def tokenize(text: str) -> list[Tok] | None:
    """Every token with 1-based line and column, or None when lexing is not trustworthy."""
    from phply import phplex  # pylint: disable=import-outside-toplevel

    if "<?xml" in text:  # `<?xml` reads as a short open tag and derails the lexer
        return None
    lexer = phplex.full_lexer.clone()
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out = []
    try:
        lexer.input(text)
        while True:
            tok = lexer.token()
            if tok is None:
                break
            line = bisect.bisect_right(starts, tok.lexpos)
            out.append(Tok(tok.type, tok.value, line, tok.lexpos - starts[line - 1] + 1,
                           tok.lexpos))
    except Exception:  # pylint: disable=broad-exception-caught
        return None  # phply raises SyntaxError and others on what it cannot lex
    return out if lexer.current_state() in _END_STATES else None


def comment_spans(text: str, tokens: list[Tok]) -> list[tuple[int, int]]:
    """Where suppressions may be: PHP comments, and HTML comments in inline HTML."""
    from commit_guard.suppress import line_comment_spans  # pylint: disable=import-outside-toplevel

    spans = []
    for tok in tokens:
        if tok.type in ("COMMENT", "DOC_COMMENT"):
            spans.append((tok.pos, tok.pos + len(tok.value)))
        elif tok.type == "INLINE_HTML":
            spans += line_comment_spans(text, tok.pos, tok.pos + len(tok.value))
    return spans


def check(tokens: list[Tok] | None, code: list[Tok] | None = None) -> list[Hit]:
    """The PHP style hits.  ``tokens``: phply's full token list (tags, comments);
    ``code``: the code tokens of a better scanner, if it read the file."""
    if code is None:
        if tokens is None:
            return []
        code = [t for t in tokens if t.type not in _SKIP]
    hits = list(tag_hits(tokens)) if tokens is not None else []
    hits += Structure(code).walk()
    hits += list(token_hits(code))
    return hits


def tag_hits(tokens: list[Tok]) -> Iterator[Hit]:
    for tok in tokens:
        if tok.type == "OPEN_TAG" and tok.value.strip() != "<?php":
            yield ("CG202", tok.line, tok.column, {"tag": tok.value.strip()})
    html = [t for t in tokens if t.type == "INLINE_HTML"
            and t.value.strip() and not (t.line == 1 and t.value.startswith("#!"))]
    rest = [t for t in tokens if not (t.type == "INLINE_HTML" and not t.value.strip())]
    opens = sum(t.type in ("OPEN_TAG", "OPEN_TAG_WITH_ECHO") for t in tokens)
    # One open tag and no HTML: pure PHP.  Several PHP blocks make a template.
    if not html and opens == 1 and rest and rest[-1].type == "CLOSE_TAG":
        yield ("CG201", rest[-1].line, rest[-1].column, {})


def _prev(code: list[Tok], i: int) -> str:
    return code[i - 1].type if i > 0 else ""


def _label(prev: str, nxt: str) -> bool:
    """A keyword spelt as a name: an enum case (`case DEFAULT`), a named argument."""
    return prev == "CASE" or (nxt == "COLON" and prev in ("LPAREN", "COMMA"))


def token_hits(code: list[Tok]) -> Iterator[Hit]:
    cfg = settings()
    keywords = _keyword_types()
    constants = set(cfg["lower_case_constants"])
    prefixes = tuple(p.lower() for p in cfg["forbidden_function_prefixes"])
    for i, tok in enumerate(code):
        prev = _prev(code, i)
        nxt = code[i + 1].type if i + 1 < len(code) else ""
        if prev in _MEMBER:
            continue  # a member or constant name, not a keyword or a call
        if tok.type == "ELSE" and nxt == "IF":
            yield ("CG208", tok.line, tok.column, {})
        if tok.type == "EVAL":
            yield ("CG209", tok.line, tok.column, {})
        if tok.type in keywords and tok.value != tok.value.lower() and not _label(prev, nxt):
            yield ("CG207", tok.line, tok.column, {"word": tok.value, "lower": tok.value.lower()})
        if tok.type != "STRING":
            continue
        lowered = tok.value.lower()
        if (lowered in constants and tok.value != lowered and prev != "NS_SEPARATOR"
                and nxt not in ("NS_SEPARATOR", "LPAREN", "DOUBLE_COLON")):
            yield ("CG207", tok.line, tok.column, {"word": tok.value, "lower": lowered})
        namespaced = prev == "NS_SEPARATOR" and i > 1 and code[i - 2].type == "STRING"
        if (lowered.startswith(prefixes) and nxt == "LPAREN" and prev != "NEW"
                and not namespaced):
            yield ("CG210", tok.line, tok.column, {"name": tok.value})


@dataclass
class Structure:
    """Class-like declarations, their bodies, and the methods and constants in them."""

    code: list[Tok]
    depth: int = 0
    parens: int = 0
    bodies: list[int] = field(default_factory=list)  # brace depth of each open class body
    pending: int | None = None  # paren depth of a class header awaiting its "{"
    declared: list[Tok] = field(default_factory=list)

    def walk(self) -> list[Hit]:
        hits: list[Hit] = []
        for i, tok in enumerate(self.code):
            if tok.type in ("LPAREN", "RPAREN"):
                self.parens += 1 if tok.type == "LPAREN" else -1
            elif tok.type in _OPENERS:
                self.depth += 1
                if self.pending is not None and self.parens == self.pending:
                    self.bodies.append(self.depth)
                    self.pending = None
            elif tok.type == "RBRACE":
                if self.bodies and self.bodies[-1] == self.depth:
                    self.bodies.pop()
                self.depth -= 1
            else:
                hits += self.declaration(i, tok)
                if self.bodies and self.depth == self.bodies[-1]:
                    hits += self.member(i, tok)
        return hits

    def declaration(self, i: int, tok: Tok) -> list[Hit]:
        kind = self._class_kind(i, tok)
        if kind is None:
            return []
        self.pending = self.parens
        if kind == "anonymous":
            return []
        name = self.code[i + 1]
        hits: list[Hit] = []
        if not re.match(settings()["class_name"], name.value):
            hits.append(("CG203", name.line, name.column, {"kind": kind, "name": name.value}))
        if self.declared:
            hits.append(("CG206", tok.line, tok.column,
                         {"name": name.value, "first": self.declared[0].value}))
        self.declared.append(name)
        return hits

    def _class_kind(self, i: int, tok: Tok) -> str | None:
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
        # `enum` is no keyword to phply: a statement `enum Name {`, `enum Name: type`.
        after = self.code[i + 2].type if i + 2 < len(self.code) else ""
        return prev in ("", "SEMI", "LBRACE", "RBRACE", "RBRACKET") and \
            after in ("LBRACE", "COLON", "IMPLEMENTS")

    def member(self, i: int, tok: Tok) -> list[Hit]:
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
            return [("CG204", name.line, name.column, {"name": name.value})]
        if tok.type == "CONST":
            return [("CG205", n.line, n.column, {"name": n.value}) for n in self._const_names(i)
                    if not re.match(cfg["constant_name"], n.value)]
        return []

    def _const_names(self, i: int) -> Iterator[Tok]:
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
