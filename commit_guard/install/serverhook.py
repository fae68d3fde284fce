"""Installing a server-side hook (Subversion pre-commit, git pre-receive) and removing it.

A hook that was there before is kept beside ours as
``<hook>.commit-guard-kept`` and runs first; uninstall puts it back.  The
server configuration given at install time is validated first, then
copied next to the hook (``<hooks>/commit-guard.toml``).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

from commit_guard import config as config_mod
from commit_guard.errors import UserError
from commit_guard.server.svn import SERVER_CONFIG
from commit_guard.util import write_atomic

MARKER = "commit-guard-hook-version:"


def is_ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def install(hooks: Path, names: tuple[str, str], repo: Path, config_file: str | None,
            force: bool, render: Callable[[bool], str], newline: str = "\n") -> list[str]:
    """Write hook ``names[0]`` into ``hooks`` (``names[1]``: where a foreign
    one is kept); ``render(run_kept)`` gives its text."""
    path, kept = hooks / names[0], hooks / names[1]
    lines = []
    if config_file:
        src = Path(config_file)
        config_mod.load(str(src), repo)  # refuse a broken config before touching anything
        dest = hooks / SERVER_CONFIG
        if dest.resolve() != src.resolve():
            shutil.copyfile(src, dest)
        lines.append(f"server config: {dest}")
    run_kept = False
    if path.exists() and not is_ours(path):
        if kept.exists():
            raise UserError(f"{kept} already exists: move it away, then install again")
        os.rename(path, kept)
        run_kept = not force
        lines.append(f"kept existing hook as {kept}" +
                     ("; it runs first" if run_kept else " (--force: not run)"))
    elif is_ours(path):
        run_kept = kept.exists() and not force and "RUN_KEPT=yes" in path.read_text("utf-8")
    write_atomic(path, render(run_kept), newline=newline)
    lines.append(f"installed {path}")
    return lines


def uninstall(hooks: Path, names: tuple[str, str]) -> list[str]:
    path, kept = hooks / names[0], hooks / names[1]
    if path.exists() and not is_ours(path):
        return [f"left alone: {path} is not commit-guard's hook"]
    lines = []
    if path.exists():
        path.unlink()
        lines.append(f"removed {path}")
    if kept.exists():
        os.rename(kept, path)
        lines.append(f"restored {path}")
    if (hooks / SERVER_CONFIG).exists():
        lines.append(f"left in place: {hooks / SERVER_CONFIG}")
    return lines or [f"nothing to remove in {hooks}"]
