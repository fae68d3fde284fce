"""PHP open/close tags (CG201, CG202) and the comments suppressions may be in.

Both come from the scanner's token stream (commit_guard.checkers.style.php_file.PhpFile):
``?>`` is a token, ``<?=`` is one, and an open tag ``<?php`` and every
comment lie in the gaps between tokens.  phply's lexer is kept for the
files whose tags only it reads: a short or ASP open tag (``<?``, ``<%``,
which PHP 8's scanner reads as HTML), an ASP close tag ``%>``, code after
``__halt_compiler`` (the scanner stops there) and files the scanner
refuses.  A file with ``<?xml`` gets no tag rules (it reads as a short
open tag) and line-based comment spans, as before.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from commit_guard.checkers.style.suppress import Span, line_comment_spans
from commit_guard.checkers.style.text import Hit

if TYPE_CHECKING:
    from commit_guard.checkers.style.php_file import PhpFile

_GAP = re.compile(r"""
  [ \t\r\n]+
| <\?php(?:[ \t]|\r\n|\n|\r|$)
| (?P<comment>(?:\#|//)[^\r\n?]*(?:\?(?!>)[^\r\n?]*)* | /\*.*?\*/ | /\*.*)
""", re.S | re.X | re.I)
_OPEN_PHP = re.compile(r"<\?php", re.I)
_END_STATES = frozenset({"INITIAL", "php"})


@dataclass(frozen=True)
class Tok:
    """A phply token with its place in the text."""

    type: str
    value: str
    line: int
    column: int
    pos: int


def read_tags(php: PhpFile, tags: bool, comments: bool) -> tuple[list[Hit], list[Span] | None]:
    """(tag-rule hits if ``tags``, comment spans if ``comments``: a list, or None
    for line-based ones) for ``php``."""
    if "<?xml" in php.text:  # `<?xml` reads as a short open tag and derails phply
        return [], None
    if _needs_phply(php):
        tokens = tokenize(php.text)
        if tokens is None:
            return [], None
        return (list(tag_hits(tokens)) if tags else [],
                comment_spans(php.text, tokens) if comments else [])
    return (scanner_tag_hits(php) if tags else [],
            scanner_comment_spans(php) if comments else [])


def _needs_phply(php: PhpFile) -> bool:
    if not php.ok or php.halted or "%>" in php.raw:
        return True
    return any("<?" in t.value or "<%" in t.value for t in php.html)


# -- from the scanner's tokens ------------------------------------------------
def _is_close(tok: Any) -> bool:
    return tok.type == "SEMI" and tok.value[:1] == "?"


def _blank(value: str) -> bool:
    if value.isascii():
        return not value.strip()
    return not value.encode("latin-1").decode("utf-8", "replace").strip()


def scanner_tag_hits(php: PhpFile) -> list[Hit]:
    hits: list[Hit] = []
    for match in _OPEN_PHP.finditer(php.raw):
        if match.group() != "<?php" and _opens_php(php, match.start()):
            hits.append(("CG202", *php.where(match.start()), {"tag": match.group()}))
    html = any(not _blank(t.value) and not (t.value.startswith("#!")
                                             and "\n" not in php.raw[:t.lexpos])
               for t in php.html)
    last = next((t for t in reversed(php.tokens)
                 if not (t.type == "INLINE_HTML" and _blank(t.value))), None)
    closes = php.closes
    # Pure PHP: one PHP block (so one open tag) and no HTML; several blocks make a template.
    if not html and closes == 1 and last is not None and _is_close(last):
        hits.append(("CG201", *php.where(last.lexpos), {}))
    return hits


def _opens_php(php: PhpFile, pos: int) -> bool:
    """Whether ``<?php`` at ``pos`` is an open tag: right after HTML, ``?>`` or the start."""
    starts = [t.lexpos for t in php.tokens]
    i = bisect.bisect_left(starts, pos) - 1
    if i < 0:
        return pos == 0
    tok = php.tokens[i]
    return tok.lexpos + len(tok.value) == pos and (tok.type == "INLINE_HTML" or _is_close(tok))


def scanner_comment_spans(php: PhpFile) -> list[Span]:
    """The comments in the gaps between tokens, and HTML comments in inline HTML."""
    out: list[Span] = []
    done = 0
    for tok in php.tokens:
        if tok.lexpos > done:
            out += _gap_comments(php, done, tok.lexpos)
        if tok.type == "INLINE_HTML":
            out += line_comment_spans(php.text, php.char_offset(tok.lexpos),
                                      php.char_offset(tok.lexpos + len(tok.value)))
        done = max(done, tok.lexpos + len(tok.value))
    if done < len(php.raw):
        out += _gap_comments(php, done, len(php.raw))
    return out


def _gap_comments(php: PhpFile, pos: int, end: int) -> Iterator[Span]:
    while pos < end:
        match = _GAP.match(php.raw, pos, end)
        if match is None:
            pos += 1  # a heredoc's closing label, which its token does not span
            continue
        if match.group("comment"):
            yield (php.char_offset(pos), php.char_offset(match.end()))
        pos = max(match.end(), pos + 1)


# -- phply, for the files only it reads -----------------------------------------
def tokenize(text: str) -> list[Tok] | None:
    """phply's tokens with 1-based line and column, or None when lexing is not trustworthy."""
    from phply import phplex  # pylint: disable=import-outside-toplevel

    if "<?xml" in text:
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


def comment_spans(text: str, tokens: list[Tok]) -> list[Span]:
    """Where suppressions may be: PHP comments, and HTML comments in inline HTML."""
    spans = []
    for tok in tokens:
        if tok.type in ("COMMENT", "DOC_COMMENT"):
            spans.append((tok.pos, tok.pos + len(tok.value)))
        elif tok.type == "INLINE_HTML":
            spans += line_comment_spans(text, tok.pos, tok.pos + len(tok.value))
    return spans


def tag_hits(tokens: list[Tok]) -> Iterator[Hit]:
    for tok in tokens:
        if tok.type == "OPEN_TAG" and tok.value.strip() != "<?php":
            yield ("CG202", tok.line, tok.column, {"tag": tok.value.strip()})
    html = [t for t in tokens if t.type == "INLINE_HTML"
            and t.value.strip() and not (t.line == 1 and t.value.startswith("#!"))]
    rest = [t for t in tokens if not (t.type == "INLINE_HTML" and not t.value.strip())]
    opens = sum(t.type in ("OPEN_TAG", "OPEN_TAG_WITH_ECHO") for t in tokens)
    if not html and opens == 1 and rest and rest[-1].type == "CLOSE_TAG":
        yield ("CG201", rest[-1].line, rest[-1].column, {})
