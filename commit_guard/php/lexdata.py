"""What the PHP scanner matches with: its token patterns and its token record.

A module of its own so that the scanner (lexer.py) and its inline hot loop
(fastscan.py) share them without importing each other.
"""
from __future__ import annotations

import re

from commit_guard.php.tokens import LABEL

# A regex tries alternatives in turn, so the commonest come first (over
# real code: brackets and punctuation, strings, variables, operators;
# scanning 15-20% faster than in the grammar's order).  Order matters only
# where two can start alike: a cast before "(", a heredoc before "<<",
# `public(set)` and b'' before a name, "#[" before a "#" comment, "/*"
# before "/", sq before sq_open, op before amp and char.
_TOKEN = (r"""
  (?P<cast>\([ \t]*(?i:int|integer|bool|boolean|float|double|real|string|binary|array|object
    |unset|void)[ \t]*\))
| (?P<punct>[()\[\]{};,~@])
| (?P<sq>'(?:[^'\\]|\\.)*')
| (?P<dq>"(?:[^"\\${]|\\.|\$(?![a-zA-Z_\x80-\xff{])|\{(?!\$))*")
| (?P<var>\$""" + LABEL + r""")
| (?P<heredoc><<<[ \t]*(?:"(?P<hq>""" + LABEL + r""")"|'(?P<nq>""" + LABEL + r""")'|(?P<hl>"""
                  + LABEL + r"""))(?:\r\n|\n|\r))
| (?P<op>\?->|===|!==|<=>|\*\*=|\.\.\.|<<=|>>=|\?\?=|==|!=|<>|<=|>=|&&|\|\||\+\+|--|\+=|-=
    |\*=|/=|\.=|%=|&=|\|=|\^=|->|=>|::|<<|>>|\?\?|\*\*|\|>)
| (?P<aset>(?i:(?:public|protected|private)\(set\)))
| (?P<bprefix>[bB](?=['"]|<<<))
| (?P<name>\\?""" + LABEL + r"(?:\\" + LABEL + r""")*)
| (?P<attr>\#\[)
| (?P<line_comment>(?:\#|//)[^\r\n?]*(?:\?(?!>)[^\r\n?]*)*)
| (?P<block_comment>/\*.*?\*/)
| (?P<open_comment>/\*)
| (?P<num>0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0[bB][01]+(?:_[01]+)*|0[oO][0-7]+(?:_[0-7]+)*
    |(?:(?:[0-9]+(?:_[0-9]+)*)?\.[0-9]+(?:_[0-9]+)*|[0-9]+(?:_[0-9]+)*\.?)
     (?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?)
| (?P<sq_open>')
| (?P<close>\?>(?:\r\n|\n|\r)?)
| (?P<amp>&)
| (?P<char>[=+\-*/%.<>?:!$|^"`\\])
""")
# Only keywords are case-insensitive ((?i:...) above): a global re.I would
# slow every match down.
_FLAGS = re.S | re.X
_PHP = re.compile(r"(?P<ws>[ \t\r\n]+)|" + _TOKEN, _FLAGS)
# The next token after any whitespace, in one match (fastscan.py).
PHP_AFTER_WS = re.compile(r"[ \t\r\n]*(?:" + _TOKEN + ")", _FLAGS)

_OPEN_TAG = re.compile(r"<\?php(?:[ \t]|\r\n|\n|\r|$)|<\?=", re.I)
_AMP_VAR = re.compile(r"&[ \t\r\n]*(?:\$|\.\.\.)")
_LINE_REST = re.compile(r"[^\r\n?]*(?:\?(?!>)[^\r\n?]*)*")
_ENUM_NEXT = re.compile(r"[ \t\r\n]+(?:(extends|implements)(?![a-zA-Z0-9_\x80-\xff])|"
                        r"[a-zA-Z_\x80-\xff])", re.I)
_YIELD_FROM = re.compile(r"[ \t\r\n]+from(?![a-zA-Z0-9_\x80-\xff])", re.I)
_ASP = re.compile(r"<%(?:=|[ \t\r\n])")
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_OPENERS = {v: k for k, v in _CLOSERS.items()}


try:  # the scanner's and parser's loops in C (_accel.c), where they are built
    import commit_guard.php._accel as accel  # (not `from commit_guard.php`: no cycle)
except ImportError:
    accel = None


class _Tok:
    """A token as the parser reads it: type, value (its text), line, position."""

    __slots__ = ("type", "value", "lineno", "lexpos")

    def __init__(self, ttype: str, value: str, lineno: int, lexpos: int) -> None:
        self.type = ttype
        self.value = value
        self.lineno = lineno
        self.lexpos = lexpos

    def __repr__(self) -> str:
        return f"Tok({self.type}, {self.value!r}, {self.lineno})"


# The C Tok has the same fields; where it is built, every token is one.
Tok = _Tok if accel is None else accel.Tok


class LexFailure(Exception):
    """A scanner-level parse error (PHP raises these while scanning)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
