"""A hooks directory committed with the repository, for a whole team.

`commit-guard install git --shared DIR` writes portable hooks into DIR (in
the work tree) and points this clone's core.hooksPath at it.  The hooks name
no interpreter of one machine: they find commit-guard wherever they run,
and refuse the commit in one line when it is not there.  Git never turns a
committed hooks directory on by itself (that would run code from a clone),
so each teammate enables it once: `git config core.hooksPath DIR`.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from commit_guard.errors import UserError
from commit_guard.install.git import ENTRIES, HOOK_NAMES, MARKER, work_tree
from commit_guard.resources import hook_template
from commit_guard.util import cmd_output, write_atomic

TEMPLATE = "git-shared-pre-commit"
SHARED_MARKER = "# commit-guard-shared-hook-version:"


def install_shared(start: Path, directory: str, force: bool = False) -> list[str]:
    """Write the shared hooks into ``directory`` and enable them for this clone."""
    top = work_tree(start)
    rel = PurePosixPath(Path(directory).as_posix())
    if rel.is_absolute() or ".." in rel.parts or rel.parts[:1] == (".git",) or not rel.parts:
        raise UserError(f"--shared {directory}: give a directory inside the work tree, "
                        "relative to its root (e.g. .githooks)")
    dest = top / rel
    dest.mkdir(parents=True, exist_ok=True)
    lines = []
    for hook in HOOK_NAMES:
        path = dest / hook
        text = hook_template(TEMPLATE).replace("@HOOK@", hook).replace("@COMMAND@",
                                                                         ENTRIES[hook])
        if path.exists() and not force and not _ours(path):
            raise UserError(f"{rel}/{hook} exists and is not commit-guard's shared hook: "
                            "move it away, or replace it with --force")
        if path.exists() and path.read_text(encoding="utf-8", errors="replace") == text:
            lines.append(f"already installed: {rel}/{hook}")
            continue
        write_atomic(path, text)
        lines.append(f"installed {rel}/{hook} (shared)")
    cmd_output("git", "config", "core.hooksPath", str(rel), cwd=top)
    lines += [f"set core.hooksPath={rel} for this clone",
              f"next: commit {rel}/; each teammate runs once: git config core.hooksPath {rel}"]
    return lines


def _ours(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return SHARED_MARKER in text or MARKER in text
