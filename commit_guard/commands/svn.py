"""`commit-guard svn-hook`, `install svn` and `uninstall svn`.

The install/uninstall subcommands attach themselves to the shared groups
of commands/install.py; cli.py imports this module so they exist.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar

import click

from commit_guard.commands.install import install, uninstall
from commit_guard.install.svn import install_hook, uninstall_hook
from commit_guard.server.svn import SERVER_CONFIG
from commit_guard.sources import svnlook

F = TypeVar("F", bound=Callable[..., Any])


@click.command("svn-hook")
@click.argument("repos", type=click.Path())
@click.argument("txn", required=False)
@click.option("-r", "--revision", "rev", type=click.IntRange(min=0), metavar="REV",
              help="Check committed revision REV instead of a transaction.")
@click.option("--config", "config_file", metavar="FILE", help="Server configuration "
              f"(default: REPOS/hooks/{SERVER_CONFIG}, else built-in defaults).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Parallel workers.")
def svn_hook(repos: str, txn: str | None, rev: int | None, config_file: str | None,
             jobs: int | None) -> None:
    """Check Subversion transaction TXN of REPOS (what the pre-commit hook runs).

    The report goes to stderr, the only stream a Subversion client shows;
    a non-zero exit status rejects the commit.

    \b
    Examples:
      commit-guard svn-hook /srv/svn/repo 41-1a     # as the hook calls it
      commit-guard svn-hook /srv/svn/repo -r 40     # try a config on history
    """
    from commit_guard.server.svn import check  # pylint: disable=import-outside-toplevel

    text, code = check(repos, txn, rev, config_file, jobs)
    click.echo(text, err=True, nl=False)
    click.get_current_context().exit(code)


def install_server_hook(name: str, repo: str, hook: str) -> Callable[[F], F]:
    """`install NAME REPO [--config FILE] [--force]`: a server hook's install
    command (svn, git-server)."""
    def wrap(func: F) -> F:
        func = click.option("--force", is_flag=True, help=f"Do not run an existing {hook} hook "
                            "(it is saved, and restored by uninstall).")(func)
        func = click.option("--config", "config_file", metavar="FILE",
                            type=click.Path(dir_okay=False), help="Server configuration, "
                            f"copied to {repo}/hooks/{SERVER_CONFIG}.")(func)
        func = click.argument(repo.lower(), type=click.Path(file_okay=False))(func)
        return install.command(name)(func)  # type: ignore[return-value]
    return wrap


@install_server_hook("svn", "REPOS", "pre-commit")
def install_svn(repos: str, config_file: str | None, force: bool) -> None:
    """Install the Subversion server-side pre-commit hook into REPOS.

    An existing pre-commit hook is kept and runs first.  The hook names
    this Python and svnlook by absolute path, since Subversion runs hooks
    with an empty environment.

    \b
    Examples:
      commit-guard install svn /srv/svn/repo --config server.toml
    """
    for line in install_hook(svnlook.check_repos(Path(repos)), config_file, force):
        click.echo(line)


@uninstall.command("svn")
@click.argument("repos", type=click.Path(file_okay=False))
def uninstall_svn(repos: str) -> None:
    """Remove the Subversion hook from REPOS, putting back the one it replaced.

    \b
    Example:
      commit-guard uninstall svn /srv/svn/repo
    """
    for line in uninstall_hook(svnlook.check_repos(Path(repos))):
        click.echo(line)
