"""Gitignore-style glob matching without regex backtracking.

pathspec compiles a glob to one Python regex, and a backtracking regex
engine takes exponential time on some globs: ``*a*a*a*a*a*a*a*b`` (8 stars)
against a 60-character name took 20 s, each further star about 6x more.
A glob can come from the checked tree (a committed commit-guard.toml), so
its matching time must not depend on how hostile it is.

Here a glob is matched segment by segment (between slashes).  Inside a
segment the parts between ``*`` have a fixed width (literals, ``?``,
``[...]``): the first is matched at the start, the last at the end and
those between at their leftmost place, which is exact for such patterns
and takes at most len(pattern) * len(name) steps.  ``**`` spans whole
segments, and the placement of what follows it is found once per glob
and path, so a path costs at most (segments of the glob) x (segments of
the path) segment matches.

The meaning is that of pathspec's GitIgnoreSpec (parsing, normalisation
and which pattern decides when several match; tests/test_security_bounds.py
compares the two on generated globs and paths), except two regex quirks
that git does not have either: a bracket expression (``[!x]``, ``[+-0]``)
never matches the ``/`` between segments, and a newline in a path is an
ordinary character.  Paths are repository-relative, without empty segments.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Sequence

DIR, FILE = 1, 2  # matched through a directory above the path / the path itself
STAR2 = "**"


class BadGlob(ValueError):
    """A glob pathspec refuses too (trailing backslash, bad range, "!")."""


class _RangeError(BadGlob):
    """An unclosed ``[``: git (and pathspec) ignore the whole line."""


class Chunk(NamedTuple):
    """Glob characters between stars: each matches exactly one character."""

    regex: re.Pattern[str]
    width: int
    literal: str | None  # the text, when there is no "?" or "[...]" (str methods are faster)

    def at(self, text: str, pos: int) -> bool:
        if self.literal is not None:
            return text.startswith(self.literal, pos)
        return self.regex.match(text, pos) is not None

    def find(self, text: str, pos: int, end: int) -> int:
        """The end of the leftmost occurrence in text[pos:end], or -1."""
        if self.literal is not None:
            found = text.find(self.literal, pos, end)
            return -1 if found < 0 else found + self.width
        hit = self.regex.search(text, pos, end)
        return -1 if hit is None else hit.end()


class Segment:
    """One glob segment (no slash, not ``**``), compiled to fixed-width chunks."""

    __slots__ = ("chunks", "starred", "nonempty")

    def __init__(self, chunks: list[Chunk], starred: bool, nonempty: bool) -> None:
        self.chunks = chunks  # starred: at least [head, tail], either may be width 0
        self.starred = starred
        self.nonempty = nonempty  # a lone "*" needs one character, as pathspec's [^/]+

    def match(self, text: str) -> bool:
        if not self.starred:
            only = self.chunks[0]
            return len(text) == only.width and only.at(text, 0)
        if self.nonempty and not text:
            return False
        head, *middle, tail = self.chunks
        end = len(text) - tail.width
        if end < head.width or not head.at(text, 0) or not tail.at(text, end):
            return False
        pos = head.width
        for chunk in middle:
            # Leftmost placement leaves the most room to what follows: exact,
            # and no chunk has a quantifier, so no backtracking.
            pos = chunk.find(text, pos, end)
            if pos < 0:
                return False
        return True


class Glob:
    """One compiled pattern line."""

    __slots__ = ("include", "is_dir", "anywhere", "lead", "trail", "blocks")

    def __init__(self, include: bool, is_dir: bool, anywhere: str = "",
                 items: Sequence[Segment | None] = ()) -> None:
        self.include = include  # False for a "!" pattern
        self.is_dir = is_dir  # the pattern ended with "/"
        self.anywhere = anywhere  # pathspec's whole-path cases: "any", "slash", "slash-dir"
        # items: segments, None for "**" (normalised: first, last or between segments)
        self.lead = bool(items) and items[0] is None
        self.trail = len(items) > 1 and items[-1] is None
        blocks: list[list[Segment]] = [[]]
        for item in items[1 if self.lead else 0:len(items) - (1 if self.trail else 0)]:
            if item is None:
                blocks.append([])
            else:
                blocks[-1].append(item)
        self.blocks = [tuple(b) for b in blocks]

    def outcome(self, path: str, parts: list[str]) -> int:
        """0 (no match), DIR or FILE: how the match pathspec's regex finds first matched."""
        if self.anywhere:
            if self.anywhere == "any":
                return FILE if path else 0
            if "/" not in path:
                return 0
            return DIR if self.anywhere == "slash-dir" else FILE
        blocks, count = self.blocks, len(parts)
        last = len(blocks) - 1
        if not self.lead and (len(blocks[0]) > count or not _fits(blocks[0], parts, 0)):
            return 0  # anchored and already wrong: the common miss costs one look
        # A block after a "**" goes where the regex's greedy ".+" puts it first:
        # its rightmost placement from which the rest matches.  Found last
        # block first, each block's placement once.
        after_start, after = count, 0  # the next block's placement and outcome
        for index in range(last, -1 if self.lead else 0, -1):
            block = blocks[index]
            for start in range(count - len(block), -1, -1):
                if _fits(block, parts, start):
                    rest = self._rest(start + len(block), count, index == last, after_start,
                                      after)
                    if rest:
                        after_start, after = start, rest
                        break
            else:
                return 0
        if self.lead:
            return after
        return self._rest(len(blocks[0]), count, last == 0, after_start, after)

    def _rest(self, end: int, count: int, last: bool, after_start: int, after: int) -> int:
        """The outcome after a block ending at segment ``end``: the glob's end,
        or a "**" and then the next block, which must not start before ``end``."""
        if not last:
            return after if end <= after_start else 0
        if self.trail:  # "/" (or the directory mark) must follow
            return (DIR if self.is_dir else FILE) if end < count else 0
        return DIR if end < count else FILE


def _fits(block: tuple[Segment, ...], parts: list[str], start: int) -> bool:
    for i, seg in enumerate(block):
        if not seg.match(parts[start + i]):
            return False
    return True


def compile_glob(pattern: str) -> Glob | None:
    """The glob of one pattern line; None for a line that matches nothing
    (blank, comment, "/") or that git ignores (an unclosed "[")."""
    if not pattern.endswith("\\ "):
        pattern = pattern.rstrip()
    if not pattern or pattern.startswith("#") or pattern == "/":
        return None
    include = not pattern.startswith("!")
    if not include:
        pattern = pattern[1:]
    segs = pattern.split("/")
    is_dir = not segs[-1]
    segs, anywhere = _normalize(is_dir, segs)
    if anywhere:
        return Glob(include, is_dir, anywhere)
    try:
        tokens = [None if s == STAR2 else _tokens(s) for s in segs]
    except _RangeError:
        return None
    items = [None if toks is None else _segment(toks, seg == "*")
             for seg, toks in zip(segs, tokens)]
    return Glob(include, is_dir, items=items)


def _normalize(is_dir: bool, segs: list[str]) -> tuple[list[str], str]:
    """pathspec's segment normalisation, and its whole-path special cases."""
    if not segs[0]:
        del segs[0]  # "/x": anchored at the root
    elif (len(segs) == 1 or (len(segs) == 2 and not segs[1])) and segs[0] != STAR2:
        segs.insert(0, STAR2)  # "x" and "x/": at any depth
    if not segs:
        raise BadGlob("the pattern is empty after '!'")
    if not segs[-1]:
        segs[-1] = STAR2  # "x/": everything below x
    for i in range(len(segs) - 1, 0, -1):
        if segs[i - 1] == STAR2 and segs[i] == STAR2:
            del segs[i]
    if segs == [STAR2]:
        return segs, "slash-dir" if is_dir else "any"
    if segs == [STAR2, "*"]:
        return segs, "any"
    if segs == [STAR2, "*", STAR2]:
        return segs, "slash-dir" if is_dir else "slash"
    return segs, ""


def _tokens(seg: str) -> list[str]:
    """A segment as "*" and one-character regexes, as pathspec translates it."""
    out: list[str] = []
    i, end = 0, len(seg)
    while i < end:
        char = seg[i]
        i += 1
        if char == "\\":
            if i == end:
                raise BadGlob("a trailing backslash escapes nothing")
            out.append(re.escape(seg[i]))
            i += 1
        elif char == "*":
            out.append("*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            j = i
            if j < end and seg[j] in "!^":
                j += 1
            if j < end and seg[j] == "]":
                j += 1
            while j < end and seg[j] != "]":
                j += 1
            if j >= end:
                raise _RangeError("unclosed '['")
            j += 1
            expr = "["
            if seg[i] in "!^":
                expr += "^"
                i += 1
            # Backslashes in a bracket are literal (POSIX), as in pathspec.
            out.append(expr + seg[i:j].replace("\\", "\\\\"))
            i = j
        else:
            out.append(re.escape(char))
    return out


def _segment(tokens: list[str], lone_star: bool) -> Segment:
    runs: list[list[str]] = [[]]
    for tok in tokens:
        if tok == "*":
            if runs[-1] or len(runs) == 1:
                runs.append([])
        else:
            runs[-1].append(tok)
    chunks = []
    for run in runs:
        try:
            regex = re.compile("".join(run))
        except re.error as exc:
            raise BadGlob(f"bad bracket expression: {exc}") from exc
        plain = all(not tok.startswith("[") for tok in run)
        chunks.append(Chunk(regex, len(run), _unescape(run) if plain else None))
    return Segment(chunks, len(runs) > 1, lone_star)


def _unescape(run: list[str]) -> str:
    # Each token is re.escape() of one character.
    return "".join(tok[-1] for tok in run)


def normalize_path(path: str) -> str:
    """As pathspec's normalize_file: no leading "/" or "./"."""
    if path.startswith("/"):
        return path[1:]
    if path.startswith("./"):
        return path[2:]
    return path


def match(globs: list[Glob], path: str) -> bool:
    """GitIgnoreSpec's decision: the last pattern matching the path itself
    wins; failing that, the last one matching through a directory."""
    path = normalize_path(path)
    parts = path.split("/")
    through_dir: bool | None = None
    for glob in reversed(globs):
        how = glob.outcome(path, parts)
        if how == FILE:
            return glob.include
        if how == DIR and through_dir is None:
            through_dir = glob.include
    return bool(through_dir)
