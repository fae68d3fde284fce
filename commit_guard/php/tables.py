"""The PHP grammar's LALR tables on disk: JSON in a private cache directory.

Generating the tables takes seconds (build.generate), reading them about
20 ms, so they are kept in the cache directory under a hash of the
grammar.  The file holds numbers and token names only: JSON, read with
``json.loads``, so reading it can never run code (it used to be a ply
pickle, which can).  The productions and their action functions are not
in the file: they come from our own grammar modules (build.rules), and
the file's numbers are checked against them.

A file anyone else can write could still steer the parser (accept a
broken file), so the directory must be private (commit_guard.safedir);
when it is not, the tables are generated in memory for the run, neither
read nor written, and ``refused()`` says why for the report.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple, Optional

from commit_guard.safedir import dir_problem, make_private, private_file
from commit_guard.sealed import seal, unseal
from commit_guard.util import replace_file

FORMAT = "commit-guard-php-tables 1"
PREFIX = "php-parser-"
ENV_DIR = "COMMIT_GUARD_CACHE_DIR"


class Rule(NamedTuple):
    """A production as the parse loop sees it (ply's MiniProduction fields)."""

    name: str
    len: int
    func: Optional[str]  # p_<n>; None for the start rule S' -> start


class Tables(NamedTuple):
    """What lr.Parser reads: ply's LRTable attribute names."""

    lr_action: dict[int, dict[str, Any]]  # state -> token -> shift (>0), reduce (<0), accept (0)
    lr_goto: dict[int, dict[str, int]]  # state -> nonterminal -> state
    lr_productions: list[Rule]


def cache_dir() -> Path:
    configured = os.environ.get(ENV_DIR)
    if configured:
        return Path(configured)
    import platformdirs  # pylint: disable=import-outside-toplevel

    return Path(platformdirs.user_cache_dir("commit-guard"))


def refused() -> str:
    """Why the tables are not cached ("" when they are); a few stat calls."""
    return dir_problem(cache_dir())


def path_for(variant: str, signature: str) -> Path:
    return cache_dir() / f"{PREFIX}{variant}-{signature}.json"


def read(path: Path, signature: str, rules: list[Rule]) -> Tables | None:
    """The tables in ``path`` if it is ours, whole, for this grammar and
    consistent with ``rules``; None otherwise (then they are generated)."""
    if refused():
        return None
    try:
        raw = private_file(path)
    except OSError:
        return None
    doc = unseal(raw, FORMAT)
    if doc is None:
        return None
    try:
        if doc["signature"] != signature:
            return None
        action, goto = doc["action"], doc["goto"]
        if not _consistent(action, goto, len(rules)):
            return None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return Tables(dict(enumerate(action)), dict(enumerate(goto)), rules)


def _consistent(action: Any, goto: Any, rule_count: int) -> bool:
    """Rows for every state; every shift, reduction and goto in range."""
    if type(action) is not list or type(goto) is not list or len(action) != len(goto):  # pylint: disable=unidiomatic-typecheck
        return False
    states = len(action)
    if not all(type(row) is dict for row in action + goto):  # pylint: disable=unidiomatic-typecheck
        return False
    acts = {v for row in action for v in row.values()}
    acts.discard(None)  # an error entry (a nonassoc operator met its own level)
    targets = {v for row in goto for v in row.values()}
    return (all(type(v) is int and -rule_count < v < states for v in acts)  # pylint: disable=unidiomatic-typecheck
            and all(type(v) is int and 0 <= v < states for v in targets))  # pylint: disable=unidiomatic-typecheck


def write(path: Path, tables: Tables, signature: str) -> None:
    """Store ``tables`` atomically; nothing when the directory is refused or
    not writable (the tables then live in memory for this run)."""
    if refused():
        return
    states = range(max(tables.lr_action) + 1)
    data = seal(FORMAT, {"signature": signature,
                         "action": [tables.lr_action.get(s, {}) for s in states],
                         "goto": [tables.lr_goto.get(s, {}) for s in states]})
    try:
        make_private(path.parent)
        replace_file(path, data, prefix=".tmp-")
    except OSError:
        pass
