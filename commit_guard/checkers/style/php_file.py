"""One PHP file as the PHP checker's scanner reads it, shared by the style rules.

The code rules (php.py) and the tag and comment reading (php_tags.py) both
work on it, so a file is scanned once for all of them.
"""
from __future__ import annotations

import bisect
import re
from typing import Any

from commit_guard.php.lexer import tokenize as _scan
from commit_guard.php.versions import NEWEST

# The scanner names some tokens differently from the names the rules use.
_RENAME = {"{": "LBRACE", "}": "RBRACE", "(": "LPAREN", ")": "RPAREN", "[": "LBRACKET",
           "]": "RBRACKET", ";": "SEMI", "=": "EQUALS", ":": "COLON", ",": "COMMA",
           "AMP": "AND", "PAAMAYIM_NEKUDOTAYIM": "DOUBLE_COLON",
           "NULLSAFE_OBJECT_OPERATOR": "OBJECT_OPERATOR"}


class PhpFile:
    """One PHP file as the scanner reads it.

    ``tokens``: every token (types renamed for the rules; ``?>`` is a SEMI
    whose value starts with "?"), or [] when the scanner refused the file.
    Offsets are in ``raw``, the scanner's latin-1 view of the UTF-8 bytes.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.raw = text.encode("utf-8", "surrogateescape").decode("latin-1")
        self.halted = False
        self.html: list[Any] = []  # the INLINE_HTML tokens
        self.closes = 0  # how many ?> tags
        try:
            lexer = _scan(self.raw, NEWEST)
        except Exception:  # pylint: disable=broad-exception-caught
            lexer = None
        self.ok = lexer is not None and lexer.failure is None
        self.tokens: list[Any] = lexer.tokens if self.ok else []  # type: ignore[union-attr]
        for tok in self.tokens:
            ttype = tok.type
            if ttype in _RENAME:
                tok.type = _RENAME[ttype]
                if ttype == ";" and tok.value != ";":
                    self.closes += 1
            elif ttype == "INLINE_HTML":
                self.html.append(tok)
            elif ttype == "NAME_FULLY_QUALIFIED" and tok.value.count("\\") == 1:
                tok.type, tok.value = "STRING", tok.value[1:]  # \mysql_query: the global one
            elif ttype == "HALT_COMPILER":
                self.halted = True  # the rest of the file is data the scanner never reads
        self._starts: list[int] | None = None

    def where(self, pos: int) -> tuple[int, int]:
        """1-based line and column (in characters) of offset ``pos``."""
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.raw)]
        line = bisect.bisect_right(self._starts, pos)
        begin = self._starts[line - 1]
        if self.raw.isascii():
            return line, pos - begin + 1
        return line, len(self.raw[begin:pos].encode("latin-1").decode("utf-8", "replace")) + 1

    def char_offset(self, pos: int) -> int:
        """The offset in ``text`` of scanner offset ``pos`` (a character boundary)."""
        if self.raw.isascii():
            return pos
        return len(self.raw[:pos].encode("latin-1").decode("utf-8", "replace"))
