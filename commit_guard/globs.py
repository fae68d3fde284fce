"""Gitignore-style globs: validation, and matching with commit_guard.globmatch.

Matching has pathspec's meaning without its regexes, whose backtracking
made one committed glob take minutes (see globmatch).  The length limit
is a second line of defence for globs from a committed config: matching
time grows with the glob's length times the path's, never faster.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from commit_guard import globmatch

# Far above any real glob (the longest shipped one has 11 characters).
MAX_GLOB_LENGTH = 1000


class GlobError(ValueError):
    pass


def validate(pattern: str) -> None:
    """Raise GlobError for a pattern that cannot mean what the user wants."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise GlobError("empty glob")
    if len(pattern) > MAX_GLOB_LENGTH:
        raise GlobError(f"glob too long ({len(pattern)} characters; at most {MAX_GLOB_LENGTH})")
    depth = 0
    escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
    if depth or escaped:
        raise GlobError(f"bad glob {pattern!r}: unbalanced '[' or trailing '\\'")
    try:
        compiled = globmatch.compile_glob(pattern)
    except globmatch.BadGlob as exc:
        raise GlobError(f"bad glob {pattern!r}: {exc}") from exc
    if compiled is None and not pattern.lstrip().startswith("#"):
        # git ignores such a line; a glob that silently matches nothing
        # (an include list, a code glob) would leave files unchecked.
        raise GlobError(f"bad glob {pattern!r}: it matches nothing (an unclosed '[' "
                        "or a lone '/')")


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> list[globmatch.Glob]:
    try:
        found = [globmatch.compile_glob(p) for p in patterns]
    except globmatch.BadGlob as exc:  # validated at load time; a caller's own list
        raise GlobError(f"bad glob in {list(patterns)!r}: {exc}") from exc
    return [g for g in found if g is not None]


def matches(path: str, patterns: Sequence[str]) -> bool:
    """True if ``path`` (repo-relative, posix) matches the gitignore-style list."""
    if not patterns:
        return False
    suffixes = _suffixes(tuple(patterns))
    if suffixes is not None:
        # As gitignore does: a slash-less pattern matches any path component.
        return any(part.endswith(suffixes) for part in path.split("/"))
    return globmatch.match(_compiled(tuple(patterns)), path)


_PLAIN = re.compile(r"\*\.[A-Za-z0-9_.+-]+")


@lru_cache(maxsize=256)
def _suffixes(patterns: tuple[str, ...]) -> tuple[str, ...] | None:
    """For lists of plain ``*.ext`` patterns (the default python and php
    globs), the suffixes: matching them needs no glob compiled (start-up)."""
    if all(_PLAIN.fullmatch(p) for p in patterns):
        return tuple(p[1:] for p in patterns)
    return None
