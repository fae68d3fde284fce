"""`commit-guard baseline`: accept today's findings so only new ones block."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from commit_guard import config as config_mod
from commit_guard.commands.checking import known_checkers, parse_checker_list, without_pylint
from commit_guard.errors import UserError
from commit_guard.sources.disk import source_for

if TYPE_CHECKING:
    from commit_guard.finding import Finding
    from commit_guard.runner import RunResult


@click.command("baseline")
@click.option("--output", "-o", metavar="FILE", help="Where to write (default: "
              "commit-guard.baseline at the repository root).")
@click.option("--config", "config_file", metavar="FILE", help="Configuration file to use.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Parallel workers.")
@click.option("--only", metavar="CHECKER,...", help="Baseline only these checkers.")
@click.option("--skip", metavar="CHECKER,...", help="Do not run these checkers.")
def baseline(output: str | None, config_file: str | None, jobs: int | None, only: str | None,
             skip: str | None) -> None:
    """Write the findings of `check --all` to a reviewable baseline file.

    `check --all --baseline FILE` then reports only findings not in it, and
    lists entries that no longer match so the file shrinks as code is fixed.
    Syntax errors and test failures are never baselined: they always block.

    \b
    Examples:
      commit-guard baseline && git add commit-guard.baseline
      commit-guard check --all --baseline commit-guard.baseline
    """
    # pylint: disable=import-outside-toplevel
    from commit_guard.legacy import baseline as baseline_mod
    from commit_guard.legacy.filter import linter_names
    from commit_guard.legacy.matching import always_new
    from commit_guard.runner import effective_jobs, run_checks

    source = source_for([], True)
    cfg = config_mod.load(config_file, source.root, source.read,
                          overlay={"mode": "all", "baseline": ""})
    # The configured linters' names are known once the config is.
    wanted = parse_checker_list(only, "--only", known_checkers(cfg)) or list(linter_names(cfg))
    linters = [n for n in wanted if n in linter_names(cfg)]
    skips = parse_checker_list(skip, "--skip", known_checkers(cfg))
    # As `check --only style` would judge the files: the same entries match.
    cfg = without_pylint(cfg, linters, skips)
    source.max_size = cfg["max_file_size"]
    result = run_checks(source, cfg, effective_jobs(jobs, cfg), linters, skips)
    if result.crashed:
        for res in result.crashed:
            click.echo(f"commit-guard: error: {res.note}", err=True)
        click.echo("commit-guard: baseline not written", err=True)
        click.get_current_context().exit(2)
    kept = [f for f in result.findings if not always_new(f)]
    dest = Path(output) if output else source.root / baseline_mod.DEFAULT_NAME
    write_entries(dest, result, kept)
    blocked = len(result.findings) - len(kept)
    if blocked:
        click.echo(f"commit-guard: {blocked} syntax error{'s' * (blocked != 1)} not baselined "
                   "(they always block)")


def write_entries(dest: Path, result: RunResult, kept: list[Finding]) -> None:
    from commit_guard.legacy import baseline as baseline_mod  # pylint: disable=import-outside-toplevel
    content = {f.path: f.content for f in result.changed}
    entries = [baseline_mod.entry_of(f, content.get(f.path)) for f in kept]
    try:
        baseline_mod.write(dest, entries)
    except OSError as exc:
        raise UserError(f"{dest}: cannot write baseline: {exc.strerror}") from exc
    click.echo(f"commit-guard: wrote {len(entries)} entr{'ies' if len(entries) != 1 else 'y'} "
               f"to {dest}")
