"""Gitignore-style globs (pathspec does the matching; we only validate)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import pathspec

# pathspec is imported where it is used: it costs ~40 ms (it pulls in
# asyncio), and `commit-guard check` with nothing to match must not pay it.


class GlobError(ValueError):
    pass


def validate(pattern: str) -> None:
    """Raise GlobError for a pattern that cannot mean what the user wants."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise GlobError("empty glob")
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
        _spec((pattern,))
    except Exception as exc:  # pathspec's own pattern errors vary by version
        raise GlobError(f"bad glob {pattern!r}: {exc}") from exc


@lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    import pathspec  # pylint: disable=import-outside-toplevel

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def matches(path: str, patterns: Sequence[str]) -> bool:
    """True if ``path`` (repo-relative, posix) matches the gitignore-style list."""
    if not patterns:
        return False
    suffixes = _suffixes(tuple(patterns))
    if suffixes is not None:
        # As gitignore does: a slash-less pattern matches any path component.
        return any(part.endswith(suffixes) for part in path.split("/"))
    return _spec(tuple(patterns)).match_file(path)


_PLAIN = re.compile(r"\*\.[A-Za-z0-9_.+-]+")


@lru_cache(maxsize=256)
def _suffixes(patterns: tuple[str, ...]) -> tuple[str, ...] | None:
    """For lists of plain ``*.ext`` patterns (the default python and php
    globs), the suffixes: matching them needs no pathspec import (start-up)."""
    if all(_PLAIN.fullmatch(p) for p in patterns):
        return tuple(p[1:] for p in patterns)
    return None
