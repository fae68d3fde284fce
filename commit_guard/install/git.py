"""Where git runs hooks, and installing ours there without losing anything.

State lives in the files themselves, so there is nothing else to keep in
sync: our hook is recognised by its marker line and carries its settings
as shell variables; a hook that was there before is renamed, bytes, mode
and all, to ``<hook>.commit-guard-kept`` (not ``.legacy``: the pre-commit
framework's own hook runs ``<hook>.legacy`` from its directory, so keeping
its hook under that name would make it run itself).
"""
from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from commit_guard.errors import UserError
from commit_guard.resources import hook_template
from commit_guard.sources import git
from commit_guard.util import cmd_output
from commit_guard.util import write_atomic

# pre-merge-commit too: `git merge` creating a merge commit runs it instead of
# pre-commit, so without it a clean merge would go in unchecked.
HOOK_NAMES = ("pre-commit", "pre-merge-commit", "pre-push")
# What each hook runs: `check` on the change being committed; `pre-push` on
# the pushed commits (suites with stage = "pre-push"), git's arguments and
# stdin passed on.
ENTRIES = {"pre-commit": "check", "pre-merge-commit": "check", "pre-push": "pre-push"}
MARKER = "# commit-guard-hook-version:"
KEPT_SUFFIX = ".commit-guard-kept"
TEMPLATE = "git-pre-commit"


@dataclass(frozen=True)
class HookState:
    path: Path
    exists: bool
    ours: bool
    executable: bool
    settings: dict[str, str]

    @property
    def kept(self) -> Path:
        return self.path.with_name(self.path.name + KEPT_SUFFIX)

    @property
    def python(self) -> str:
        return self.settings.get("PYTHON", "")

    @property
    def runs_kept(self) -> bool:
        return self.settings.get("RUN_KEPT") == "yes"


def work_tree(start: Path) -> Path:
    top = git.toplevel(start)
    if top is None:
        raise UserError(f"{start}: not inside a git work tree (use --repo DIR)")
    return top


def hooks_dir(top: Path) -> Path:
    """The directory git runs hooks from.

    ``git rev-parse --git-path hooks`` already resolves core.hooksPath,
    linked worktrees (hooks are shared through the common dir) and
    submodules (their git dir under the superproject's .git/modules).  Its
    answer is relative to the work tree root, where git also runs hooks.
    """
    out = cmd_output("git", "rev-parse", "--git-path", "hooks", cwd=top)[1].strip()
    path = Path(out)
    return path if path.is_absolute() else top / path


def hooks_path_setting(top: Path) -> tuple[str, str]:
    """(value, scope) of core.hooksPath, or ("", "") when it is not set."""
    code, out, _ = cmd_output("git", "config", "--show-scope", "--get", "core.hooksPath",
                              cwd=top, check=False)
    if code != 0 or not out.strip():
        return "", ""
    scope, _, value = out.strip().partition("\t")
    return value, scope


def inspect(path: Path) -> HookState:
    if not path.exists() and not path.is_symlink():
        return HookState(path, False, False, False, {})
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        text = ""
    ours = MARKER in text
    settings = _settings(text) if ours else {}
    return HookState(path, True, ours, os.access(path, os.X_OK), settings)


def _settings(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        name, sep, value = line.partition("=")
        if sep and name in ("PYTHON", "RUN_KEPT", "CREATED_DIR", "INSTALL_VENV"):
            parts = shlex.split(value, comments=True)
            found[name] = parts[0] if parts else ""
    return found


def render(hook: str, python: str, run_kept: bool, created_dir: bool) -> str:
    text = hook_template(TEMPLATE)
    values = {"@HOOK@": hook, "@PYTHON@": shlex.quote(python), "@ENTRY@": ENTRIES[hook],
              "@RUN_KEPT@": "yes" if run_kept else "no",
              "@CREATED_DIR@": "yes" if created_dir else "no",
              # Recorded, not looked up at commit time: a GUI client or an
              # IDE commits without the venv the developer activated.
              "@INSTALL_VENV@": shlex.quote(os.environ.get("VIRTUAL_ENV", "")),
              "@INSTALL_PHP@": shlex.quote(shutil.which("php") or "")}
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def describe(path: Path) -> str:
    """A short description of a foreign hook, for messages."""
    if path.is_symlink():
        return f"a symlink to {os.readlink(path)}"
    try:
        with open(path, "rb") as fh:
            first = fh.readline(200).decode("utf-8", "replace").strip()
    except OSError:
        first = ""
    return f"a foreign hook ({first})" if first else "a foreign hook"


def install_one(directory: Path, hook: str, force: bool, created_dir: bool,
                python: str = sys.executable) -> list[str]:
    """Install one hook; return what was done, one line each."""
    state = inspect(directory / hook)
    path, kept = state.path, state.kept
    if state.exists and not state.ours:
        if kept.exists() or kept.is_symlink():
            raise UserError(f"{kept} already exists: move it away, then install again")
        note = describe(path)
        os.rename(path, kept)  # the same inode: bytes, mode and times stay as they were
        run_kept = not force
        if force:
            msg = f"--force: replaced {path}, {note}; saved as {kept.name} (not run; " \
                  "`commit-guard uninstall git` restores it)"
        else:
            msg = f"kept existing {hook} hook as {kept}; it runs first"
        write_atomic(path, render(hook, python, run_kept, created_dir))
        return [msg, f"installed {path}"]
    if state.ours:
        run_kept = state.runs_kept and not force
        created = state.settings.get("CREATED_DIR") == "yes"
        text = render(hook, python, run_kept, created)
        lines = []
        if force and state.runs_kept:
            lines.append(f"--force: {kept.name} is kept but no longer run")
        if path.read_text(encoding="utf-8", errors="replace") == text and state.executable:
            return lines + [f"already installed: {path}"]
        write_atomic(path, text)
        return lines + [f"updated {path}"]
    write_atomic(path, render(hook, python, False, created_dir))
    return [f"installed {path}"]


def install(start: Path, force: bool = False, python: str = sys.executable) -> list[str]:
    top = work_tree(start)
    directory = hooks_dir(top)
    created = not directory.is_dir()
    directory.mkdir(parents=True, exist_ok=True)
    lines = []
    value, scope = hooks_path_setting(top)
    if value and scope in ("global", "system"):
        lines.append(f"note: core.hooksPath={value} is set in {scope} config: the hook "
                     "runs for every repository that uses it")
    inside = directory.resolve().is_relative_to(top.resolve()) and \
        not directory.resolve().is_relative_to(git.git_dir(top))
    if value and inside:
        lines.append(f"note: core.hooksPath={value} is inside the work tree: the hook "
                     "files show in `git status` until committed or ignored")
    for hook in HOOK_NAMES:
        lines += install_one(directory, hook, force, created, python)
    return lines


def uninstall(start: Path) -> list[str]:
    top = work_tree(start)
    directory = hooks_dir(top)
    lines = []
    created = False
    for hook in HOOK_NAMES:
        state = inspect(directory / hook)
        if state.exists and not state.ours:
            lines.append(f"left alone: {state.path} is not commit-guard's hook")
            continue
        if state.ours:
            created = created or state.settings.get("CREATED_DIR") == "yes"
            state.path.unlink()
            lines.append(f"removed {state.path}")
        if state.kept.exists() or state.kept.is_symlink():
            os.rename(state.kept, state.path)
            lines.append(f"restored {state.path}")
    if created and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        lines.append(f"removed the empty {directory} it had created")
    return lines or [f"no commit-guard hook in {directory}"]
