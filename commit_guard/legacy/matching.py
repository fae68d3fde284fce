"""Matching findings by rule and normalised source line, not by line number.

Shared by mode = "new" (old content against new) and the baseline file.
A finding's key is (checker, code, whitespace-normalised text of its line):
a moved line keeps its key, and duplicates are counted.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Iterable, Sequence

from commit_guard.checkers.base import FAILED, PASSED
from commit_guard.finding import Finding
from commit_guard.sources.changeset import content_id

if TYPE_CHECKING:
    from commit_guard.runner import RunResult

# (uncheckable-code-file: a code file nothing could read, CG002.)
SYNTAX_SYMBOLS = frozenset({"syntax-error", "parse-error", "astroid-error",
                            "uncheckable-code-file"})
MAX_TEXT = 200
# Beyond this many lines the diff-based line map is skipped (matching by
# text alone still works); difflib is quadratic in the worst case.
MAX_DIFF_LINES = 20000

_NEWLINE = re.compile(r"\r\n|\r|\n")

Key = tuple[str, str, str]


def split_lines(data: bytes | None) -> list[str]:
    """Lines as compilers count them (\\r\\n, \\r, \\n; not str.splitlines)."""
    if not data:
        return []
    return _NEWLINE.split(data.decode("utf-8", "replace"))


def normalise(line: str) -> str:
    text = " ".join(line.split())
    if len(text) > MAX_TEXT:
        # Keep keys readable in a baseline file, yet distinct for long lines.
        text = text[:160] + " ...sha1:" + content_id(text.encode())[:12]
    return text


def line_text(lines: Sequence[str], number: int) -> str:
    """The normalised text of 1-based line ``number``; "" for whole-file findings."""
    return normalise(lines[number - 1]) if 0 < number <= len(lines) else ""


def always_new(f: Finding) -> bool:
    """Test failures and syntax errors block whatever the old content said."""
    if f.checker == "tests":
        return True
    if f.symbol in SYNTAX_SYMBOLS or (f.checker == "pylint" and f.code == "E0001"):
        return True
    # A blocking php-syntax finding is a syntax error by definition.
    return f.checker == "php-syntax" and f.blocking


def key_of(f: Finding, lines: Sequence[str]) -> Key:
    return (f.checker, f.code, line_text(lines, f.line))


def line_map(old_lines: Sequence[str], new_lines: Sequence[str]) -> dict[int, int]:
    """Old line number -> new line number for lines the diff keeps."""
    if max(len(old_lines), len(new_lines)) > MAX_DIFF_LINES:
        return {}
    matcher = difflib.SequenceMatcher(None, [normalise(s) for s in old_lines],
                                      [normalise(s) for s in new_lines])
    mapping = {}
    for block in matcher.get_matching_blocks():
        for i in range(block.size):
            mapping[block.a + i + 1] = block.b + i + 1
    return mapping


def match(new: Sequence[Finding], old: Sequence[Finding], new_lines: Sequence[str],
          old_lines: Sequence[str]) -> tuple[list[Finding], list[Finding]]:
    """Split the new findings of ONE file into (introduced, existing)."""
    pool: dict[Key, list[int]] = defaultdict(list)
    for f in old:
        if not always_new(f):
            pool[key_of(f, old_lines)].append(f.line)
    mapping = line_map(old_lines, new_lines) if pool else {}
    introduced: list[Finding] = []
    existing: list[Finding] = []
    pending: list[tuple[Finding, Key]] = []
    # First the findings whose line the diff carries over unchanged, so that
    # among duplicates the copy on an added line is the one left new.
    for f in new:
        if always_new(f):
            introduced.append(f)
            continue
        key = key_of(f, new_lines)
        olds = pool.get(key, [])
        same = [o for o in olds if mapping.get(o) == f.line]
        if same:
            olds.remove(same[0])
            existing.append(f)
        else:
            pending.append((f, key))
    # Then the same rule on the same text elsewhere: the line moved.
    for f, key in pending:
        olds = pool.get(key)
        if olds:
            olds.remove(_nearest(olds, f.line, mapping))
            existing.append(f)
        else:
            introduced.append(f)
    return introduced, existing


def remove_findings(result: RunResult, drop: Iterable[Finding]) -> None:
    """Take ``drop`` out of the checker results and fix their statuses."""
    gone = defaultdict(int)
    for f in drop:
        gone[f] += 1
    for res in result.results.values():
        kept = []
        for f in res.findings:
            if gone.get(f):
                gone[f] -= 1
            else:
                kept.append(f)
        removed = len(kept) != len(res.findings)
        res.findings = kept
        if removed and res.status == FAILED and not any(f.blocking for f in kept):
            res.status = PASSED


def _nearest(olds: list[int], line: int, mapping: dict[int, int]) -> int:
    return min(olds, key=lambda o: abs(mapping.get(o, o) - line))
