"""`commit-guard check` and `commit-guard config`: the click commands.

The check itself is commands/checking.py, which the git hook's bare
`check` reaches without click (cli.main).
"""
from __future__ import annotations

from pathlib import Path

import click

from commit_guard import config as config_mod
from commit_guard.commands.checking import CheckArgs, run
from commit_guard.commands.legacy_options import legacy_options, legacy_values
from commit_guard.reports import CLI_FORMATS


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--all", "all_files", is_flag=True, help="Check every tracked file (every file "
              "under the current directory outside git).")
@click.option("--config", "config_file", metavar="FILE", help="Configuration file to use.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Parallel workers "
              "(default: config 'jobs', else the CPU count).")
@click.option("--only", metavar="CHECKER,...", help="Run only these checkers.")
@click.option("--skip", metavar="CHECKER,...", help="Do not run these checkers.")
@click.option("--strict", is_flag=True, help="Warnings block too (config strict = true).")
@click.option("--no-cache", is_flag=True, help="Check everything afresh: neither read nor "
              "write the result cache.")
@legacy_options
@click.option("--format", "fmt", type=click.Choice(CLI_FORMATS), default="text",
              show_default=True, help="Report format (to stdout, or to --output).")
@click.option("--output", "-o", metavar="FILE", type=click.Path(dir_okay=False, writable=True),
              help="Write the --format report to FILE; the text report still goes to stdout.")
@click.option("--verbose", "-v", is_flag=True, help="The whole summary also when the check "
              "passes (by default a passing check prints one line).")
@click.option("--fix", is_flag=True, help="First fix the staged change's mechanical style "
              "findings in the index and the work tree (see `commit-guard fix`).")
def check(  # pylint: disable=too-many-arguments,too-many-positional-arguments
        paths: tuple[str, ...], all_files: bool, config_file: str | None, jobs: int | None,
          only: str | None, skip: str | None, fmt: str, output: str | None,
          strict: bool = False, no_cache: bool = False, verbose: bool = False,
          fix: bool = False) -> None:
    """Check what `git commit` would record (default), PATHS, or --all.

    Exit status: 0 clean, 1 problems found, 2 usage, config or internal error.

    \b
    Examples:
      commit-guard check                  # the staged change
      commit-guard check src/ app.php     # files and directories on disk
      commit-guard check --all --only pylint
      commit-guard check --all --baseline commit-guard.baseline   # CI on legacy code
      SKIP=tests git commit               # skip a checker for one commit
    """
    args = CheckArgs(tuple(paths), all_files, config_file, jobs, only, skip, fmt, output,
                     strict, no_cache, verbose, fix, legacy_values())
    click.get_current_context().exit(run(args))


@click.command("config")
@click.option("--config", "config_file", metavar="FILE", help="Configuration file to use.")
@click.option("--reference", is_flag=True, help="Print every key with its type, default and "
              "meaning (Markdown) instead.")
def show_config(config_file: str | None, reference: bool) -> None:
    """Print the effective configuration (defaults filled in) as TOML.

    \b
    Examples:
      commit-guard config > commit-guard.toml
      commit-guard config --reference
    """
    from commit_guard.sources import git  # pylint: disable=import-outside-toplevel

    if reference:
        click.echo(config_mod.reference_markdown(), nl=False)
        return
    root = git.toplevel(Path.cwd()) or Path.cwd()
    cfg = config_mod.load(config_file, root)
    click.echo(f"# effective configuration, from {cfg.origin}")
    click.echo(cfg.to_toml(), nl=False)
