"""Installing the git pre-receive hook into a (bare) repository, and removing it.

The hook goes where git runs this repository's hooks (``git rev-parse
--git-path hooks``: core.hooksPath is honoured).  A pre-receive hook that was
there before is kept and runs first (serverhook.py, shared with the
Subversion hook); the server config is copied next to it.
"""
from __future__ import annotations

import shlex
import sys
from pathlib import Path

from commit_guard import config as config_mod
from commit_guard.install import serverhook
from commit_guard.resources import hook_template
from commit_guard.server.git import git_dir
from commit_guard.server.svn import SERVER_CONFIG
from commit_guard.util import cmd_output

HOOK = "pre-receive"
KEPT = "pre-receive.commit-guard-kept"
TEMPLATE = "git-pre-receive"


def hooks_dir(repo: Path) -> Path:
    out = cmd_output("git", "rev-parse", "--git-path", "hooks", cwd=repo)[1].strip()
    path = Path(out)
    return path if path.is_absolute() else (repo / path).resolve()


def render(python: str, run_kept: bool) -> str:
    text = hook_template(TEMPLATE)
    for key, value in {"@PYTHON@": shlex.quote(python),
                       "@RUN_KEPT@": "yes" if run_kept else "no"}.items():
        text = text.replace(key, value)
    return text


def install_hook(repo_arg: str, config_file: str | None, force: bool,
                 python: str = sys.executable) -> list[str]:
    repo = git_dir(repo_arg)
    hooks = hooks_dir(repo)
    hooks.mkdir(parents=True, exist_ok=True)
    lines = serverhook.install(hooks, (HOOK, KEPT), repo, config_file, force,
                               lambda run_kept: render(python, run_kept))
    return lines + push_option_note(repo, hooks)


def push_option_note(repo: Path, hooks: Path) -> list[str]:
    """A bypass option needs the repository to accept push options."""
    path = hooks / SERVER_CONFIG
    if not path.is_file():
        return []
    option = config_mod.load(str(path), repo)["git_server"]["bypass_option"]
    code, out, _ = cmd_output("git", "config", "--bool", "receive.advertisePushOptions",
                              cwd=repo, check=False)
    if not option or (code == 0 and out.strip() == "true"):
        return []
    return [f"note: git_server.bypass_option is {option!r}, but git passes push options "
            "only with `git config receive.advertisePushOptions true` in the repository"]


def uninstall_hook(repo_arg: str) -> list[str]:
    repo = git_dir(repo_arg)
    return serverhook.uninstall(hooks_dir(repo), (HOOK, KEPT))
