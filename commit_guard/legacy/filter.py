"""Block only what a change introduces.

The linters run a second time, on the old content of the touched files
(HEAD, the youngest svn revision), and the findings of both runs are
matched.  A new finding is *existing* when the same rule (checker and
code) fires on the same normalised source line in the old content.  Line
numbers are not compared, so a moved line keeps its findings; duplicates
are counted, so a second copy of a bad line is new.  Comparing findings,
not changed line ranges, is what catches an untouched line the change made
wrong (an import whose last use was removed).
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict
from typing import TYPE_CHECKING, Sequence

from commit_guard.checkers.base import ERROR
from commit_guard.config import Config
from commit_guard.finding import Finding
from commit_guard.legacy import baseline
from commit_guard.legacy.matching import always_new, match, remove_findings, split_lines
from commit_guard.legacy.oldtree import OldTree, read_old_many
from commit_guard.runner import RunResult, run_checks
from commit_guard.sources.changeset import ADDED, DELETED, FILE, ChangedFile

if TYPE_CHECKING:
    from commit_guard.sources.changeset import Source

# Only linters are re-run on old content; a test failure is always new.
LINTERS = ("pylint", "php-syntax", "style")


def linter_names(config: Config) -> tuple[str, ...]:
    """The checkers whose findings can be old: the built-in linters and the
    team's configured ones ([[linters]])."""
    return (*LINTERS, *(entry["name"] for entry in config["linters"]))


def apply(result: RunResult, source: Source, config: Config, jobs: int,
          skip: Sequence[str] = (), cache: object = None) -> None:
    """Move findings that are not the change's own out of ``result``.

    They go to ``result.extra["existing"]``; the formatter counts them.
    """
    started = time.monotonic()
    existing: list[Finding] = []
    # The baseline first, on every finding: an entry is stale only when no
    # finding matches it, which is not the case for a finding mode "new"
    # would have taken away first (every entry of a touched file looked
    # stale).  It also leaves fewer files for the second lint.
    if config["baseline"]:
        existing += baseline.apply(result, source, config)
        result.extra["existing_where"] = "in the baseline"
    if config["mode"] == "new":
        from_old = _split_by_old_content(result, source, config, jobs, skip, cache)
        if from_old:
            result.extra["existing_where"] = ("in the baseline or touched files" if existing
                                              else "in touched files")
        existing += from_old
    result.extra["existing"] = sorted(existing, key=Finding.sort_key)
    result.duration += time.monotonic() - started


def touched_files(result: RunResult, names: Sequence[str] = LINTERS) -> list[ChangedFile]:
    seen: dict[str, ChangedFile] = {}
    for name in names:
        for f in result.plan.assignments.get(name, []):
            seen.setdefault(f.path, f)
    return list(seen.values())


def old_versions(source: Source, files: Sequence[ChangedFile],
                 max_size: int) -> list[ChangedFile]:
    """The touched files as they were, under their NEW paths so findings line up."""
    from commit_guard.sources.changeset import make_file  # pylint: disable=import-outside-toplevel
    wanted = {f.path: f.old_path or f.path for f in files
              if f.status not in (ADDED, DELETED) and f.kind == FILE and f.content is not None}
    found = read_old_many(source, wanted.values())
    out = []
    for path, old_path in wanted.items():
        if old_path in found:
            data, blob = found[old_path]
            out.append(make_file(path, "M", data, max_size, blob=blob))
    return out


def _split_by_old_content(result: RunResult, source: Source, config: Config, jobs: int,
                          skip: Sequence[str], cache: object) -> list[Finding]:
    # Only files with findings need their old findings: a clean change (the
    # common case) costs nothing extra.
    flagged = [f for n in linter_names(config) if n in result.results
               for f in result.results[n].findings if not always_new(f)]
    new_files = [f for f in touched_files(result, linter_names(config))
                 if f.path in {g.path for g in flagged}]
    linters = [n for n in linter_names(config) if n in {g.checker for g in flagged}]
    olds = old_versions(source, new_files, config["max_file_size"])
    if not olds or not linters:
        return []
    old_result = run_old(OldTree.build(source, result.changed, olds, config), config, jobs,
                         linters, skip, cache)
    if any(old_result.results[n].status == ERROR for n in linters if n in old_result.results):
        # Without the old findings nothing can be called existing: all stay new.
        result.extra["note:legacy"] = ("note: the check of the old content failed; "
                                       "every finding is treated as new")
        return []
    new_content = {f.path: f.content for f in new_files}
    old_content = {f.path: f.content for f in olds}
    old_by: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in old_result.findings:
        old_by[(f.path, f.checker)].append(f)
    existing: list[Finding] = []
    for name in linters:
        by_path: dict[str, list[Finding]] = defaultdict(list)
        for f in result.results[name].findings:
            by_path[f.path].append(f)
        for path, items in by_path.items():
            if path not in old_content:
                continue
            existing += match(items, old_by[(path, name)], split_lines(new_content.get(path)),
                              split_lines(old_content[path]))[1]
    remove_findings(result, existing)
    return existing


def run_old(tree: OldTree, config: Config, jobs: int, linters: Sequence[str],
            skip: Sequence[str], cache: object) -> RunResult:
    """Run the linters on the old tree.

    The per-blob result cache (commit_guard.cache.store, when present) sees the
    old files' own blob ids, so an unchanged old file is not linted twice.
    """
    plain = Config({**config.data, "mode": "all", "baseline": ""}, config.origin)
    _forget_pylint_state()
    return run_checks(tree, plain, jobs, only=linters, skip=skip, cache=cache,
                      files=tree.files())


def _forget_pylint_state() -> None:
    """Drop astroid's module cache before the old run.

    pylint runs in-process and astroid caches imported modules by name, not
    by file: without this the old run would infer against the new siblings
    (tests/test_legacy.py shows it).  Costs about 0.2-0.4 s, so it is done
    once, not after the old run too: nothing lints after it in one process.
    """
    astroid = sys.modules.get("astroid")
    if astroid is None:
        return
    from pylint.checkers.clear_lru_cache import clear_lru_caches  # pylint: disable=import-outside-toplevel
    clear_lru_caches()
    astroid.MANAGER.clear_cache()
