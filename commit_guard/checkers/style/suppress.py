"""Inline suppression of commit-guard's own rules.

``commit-guard: disable=CODE[,SYMBOL...]`` in a comment (``#``, ``//``,
``/*``, ``<!--``, ``--``, ``;``) suppresses those rules on its own line;
a comment alone on its line suppresses them on the next line instead.
Every suppressed name that suppresses nothing is reported as
unused-suppression (CG004), so dead suppressions do not pile up.

Only the style rules are suppressible: a PHP syntax error cannot be
commented away, and pylint handles its own ``# pylint: disable=``.
"""
from __future__ import annotations

import bisect
import io
import re
import tokenize
from typing import Callable

from commit_guard.finding import Finding

# For files whose syntax we do not parse: a comment lead not right after a
# quote or backtick (a string literal, Markdown inline code).
_MARKER = re.compile(
    r"(?<![`'\"])(?:#|//|/\*|<!--|--|;|%)[ \t]*commit-guard:[ \t]*disable[ \t]*=[ \t]*")
_NAMES = re.compile(
    r"commit-guard:[ \t]*disable[ \t]*=[ \t]*"
    r"(?P<names>[A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*)")

Span = tuple[int, int]  # start and end offset of a comment in the text


class Suppression:
    """One ``commit-guard: disable=...`` comment, and which of its names were used."""

    __slots__ = ("line", "target", "column", "names", "used")

    def __init__(self, line: int, target: int, column: int, names: list[str]) -> None:
        self.line = line  # where the comment is
        self.target = target  # the line it applies to
        self.column = column
        self.names = names
        self.used: set[str] = set()


def line_comment_spans(text: str, lo: int = 0, hi: int | None = None) -> list[Span]:
    """Comment-looking spans, line by line: for files whose syntax we do not parse."""
    hi = len(text) if hi is None else hi
    spans = []
    for match in _MARKER.finditer(text, lo, hi):
        end = text.find("\n", match.end(), hi)
        spans.append((match.start(), hi if end < 0 else end))
    return spans


def python_comment_spans(text: str) -> list[Span] | None:
    """The real comments of Python source (None if it does not tokenize)."""
    starts = _line_starts(text)
    try:
        return [(starts[t.start[0] - 1] + t.start[1], starts[t.end[0] - 1] + t.end[1])
                for t in tokenize.generate_tokens(io.StringIO(text).readline)
                if t.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError, IndexError):
        return None


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def parse(text: str, comments: list[Span] | None = None) -> list[Suppression]:
    """Every suppression in ``text``; ``comments`` are the real comment spans, when known.

    A comment alone on its line (nothing but blanks before it) applies to the
    line after the comment's end; otherwise to its own line.
    """
    if "commit-guard" not in text:
        return []
    starts = _line_starts(text)
    found = []
    for start, end in (line_comment_spans(text) if comments is None else comments):
        match = _NAMES.search(text, start, end)
        if match is None:
            continue
        first = bisect.bisect_right(starts, start)
        last = bisect.bisect_right(starts, max(start, end - 1))
        alone = not text[starts[first - 1]:start].strip()
        names = [n.strip() for n in match.group("names").split(",") if n.strip()]
        line = bisect.bisect_right(starts, match.start())
        found.append(Suppression(line, last + 1 if alone else line,
                                 start - starts[first - 1] + 1, names))
    return found


def apply(findings: list[Finding], suppressions: list[Suppression],
          resolve: Callable[[str], str | None]) -> list[Finding]:
    """The findings no suppression covers.  ``resolve`` maps a name to a rule code.

    Marks each suppression's names as used when they hide a finding.
    """
    by_line: dict[int, list[Suppression]] = {}
    for sup in suppressions:
        by_line.setdefault(sup.target, []).append(sup)
    kept = []
    for f in findings:
        hidden = False
        for sup in by_line.get(f.line, ()):
            for name in sup.names:
                if resolve(name) == f.code:
                    sup.used.add(name)
                    hidden = True
        if not hidden:
            kept.append(f)
    return kept


def unused(suppressions: list[Suppression], resolve: Callable[[str], str | None],
           is_off: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """(line, column, what) for each suppressed name that hid nothing.

    Names of rules switched off in the config are left alone: the config,
    not the comment, decides those, and the comment may matter again later.
    """
    out = []
    for sup in suppressions:
        for name in sup.names:
            if name in sup.used:
                continue
            code = resolve(name)
            if code is not None and is_off(code):
                continue
            what = name if code is not None else f"unknown rule {name!r}"
            out.append((sup.line, sup.column, what))
    return out
