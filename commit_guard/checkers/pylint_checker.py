"""pylint on the content being committed.

pylint runs in-process.  Measured on this machine for a one-file commit:
a `python -m pylint` subprocess costs a second interpreter start and a
second import of pylint/astroid (about 0.35 s) on top of our own start-up,
while in-process the import is paid once.  The 1-file target (within 5 %
of plain pylint) is only reachable in-process.

Module and import resolution: the changed files, and every Python file of
the top-level packages they belong to, are written from the source (the
index, a transaction) into the workspace with their repository paths.  A
sibling import therefore resolves to the staged sibling, never to a stale
working-tree copy or to nothing.
"""
from __future__ import annotations

import configparser
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from commit_guard.checkers.base import PASSED, CheckerResult, Context
from commit_guard.dispatch import is_python
from commit_guard.finding import ERROR, WARNING, Finding
from commit_guard.resources import rules_file

if TYPE_CHECKING:
    from commit_guard.changeset import ChangedFile
    from commit_guard.config import Config


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

CATEGORY_SEVERITY = {"info": WARNING}
PY_SUFFIXES = (".py", ".pyi")


class PylintChecker:
    name = "pylint"
    description = "pylint with the repository's rcfile or the house rules/pylintrc"

    def wants(self, file: ChangedFile, config: Config) -> bool:
        return is_python(file, config)

    def run(self, files: Sequence[ChangedFile], ctx: Context) -> CheckerResult:
        rcfile, rc_origin = write_rcfile(ctx)
        targets = materialise(files, ctx)
        args = [f"--rcfile={rcfile}", "--persistent=n", "--score=n", "--reports=n",
                f"--jobs={max(1, min(ctx.jobs, len(targets)))}"]
        args += list(ctx.config["pylint"]["args"]) if ctx.source.trusted or \
            ctx.config.origin != "tree" else []
        findings = run_pylint(args, targets, ctx)
        return CheckerResult(self.name, findings, PASSED,
                             detail={"rcfile": rc_origin})


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


def write_rcfile(ctx: Context) -> tuple[Path, str]:
    """Write the effective rcfile into the workspace; return (path, origin)."""
    configured = ctx.config["pylint"]["rcfile"]
    scratch = ctx.workspace.subdir("pylint")
    if configured:
        path = Path(configured)
        if not path.is_absolute():
            data = ctx.source.read(configured)
            if data is None and (ctx.source.root / configured).is_file():
                data = (ctx.source.root / configured).read_bytes()
        else:
            data = path.read_bytes() if path.is_file() else None
        if data is None:
            from commit_guard.errors import UserError
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
    dest = scratch / name
    dest.write_bytes(data)
    return dest, origin


def sanitise_rcfile(name: str, data: bytes) -> bytes:
    """Drop every option through which committed config could run code."""
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


def package_root(path: str, known: set[str]) -> str | None:
    """The top-most package directory holding ``path`` (None outside packages)."""
    parts = path.split("/")[:-1]
    top = None
    for depth in range(len(parts), 0, -1):
        directory = "/".join(parts[:depth])
        if f"{directory}/__init__.py" in known:
            top = directory
        else:
            break
    return top


def materialise(files: Sequence[ChangedFile], ctx: Context) -> list[Path]:
    """Write the files and the Python files of their packages into the workspace."""
    ws = ctx.workspace
    ws.write_many({f.path: f.content for f in files if f.content is not None})
    known = set(ctx.source.list_files())
    extra: set[str] = set()
    for f in files:
        extra.update(import_neighbourhood(f.path, known))
    wanted = ws.missing(sorted(extra))
    if wanted:
        reader = getattr(ctx.source, "read_many", None)
        contents = reader(wanted) if reader else {p: ctx.source.read(p) for p in wanted}
        ws.write_many({p: d for p, d in contents.items() if d is not None})
    return [ws.target(f.path) for f in files if f.content is not None]


def import_neighbourhood(path: str, known: set[str]) -> set[str]:
    """The Python files pylint may resolve imports of ``path`` against.

    Inside a package: the whole top-level package.  Outside one: the
    modules beside it and the packages directly below its directory.
    """
    top = package_root(path, known)
    if top is not None:
        pre = top + "/"
        return {p for p in known if p.startswith(pre) and p.endswith(PY_SUFFIXES)}
    directory = path.rpartition("/")[0]
    pre = directory + "/" if directory else ""
    found = set()
    for p in known:
        if not (p.startswith(pre) and p.endswith(PY_SUFFIXES)):
            continue
        rest = p[len(pre):]
        head = rest.split("/", 1)[0]
        if "/" not in rest or f"{pre}{head}/__init__.py" in known:
            found.add(p)
    return found


def run_pylint(args: list[str], targets: list[Path], ctx: Context) -> list[Finding]:
    # pylint is imported here, not at module level, so start-up stays cheap.
    from pylint.lint import Run  # pylint: disable=import-outside-toplevel

    root = ctx.workspace.root
    collector = _collector_class()(root)
    extra_path = [str(ctx.source.root)] if ctx.source.trusted and ctx.source.root.is_dir() else []
    saved = list(sys.path)
    sys.path.extend(extra_path)
    try:
        Run([*args, *map(str, targets)], reporter=collector, exit=False)
    finally:
        sys.path[:] = saved
    wanted = {str(t) for t in targets}
    return [f for p, f in collector.findings if p in wanted]


def _collector_class() -> type:
    from pylint.reporters import BaseReporter  # pylint: disable=import-outside-toplevel

    class Collector(BaseReporter):  # type: ignore[misc]
        name = "commit-guard"

        def __init__(self, root: Path) -> None:
            super().__init__(output=io.StringIO())
            self.root = root
            self.findings: list[tuple[str, Finding]] = []

        def handle_message(self, msg: Any) -> None:
            try:
                rel = Path(msg.abspath).relative_to(self.root).as_posix()
            except ValueError:
                rel = msg.path
            severity = CATEGORY_SEVERITY.get(msg.category, ERROR)
            self.findings.append((msg.abspath, Finding(
                "pylint", msg.msg_id, msg.symbol, rel, msg.line or 0,
                (msg.column or 0) + 1 if msg.line else 0, msg.msg or "", severity)))

        def _display(self, layout: Any) -> None:
            pass

        def display_messages(self, layout: Any) -> None:
            pass

    return Collector
