"""pylint on the content being committed.

Where pylint runs: in this process for a tree we trust (git) when one
process does the work.  Measured on this machine for a one-file commit:
a `python -m pylint` subprocess costs a second interpreter start and a
second import of pylint/astroid (about 0.35 s) on top of our own start-up,
while in-process the import is paid once.  A tree we do not trust (the
svn server), and changes large enough for several pylint processes, are
checked in a worker process the per-file budget can kill (worker.py,
budget.py).  Either way nothing of the checked tree is ever imported
(isolation.py).

Which configuration: pylint.rcfile (a server or developer file), else the
tree's own rcfile, else the house rules/pylintrc.  A trusted file is used
as written and refused only where pylint would not lint with it; a
committed rcfile on the server is rewritten from its allowed options
(rcfile.py, options.py).  pylint.args may only tune linting.

Module and import resolution: the changed files, and every first-party
module they reach through imports (transitively, with the packages on
the way), are written from the source (the index, a transaction) into
the workspace with their repository paths.  A sibling import therefore
resolves to the staged sibling, never to a stale working-tree copy or to
nothing, and pylint sees exactly the files the result cache keys on
(deps.py beside this module).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from commit_guard.checkers.base import PASSED, CheckerResult, Context
from commit_guard.checkers.python import rcfile as rcfiles
from commit_guard.checkers.python import searchpath
from commit_guard.checkers.python.deps import Tree
from commit_guard.checkers.python.budget import CODE as TIMEOUT_CODE
from commit_guard.checkers.python.options import ALWAYS_ENABLED, check_args
from commit_guard.errors import UserError
from commit_guard.resources import rules_file
from commit_guard.route import is_python

if TYPE_CHECKING:
    from commit_guard.config import Config
    from commit_guard.sources.changeset import ChangedFile, Source

RC_DIR = ".commit-guard/pylint"  # where the rcfile pylint reads is written


# The repository's own pylint configuration, in pylint's own search order.
RC_CANDIDATES = ("pylintrc", ".pylintrc", "pylintrc.toml", ".pylintrc.toml")
RC_SECTIONED = (("pyproject.toml", b"[tool.pylint"), ("setup.cfg", b"[pylint."),
                ("tox.ini", b"[pylint."))

__all__ = ["PylintChecker", "tree_rcfile_dropped", "write_rcfile"]


class PylintChecker:
    name = "pylint"
    description = "pylint with the repository's rcfile or the house rules/pylintrc"
    cache_code = tuple(f"commit_guard.checkers.python.{m}" for m in (
        "run", "lint", "deps", "options", "rcfile", "isolation", "budget", "worker",
        "environment", "searchpath"))

    # Found over the files pylint checks together, not in one file (the cache
    # keeps them per run: commit_guard.cache.run).
    run_wide = ("R0401", "R0801")

    def wants(self, file: ChangedFile, config: Config) -> bool:
        return is_python(file, config)

    def cache_salt(self, ctx: Context) -> str:
        """What findings depend on besides the files: rules, arguments, tools."""
        from commit_guard.cache.store import cache_key  # pylint: disable=import-outside-toplevel

        name, data, _origin = effective_rcfile(ctx)
        return cache_key(name, data, extra_args(ctx), search_plan(ctx).fingerprint)

    def header(self, ctx: Context) -> str:
        """For the report header: which project environment pylint saw."""
        return environment_line(search_plan(ctx))

    def roots_key(self, ctx: Context) -> str:
        """The run's search roots, which every cached entry is recorded with."""
        return run_roots(ctx, _tree(ctx))[1]

    def dep_tree(self, ctx: Context) -> Tree:
        """The file list the run records dependencies against (the cache
        checks them against the same one)."""
        return _tree(ctx)

    def run(self, files: Sequence[ChangedFile], ctx: Context) -> CheckerResult:
        from commit_guard.cache.run import DEPS_DETAIL  # pylint: disable=import-outside-toplevel
        # Only a run that lints needs these: a warm re-check never imports them.
        from commit_guard.checkers.python import run as lint_run  # pylint: disable=import-outside-toplevel

        since = lint_run.cpu_times()  # how busy the machine is while we write the workspace
        rcfile, rc_origin = write_rcfile(ctx, check=True)
        deps, targets = materialise(files, ctx)
        search = search_plan(ctx)
        detail = {"rcfile": rc_origin, DEPS_DETAIL: deps}
        if not targets:
            return CheckerResult(self.name, [], PASSED, detail=detail)
        lint_run.start_workers(targets, ctx.jobs)
        roots = [str(ctx.workspace.target(r)) if r else str(ctx.workspace.root)
                 for r in source_roots(ctx)]
        args = [f"--rcfile={rcfile}", "--persistent=n", "--score=n", "--reports=n",
                *extra_args(ctx), *([f"--source-roots={','.join(roots)}"] if roots else []),
                f"--enable={','.join(ALWAYS_ENABLED)}"]
        tree_root = str(ctx.source.root) if ctx.source.trusted else None
        # The base directories of every file of this check, the ones the cache
        # serves included: pylint adds only those of the files it is given,
        # and findings must not depend on which files the cache served.
        bases = [str(ctx.workspace.target(b)) if b else str(ctx.workspace.root)
                 for b in run_bases(ctx, _tree(ctx))]
        paths = lint_run.Paths([*bases, *search.sys_path(ctx.workspace.root)], tree_root)
        # In this process only for a tree we trust: the server's pylint runs in
        # a worker its budget can kill, whatever the tree holds (budget.py).
        findings = lint_run.run_pylint(args, targets, ctx.workspace.root, ctx.jobs, since,
                              ctx.config["pylint"]["file_timeout"], ctx.source.trusted,
                              paths)
        for finding in findings:
            if finding.code == TIMEOUT_CODE:
                deps.pop(finding.path, None)  # how long it took is no result to keep
        return CheckerResult(self.name, findings, PASSED, detail=detail)


def extra_args(ctx: Context) -> list[str]:
    """pylint.args, checked: only options that tune linting (options.py)."""
    trusted = ctx.source.trusted or ctx.config.origin != "tree"
    return check_args(list(ctx.config["pylint"]["args"]), ctx.config.origin) if trusted else []


def rc_values(ctx: Context, option: str) -> list[str]:
    """Every value ``option`` has in the effective rcfile and pylint.args, in
    the order pylint reads them."""
    name, data, origin = effective_rcfile(ctx)
    # Parsed only when the option is named: a warm run parses no rcfile.
    found = ([v for k, v in rcfiles.options(name, data, origin) if k == option]
             if option.encode() in data else [])
    args = extra_args(ctx)
    for index, arg in enumerate(args):
        if arg.startswith(f"--{option}="):
            found.append(arg.split("=", 1)[1])
        elif arg == f"--{option}" and index + 1 < len(args):
            found.append(args[index + 1])
    return found


def search_plan(ctx: Context) -> searchpath.SearchPath:
    return searchpath.plan(ctx, lambda option: rc_values(ctx, option))


def source_roots(ctx: Context) -> list[str]:
    return searchpath.source_roots(ctx, rc_values(ctx, "source-roots"))


def environment_line(search: searchpath.SearchPath) -> str:
    """Which project environment pylint saw, for the report header and doctor."""
    if search.env is None:
        return ("python environment: none found (third-party imports resolve against "
                "commit-guard's own; see docs/python-environment.md)")
    return f"python environment: {search.env.describe()}"


def run_paths(ctx: Context) -> list[str]:
    """Every file pylint is routed in this check, hits of the cache included:
    their base directories are on pylint's path for all of them."""
    return sorted(f.path for f in ctx.changed if f.content is not None and not f.too_large
                  and not f.blocked and is_python(f, ctx.config))


def _tree(ctx: Context) -> Tree:
    """The files of the checked state (`check PATH` may name untracked ones),
    made once per check: the roots key, the run and the cache's dependency
    check all look modules up in it (a 100,000-file index: 0.18 s each)."""
    if "tree" not in ctx.memo:
        ctx.memo["tree"] = Tree([*ctx.source.list_files(),
                                 *(f.path for f in ctx.changed if f.content is not None)])
    return ctx.memo["tree"]  # type: ignore[no-any-return]


def run_bases(ctx: Context, tree: Tree) -> list[str]:
    """The base directories pylint puts first on its path for this check's files."""
    if "bases" not in ctx.memo:
        ctx.memo["bases"] = searchpath.base_dirs(
            run_paths(ctx), source_roots(ctx),
            lambda d: f"{d}/__init__.py" in tree.known if d else "__init__.py" in tree.known)
    return ctx.memo["bases"]


def run_roots(ctx: Context, tree: Tree) -> tuple[list[tuple[str, str]], str]:
    """(search roots for the import walk, the key recording them)."""
    search, bases = search_plan(ctx), run_bases(ctx, tree)
    return searchpath.walk_roots(search, bases), searchpath.roots_key(search, bases)


def find_repo_rcfile(source: Source) -> tuple[str, bytes] | None:
    for name in RC_CANDIDATES:
        data = source.read(name)
        if data is not None:
            return name, data
    for name, marker in RC_SECTIONED:
        data = source.read(name)
        if data is not None and marker in data:
            return name, data
    return None


def select_rcfile(source: Source, config: Config) -> tuple[str, bytes, str, bool]:
    """(file name, content, where it came from, whether its content is trusted).

    Trusted: a file the server or the developer chose (pylint.rcfile, the
    house rules), and a tree's own rcfile where the tree is trusted (git:
    the developer's own repository).  A committed rcfile on the server
    (svn.allow_tree_config) is not: only its allowed options are used.
    """
    configured = config["pylint"]["rcfile"]
    if configured:
        path = Path(configured)
        if path.is_absolute():
            data = path.read_bytes() if path.is_file() else None
        elif source.trusted:
            data = source.read(configured)
            if data is None and (source.root / configured).is_file():
                data = (source.root / configured).read_bytes()
        else:
            # Never the committed file of that name: a server path or nothing.
            raise UserError(f"{config.origin}: pylint.rcfile {configured!r} is relative; "
                            "on the server give an absolute path")
        if data is None:
            raise UserError(f"{config.origin}: pylint.rcfile {configured!r} not found")
        return path.name, data, configured, True
    if source.trusted or config["svn"]["allow_tree_config"] or \
            config["git_server"]["allow_tree_config"]:
        found = find_repo_rcfile(source)
        if found is not None:
            return found[0], found[1], found[0], source.trusted
    return "pylintrc", rules_file("pylintrc"), "rules/pylintrc (house)", True


def effective_rcfile(ctx: Context, check: bool = False) -> tuple[str, bytes, str]:
    """(file name, content as pylint will read it, where it came from).

    A trusted rcfile is used as written (``check``: refused if pylint would
    not lint with it; skipped for the cache key, so a warm run parses
    nothing); an untrusted one is rewritten from its allowed options.
    """
    if "rcfile" not in ctx.memo:  # the key, the search path and the run all ask
        ctx.memo["rcfile"] = select_rcfile(ctx.source, ctx.config)
    name, data, origin, trusted = ctx.memo["rcfile"]
    if trusted:
        if check:
            rcfiles.checked_file(name, data, origin)
        return name, data, origin
    data, _dropped = rcfiles.rewrite(name, data, f"{origin} (committed)")
    return rcfiles.REWRITTEN_NAME, data, f"{origin} (committed; allowed options only)"


def tree_rcfile_dropped(source: Source, config: Config) -> list[str]:
    """The options of an untrusted tree's rcfile that are not used, as
    ``"FILE: option"``, for the report."""
    name, data, origin, trusted = select_rcfile(source, config)
    if trusted or not config["pylint"]["enabled"]:
        return []
    _data, dropped = rcfiles.rewrite(name, data, f"{origin} (committed)")
    return [f"{name}: {option}" for option in dropped]


def write_rcfile(ctx: Context, check: bool = False) -> tuple[Path, str]:
    """Write the effective rcfile into the workspace; return (path, origin).

    Written through the workspace, so a checked file of the same path can
    never take its place (materialise refuses it).
    """
    name, data, origin = effective_rcfile(ctx, check)
    dest = ctx.workspace.write(f"{RC_DIR}/{name}", data)
    return dest, origin


def materialise(files: Sequence[ChangedFile], ctx: Context
                ) -> tuple[dict[str, dict[str, str]], list[Path]]:
    """Write the files and every first-party module they reach into the workspace.

    Returns (dependencies per file, for the cache; the paths to check).
    """
    from commit_guard.checkers.python.deps import (  # pylint: disable=import-outside-toplevel
        dependencies, known_ids)

    contents = {f.path: f.content for f in files if f.content is not None}
    unread = [f.path for f in files if f.content is None and not f.too_large]
    if unread:
        # Nothing to give pylint (an unmerged file in the index): never a pass.
        raise UserError(f"{unread[0]}: no content to check in this state (unmerged?)")
    clash = [p for p in contents if ctx.workspace.has(p)]
    if clash:
        raise UserError(f"{clash[0]}: this path is commit-guard's own in the workspace; "
                        "rename the file")
    tree = _tree(ctx)
    roots, roots_key = run_roots(ctx, tree)
    deps, reached = dependencies(contents, tree, ctx.source.read_many,
                                 lambda paths: known_ids(ctx.source, paths), roots, roots_key)
    ctx.workspace.write_many(reached)
    # A namespace directory must exist to be found, even with nothing below it read.
    for stem in {k[:-1] for d in deps.values() for k, v in d.items() if v == "n"}:
        ctx.workspace.target(stem).mkdir(parents=True, exist_ok=True)
    search_plan(ctx).link_editables(ctx.workspace.root)
    return deps, [ctx.workspace.target(p) for p in contents]
