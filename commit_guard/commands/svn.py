"""`commit-guard svn-hook`, `install svn` and `uninstall svn`.

The install/uninstall subcommands attach themselves to the shared groups
of commands/install.py; cli.py imports this module so they exist.
"""
from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

import click

from commit_guard import svn
from commit_guard.commands.install import install, uninstall
from commit_guard.errors import UserError
from commit_guard.resources import hook_template
from commit_guard.svnhook import SERVER_CONFIG
from commit_guard.util import write_atomic

MARKER = "commit-guard-hook-version:"
WINDOWS = os.name == "nt"
HOOK = "pre-commit.bat" if WINDOWS else "pre-commit"
KEPT = "pre-commit.commit-guard-kept.bat" if WINDOWS else "pre-commit.commit-guard-kept"
TEMPLATE = "svn-pre-commit.bat" if WINDOWS else "svn-pre-commit"


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
    from commit_guard.svnhook import check  # pylint: disable=import-outside-toplevel

    text, code = check(repos, txn, rev, config_file, jobs)
    click.echo(text, err=True, nl=False)
    click.get_current_context().exit(code)


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
        from commit_guard import config as config_mod  # pylint: disable=import-outside-toplevel
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


@install.command("svn")
@click.argument("repos", type=click.Path(file_okay=False))
@click.option("--config", "config_file", metavar="FILE", type=click.Path(dir_okay=False),
              help=f"Server configuration, copied to REPOS/hooks/{SERVER_CONFIG}.")
@click.option("--force", is_flag=True, help="Do not run an existing pre-commit hook (it is "
              "saved, and restored by uninstall).")
def install_svn(repos: str, config_file: str | None, force: bool) -> None:
    """Install the Subversion server-side pre-commit hook into REPOS.

    An existing pre-commit hook is kept and runs first.  The hook names
    this Python and svnlook by absolute path, since Subversion runs hooks
    with an empty environment.

    \b
    Examples:
      commit-guard install svn /srv/svn/repo --config server.toml
    """
    for line in install_hook(svn.check_repos(Path(repos)), config_file, force):
        click.echo(line)


@uninstall.command("svn")
@click.argument("repos", type=click.Path(file_okay=False))
def uninstall_svn(repos: str) -> None:
    """Remove the Subversion hook from REPOS, putting back the one it replaced.

    \b
    Example:
      commit-guard uninstall svn /srv/svn/repo
    """
    for line in uninstall_hook(svn.check_repos(Path(repos))):
        click.echo(line)
