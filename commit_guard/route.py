"""Routing: which checker sees which file.  Pure logic on file lists.

A code file (matched by the Python or PHP globs, or a shebang) whose content
cannot be checked (``ChangedFile.not_text``: a symlink, svn:mime-type
binary, NUL bytes, UTF-16) is never skipped: it goes, marked ``blocked``,
to the first checker that wants it, which reports it as CG002 without
running.  Whoever wants such a file in excludes it (``exclude``).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from commit_guard import globs
from commit_guard.finding import ERROR, Finding
from commit_guard.sources.changeset import DELETED, FILE, SUBMODULE, SYMLINK, ChangedFile

if TYPE_CHECKING:
    from commit_guard.checkers.base import Checker
    from commit_guard.config import Config

BINARY, LINK = "binary", "symbolic link (not followed)"
_PY_SHEBANG = re.compile(rb"^#![^\n]*\bpython[0-9.]*\b")
_PHP_SHEBANG = re.compile(rb"^#![^\n]*\bphp[0-9.]*\b")


def is_python(file: ChangedFile, config: Config) -> bool:
    if globs.matches(file.path, config["python_globs"]):
        return True
    return _has_shebang(file, _PY_SHEBANG)


def is_php(file: ChangedFile, config: Config) -> bool:
    if globs.matches(file.path, config["php"]["globs"]):
        return True
    return _has_shebang(file, _PHP_SHEBANG)


def is_code(file: ChangedFile, config: Config) -> bool:
    return is_python(file, config) or is_php(file, config)


BLOCKED = ("CG002", "uncheckable-code-file")


def blocked_finding(checker: str, file: ChangedFile) -> Finding:
    """The finding for a code file that cannot be checked (``file.blocked``)."""
    return Finding(checker, BLOCKED[0], BLOCKED[1], file.path, 0, 0,
                   f"code file not checked: {file.blocked}; commit it as text, "
                   "or exclude it", ERROR)


def _has_shebang(file: ChangedFile, pattern: re.Pattern[bytes]) -> bool:
    # Only extension-less files are sniffed, as editors and GitHub do.
    name = file.path.rsplit("/", 1)[-1]
    return "." not in name and file.content is not None and bool(pattern.match(file.content))


class Plan:
    """The routing decision for one change."""

    def __init__(self, assignments: dict[str, list[ChangedFile]] | None = None,
                 skipped: dict[str, str] | None = None,
                 ignored: list[tuple[ChangedFile, str]] | None = None) -> None:
        self.assignments: dict[str, list[ChangedFile]] = {} if assignments is None else assignments
        self.skipped: dict[str, str] = {} if skipped is None else skipped  # checker -> reason
        # file -> reason
        self.ignored: list[tuple[ChangedFile, str]] = [] if ignored is None else ignored

    @property
    def checked_files(self) -> list[ChangedFile]:
        seen: dict[str, ChangedFile] = {}
        for files in self.assignments.values():
            for f in files:
                seen.setdefault(f.path, f)
        return list(seen.values())


def route(files: Sequence[ChangedFile], checkers: Sequence[Checker], config: Config,
          only: Sequence[str] = (), skip: Sequence[str] = ()) -> Plan:
    """Assign each file of the change to every checker that applies.

    ``only``/``skip`` and the config's ``skip`` remove whole checkers, and
    the reason is kept so the report can say why a checker did not run.
    """
    plan = Plan()
    active = []
    for checker in checkers:
        # A configured linter answers to its own name and to "linters".
        reason = _disabled_reason(checker.name, config, only, skip,
                                  getattr(checker, "group", ""))
        if reason:
            plan.skipped[checker.name] = reason
        else:
            active.append(checker)
            plan.assignments[checker.name] = []
    include, exclude = config["include"], config["exclude"]
    for file in files:
        reason = _ignore_reason(file, include, exclude)
        why = file.not_text if reason in (None, BINARY, LINK) and is_code(file, config) else ""
        if reason is not None and not why:
            if reason:
                plan.ignored.append((file, reason))
            continue
        wanting = [c for c in active if c.wants(file, config)]
        if why:
            # One finding, not one per checker; none if no checker runs on it.
            file = file._replace(blocked=why)
            wanting = wanting[:1] or _ignored(plan, file, reason or why)
        for checker in wanting:
            plan.assignments[checker.name].append(file)
    return plan


def _ignored(plan: Plan, file: ChangedFile, reason: str) -> list[Checker]:
    plan.ignored.append((file, reason))
    return []


def _disabled_reason(name: str, config: Config, only: Sequence[str],
                     skip: Sequence[str], group: str = "") -> str:
    names = {name, group} - {""}
    if only and not names.intersection(only):
        return "not in --only"
    if names.intersection(skip):
        return "skipped by request"
    if names.intersection(config["skip"]):
        return "skipped in config"
    section = {"pylint": "pylint", "php-syntax": "php", "style": "style"}.get(name)
    if section and not config[section]["enabled"]:
        return f"disabled in config ({section}.enabled = false)"
    return ""


def _ignore_reason(file: ChangedFile, include: Sequence[str],
                   exclude: Sequence[str]) -> str | None:
    """None to route the file; "" to drop it silently; else why it is not checked."""
    if file.status == DELETED:
        return ""
    if include and not globs.matches(file.path, include):
        return ""
    if exclude and globs.matches(file.path, exclude):
        return "excluded"
    if file.kind == SUBMODULE:
        return "submodule (not descended into)"
    if file.kind == SYMLINK:
        return LINK
    if file.kind != FILE:
        return file.kind
    if not file.too_large and file.is_binary:
        return BINARY
    return None
