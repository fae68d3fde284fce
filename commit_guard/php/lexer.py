"""The PHP scanner: bytes (decoded latin-1) -> tokens the ply parser reads.

It follows PHP 8's scanner (zend_language_scanner.l) rather than phply's
PHP 5 lexer: namespaced names are single tokens, `&` is split by what
follows it, `enum`/`yield from`/`public(set)` are recognised in context,
heredocs are flexible, and open brackets are tracked so an unclosed one is
reported the way PHP reports it.  Interpolated strings are in strings.py.

Latin-1 maps each byte to one character, so any file can be scanned and
PHP's "label" bytes 0x80-0xff keep their meaning.
"""
from __future__ import annotations

import re

from commit_guard.php import fastscan, strings
from commit_guard.php.lexdata import (_AMP_VAR, _ASP, _CLOSERS, _ENUM_NEXT, _LINE_REST, _OPEN_TAG,
                                      _OPENERS, _PHP, _YIELD_FROM, LexFailure, Tok)
from commit_guard.php.tokens import CASTS, OPERATORS, keywords_for


class Lexer:  # pylint: disable=too-many-instance-attributes
    # (a scanner's state is wide: position, line, modes, brackets, findings)
    """Scans a whole file.  ``tokens`` ends before a scanner error, which is
    kept in ``failure`` so the parser reports earlier syntax errors first."""

    def __init__(self, text: str, target: tuple[int, int],
                 keywords_of: tuple[int, int] | None = None) -> None:
        self.text = text
        self.target = target
        # The keywords of ``keywords_of`` (default: the target's).
        self.keywords = keywords_for(keywords_of or target)
        self.pos = 0
        self.line = 1
        self.tokens: list[Tok] = []
        self.features: list[tuple[str, int]] = []
        self.removed: list[tuple[str, int]] = []
        self.nest: list[tuple[str, int, str]] = []  # open brackets: (char, line, closer type)
        self.modes: list[str] = []  # "php" or a string mode resumed on "}"
        self.failure: LexFailure | None = None
        self.halt = -1  # tokens still to read after __halt_compiler
        self.property_next = False
        self.after_arrow = False  # the token being scanned follows -> or ?->
        self.heredocs: list = []  # open heredocs (strings.Heredoc), innermost last

    # -- helpers ---------------------------------------------------------
    def emit(self, ttype: str, value: str, start: int, end: int | None = None) -> None:
        line = self.line
        if end is None:
            end = start + len(value)
        self.line += self.text.count("\n", start, end)
        self.tokens.append(Tok(ttype, value, line, start))
        self.pos = end
        if self.halt > 0:
            self.halt -= 1

    def skip(self, start: int, end: int) -> None:
        self.line += self.text.count("\n", start, end)
        self.pos = end

    def feature(self, key: str, line: int | None = None) -> None:
        self.features.append((key, self.line if line is None else line))

    def fail(self, message: str, line: int | None = None) -> None:
        raise LexFailure(message, self.line if line is None else line)

    # -- driver ----------------------------------------------------------
    def run(self) -> Lexer:
        try:
            self._scan()
            if self.nest:
                char, line, _closer = self.nest[-1]
                where = "" if line == self.line else f" on line {line}"
                self.fail(f"Unclosed '{char}'{where}")
        except LexFailure as failure:
            self.failure = failure
        return self

    def _scan(self) -> None:
        end = len(self.text)
        self.html()
        while self.pos < end and self.halt != 0:
            mode = self.modes[-1] if self.modes else "html"
            if mode == "php":
                if (self.halt < 0 and fastscan.run(self)) or self.pos >= end:
                    continue
                self.php_token()
            elif mode == "html":
                self.html()
            else:
                strings.scan(self, mode)

    def html(self) -> None:
        text, start = self.text, self.pos
        match = _OPEN_TAG.search(text, start)
        stop = match.start() if match else len(text)
        if stop > start:
            if self.target >= (7, 0):
                asp = _ASP.search(text, start, stop)
                if asp:
                    self.removed.append(("asp_tag", self.line + text.count("\n", start,
                                                                          asp.start())))
            self.emit("INLINE_HTML", text[start:stop], start, stop)
        if match:
            if match.group().endswith("="):
                self.emit("ECHO", "<?=", match.start(), match.end())
            else:
                self.skip(match.start(), match.end())
            self.modes = ["php"]

    def php_token(self) -> None:
        text, pos = self.text, self.pos
        match = _PHP.match(text, pos)
        if match is None:
            self.emit("BAD_CHARACTER", text[pos], pos)
            return
        kind = match.lastgroup
        if kind == "ws":
            self.skip(pos, match.end())
            return
        self.after_arrow, self.property_next = self.property_next, False
        getattr(self, "_t_" + kind)(match)

    # -- token handlers --------------------------------------------------
    def _t_attr(self, match: re.Match[str]) -> None:
        value, pos = match.group(), match.start()
        if self.target < (8, 0):
            # Before PHP 8, #[ started a line comment.
            line_end = _LINE_REST.match(self.text, pos)
            assert line_end is not None
            self.skip(pos, line_end.end())
            return
        self.feature("attribute")
        self.nest.append(("[", self.line, "]"))
        self.emit("ATTRIBUTE", value, pos)

    def _t_line_comment(self, match: re.Match[str]) -> None:
        pos = match.start()
        self.skip(pos, match.end())

    def _t_block_comment(self, match: re.Match[str]) -> None:
        pos = match.start()
        self.skip(pos, match.end())

    def _t_open_comment(self, match: re.Match[str]) -> None:
        # PHP only warns about an unterminated comment; the rest is comment.
        pos = match.start()
        self.skip(pos, len(self.text))

    def _t_var(self, match: re.Match[str]) -> None:
        value, pos = match.group(), match.start()
        self.emit("VARIABLE", value, pos)

    def _t_name(self, match: re.Match[str]) -> None:
        value, pos = match.group(), match.start()
        if value[0] == "\\":
            self.emit("NAME_FULLY_QUALIFIED", value, pos)
        elif "\\" in value:
            ttype = "NAME_RELATIVE" if value[:10].lower() == "namespace\\" else "NAME_QUALIFIED"
            self.emit(ttype, value, pos)
        elif self.after_arrow:
            self.emit("STRING", value, pos)
        else:
            self.word(value, pos)

    def word(self, value: str, pos: int) -> None:
        ttype = self.keywords.get(value.lower(), "STRING")
        end = pos + len(value)
        if ttype == "STRING":
            if value.lower() == "enum":
                follow = _ENUM_NEXT.match(self.text, end)
                if follow and not follow.group(1):
                    ttype = "ENUM"
        elif ttype == "YIELD":
            follow = _YIELD_FROM.match(self.text, end)
            if follow:
                self.emit("YIELD_FROM", self.text[pos:follow.end()], pos, follow.end())
                return
        elif ttype == "HALT_COMPILER":
            self.halt = 4  # this token, then "(" ")" ";"
        self.emit(ttype, value, pos)

    def _t_num(self, match: re.Match[str]) -> None:
        value, pos = match.group(), match.start()
        low = value.lower()
        if "_" in value:
            self.feature("numeric_separator")
        if low.startswith("0x"):
            ttype = "LNUMBER"
        elif low.startswith("0b"):
            self.feature("binary_number")
            ttype = "LNUMBER"
        elif low.startswith("0o"):
            self.feature("explicit_octal")
            ttype = "LNUMBER"
        elif "." in value or "e" in low:
            ttype = "DNUMBER"
        else:
            ttype = "LNUMBER"
            digits = value.replace("_", "")
            if digits[0] == "0" and len(digits) > 1 and not set(digits) <= set("01234567"):
                self.fail("Invalid numeric literal")
        self.emit(ttype, value, pos)

    def _t_bprefix(self, match: re.Match[str]) -> None:
        # b'...', B"...", b<<<EOT: PHP 6's binary strings, read as plain ones.
        self.pos = match.end()

    def _t_sq(self, match: re.Match[str]) -> None:
        value, pos = match.group(), match.start()
        self.emit("CONSTANT_ENCAPSED_STRING", value, pos)

    def _t_sq_open(self, match: re.Match[str]) -> None:
        # An unterminated '...': PHP scans the rest as string content.
        pos = match.start()
        self.emit("ENCAPSED_AND_WHITESPACE", self.text[pos + 1:], pos, len(self.text))

    def _t_dq(self, match: re.Match[str]) -> None:
        value, pos = match.group(), match.start()
        self.emit("CONSTANT_ENCAPSED_STRING", value, pos)

    def _t_cast(self, match: re.Match[str]) -> None:
        value, pos = match.group(), match.start()
        word = value[1:-1].strip(" \t").lower()
        ttype = CASTS[word]
        if word == "real":
            if self.target >= (8, 0):
                self.fail("The (real) cast has been removed, use (float) instead")
        elif word == "unset":
            self.removed.append(("unset_cast", self.line))
        elif word == "void":
            self.feature("void_cast")
        self.emit(ttype, value, pos)

    def _t_heredoc(self, match: re.Match[str]) -> None:

        strings.heredoc(self, match)

    def _t_close(self, match: re.Match[str]) -> None:
        # "?>" is an implicit ";" (PHP's parser never sees T_CLOSE_TAG).
        value, pos = match.group(), match.start()
        self.emit(";", value, pos)
        self.modes = ["html"]

    def _t_aset(self, match: re.Match[str]) -> None:
        value, pos = match.group(), match.start()
        self.feature("asymmetric_visibility")
        self.emit(value[:value.index("(")].upper() + "_SET", value, pos)

    def _t_op(self, match: re.Match[str]) -> None:
        value, pos = match.group(), match.start()
        ttype = OPERATORS[value]
        if ttype in ("OBJECT_OPERATOR", "NULLSAFE_OBJECT_OPERATOR"):
            self.property_next = True
            if ttype == "NULLSAFE_OBJECT_OPERATOR":
                self.feature("nullsafe")
        self.emit(ttype, value, pos)

    def _t_amp(self, match: re.Match[str]) -> None:
        value, pos = match.group(), match.start()
        var = _AMP_VAR.match(self.text, pos) is not None
        self.emit("AMP_VAR" if var else "AMP", value, pos)

    def _t_char(self, match: re.Match[str]) -> None:
        value, pos = match.group(), match.start()
        if value == '"':
            strings.open_string(self, '"', "dq")
            return
        if value == "`":
            strings.open_string(self, "`", "backquote")
            return
        if value == "\\":
            self.emit("NS_SEPARATOR", value, pos)
            return
        ttype = value
        if value in "([{":
            if value == "{":
                self.modes.append("php")
            self.nest.append((value, self.line, _OPENERS[value]))
        elif value in ")]}":
            ttype = self.close_bracket(value)
            if value == "}" and len(self.modes) > 1:
                self.modes.pop()
        self.emit(ttype, value, pos)

    _t_punct = _t_char  # brackets, ; , ~ @

    def close_bracket(self, char: str) -> str:
        if not self.nest:
            self.fail(f"Unmatched '{char}'")
        opener, line, closer = self.nest.pop()
        if opener != _CLOSERS[char]:
            where = "" if line == self.line else f" on line {line}"
            self.fail(f"Unclosed '{opener}'{where} does not match '{char}'")
        return closer


def tokenize(text: str, target: tuple[int, int],
             keywords_of: tuple[int, int] | None = None) -> Lexer:
    return Lexer(text, target, keywords_of).run()
