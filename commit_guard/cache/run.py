"""Run a checker through the result cache: only files without a valid entry
are checked, and their findings are stored per file.

Every checker is cached this way unless it sets ``cacheable = False``
(the tests checker does not depend on single files).  A checker may add
``cache_salt(ctx) -> str`` (what else its results depend on: tool
versions, an rcfile), ``cache_code`` (module or package names whose code
its findings depend on, besides its own module; their files' mtimes
are in the key) and return ``detail[DEPS_DETAIL] = {path: deps}`` for
findings that depend on other files (see commit_guard.cache.store).
A checker whose work per file costs less than writing an entry may set
``cache_store_limit``: a run that checked more files than that stores no
per-file entries (it still reads them).
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple, Sequence

from commit_guard.cache.store import Cache, cache_key, code_stamp
from commit_guard.checkers.base import FAILED, PASSED, CheckerResult, Context
from commit_guard.route import blocked_finding

if TYPE_CHECKING:
    from commit_guard.sources.changeset import ChangedFile

DEPS_DETAIL = "cache_deps"
REFUSED_DETAIL = "cache_refused"
# Settings that cannot change a checker's findings: changing them keeps the cache.
# A linter's own entry is in its cache_salt: editing one linter keeps the others' results.
NOT_IN_KEY = frozenset({"jobs", "cache", "report", "tests", "fail_fast", "strict", "mode",
                        "baseline", "linters"})


def cacheable(checker: Any) -> bool:
    return bool(getattr(checker, "cacheable", checker.name != "tests"))


def run_salt(checker: Any, ctx: Context) -> str:
    settings = {k: v for k, v in ctx.config.data.items() if k not in NOT_IN_KEY}
    extra = checker.cache_salt(ctx) if hasattr(checker, "cache_salt") else ""
    code = (type(checker).__module__, *getattr(checker, "cache_code", ()), __name__)
    return cache_key(code_stamp(code), sys.version, checker.name, settings,
                     ctx.source.trusted, extra)


def run_cached(checker: Any, files: Sequence[ChangedFile], ctx: Context,
               cached_only: bool = False) -> CheckerResult | None:
    """The checker's result on ``files``, checking only what the cache cannot
    serve; with ``cached_only``, None instead of checking anything.  Code
    files routing found uncheckable (``blocked``) are findings, not run."""
    blocked = [blocked_finding(checker.name, f) for f in files if f.blocked]
    if blocked:
        rest = [f for f in files if not f.blocked]
        result = (run_cached(checker, rest, ctx, cached_only) if rest
                  else CheckerResult(checker.name, status=PASSED))
        if result is not None:
            result.findings = blocked + result.findings
            result.status = FAILED if result.status == PASSED else result.status
        return result
    cache: Cache | None = ctx.cache
    if cache is None or cache.refused or not cacheable(checker):
        if cached_only:
            return None
        result = checker.run(files, ctx)
        result.detail.pop(DEPS_DETAIL, None)
        return result
    salt = run_salt(checker, ctx)
    keys = {f.path: cache_key("findings", salt, f.path, f.blob) for f in files}
    # cached_only looks without counting: with a miss, the checker's run looks again.
    entries = {f.path: cache.get_entry(keys[f.path], count=not cached_only) for f in files}
    valid = _still_valid(entries, files, ctx, checker)
    hits = [f for f in files if f.path in valid]
    misses = [f for f in files if f.path not in valid]
    if misses and cached_only:
        return None
    if cached_only:
        cache.hits += len(hits)
    if misses:
        result = checker.run(misses, ctx)
    else:
        result = CheckerResult(checker.name, status=PASSED)
    deps = result.detail.pop(DEPS_DETAIL, None)
    run_wide = _run_wide(checker, files, hits, result, salt, cache)
    if _storable(result, misses, ctx):
        _store(cache, checker, misses, keys, result, deps)
        if run_wide.key and not hits:
            cache.put(run_wide.key, run_wide.findings)
        cache.trim()
    cached = [x for f in hits for x in entries[f.path].findings]  # type: ignore[union-attr]
    result.findings = cached + result.findings + run_wide.findings
    if cached and result.status == PASSED and any(x.blocking for x in cached):
        result.status = FAILED
    result.detail["cached"] = len(hits)
    return result


def with_header(checker: Any, ctx: Context, result: CheckerResult) -> CheckerResult:
    """A checker's ``header(ctx)`` (what it ran with), whether the cache served
    its files or not."""
    if hasattr(checker, "header"):
        result.detail["header"] = checker.header(ctx)
    return result


class RunWide(NamedTuple):
    key: str  # the cache key of this exact set of files, "" when there are none
    findings: list[Any]


def _run_wide(checker: Any, files: Sequence[ChangedFile], hits: Sequence[ChangedFile],
              result: CheckerResult, salt: str, cache: Cache) -> RunWide:
    """A checker's ``run_wide`` codes (pylint's cyclic-import, duplicate-code)
    come from the files checked together, not from one file, so they are
    never stored with a file.  They are stored for the exact set of files
    and contents of a run that checked all of them, and served to a run of
    that same set.  A run that checks only some of them (the cache served
    the rest) reports those found among the files it checked, with a note
    saying so: never a silent change."""
    codes = getattr(checker, "run_wide", ())
    if not codes:
        return RunWide("", [])
    found = [f for f in result.findings if f.code in codes]
    result.findings = [f for f in result.findings if f.code not in codes]
    key = cache_key("run-wide", salt, sorted((f.path, f.blob) for f in files))
    if not hits:
        return RunWide(key, found)
    if len(hits) == len(files):
        stored = cache.get_entry(key, count=False)
        if stored is not None:
            return RunWide("", list(stored.findings))
    now = len(files) - len(hits)
    result.detail[f"detail:run-wide:{checker.name}"] = (
        f"note: {checker.name}: {', '.join(codes)} were looked for among the {now} "
        f"file{'s' * (now != 1)} checked now, not the {len(hits)} the cache served; "
        "--no-cache looks among all of them")
    return RunWide("", found)


def cache_notes(cache: Cache | None, results: Iterable[CheckerResult]) -> dict[str, str]:
    """One report note per cache directory that was not used, and why: the
    result cache's, and the PHP parser tables' (a checker's
    ``detail[REFUSED_DETAIL] = (directory, why)``)."""
    refused: dict[str, str] = {}
    if cache is not None and cache.refused:
        refused[str(cache.root)] = cache.refused
    for result in results:
        folder, why = result.detail.pop(REFUSED_DETAIL, ("", ""))
        if why:
            refused.setdefault(folder, why)
    return {f"note:cache-refused:{folder}": f"note: cache directory {folder} not used: {why}"
            for folder, why in refused.items()}


def _store(cache: Cache, checker: Any, misses: Sequence[ChangedFile], keys: dict[str, str],
           result: CheckerResult, deps: dict[str, Any] | None) -> None:
    """One entry per checked file (none past the checker's cache_store_limit)."""
    limit = getattr(checker, "cache_store_limit", None)
    if limit is not None and len(misses) > limit:
        return
    by_path: dict[str, list[Any]] = {f.path: [] for f in misses}
    for finding in result.findings:
        by_path[finding.path].append(finding)
    for f in misses:
        if deps is None or f.path in deps:
            cache.put(keys[f.path], by_path[f.path], (deps or {}).get(f.path))


def _storable(result: CheckerResult, misses: Sequence[ChangedFile], ctx: Context) -> bool:
    """Only a complete, normal result is stored: never a crash, skip or cancel."""
    if not misses or result.status not in (PASSED, FAILED):
        return False
    if ctx.cancel is not None and ctx.cancel.is_set():
        return False
    paths = {f.path for f in misses}
    return all(x.path in paths for x in result.findings)


def _still_valid(entries: dict[str, Any], files: Sequence[ChangedFile],
                 ctx: Context, checker: Any) -> set[str]:
    with_deps = {p: e.deps for p, e in entries.items() if e is not None and e.deps}
    valid = {p for p, e in entries.items() if e is not None and not e.deps}
    if not with_deps:
        return valid
    from commit_guard.checkers.python.deps import (  # pylint: disable=import-outside-toplevel
        Tree, current_values, unchanged)

    tree = checker.dep_tree(ctx) if hasattr(checker, "dep_tree") else \
        Tree([*ctx.source.list_files(), *(f.path for f in files if f.content is not None)])
    ids = _content_ids(ctx, files, {k for d in with_deps.values() for k in d if k[-1:] != "?"})
    # The search roots of this run (a checker's ``roots_key``), which every
    # entry with dependencies was recorded with.
    roots = checker.roots_key(ctx) if hasattr(checker, "roots_key") else ""
    current = current_values(tree, ids, roots)
    valid.update(path for path, deps in with_deps.items() if unchanged(deps, current))
    return valid


def _content_ids(ctx: Context, files: Sequence[ChangedFile], paths: set[str]) -> dict[str, str]:
    """Content ids of ``paths`` in the state being checked, as pylint_deps makes them:
    the ids the source knows (a staged change: all, from the index), the
    rest hashed from the change's content or read in one batch."""
    from commit_guard.checkers.python.deps import (  # pylint: disable=import-outside-toplevel
        blob_id, known_ids)

    ids = known_ids(ctx.source, sorted(paths))
    by_path = {f.path: f for f in [*ctx.changed, *files]}
    ids.update({p: blob_id(by_path[p].content or b"") for p in paths - set(ids)
                if p in by_path and by_path[p].content is not None})
    rest = sorted(paths - set(ids))
    if rest:
        ids.update({p: blob_id(d) for p, d in ctx.source.read_many(rest).items()})
    return ids
