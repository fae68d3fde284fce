"""`commit-guard check`: check the staged change, given paths, or everything."""
from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from commit_guard import config as config_mod
from commit_guard import legacy
from commit_guard import reports
from commit_guard.commands.legacy_options import (cli_overlay, legacy_options, rerun_suffix,
                                                  show_existing)
from commit_guard.config import Config
from commit_guard.config.schema import CHECKER_NAMES
from commit_guard.errors import UserError
from commit_guard.progress import Progress
from commit_guard.reports import CLI_FORMATS
from commit_guard.reports.text import use_colour
from commit_guard.sources.disk import source_for

if TYPE_CHECKING:
    from commit_guard.runner import RunResult


def parse_checker_list(value: str | None, option: str,
                       known: tuple[str, ...] = CHECKER_NAMES) -> list[str]:
    if not value:
        return []
    names = [v.strip() for v in value.split(",") if v.strip()]
    for name in names:
        if name not in known:
            raise click.BadParameter(
                f"unknown checker {name!r} (one of {', '.join(known)})",
                param_hint=option)
    return names


def known_checkers(cfg: Config) -> tuple[str, ...]:
    """The built-in checkers and the configured linters' names."""
    return (*CHECKER_NAMES, *(linter["name"] for linter in cfg["linters"]))


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
def check(  # pylint: disable=too-many-arguments,too-many-positional-arguments,too-many-locals
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
    from commit_guard.runner import (  # pylint: disable=import-outside-toplevel
        effective_jobs, run_checks, time_limit)

    if fix and (paths or all_files):
        raise UserError("--fix works on the staged change, not on PATHS or --all")
    source = source_for(list(paths), all_files)
    cfg = config_mod.load(config_file, source.root, source.read,
                          overlay={**cli_overlay(whole_tree=all_files),
                                   **({"strict": True} if strict else {})})
    # Checker names include the configured linters', known once the config is.
    only_list = parse_checker_list(only, "--only", known_checkers(cfg))
    skip_list = parse_checker_list(skip, "--skip", known_checkers(cfg))
    # SKIP is shared with the pre-commit framework, whose hook ids are not our
    # checker names: unknown names are left to it, not an error.
    env_skip = [n for n in (os.environ.get("SKIP") or "").replace(" ", "").split(",")
                if n in known_checkers(cfg)]
    refused = 0
    if fix:
        # A JSON or SARIF report on stdout must stay one document.
        refused = run_fixes(source.root, cfg, to_stderr=fmt != "text" and not output)
        source = source_for([], False)  # the index as the fixes left it
    cfg = without_pylint(cfg, only_list, skip_list + env_skip)
    source.max_size = cfg["max_file_size"]
    from commit_guard.cache.store import Cache  # pylint: disable=import-outside-toplevel
    cache = None if no_cache else Cache.from_config(cfg)
    # The time limit covers the old-content run of mode = "new" too.
    with time_limit(cfg), Progress("commit-guard", delay=1.0) as progress:
        workers = effective_jobs(jobs, cfg)
        result = run_checks(source, cfg, workers, only_list, skip_list + env_skip,
                            cache=cache, progress=progress)
        result = legacy.only_introduced(result, source, cfg, workers, skip_list + env_skip,
                                        cache)
    for name in env_skip:
        if name in result.results:
            result.results[name].note = "skipped by SKIP"
    result.rerun = rerun_command(paths, all_files, config_file, only) + rerun_suffix()
    result.extra["show_existing"] = show_existing()
    result.extra["verbose"] = verbose
    emit_reports(result, fmt, output, cfg["report"]["max_per_file"])
    click.get_current_context().exit(max(result.exit_code, 1 if refused else 0))


def run_fixes(root: Path, cfg: Config, to_stderr: bool = False) -> int:
    """Fix the staged files (`check --fix`, `fix`); one line per file; how many were refused."""
    from commit_guard.fixes import apply  # pylint: disable=import-outside-toplevel

    refused = 0
    for fix in apply.plan(root, cfg):
        apply.write(root, fix)
        if fix.refused:
            refused += 1
            click.echo(f"not fixed {fix.path}: {fix.refused}", err=to_stderr)
        else:
            click.echo(f"fixed {fix.path} {fix.worktree}: {', '.join(fix.what)}", err=to_stderr)
    return refused


def without_pylint(cfg: Config, only: list[str], skip: list[str]) -> Config:
    """The config of a run that leaves pylint out by --only, --skip or SKIP.

    The style checker leaves a few rules (long lines, trailing whitespace)
    to pylint on Python files when pylint runs, and it learns that from
    the config (``skip``, ``pylint.enabled``).  A run that skips pylint
    otherwise must say so there too, or Python files get neither.  The
    config is part of the cache key, so the two kinds of result never mix.
    """
    if "pylint" in cfg["skip"] or not (("pylint" in skip) or (only and "pylint" not in only)):
        return cfg
    return Config({**cfg.data, "skip": [*cfg["skip"], "pylint"]}, cfg.origin)


def program() -> list[str]:
    """How a shell reaches this commit-guard again.

    The git hook runs an interpreter by absolute path; a `commit-guard`
    on PATH may be another installation, or none at all.
    """
    if Path(sys.argv[0]).name == "commit-guard":
        import shutil  # pylint: disable=import-outside-toplevel  # not for the hook's run

        script = shutil.which("commit-guard")
        if script and Path(script).resolve() == Path(sys.argv[0]).resolve():
            return ["commit-guard"]
    # -P (3.11+): -m would put the working directory first on sys.path, and a
    # checked-in click/ or pylint/ would shadow the tool's own imports (the
    # hook avoids -m for the same reason).
    return [sys.executable, *(["-P"] if sys.version_info >= (3, 11) else []), "-m",
            "commit_guard"]


def emit_reports(result: RunResult, fmt: str, output: str | None, max_per_file: int) -> None:
    """The chosen format to --output (or stdout); the text report to the terminal."""
    if output:
        report = reports.get(fmt).format(result)
        try:
            Path(output).write_text(report, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"--output {output}: cannot write: {exc.strerror}") from exc
    if output or fmt == "text":
        colour = use_colour(sys.stdout)
        click.echo(reports.get("text", max_per_file=max_per_file, colour=colour)
                   .format(result), nl=False, color=colour)
    else:
        click.echo(reports.get(fmt).format(result), nl=False)


def rerun_command(paths: tuple[str, ...], all_files: bool, config_file: str | None,
                  only: str | None) -> str:
    parts = [*program(), "check"]
    if all_files:
        parts.append("--all")
    if config_file:
        parts += ["--config", config_file]
    if only:
        parts += ["--only", only]
    parts += list(paths)
    return shlex.join(parts)


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
