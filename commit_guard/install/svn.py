"""Installing the Subversion pre-commit hook into a repository, and removing it.

A hook that was there before is kept beside ours as
``pre-commit.commit-guard-kept`` and runs first; uninstall puts it back.
The server configuration given at install time is validated first, then
copied next to the hook (REPOS/hooks/commit-guard.toml).
"""
from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from commit_guard import config as config_mod
from commit_guard.errors import UserError
from commit_guard.resources import hook_template
from commit_guard.server.svn import SERVER_CONFIG
from commit_guard.util import write_atomic

MARKER = "commit-guard-hook-version:"
WINDOWS = os.name == "nt"
HOOK = "pre-commit.bat" if WINDOWS else "pre-commit"
KEPT = "pre-commit.commit-guard-kept.bat" if WINDOWS else "pre-commit.commit-guard-kept"
TEMPLATE = "svn-pre-commit.bat" if WINDOWS else "svn-pre-commit"



def is_ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def svn_bin_dir() -> str:
    found = shutil.which("svnlook")
    if found is None:
        raise UserError("svnlook not found on PATH: install Subversion's tools first")
    return str(Path(found).resolve().parent)


def render(python: str, run_kept: bool) -> str:
    quote = (lambda s: s) if WINDOWS else shlex.quote
    text = hook_template(TEMPLATE)
    for key, value in {"@PYTHON@": quote(python), "@SVN_BIN@": quote(svn_bin_dir()),
                       "@RUN_KEPT@": "yes" if run_kept else "no"}.items():
        text = text.replace(key, value)
    return text


def install_hook(repos: Path, config_file: str | None, force: bool,
                 python: str = sys.executable) -> list[str]:
    hooks = repos / "hooks"
    path, kept = hooks / HOOK, hooks / KEPT
    lines = []
    if config_file:
        src = Path(config_file)
        config_mod.load(str(src), repos)  # refuse a broken config before touching anything
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
    write_atomic(path, render(python, run_kept), newline="\r\n" if WINDOWS else "\n")
    lines.append(f"installed {path}")
    return lines


def uninstall_hook(repos: Path) -> list[str]:
    hooks = repos / "hooks"
    path, kept = hooks / HOOK, hooks / KEPT
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
