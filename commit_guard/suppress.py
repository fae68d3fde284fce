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

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from commit_guard.finding import Finding

_MARKER = re.compile(
    r"(?P<lead>#|//|/\*|<!--|--|;|%)[ \t]*commit-guard:[ \t]*disable[ \t]*=[ \t]*"
    r"(?P<names>[A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*)")
# What may stand before the comment on a line that holds nothing else.
_ONLY_COMMENT = re.compile(r"^[ \t]*$")



@dataclass
class Suppression:
    line: int  # where the comment is
    target: int  # the line it applies to
    column: int
    names: list[str]
    used: set[str] = field(default_factory=set)


def parse(lines: Iterable[str]) -> list[Suppression]:
    """Every suppression comment in the text, with the line it applies to."""
    found = []
    for number, text in enumerate(lines, start=1):
        if "commit-guard" not in text:
            continue
        match = _MARKER.search(text)
        if match is None:
            continue
        names = [n.strip() for n in match.group("names").split(",") if n.strip()]
        alone = bool(_ONLY_COMMENT.match(text[:match.start()]))
        found.append(Suppression(number, number + 1 if alone else number,
                                 match.start() + 1, names))
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
