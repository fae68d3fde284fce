"""What the Subversion pre-commit hook does: trust, bypass, check, report.

The configuration that decides what runs is the server's: the file given
to `install svn` (kept as REPOS/hooks/commit-guard.toml), an explicit
--config, or the built-in defaults.  A commit-guard.toml in the committed
tree is data: with svn.allow_tree_config it may tune which files and rules
are checked, never what is executed.
"""
from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from commit_guard import config as config_mod
from commit_guard import deadline, legacy
from commit_guard.errors import UserError
from commit_guard.server import DEFAULT_TIMEOUT, append_log, sandbox
from commit_guard.sources import svnlook
from commit_guard.sources.svn import SvnSource

if TYPE_CHECKING:
    from commit_guard.sources.gitpush import GitPushSource

    Source = SvnSource | GitPushSource  # a server hook's source: it has .repos

SERVER_CONFIG = "commit-guard.toml"  # in REPOS/hooks/

# The only keys a committed commit-guard.toml may set on the server.  Left
# out on purpose: tests (commands), php.binary (an executable), pylint.args
# (--load-plugins, --init-hook), pylint.rcfile and baseline (server paths),
# cache, jobs, max_file_size and svn (the server's own business).
TREE_ALLOWED: dict[str, Any] = {
    "include": True, "exclude": True, "mode": True, "strict": True, "python_globs": True,
    "rules": True,
    "pylint": {"enabled": True},
    "php": {"enabled": True, "globs": True, "version": True},
    "style": {"enabled": True},
}


def server_config_path(repos: Path, explicit: str | None) -> str | None:
    if explicit:
        return explicit
    installed = repos / "hooks" / SERVER_CONFIG
    return str(installed) if installed.is_file() else None


def filter_tree_table(table: Mapping[str, Any], allowed: Mapping[str, Any] | None = None,
                      prefix: str = "") -> tuple[dict[str, Any], list[str]]:
    """(the allowed part of ``table``, the dotted names of what was dropped)."""
    allowed = TREE_ALLOWED if allowed is None else allowed
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    for key, value in table.items():
        rule = allowed.get(key)
        if rule is True:
            kept[key] = value
        elif isinstance(rule, dict) and isinstance(value, Mapping):
            sub, gone = filter_tree_table(value, rule, f"{prefix}{key}.")
            if sub:
                kept[key] = sub
            dropped += gone
        else:
            dropped.append(prefix + key)
    return kept, dropped


def tree_overlay(source: Source) -> tuple[dict[str, Any], list[str]]:
    """The committed commit-guard.toml (or [tool.commit-guard]), validated, filtered."""
    raw = source.read(config_mod.CONFIG_NAME)
    name, prefix = config_mod.CONFIG_NAME, ""
    if raw is not None:
        table, prefix = config_mod._table_of(raw, name)  # pylint: disable=protected-access
    else:
        raw = source.read(config_mod.PYPROJECT)
        if raw is None:
            return {}, []
        name, prefix = config_mod.PYPROJECT, "tool.commit-guard."
        table = config_mod._parse(raw, name).get("tool", {}).get("commit-guard")  # pylint: disable=protected-access
        if table is None:
            return {}, []
    label = f"{name} (committed)"
    # Validate the whole table first so a mistake is named in the committed file.
    config_mod.from_table(table, label, prefix)
    kept, dropped = filter_tree_table(table)
    return kept, [f"{prefix}{d}" for d in dropped]


def load_config(source: Source, explicit: str | None,
                section: str = "svn") -> tuple[config_mod.Config, list[str]]:
    """The server's config, with the committed overlay if the server allows
    it (``section``.allow_tree_config: the svn or the git server hook)."""
    path = server_config_path(source.repos, explicit)
    server = config_mod.load(path, source.repos) if path else \
        config_mod.from_table({}, "defaults")
    if not server[section]["allow_tree_config"]:
        return _server_paths(server, path), []
    overlay, dropped = tree_overlay(source)
    if not overlay:
        return _server_paths(server, path), dropped
    merged = config_mod.load(path, source.repos, overlay=overlay) if path else \
        config_mod.from_table({}, "defaults", overlay=overlay)
    return _server_paths(merged, path), dropped


def _server_paths(cfg: config_mod.Config, path: str | None) -> config_mod.Config:
    """A relative pylint.rcfile names a file beside the server config, never
    the committed file of that name."""
    rcfile = cfg["pylint"]["rcfile"]
    if rcfile and path and not Path(rcfile).is_absolute():
        cfg.data["pylint"]["rcfile"] = str(Path(path).resolve().parent / rcfile)
    return cfg


def time_limit(cfg: config_mod.Config, hook: str = "svn") -> Any:
    """The hook's time limit: the server config's timeout, else DEFAULT_TIMEOUT."""
    from commit_guard import runner  # pylint: disable=import-outside-toplevel

    return runner.time_limit(cfg, DEFAULT_TIMEOUT, f"the {hook} hook's default")


def run_check(source: Source, cfg: config_mod.Config, notes: tuple[list[str], str],
              jobs: int | None, skip: tuple[str, ...] = (), what: str = "committed") -> Any:
    """A server hook's checks of ``source``, within its time limit: run, keep
    what the change introduces, and note (``notes``: the dropped tree config
    keys, the sandbox's note) what the server did not take from the tree."""
    from commit_guard.cache import store as cache_mod  # pylint: disable=import-outside-toplevel
    from commit_guard.checkers.python.checker import tree_rcfile_dropped  # pylint: disable=import-outside-toplevel
    from commit_guard.runner import effective_jobs, run_checks  # pylint: disable=import-outside-toplevel

    dropped, note = notes
    cache = cache_mod.Cache.from_config(cfg)
    workers = effective_jobs(jobs, cfg)
    # Within the caller's limit when it set one (the git hook: one per ref).
    with nullcontext() if deadline.current() else time_limit(cfg):
        result = run_checks(source, cfg, workers, skip=skip, cache=cache)
        result = legacy.only_introduced(result, source, cfg, workers, skip=skip, cache=cache)
    if result.plan.assignments.get("pylint"):  # the tree's rcfile was used
        dropped = dropped + tree_rcfile_dropped(source, cfg)
    if dropped:
        result.extra["note:tree-config"] = (f"note: ignored in the {what} config (the "
                                            f"server decides these): {', '.join(dropped)}")
    if note:
        result.extra["note:sandbox"] = note
    return result


def bypass_requested(cfg: config_mod.Config, info: svnlook.Info) -> bool:
    marker = cfg["svn"]["bypass_marker"]
    return bool(marker) and marker in info.log


def record_bypass(cfg: config_mod.Config, repos: Path, txn: str, info: svnlook.Info) -> str:
    """Append one line to svn.bypass_log; return the message for stderr."""
    marker = cfg["svn"]["bypass_marker"]
    first = info.log.strip().splitlines()[0] if info.log.strip() else ""
    message = (f"commit-guard: checks bypassed by {info.author or '(no author)'} with "
               f"{marker!r} in the log message; recorded")
    log_name = cfg["svn"]["bypass_log"]
    if not log_name:
        return message + " here only (svn.bypass_log is not set)"
    path = append_log(log_name, "svn.bypass_log", repos,
                      [str(repos), txn, info.author, marker, first])
    return f"{message} in {path}"


def check(repos: str, txn: str | None, rev: int | None, config_file: str | None,
          jobs: int | None) -> tuple[str, int]:
    """Run the hook; return (report for stderr, exit code)."""
    from commit_guard import reports  # pylint: disable=import-outside-toplevel
    from commit_guard.cache import store as cache_mod  # pylint: disable=import-outside-toplevel

    if (txn is None) == (rev is None):
        raise UserError("svn-hook: give a transaction TXN or -r REV (one of them)")
    source = SvnSource(Path(repos), txn=txn, rev=rev)
    # Inside the sandbox, the config came in from the hook outside.
    cfg, dropped = sandbox.received_config() or load_config(source, config_file)
    if txn is not None and cfg["svn"]["bypass_marker"]:
        info = svnlook.info(source.look)
        if bypass_requested(cfg, info):
            return record_bypass(cfg, source.repos, txn, info) + "\n", 0
    ran, note = sandbox.enter(source, cfg, dropped, jobs)
    if ran is not None:
        return ran
    source.max_size = cfg["max_file_size"]
    source.cache_root = cache_mod.default_dir(cfg)
    source.tree_mode = cfg["svn"]["tree"]
    result = run_check(source, cfg, (dropped, note), jobs)
    result.rerun = "commit-guard check PATH... (in your working copy)"
    # The report says a bypass exists, not the marker: the marker is the
    # server's to hand out (tests/test_sandbox.py keeps it out of reach).
    result.extra["bypass"] = bool(cfg["svn"]["bypass_marker"])
    text = reports.get("svn", max_per_file=cfg["svn"]["max_per_file"]).format(result)
    return text, result.exit_code
