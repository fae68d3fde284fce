"""A linter's own fix command (``ruff check --fix``, ``phpcbf``), run on a
private copy of the staged content, never on the work tree: apply.py
decides what reaches the index and the work tree."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from commit_guard.checkers.linters import run
from commit_guard.errors import UserError
from commit_guard.workspace import Workspace


def fix_with(spec: dict[str, Any], contents: Mapping[str, bytes], config_files: Mapping[str, bytes],
             root: Path) -> dict[str, bytes]:
    """The new content of each of ``contents`` after ``spec``'s fix_command.

    Its exit status is not a verdict (phpcbf exits 1 after fixing, ruff 1
    when something is left): only a command that cannot start or times out
    is an error (UserError, exit 2), and then nothing is applied.
    """
    with Workspace("commit-guard-fix-") as ws:
        ws.write_many(config_files)
        ws.write_many(contents)
        cwd = run.inside(ws.root, spec["cwd"])
        paths = sorted(contents)
        size = spec["batch"] or len(paths)
        for start in range(0, len(paths), size):
            targets = [str(ws.target(p)) for p in paths[start:start + size]]
            try:
                run.execute(spec, run.argv(spec["fix_command"], targets, root), cwd)
            except run.LinterFailed as exc:
                raise UserError(f"linters: {spec['name']}: fix_command: {exc}") from exc
        out = {}
        for path in paths:
            try:
                out[path] = ws.target(path).read_bytes()
            except OSError as exc:
                raise UserError(f"linters: {spec['name']}: fix_command removed {path}: "
                                f"{exc.strerror}") from exc
        return out
