"""Interpolated strings, backticks and heredoc/nowdoc for the scanner.

PHP tokenises "..." with variables, `...` and heredocs into the parts the
grammar's encaps_list reads: string content, $var, $var[offset],
$var->prop, ${expr}, {$expr}.  A "{$" or "${" switches the scanner to PHP
code until the matching "}", which resumes the string (lexer.modes).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from commit_guard.php.tokens import LABEL

if TYPE_CHECKING:
    from commit_guard.php.lexer import Lexer

_CONTENT = {
    "dq": re.compile(r'(?:[^"\\${]|\\.|\$(?![a-zA-Z_\x80-\xff{])|\{(?!\$))+', re.S),
    "backquote": re.compile(r"(?:[^`\\${]|\\.|\$(?![a-zA-Z_\x80-\xff{])|\{(?!\$))+", re.S),
    "heredoc": re.compile(r"(?:[^\\${]|\\.|\$(?![a-zA-Z_\x80-\xff{])|\{(?!\$))+", re.S),
}
_TERMINATOR = {"dq": '"', "backquote": "`"}
_VAR = re.compile(r"\$" + LABEL)
_VARNAME = re.compile(LABEL + r"(?=[\[}])")
_OFFSET = re.compile(r"(?P<num>0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|[0-9]+)"
                     r"|(?P<label>" + LABEL + r")|(?P<var>\$" + LABEL + r")|(?P<minus>-)")
_PROP = re.compile(r"(\??->)(" + LABEL + ")")
_HEREDOC_BODY_END = re.compile(r"\r\n$|\n$|\r$")


class Heredoc:
    __slots__ = ("label", "body_end", "close_end")

    def __init__(self, label: str, body_end: int, close_end: int) -> None:
        self.label = label
        self.body_end = body_end
        self.close_end = close_end


def open_string(lx: Lexer, quote: str, mode: str) -> None:
    lx.emit(quote, quote, lx.pos)
    lx.modes.append(mode)


def scan(lx: Lexer, mode: str) -> None:
    """One step inside a string: content, an interpolation, or its end."""
    text, pos = lx.text, lx.pos
    limit = lx.heredocs[-1].body_end if mode == "heredoc" else len(text)
    if mode == "heredoc" and pos >= limit:
        doc = lx.heredocs.pop()
        lx.modes.pop()
        lx.emit("END_HEREDOC", doc.label, pos, doc.close_end)
        return
    match = _CONTENT[mode].match(text, pos, limit)
    if match:
        lx.emit("ENCAPSED_AND_WHITESPACE", match.group(), pos, match.end())
        return
    char = text[pos]
    if char == _TERMINATOR.get(mode):
        lx.emit(char, char, pos)
        lx.modes.pop()
    elif text.startswith("${", pos):
        lx.nest.append(("{", lx.line, "}"))
        lx.emit("DOLLAR_OPEN_CURLY_BRACES", "${", pos)
        name = _VARNAME.match(text, lx.pos)
        if name:
            lx.emit("STRING_VARNAME", name.group(), lx.pos)
        lx.modes.append("php")
    elif text.startswith("{$", pos):
        lx.nest.append(("{", lx.line, "}"))
        lx.emit("CURLY_OPEN", "{", pos)
        lx.modes.append("php")
    else:
        var = _VAR.match(text, pos)
        if var is None:  # a lone backslash at the very end of the file
            lx.emit("ENCAPSED_AND_WHITESPACE", text[pos:limit], pos, limit)
            return
        lx.emit("VARIABLE", var.group(), pos)
        _after_variable(lx, limit)


def _after_variable(lx: Lexer, limit: int) -> None:
    text, pos = lx.text, lx.pos
    if text.startswith("[", pos):
        lx.emit("[", "[", pos)
        offset = _OFFSET.match(text, lx.pos, limit)
        if offset is None:
            # PHP returns empty string content here, which the parser rejects.
            lx.emit("ENCAPSED_AND_WHITESPACE", "", lx.pos)
            return
        if offset.lastgroup == "minus":
            lx.emit("-", "-", lx.pos)
            offset = _OFFSET.match(text, lx.pos, limit)
            if offset is None or offset.lastgroup != "num":
                lx.emit("ENCAPSED_AND_WHITESPACE", "", lx.pos)
                return
        kind = {"num": "NUM_STRING", "label": "STRING", "var": "VARIABLE"}[offset.lastgroup or ""]
        lx.emit(kind, offset.group(), lx.pos)
        if text.startswith("]", lx.pos):
            lx.emit("]", "]", lx.pos)
        else:
            lx.emit("ENCAPSED_AND_WHITESPACE", "", lx.pos)
        return
    prop = _PROP.match(text, pos, limit)
    if prop:
        if prop.group(1) == "?->":
            lx.feature("nullsafe")
            lx.emit("NULLSAFE_OBJECT_OPERATOR", "?->", pos)
        else:
            lx.emit("OBJECT_OPERATOR", "->", pos)
        lx.emit("STRING", prop.group(2), lx.pos)


def heredoc(lx: Lexer, header: re.Match[str]) -> None:
    """A heredoc or nowdoc starting at ``header``: find its end, emit its parts."""
    text = lx.text
    label = header.group("hq") or header.group("nq") or header.group("hl")
    nowdoc = header.group("nq") is not None
    start = header.start()
    body_start = header.end()
    lx.emit("START_HEREDOC", header.group(), start, body_start)
    closing = re.compile(r"^([ \t]*)" + re.escape(label) + r"(?![a-zA-Z0-9_\x80-\xff])",
                         re.M).search(text, body_start)
    if closing is None:
        if body_start < len(text):
            lx.emit("ENCAPSED_AND_WHITESPACE", text[body_start:], body_start, len(text))
        return
    indent = closing.group(1)
    tail = text[closing.end():closing.end() + 2]
    if indent or not (tail == "" or tail[0] in "\r\n" or (tail[0] == ";" and (
            len(tail) == 1 or tail[1] in "\r\n"))):
        lx.feature("flexible_heredoc", lx.line)
    body_end = closing.start()
    if body_end > body_start:
        newline = _HEREDOC_BODY_END.search(text, body_start, body_end)
        body_end = newline.start() if newline else body_end
    if indent:
        _check_indent(lx, body_start, body_end, indent)
    if nowdoc:
        if body_end > body_start:
            lx.emit("ENCAPSED_AND_WHITESPACE", text[body_start:body_end], body_start, body_end)
        lx.emit("END_HEREDOC", label, lx.pos, closing.end())
        return
    lx.heredocs.append(Heredoc(label, body_end, closing.end()))
    lx.modes.append("heredoc")


def _check_indent(lx: Lexer, start: int, end: int, indent: str) -> None:
    if " " in indent and "\t" in indent:
        lx.fail("Invalid indentation - tabs and spaces cannot be mixed",
                lx.line + lx.text.count("\n", start, end) + 1)
    line = lx.line
    for body_line in lx.text[start:end].split("\n"):
        stripped = body_line.rstrip("\r")
        if stripped.strip(" \t") and not stripped.startswith(indent):
            lx.fail("Invalid body indentation level (expecting an indentation level of "
                    f"at least {len(indent)})", line)
        line += 1


_ESCAPE = re.compile(r"\\(?:u\{([^}\"]*)(\})?|.)", re.DOTALL)


def unicode_escape_error(value: str) -> tuple[str, int] | None:
    """PHP 7's check of `\\u{...}` in a double-quoted string: the message
    and how many lines into ``value`` the bad escape is, or None."""
    for found in _ESCAPE.finditer(value):
        if not found.group(0).startswith("\\u{"):
            continue
        digits = found.group(1)
        offset = value.count("\n", 0, found.start())
        if not found.group(2) or not digits or not all(c in "0123456789abcdefABCDEF"
                                                       for c in digits):
            return "Invalid UTF-8 codepoint escape sequence", offset
        if int(digits, 16) > 0x10FFFF:
            return "Invalid UTF-8 codepoint escape sequence: Codepoint too large", offset
    return None
