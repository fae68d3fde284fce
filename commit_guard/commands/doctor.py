"""`commit-guard doctor`: is the installed git hook going to work?

Each problem is one line saying what is wrong and how to fix it.  The last
check runs the hook the way a GUI client or a server does: `env -i` with
only HOME, so a PATH or virtualenv that only the terminal has shows up here
rather than as a mysterious failure in an IDE.
"""
from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import Callable

import click

from commit_guard import config as config_mod
from commit_guard.errors import UserError
from commit_guard.install import git as hookinstall
from commit_guard.sources.staged import GitStagedSource
from commit_guard.util import cmd_output_b

HOOK_RUN_TIMEOUT = 600.0
# The shared hook's one line when commit-guard is missing (hooks/git-shared-pre-commit).
MISSING = "commit-guard: not installed on this machine"

Report = Callable[[str, str], None]


@click.command("doctor")
@click.option("--repo", "repo", metavar="DIR", type=click.Path(file_okay=False), default=".",
              show_default=True, help="A directory inside the work tree.")
def doctor(repo: str) -> None:
    """Check the installed git hook; one line per problem, with its fix.

    Exit status: 0 all good, 1 problems found, 2 not a git work tree.

    \b
    Example:
      commit-guard doctor
    """
    problems: list[str] = []

    def report(problem: str, fix: str) -> None:
        problems.append(problem)
        click.echo(f"problem: {problem}; fix: {fix}")

    top = hookinstall.work_tree(Path(repo))
    directory = hookinstall.hooks_dir(top)
    states = [hookinstall.inspect(directory / name) for name in hookinstall.HOOK_NAMES]
    for state in states:
        check_hook(state, report)
    check_hooks_path(top, directory, report)
    check_config(top, report)
    show_environment(top, states[0], report)
    main_hook = states[0]
    shared = is_shared(main_hook)
    if (main_hook.ours or shared) and main_hook.executable and not problems:
        run_minimal(top, main_hook.path, report)
    if problems:
        click.echo(f"doctor: {len(problems)} problem{'s' * (len(problems) != 1)}")
        click.get_current_context().exit(1)
    click.echo(f"doctor: the git hook in {directory} is ready")


def check_hook(state: hookinstall.HookState, report: Report) -> None:
    path = state.path
    if not state.exists:
        report(f"no {path.name} hook at {path}", "run `commit-guard install git`")
        return
    if is_shared(state):
        # It names no interpreter: the run under a minimal environment shows
        # whether it finds commit-guard the way a GUI client would run it.
        click.echo(f"ok: {path} is commit-guard's shared hook (core.hooksPath)")
        return
    if not state.ours:
        report(f"{path} is not commit-guard's hook",
               "run `commit-guard install git` (it keeps that hook and runs it first)")
        return
    if not state.executable:
        report(f"{path} is not executable", f"run `chmod +x {shlex.quote(str(path))}`")
    python = state.python
    if not python or not os.access(python, os.X_OK):
        report(f"{path} calls {python or 'no interpreter'}, which does not exist",
               "run `commit-guard install git` from the environment that has commit-guard")
        return
    code, _, err = cmd_output_b(python, "-c", "import commit_guard", check=False,
                                env=minimal_env(), timeout=60)
    if code != 0:
        last = _last_line(err)
        report(f"{python} cannot import commit_guard ({last})",
               f"`{python} -m pip install commit-guard`, or run `commit-guard install git` "
               "from the environment that has it")
    if state.runs_kept and not os.access(state.kept, os.X_OK):
        report(f"the kept hook {state.kept} is missing or not executable, so it is not run",
               f"`chmod +x {shlex.quote(str(state.kept))}`, or remove it")


def check_hooks_path(top: Path, directory: Path, report: Report) -> None:
    """A hook installed in .git/hooks is dead once core.hooksPath points elsewhere."""
    value, _ = hookinstall.hooks_path_setting(top)
    if not value:
        return
    out = cmd_output_b("git", "rev-parse", "--git-common-dir", cwd=top)[1]
    default = top / os.fsdecode(out.strip()) / "hooks"
    if default.resolve() == directory.resolve():
        return
    for name in hookinstall.HOOK_NAMES:
        if hookinstall.inspect(default / name).ours:
            report(f"{default / name} is never run: core.hooksPath={value} sends git to "
                   f"{directory}", "run `commit-guard install git` (and `commit-guard "
                   "uninstall git` before changing core.hooksPath back)")
            return


def check_config(top: Path, report: Report) -> None:
    try:
        config_mod.load(None, top, GitStagedSource(top).read)
    except UserError as exc:
        report(f"the configuration does not load: {exc}", "correct that key or file")


def run_minimal(top: Path, hook: Path, report: Report) -> None:
    """Run the hook once as a GUI client would: no PATH, no virtualenv."""
    env = minimal_env()
    shown = f"env -i HOME={shlex.quote(env['HOME'])} {shlex.quote(str(hook))}"
    try:
        code, out, err = cmd_output_b(str(hook.resolve()), cwd=top, env=env, check=False,
                                      timeout=HOOK_RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        report(f"`{shown}` did not finish in {HOOK_RUN_TIMEOUT:.0f}s",
               "look at the tests configured to run at commit time")
        return
    if code == 1 and MISSING.encode() in err:
        report(f"under a minimal environment ({shown}) the shared hook finds no "
               "commit-guard, so every commit from a GUI client is refused",
               "install commit-guard for the system's python3 (or put it on the PATH "
               "your GUI client has)")
        return
    broken = could_not_run(out)
    if code == 1 and broken:
        # Exit 1 is "problems found", but a suite that could not start is no
        # verdict on the change: a GUI commit would fail the same way.
        report(f"under a minimal environment ({shown}) {broken}",
               "call the suite's command by absolute path (GUI clients do not have your "
               "terminal's PATH), or see `commit-guard explain CG403`")
        return
    if code in (0, 1):
        verdict = "the staged change is clean" if code == 0 else \
            "it rejects the staged change (see `commit-guard check`)"
        click.echo(f"ok: the hook runs under a minimal environment ({shown}): {verdict}")
        return
    fix = f"run `{shown}` to see the whole output"
    if code == 127:  # the shell's "command not found"
        fix = "call that command by absolute path (GUI clients do not have your " \
              f"terminal's PATH); {fix}"
    report(f"the hook fails under a minimal environment with exit {code}: {_last_line(err)}",
           fix)


def is_shared(state: hookinstall.HookState) -> bool:
    """A hook of `install git --shared`: committed, portable, no interpreter named."""
    from commit_guard.install.shared import SHARED_MARKER  # pylint: disable=import-outside-toplevel
    try:
        return state.exists and SHARED_MARKER in state.path.read_text(errors="replace")
    except OSError:
        return False


def could_not_run(out: bytes) -> str:
    """The first suite that could not run, from the hook's report, or ""."""
    for line in out.decode("utf-8", "replace").splitlines():
        if "(test-suite-error)" in line:
            return line.split("(test-suite-error)", 1)[1].rsplit(" [tests]", 1)[0].strip()
    return ""


def minimal_env() -> dict[str, str]:
    return {"HOME": os.environ.get("HOME") or str(Path.home())}


def _last_line(data: bytes) -> str:
    lines = data.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "no output"


def show_environment(top: Path, hook: hookinstall.HookState, report: Report) -> None:
    """Which project environment the hook's pylint will see (its dependencies)."""
    # pylint: disable=import-outside-toplevel
    from commit_guard.checkers.python.environment import discover

    try:
        config = config_mod.load(None, top, GitStagedSource(top).read)
    except UserError:
        return  # check_config said why
    recorded = hook.settings.get("INSTALL_VENV", "") if hook.ours else ""
    try:
        env = discover(config["python"]["environment"], top, config.origin,
                       install_venv=recorded)
    except UserError as exc:
        report(str(exc), "name a virtualenv directory or an interpreter in python.environment")
        return
    click.echo(f"ok: python environment: {env.describe()}" if env else
               "note: python environment: none found; pylint sees only commit-guard's own "
               "packages (docs/python-environment.md)")
