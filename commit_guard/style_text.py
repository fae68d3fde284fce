"""The style rules for every text file (CG101-CG110).

Each rule returns hits ``(code, line, column, fields)``; the checker turns
them into findings with the message from the rule catalog.  The text is
split on "\\n" only: a CR is part of a CRLF line ending, and other Unicode
line separators are content, as they are to git and diff.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator

Hit = tuple[str, int, int, dict[str, Any]]

BOM = b"\xef\xbb\xbf"
_CONFLICT = re.compile(r"^(<{7}|>{7}|\|{7})(?: |$)")
_CONFLICT_MIDDLE = "=" * 7
_COMMENT_LEADS = ("#", "//", "/*", "*", "<!--", "--", ";")


@dataclass(frozen=True)
class TextSettings:
    """The text-rule settings in force for one file."""

    max_line_length: int = 120  # 0: no limit
    tabs: str = "forbid"
    line_endings: str = "lf"
    debug_patterns: tuple[str, ...] = ()
    debug_allowed: bool = False  # a test file


@dataclass
class Line:
    number: int
    text: str  # without its line ending
    ending: str  # "\n", "\r\n" or "" (the last line, unterminated)


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


def split_lines(text: str) -> list[Line]:
    parts = text.split("\n")
    lines = []
    for number, part in enumerate(parts, start=1):
        last = number == len(parts)
        if last and part == "":
            break
        if last:
            lines.append(Line(number, part, ""))
        elif part.endswith("\r"):
            lines.append(Line(number, part[:-1], "\r\n"))
        else:
            lines.append(Line(number, part, "\n"))
    return lines


def check(data: bytes, settings: TextSettings, active: Callable[[str], bool]) -> list[Hit]:
    """Every text-rule hit in ``data`` for the rules ``active`` accepts."""
    text, hits = decode(data)
    lines = split_lines(text)
    hits += line_ending_hits(lines, settings.line_endings)
    if lines and not lines[-1].ending:
        hits.append(("CG103", lines[-1].number, len(lines[-1].text) + 1, {}))
    hits += conflict_hits(lines)
    patterns = [] if settings.debug_allowed else [re.compile(p) for p in settings.debug_patterns]
    for line in lines:
        hits += per_line_hits(line, settings, patterns)
    return [h for h in hits if active(h[0])]


def line_ending_hits(lines: list[Line], policy: str) -> list[Hit]:
    crlf = [ln.number for ln in lines if ln.ending == "\r\n"]
    lf = [ln.number for ln in lines if ln.ending == "\n"]
    if policy == "lf" and crlf:
        return [("CG104", crlf[0], 0, {"count": len(crlf), "found": "CRLF", "policy": "LF"})]
    if policy == "crlf" and lf:
        return [("CG104", lf[0], 0, {"count": len(lf), "found": "LF", "policy": "CRLF"})]
    if policy == "consistent" and crlf and lf:
        first = lf[0] if crlf[0] < lf[0] else crlf[0]
        return [("CG105", first, 0, {"lf": len(lf), "crlf": len(crlf)})]
    return []


def conflict_hits(lines: list[Line]) -> list[Hit]:
    hits: list[Hit] = []
    middles = []
    for line in lines:
        match = _CONFLICT.match(line.text)
        if match:
            hits.append(("CG107", line.number, 1, {"marker": match.group(1)}))
        elif line.text.rstrip() == _CONFLICT_MIDDLE:
            middles.append(line.number)
    # "=======" alone is also a reStructuredText underline: only with a real marker.
    if hits:
        hits += [("CG107", n, 1, {"marker": _CONFLICT_MIDDLE}) for n in middles]
    return hits


def per_line_hits(line: Line, settings: TextSettings,
                  patterns: list[re.Pattern[str]]) -> Iterator[Hit]:
    text = line.text
    stripped = text.rstrip(" \t")
    if stripped != text:
        yield ("CG101", line.number, len(stripped) + 1, {})
    if settings.tabs == "forbid":
        indent = text[:len(text) - len(text.lstrip(" \t"))]
        if "\t" in indent:
            yield ("CG102", line.number, indent.index("\t") + 1, {})
    limit = settings.max_line_length
    if limit and len(text) > limit:
        yield ("CG106", line.number, limit + 1, {"length": len(text), "limit": limit})
    if patterns and not text.lstrip().startswith(_COMMENT_LEADS):
        for pattern in patterns:
            match = pattern.search(text)
            if match:
                call = match.group(0).rstrip("( \t")
                yield ("CG110", line.number, match.start() + 1, {"call": call})
                break
