"""pylint on the content being committed.

pylint runs in-process.  Measured on this machine for a one-file commit:
a `python -m pylint` subprocess costs a second interpreter start and a
second import of pylint/astroid (about 0.35 s) on top of our own start-up,
while in-process the import is paid once.  The 1-file target (within 5 %
of plain pylint) is only reachable in-process.  Large changes are split
over worker processes (run.py beside this module says why and how).

Module and import resolution: the changed files, and every first-party
module they reach through imports (transitively, with the packages on
the way), are written from the source (the index, a transaction) into
the workspace with their repository paths.  A sibling import therefore
resolves to the staged sibling, never to a stale working-tree copy or to
nothing, and pylint sees exactly the files the result cache keys on
(deps.py beside this module).
"""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from commit_guard.checkers.base import PASSED, CheckerResult, Context
from commit_guard.checkers.python.run import (CATEGORY_SEVERITY, cpu_times, run_pylint,
                                              start_workers)
from commit_guard.resources import rules_file
from commit_guard.route import is_python

if TYPE_CHECKING:
    from commit_guard.config import Config
    from commit_guard.sources.changeset import ChangedFile


# The repository's own pylint configuration, in pylint's own search order.
RC_CANDIDATES = ("pylintrc", ".pylintrc", "pylintrc.toml", ".pylintrc.toml")
RC_SECTIONED = (("pyproject.toml", b"[tool.pylint"), ("setup.cfg", b"[pylint."),
                ("tox.ini", b"[pylint."))

# Options through which an rcfile can make pylint import or run code, or
# write files.  Stripped from rcfiles the server does not trust.
UNSAFE_OPTIONS = frozenset({
    "init-hook", "load-plugins", "unsafe-load-any-extension", "extension-pkg-allow-list",
    "extension-pkg-whitelist", "output-format", "output", "jobs", "rcfile",
})

__all__ = ["CATEGORY_SEVERITY", "PylintChecker", "write_rcfile"]


class PylintChecker:
    name = "pylint"
    description = "pylint with the repository's rcfile or the house rules/pylintrc"
    cache_code = ("commit_guard.checkers.python.run", "commit_guard.checkers.python.deps")

    def wants(self, file: ChangedFile, config: Config) -> bool:
        return is_python(file, config)

    def cache_salt(self, ctx: Context) -> str:
        """What findings depend on besides the files: rules, arguments, tools."""
        from commit_guard.cache.store import cache_key  # pylint: disable=import-outside-toplevel

        name, data, _origin = effective_rcfile(ctx)
        return cache_key(name, data, extra_args(ctx), installed_distributions())

    def run(self, files: Sequence[ChangedFile], ctx: Context) -> CheckerResult:
        from commit_guard.cache.run import DEPS_DETAIL  # pylint: disable=import-outside-toplevel

        since = cpu_times()  # how busy the machine is while we write the workspace
        rcfile, rc_origin = write_rcfile(ctx)
        deps, targets = materialise(files, ctx)
        start_workers(targets, ctx.jobs)
        args = [f"--rcfile={rcfile}", "--persistent=n", "--score=n", "--reports=n",
                *extra_args(ctx)]
        findings = run_pylint(args, targets, ctx.workspace.root, ctx.jobs, since)
        return CheckerResult(self.name, findings, PASSED,
                             detail={"rcfile": rc_origin, DEPS_DETAIL: deps})


def extra_args(ctx: Context) -> list[str]:
    trusted = ctx.source.trusted or ctx.config.origin != "tree"
    return list(ctx.config["pylint"]["args"]) if trusted else []


def installed_distributions() -> list[str]:
    """The distributions (name and version) on sys.path, pylint and astroid
    among them: inference into an upgraded library can change findings.
    Read from directory names, so pylint itself need not be imported."""
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found += [n for n in names if n.endswith((".dist-info", ".egg-info", ".pth"))]
    return sorted(found)


def find_repo_rcfile(ctx: Context) -> tuple[str, bytes] | None:
    for name in RC_CANDIDATES:
        data = ctx.source.read(name)
        if data is not None:
            return name, data
    for name, marker in RC_SECTIONED:
        data = ctx.source.read(name)
        if data is not None and marker in data:
            return name, data
    return None


def effective_rcfile(ctx: Context) -> tuple[str, bytes, str]:
    """(file name, content as pylint will read it, where it came from)."""
    configured = ctx.config["pylint"]["rcfile"]
    if configured:
        path = Path(configured)
        if not path.is_absolute():
            data = ctx.source.read(configured)
            if data is None and (ctx.source.root / configured).is_file():
                data = (ctx.source.root / configured).read_bytes()
        else:
            data = path.read_bytes() if path.is_file() else None
        if data is None:
            from commit_guard.errors import UserError  # pylint: disable=import-outside-toplevel
            raise UserError(f"{ctx.config.origin}: pylint.rcfile {configured!r} not found")
        name, origin = Path(configured).name, configured
    else:
        found = find_repo_rcfile(ctx) if ctx.source.trusted or ctx.config["svn"][
            "allow_tree_config"] else None
        if found is None:
            name, data, origin = "pylintrc", rules_file("pylintrc"), "rules/pylintrc (house)"
        else:
            name, data = found
            origin = name
    if not ctx.source.trusted:
        data = sanitise_rcfile(name, data)
    return name, data, origin


def write_rcfile(ctx: Context) -> tuple[Path, str]:
    """Write the effective rcfile into the workspace; return (path, origin)."""
    name, data, origin = effective_rcfile(ctx)
    dest = ctx.workspace.subdir("pylint") / name
    dest.write_bytes(data)
    return dest, origin


def sanitise_rcfile(name: str, data: bytes) -> bytes:
    """Drop every option through which committed config could run code."""
    # Imported here (1 ms): only a source that is not trusted needs it.
    import configparser  # pylint: disable=import-outside-toplevel

    if name.endswith(".toml"):
        from commit_guard.config import _dump_toml, tomllib  # pylint: disable=import-outside-toplevel
        try:
            doc = tomllib.loads(data.decode("utf-8", "replace"))
        except tomllib.TOMLDecodeError:
            return b""
        pylint_tables = doc.get("tool", {}).get("pylint", {})
        clean = {"tool": {"pylint": _strip_unsafe(pylint_tables)}}
        return _dump_toml(clean).encode()
    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read_string(data.decode("utf-8", "replace"))
    except configparser.Error:
        return b""
    for section in parser.sections():
        for option in list(parser.options(section)):
            if option.replace("_", "-") in UNSAFE_OPTIONS:
                parser.remove_option(section, option)
    out = io.StringIO()
    parser.write(out)
    return out.getvalue().encode()


def _strip_unsafe(table: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key.replace("_", "-") in UNSAFE_OPTIONS:
            continue
        out[key] = _strip_unsafe(value) if isinstance(value, dict) else value
    return out


def materialise(files: Sequence[ChangedFile], ctx: Context
                ) -> tuple[dict[str, dict[str, str]], list[Path]]:
    """Write the files and every first-party module they reach into the workspace.

    Returns (dependencies per file, for the cache; the paths to check).
    """
    from commit_guard.checkers.python.deps import (  # pylint: disable=import-outside-toplevel
        Tree, dependencies, known_ids)

    contents = {f.path: f.content for f in files if f.content is not None}
    tree = Tree([*ctx.source.list_files(), *contents])  # `check PATH` may name untracked files
    deps, reached = dependencies(contents, tree, lambda paths: _read_many(ctx, paths),
                                 lambda paths: known_ids(ctx.source, paths))
    ctx.workspace.write_many(reached)
    return deps, [ctx.workspace.target(p) for p in contents]


def _read_many(ctx: Context, paths: list[str]) -> Mapping[str, bytes]:
    reader = getattr(ctx.source, "read_many", None)
    if reader is not None:
        return reader(paths)
    found = {p: ctx.source.read(p) for p in paths}
    return {p: d for p, d in found.items() if d is not None}
