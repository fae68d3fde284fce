"""Routing: which checker sees which file.  Pure logic on file lists."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from commit_guard import globs
from commit_guard.sources.changeset import DELETED, FILE, SUBMODULE, SYMLINK, ChangedFile

if TYPE_CHECKING:
    from commit_guard.checkers.base import Checker
    from commit_guard.config import Config

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


def _has_shebang(file: ChangedFile, pattern: re.Pattern[bytes]) -> bool:
    # Only extension-less files are sniffed, as editors and GitHub do.
    name = file.path.rsplit("/", 1)[-1]
    return "." not in name and file.content is not None and bool(pattern.match(file.content))


@dataclass
class Plan:
    """The routing decision for one change."""

    assignments: dict[str, list[ChangedFile]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # checker -> reason
    ignored: list[tuple[ChangedFile, str]] = field(default_factory=list)  # file -> reason

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
        reason = _disabled_reason(checker.name, config, only, skip)
        if reason:
            plan.skipped[checker.name] = reason
        else:
            active.append(checker)
            plan.assignments[checker.name] = []
    include, exclude = config["include"], config["exclude"]
    for file in files:
        reason = _ignore_reason(file, include, exclude)
        if reason is not None:
            if reason:
                plan.ignored.append((file, reason))
            continue
        for checker in active:
            if checker.wants(file, config):
                plan.assignments[checker.name].append(file)
    return plan


def _disabled_reason(name: str, config: Config, only: Sequence[str],
                     skip: Sequence[str]) -> str:
    if only and name not in only:
        return "not in --only"
    if name in skip:
        return "skipped by request"
    if name in config["skip"]:
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
        return "symbolic link (not followed)"
    if file.kind != FILE:
        return file.kind
    if not file.too_large and file.is_binary:
        return "binary"
    return None
