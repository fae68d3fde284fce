"""`commit-guard pre-receive`, `install git-server` and `uninstall git-server`.

The install/uninstall subcommands attach themselves to the shared groups,
which commands/svn.py has already given its `svn` subcommands; cli.py
takes the groups from here.
"""
from __future__ import annotations

import sys

import click

from commit_guard.commands.svn import install, install_server_hook, uninstall
from commit_guard.server.svn import SERVER_CONFIG

__all__ = ["install", "uninstall", "pre_receive"]


@install_server_hook("git-server", "REPO", "pre-receive")
def install_git_server(repo: str, config_file: str | None, force: bool) -> None:
    """Install the git server-side pre-receive hook into REPO (a bare repository).

    An existing pre-receive hook is kept and runs first, with the same
    input.  The hook names this Python by absolute path.

    \b
    Examples:
      commit-guard install git-server /srv/git/app.git --config server.toml
    """
    from commit_guard.install.git_server import install_hook  # pylint: disable=import-outside-toplevel

    for line in install_hook(repo, config_file, force):
        click.echo(line)


@uninstall.command("git-server")
@click.argument("repo", type=click.Path(file_okay=False))
def uninstall_git_server(repo: str) -> None:
    """Remove the pre-receive hook from REPO, putting back the one it replaced.

    \b
    Example:
      commit-guard uninstall git-server /srv/git/app.git
    """
    from commit_guard.install.git_server import uninstall_hook  # pylint: disable=import-outside-toplevel

    for line in uninstall_hook(repo):
        click.echo(line)


@click.command("pre-receive")
@click.option("--repo", default=".", show_default=True, type=click.Path(file_okay=False),
              help="The repository (git runs the hook inside it).")
@click.option("--update", "updates", nargs=3, multiple=True, metavar="OLD NEW REF",
              help="Check this ref update instead of reading stdin (repeatable).")
@click.option("--config", "config_file", metavar="FILE", help="Server configuration "
              f"(default: REPO/hooks/{SERVER_CONFIG}, else built-in defaults).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Parallel workers.")
def pre_receive(repo: str, updates: tuple[tuple[str, str, str], ...], config_file: str | None,
                jobs: int | None) -> None:
    """Check a git push: the `OLD NEW REF` lines git gives pre-receive on stdin.

    The report goes to stderr, which the pushing client shows as `remote:`
    lines; a non-zero exit status rejects the whole push.

    \b
    Examples:
      commit-guard pre-receive                      # as the hook calls it
      commit-guard pre-receive --repo /srv/git/app.git \\
          --update OLD_ID NEW_ID refs/heads/main    # try a config on history
    """
    from commit_guard.server import git as server_git  # pylint: disable=import-outside-toplevel

    if updates:
        parsed = server_git.parse_updates("\n".join(" ".join(u) for u in updates))
    else:
        parsed = server_git.parse_updates(sys.stdin.read())
    text, code = server_git.check_push(repo, parsed, config_file, jobs)
    click.echo(text, err=True, nl=False)
    click.get_current_context().exit(code)
