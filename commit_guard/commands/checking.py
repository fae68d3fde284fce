"""The work of `commit-guard check`, without click.

commands/check.py is the click command; it parses the options into a
CheckArgs and calls run().  The git hook's call, a bare `check` (or
`check PATH...` from the pre-commit framework), is parsed by cli.main
itself and comes here directly: importing click and building its
commands cost about a third of a warm 1-file re-check (issue 21,
bench/speed_targets.py), so nothing on this path imports click.
"""
from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from commit_guard import config as config_mod
from commit_guard import legacy
from commit_guard import reports
from commit_guard.config import Config
from commit_guard.config.schema import CHECKER_NAMES
from commit_guard.errors import UserError
from commit_guard.progress import Progress
from commit_guard.reports.text import use_colour
from commit_guard.sources.disk import source_for

if TYPE_CHECKING:
    from typing import IO

    from commit_guard.runner import RunResult


class CheckArgs(NamedTuple):
    """`check`'s options, as click or cli.main parsed them."""

    paths: tuple[str, ...] = ()
    all_files: bool = False
    config_file: str | None = None
    jobs: int | None = None
    only: str | None = None
    skip: str | None = None
    fmt: str = "text"
    output: str | None = None
    strict: bool = False
    no_cache: bool = False
    verbose: bool = False
    fix: bool = False
    # The legacy-mode options (commands/legacy_options.py): mode, new_only,
    # show_existing, baseline, each only when given.
    legacy: dict[str, Any] | None = None


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """Write a message or a report and flush it, as click.echo does."""
    stream: IO[str] | None = sys.stderr if err else sys.stdout
    if stream is None:  # no console (pythonw): nowhere to write
        return
    stream.write(text + ("\n" if nl else ""))
    stream.flush()


def parse_checker_list(value: str | None, option: str,
                       known: tuple[str, ...] = CHECKER_NAMES) -> list[str]:
    if not value:
        return []
    names = [v.strip() for v in value.split(",") if v.strip()]
    for name in names:
        if name not in known:
            raise UserError(f"{option}: unknown checker {name!r} (one of {', '.join(known)})")
    return names


def known_checkers(cfg: Config) -> tuple[str, ...]:
    """The built-in checkers and the configured linters' names."""
    return (*CHECKER_NAMES, *(linter["name"] for linter in cfg["linters"]))


def run(args: CheckArgs) -> int:
    """Check, report, and return the exit status."""
    from commit_guard.runner import (  # pylint: disable=import-outside-toplevel
        effective_jobs, run_checks, time_limit)

    legacy_values = args.legacy or {}
    if args.fix and (args.paths or args.all_files):
        raise UserError("--fix works on the staged change, not on PATHS or --all")
    source = source_for(list(args.paths), args.all_files)
    cfg = config_mod.load(args.config_file, source.root, source.read,
                          overlay={**cli_overlay(legacy_values, whole_tree=args.all_files),
                                   **({"strict": True} if args.strict else {})})
    # Checker names include the configured linters', known once the config is.
    only_list = parse_checker_list(args.only, "--only", known_checkers(cfg))
    skip_list = parse_checker_list(args.skip, "--skip", known_checkers(cfg))
    # SKIP is shared with the pre-commit framework, whose hook ids are not our
    # checker names: unknown names are left to it, not an error.
    env_skip = [n for n in (os.environ.get("SKIP") or "").replace(" ", "").split(",")
                if n in known_checkers(cfg)]
    refused = 0
    if args.fix:
        # A JSON or SARIF report on stdout must stay one document.
        refused = run_fixes(source.root, cfg, to_stderr=args.fmt != "text" and not args.output)
        source = source_for([], False)  # the index as the fixes left it
    cfg = without_pylint(cfg, only_list, skip_list + env_skip)
    source.max_size = cfg["max_file_size"]
    from commit_guard.cache.store import Cache  # pylint: disable=import-outside-toplevel
    cache = None if args.no_cache else Cache.from_config(cfg)
    # The time limit covers the old-content run of mode = "new" too.
    with time_limit(cfg), Progress("commit-guard", delay=1.0) as progress:
        workers = effective_jobs(args.jobs, cfg)
        result = run_checks(source, cfg, workers, only_list, skip_list + env_skip,
                            cache=cache, progress=progress)
        result = legacy.only_introduced(result, source, cfg, workers, skip_list + env_skip,
                                        cache)
    for name in env_skip:
        if name in result.results:
            result.results[name].note = "skipped by SKIP"
    result.rerun = (rerun_command(args.paths, args.all_files, args.config_file, args.only)
                    + rerun_suffix(legacy_values))
    result.extra["show_existing"] = bool(legacy_values.get("show_existing"))
    result.extra["verbose"] = args.verbose
    emit_reports(result, args.fmt, args.output, cfg["report"]["max_per_file"])
    return max(result.exit_code, 1 if refused else 0)


def cli_mode(values: dict[str, Any]) -> str | None:
    """The mode the command line asks for, or None: the config decides."""
    mode: str | None = values.get("mode")
    if values.get("new_only"):
        if mode == "all":
            raise UserError("--mode: --new-only contradicts --mode all")
        mode = "new"
    return mode


def cli_overlay(values: dict[str, Any], whole_tree: bool = False) -> dict[str, object]:
    """Config values the legacy options set (they win over the config file).

    ``whole_tree`` (`check --all`): mode = "new" from the config does not
    apply.  After a commit the tree is HEAD, so comparing with HEAD would call
    every finding existing, a problem committed with --no-verify included;
    the baseline is what a whole-tree check compares with
    (docs/legacy-code.md).  ``--mode new`` on the command line still applies.
    """
    overlay: dict[str, object] = {}
    mode = cli_mode(values)
    if mode:
        overlay["mode"] = mode
    elif whole_tree:
        overlay["mode"] = "all"
    if values.get("baseline"):
        # A command-line path is relative to where the user is, not the root.
        overlay["baseline"] = str(Path(values["baseline"]).resolve())
    return overlay


def rerun_suffix(values: dict[str, Any]) -> str:
    """The legacy options as given, for the report's re-run hint."""
    parts = ["--new-only"] if values.get("new_only") else \
        ["--mode", values["mode"]] if values.get("mode") else []
    if values.get("baseline"):
        parts += ["--baseline", values["baseline"]]
    return "".join(" " + shlex.quote(p) for p in parts)


def run_fixes(root: Path, cfg: Config, to_stderr: bool = False) -> int:
    """Fix the staged files (`check --fix`, `fix`); one line per file; how many were refused."""
    from commit_guard.fixes import apply  # pylint: disable=import-outside-toplevel

    refused = 0
    for fix in apply.plan(root, cfg):
        apply.write(root, fix)
        if fix.refused:
            refused += 1
            echo(f"not fixed {fix.path}: {fix.refused}", err=to_stderr)
        else:
            echo(f"fixed {fix.path} {fix.worktree}: {', '.join(fix.what)}", err=to_stderr)
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
        echo(reports.get("text", max_per_file=max_per_file, colour=colour).format(result),
             nl=False)
    else:
        echo(reports.get(fmt).format(result), nl=False)


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
