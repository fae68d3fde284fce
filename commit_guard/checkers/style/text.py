"""The style rules for every text file (CG101-CG110).

Each rule returns hits ``(code, line, column, fields)``; the checker turns
them into findings with the message from the rule catalog.  The text is
split on "\\n" only: a CR is part of a CRLF line ending, and other Unicode
line separators are content, as they are to git and diff.
"""
from __future__ import annotations

import re
from typing import Any, Callable, NamedTuple

Hit = tuple[str, int, int, dict[str, Any]]

BOM = b"\xef\xbb\xbf"
_CONFLICT = re.compile(r"^(<{7}|>{7}|\|{7})(?: |$)")
_CONFLICT_MIDDLE = "=" * 7
_COMMENT_LEADS = ("#", "//", "/*", "*", "<!--", "--", ";")


class TextSettings(NamedTuple):
    """The text-rule settings in force for one file."""

    max_line_length: int = 120  # 0: no limit
    tabs: str = "forbid"
    line_endings: str = "lf"
    debug_patterns: tuple[str, ...] = ()
    debug_allowed: bool = False  # a test file


def decode(data: bytes) -> tuple[str, list[Hit]]:
    """The text of ``data`` (BOM dropped, bad bytes replaced) and the hits for BOM/UTF-8."""
    hits: list[Hit] = []
    if data.startswith(BOM):
        hits.append(("CG108", 1, 1, {}))
        data = data[len(BOM):]
    try:
        return data.decode("utf-8"), hits
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hits.append(("CG109", line, column, {"byte": data[exc.start]}))
        return data.decode("utf-8", "replace"), hits


def split_lines(text: str) -> tuple[list[str], int, list[int]]:
    """(line texts without their endings, how many end in a newline, CRLF line numbers)."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
        ended = len(lines)
    else:
        ended = len(lines) - 1
    crlf: list[int] = []
    if "\r\n" in text:
        for i in range(ended):
            if lines[i].endswith("\r"):
                crlf.append(i + 1)
                lines[i] = lines[i][:-1]
    return lines, ended, crlf


def check(data: bytes, settings: TextSettings, active: Callable[[str], bool]) -> list[Hit]:
    """Every text-rule hit in ``data`` for the rules ``active`` accepts."""
    text, hits = decode(data)
    return [h for h in hits + check_text(text, settings) if active(h[0])]


def check_text(text: str, settings: TextSettings) -> list[Hit]:
    """The hits of every rule but CG108/CG109 (see decode) in decoded ``text``."""
    lines, ended, crlf = split_lines(text)
    hits = line_ending_hits(ended, crlf, settings.line_endings)
    if ended < len(lines):
        hits.append(("CG103", len(lines), len(lines[-1]) + 1, {}))
    if "<" * 7 in text or ">" * 7 in text or "|" * 7 in text:  # else no marker can match
        hits += conflict_hits(lines)
    patterns = [] if settings.debug_allowed else [re.compile(p) for p in settings.debug_patterns]
    hits += line_hits(lines, settings, patterns)
    return hits


def line_ending_hits(ended: int, crlf: list[int], policy: str) -> list[Hit]:
    if policy == "lf" and crlf:
        return [("CG104", crlf[0], 0, {"count": len(crlf), "found": "CRLF", "policy": "LF"})]
    if policy == "lf" or (policy == "consistent" and not crlf):
        return []
    lf_count = ended - len(crlf)
    if not lf_count:
        return []
    first_lf = next(n for n, m in enumerate([*crlf, 0], start=1) if n != m)
    if policy == "crlf":
        return [("CG104", first_lf, 0, {"count": lf_count, "found": "LF", "policy": "CRLF"})]
    if policy == "consistent":
        first = first_lf if crlf[0] < first_lf else crlf[0]
        return [("CG105", first, 0, {"lf": lf_count, "crlf": len(crlf)})]
    return []


def conflict_hits(lines: list[str]) -> list[Hit]:
    hits: list[Hit] = []
    middles = []
    for number, text in enumerate(lines, start=1):
        match = _CONFLICT.match(text)
        if match:
            hits.append(("CG107", number, 1, {"marker": match.group(1)}))
        elif text.rstrip() == _CONFLICT_MIDDLE:
            middles.append(number)
    # "=======" alone is also a reStructuredText underline: only with a real marker.
    if hits:
        hits += [("CG107", n, 1, {"marker": _CONFLICT_MIDDLE}) for n in middles]
    return hits


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern matching where any of ``patterns`` does: a quick test per line."""
    if not patterns or any(p.groups for p in patterns):
        return None  # a group numbering would change in the alternation
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))
    except re.error:  # e.g. inline flags that must come first
        return None


def line_hits(lines: list[str], settings: TextSettings,
              patterns: list[re.Pattern[str]]) -> list[Hit]:
    """CG101, CG102, CG106 and CG110, line by line; cheap tests come first."""
    hits: list[Hit] = []
    forbid_tabs = settings.tabs == "forbid"
    limit = settings.max_line_length
    quick = _any_of(patterns)
    for number, text in enumerate(lines, start=1):
        if text[-1:] in (" ", "\t"):
            hits.append(("CG101", number, len(text.rstrip(" \t")) + 1, {}))
        if forbid_tabs and "\t" in text:
            tab = text.find("\t", 0, len(text) - len(text.lstrip(" \t")))
            if tab >= 0:
                hits.append(("CG102", number, tab + 1, {}))
        if limit and len(text) > limit:
            hits.append(("CG106", number, limit + 1, {"length": len(text), "limit": limit}))
        if patterns and (quick is None or quick.search(text)) \
                and not text.lstrip().startswith(_COMMENT_LEADS):
            hits += _debug_hit(number, text, patterns)
    return hits


def _debug_hit(number: int, text: str, patterns: list[re.Pattern[str]]) -> list[Hit]:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            call = match.group(0).rstrip("( \t")
            return [("CG110", number, match.start() + 1, {"call": call})]
    return []
