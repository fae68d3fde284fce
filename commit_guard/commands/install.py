"""`commit-guard install git` / `uninstall git`.

The groups are shared: the Subversion hook adds its own `svn` subcommand
to them from its module (``from commit_guard.commands.install import
install, uninstall``).
"""
from __future__ import annotations

from pathlib import Path

import click

from commit_guard.install import git as hookinstall
@click.group("install")
def install() -> None:
    """Install a commit hook that runs `commit-guard check`.

    \b
    Examples:
      commit-guard install git
      commit-guard install git --repo ../other-project
    """


@click.group("uninstall")
def uninstall() -> None:
    """Remove a hook installed by `commit-guard install`, restoring what was there.

    \b
    Example:
      commit-guard uninstall git
    """


repo_option = click.option("--repo", "repo", metavar="DIR", type=click.Path(file_okay=False),
                     default=".", show_default=True, help="A directory inside the work tree.")


@install.command("git")
@repo_option
@click.option("--force", is_flag=True, help="Replace an existing foreign hook instead of "
              "running it first (it is saved, and restored by uninstall).")
@click.option("--shared", metavar="DIR", help="For the whole team: write portable hooks "
              "into DIR (in the work tree, to commit) and set core.hooksPath=DIR here.")
def install_git(repo: str, force: bool, shared: str | None) -> None:
    """Install the git pre-commit (and pre-merge-commit) hook.

    The hook goes where git runs hooks: core.hooksPath, the common hooks dir
    of linked worktrees, a submodule's own git dir.  A hook already there is
    kept and runs first.  The hook calls this Python by absolute path.

    With --shared DIR the hooks go into DIR in the work tree instead, find
    commit-guard on whichever machine runs them (and refuse the commit in
    one line where it is missing), and this clone's core.hooksPath points at
    DIR.  Commit DIR; each teammate runs `git config core.hooksPath DIR` once.

    \b
    Examples:
      commit-guard install git
      commit-guard install git --force   # do not run the existing hook
      commit-guard install git --shared .githooks
    """
    if shared is not None:
        from commit_guard.install.shared import install_shared  # pylint: disable=import-outside-toplevel
        lines = install_shared(Path(repo), shared, force=force)
    else:
        lines = hookinstall.install(Path(repo), force=force)
    for line in lines:
        click.echo(line)


@uninstall.command("git")
@repo_option
def uninstall_git(repo: str) -> None:
    """Remove the git hooks and put back the hooks that were there before.

    \b
    Example:
      commit-guard uninstall git
    """
    for line in hookinstall.uninstall(Path(repo)):
        click.echo(line)
