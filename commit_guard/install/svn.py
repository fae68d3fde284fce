"""Installing the Subversion pre-commit hook into a repository, and removing it.

A hook that was there before is kept beside ours as
``pre-commit.commit-guard-kept`` and runs first; uninstall puts it back
(serverhook.py, shared with the git server hook).
"""
from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from commit_guard.errors import UserError
from commit_guard.install import serverhook
from commit_guard.resources import hook_template

WINDOWS = os.name == "nt"
HOOK = "pre-commit.bat" if WINDOWS else "pre-commit"
KEPT = "pre-commit.commit-guard-kept.bat" if WINDOWS else "pre-commit.commit-guard-kept"
TEMPLATE = "svn-pre-commit.bat" if WINDOWS else "svn-pre-commit"


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
    return serverhook.install(repos / "hooks", (HOOK, KEPT), repos, config_file, force,
                              lambda run_kept: render(python, run_kept),
                              newline="\r\n" if WINDOWS else "\n")


def uninstall_hook(repos: Path) -> list[str]:
    return serverhook.uninstall(repos / "hooks", (HOOK, KEPT))
