"""Run one configured linter on the committed content and read its findings.

The files are written into a private workspace of its own at their repository
paths (the staged snapshot, never the work tree), together with the
tool's usual configuration files found at the root of the checked state,
and the linter runs there.  Paths in its output are mapped back to
repository paths.  A linter that cannot run, times out, or prints what
cannot be read is an error of the check (exit 2), never a pass.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Sequence
from urllib.parse import unquote, urlparse

from commit_guard.checkers.linters import formats
from commit_guard.errors import UserError
from commit_guard.finding import Finding
from commit_guard.util import cmd_output_b
from commit_guard.workspace import Workspace

if TYPE_CHECKING:
    from commit_guard.checkers.base import Context
    from commit_guard.sources.changeset import ChangedFile, Source

FILES = "{files}"
# Read from the checked state and written beside the files, so the linter
# sees the configuration being committed (and the cache key covers it).
CONFIG_FILES = ("pyproject.toml", "setup.cfg", "tox.ini", "ruff.toml", ".ruff.toml",
                "mypy.ini", ".mypy.ini", ".flake8", "phpcs.xml", ".phpcs.xml",
                "phpcs.xml.dist", ".phpcs.xml.dist", "phpstan.neon", "phpstan.neon.dist",
                "phpstan.dist.neon", ".php-cs-fixer.php", ".php-cs-fixer.dist.php",
                "composer.json")
# Git points hooks at the real repository through these; a linter must not
# find the work tree through them.
GIT_LOCATORS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_PREFIX", "GIT_COMMON_DIR")


class LinterFailed(Exception):
    """The linter did not give a readable answer; the message is one line."""


def config_files(source: Source) -> dict[str, bytes]:
    """The linters' usual config files at the root of the checked state."""
    return source.read_many(CONFIG_FILES)


def argv(command: Sequence[str], files: Sequence[str], root: Path) -> list[str]:
    """``command`` with ``{files}`` expanded (one argument per file), else the
    files last.  A relative program path (vendor/bin/phpstan) is the work
    tree's: tools are installed there, never taken from the committed content."""
    command = [program(command[0], root), *command[1:]]
    if FILES not in command:
        return [*command, *files]
    out: list[str] = []
    for arg in command:
        out += list(files) if arg == FILES else [arg]
    return out


def program(name: str, root: Path) -> str:
    if "/" in name and not Path(name).is_absolute():
        return str(root / name)
    return name


def environment(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in GIT_LOCATORS}
    env.update(extra)
    return env


def inside(base: Path, rel: str) -> Path:
    if PurePosixPath(rel).is_absolute() or ".." in PurePosixPath(rel).parts:
        raise UserError(f"linters: cwd '{rel}' must be a relative path inside the tree")
    return base / rel if rel else base


def execute(spec: dict[str, Any], command: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    """Run ``command``; LinterFailed if it cannot start or times out."""
    try:
        return cmd_output_b(*command, check=False, cwd=cwd, env=environment(spec["env"]),
                            timeout=spec["timeout"])
    except UserError as exc:
        raise LinterFailed(str(exc)) from exc
    except subprocess.TimeoutExpired as exc:
        raise LinterFailed(f"timed out after {spec['timeout']} s") from exc


def first_line(*outputs: bytes) -> str:
    for data in outputs:
        lines = data.decode("utf-8", "replace").strip().splitlines()
        if lines:
            return lines[0][:200]
    return "no output"


def lint(spec: dict[str, Any], files: Sequence[ChangedFile], ctx: Context) -> list[Finding]:
    """Every finding of the linter on ``files``; LinterFailed when it gave no answer.

    Each linter gets a private tree of its own: the check's workspace is
    pylint's, which must own every path it writes there, and a linter may
    leave files behind (its cache) that another must not see.
    """
    with Workspace("commit-guard-lint-") as ws:
        ws.write_many({f.path: f.content for f in files if f.content is not None})
        # A tool's config can run code (phpcs <autoload>, PHPStan bootstrapFiles,
        # .php-cs-fixer.php): from an untrusted tree (a server), none is copied.
        if ctx.source.trusted:
            if "linters:config-files" not in ctx.memo:
                ctx.memo["linters:config-files"] = config_files(ctx.source)
            ws.write_many(ctx.memo["linters:config-files"])
        cwd = inside(ws.root, spec["cwd"])
        cwd.mkdir(parents=True, exist_ok=True)
        size = spec["batch"] or len(files)
        found: list[Finding] = []
        for start in range(0, len(files), size):
            if ctx.cancel is not None and ctx.cancel.is_set():
                raise LinterFailed("cancelled")
            batch = files[start:start + size]
            command = argv(spec["command"], [str(ws.target(f.path)) for f in batch],
                           ctx.source.root)
            found += _one_run(spec, batch, command, cwd, ws.root)
        return found


def _one_run(spec: dict[str, Any], batch: Sequence[ChangedFile], command: list[str],
             cwd: Path, root: Path) -> list[Finding]:
    code, out, err = execute(spec, command, cwd)
    try:
        raw = formats.parse(spec["format"], out, err, spec["pattern"])
    except formats.Unreadable as exc:
        raise LinterFailed(f"output is not {spec['format']} ({exc}); exit status {code}: "
                           f"{first_line(err, out)}") from exc
    if code != 0 and not raw:
        raise LinterFailed(f"exit status {code} and no findings: {first_line(err, out)}")
    wanted = {f.path for f in batch}
    found = []
    for item in raw:
        path = repo_path(item.path, cwd, root)
        # Findings in files the change does not commit (a module mypy
        # followed) are not this change's, and are not cached with a file.
        if path in wanted:
            found.append(Finding(spec["name"], item.code or spec["name"], "", path, item.line,
                                 item.column, item.message, item.severity or spec["severity"]))
    return found


def repo_path(reported: str, cwd: Path, root: Path) -> str | None:
    """The repository path of a path or file: URI in a linter's output."""
    if reported.startswith("file:"):
        reported = unquote(urlparse(reported).path)
    if not reported:
        return None
    path = Path(reported)
    if not path.is_absolute():
        path = cwd / path
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
