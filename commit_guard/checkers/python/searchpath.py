"""The module search path pylint gets: plain pylint's, on a clean checkout.

Plain pylint, run at the root of a clean checkout of the committed tree
inside the project's environment, searches, in order:

1. the base directory of every file it lints (pylint adds these itself:
   the first directory up without ``__init__.py``, or a ``source-roots``
   entry holding the file);
2. PYTHONPATH;
3. the standard library and commit-guard's own site-packages (pylint's
   and astroid's versions win: a project's old astroid must not shadow
   them);
4. the project environment's site-packages with their ``.pth`` entries
   (an editable install of the project points back into the tree), and
   what an init-hook appends.

Every entry of that list is an ``Entry``: a directory of the checked
tree (``tree``, relative), which pylint is given as its image in the
workspace, holding the committed content, never the work tree's; or a
directory outside it (``ext``), used as it is.  The repository root is
on the path only where one of these puts it.  ``fingerprint`` covers
everything outside the tree that can change a finding, for the cache.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from posixpath import dirname
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple, Sequence

from commit_guard.checkers.python import environment as envs
from commit_guard.errors import UserError
from commit_guard.sha import sha256

if TYPE_CHECKING:
    from commit_guard.checkers.base import Context

EDITABLE_DIR = ".commit-guard/editable"  # workspace dirs holding one editable name each
WALK_SUFFIXES = (".py", ".pyi", ".so", ".pyd", ".pth")
MAX_WALK = 200_000  # entries of one external directory taken into its fingerprint


class Entry(NamedTuple):
    kind: str  # "tree" (path relative to the root, "" the root) or "ext" (absolute)
    path: str
    name: str = ""  # a setuptools editable mapping: only this top-level name


class SearchPath(NamedTuple):
    front: tuple[Entry, ...]  # PYTHONPATH, and init-hook insertions
    own: tuple[str, ...]  # commit-guard's own entries, unchanged
    back: tuple[Entry, ...]  # the project environment, and init-hook appends
    env: envs.Environment | None
    fingerprint: str

    def tree_entries(self) -> list[Entry]:
        return [e for e in (*self.front, *self.back) if e.kind == "tree"]

    def sys_path(self, workspace: Path) -> list[str]:
        """The entries as pylint gets them (before its own base directories)."""
        def place(entries: Iterable[Entry]) -> list[str]:
            out = []
            for index, entry in enumerate(entries):
                if entry.kind == "ext":
                    out.append(entry.path)
                elif entry.name:
                    out.append(str(workspace / EDITABLE_DIR / str(index)))
                else:
                    out.append(str(workspace / entry.path) if entry.path else str(workspace))
            return out
        return [*place(self.front), *self.own, *place(self.back)]

    def link_editables(self, workspace: Path) -> None:
        """One directory per editable name, holding only a link to the name's
        image (the finder exposes that name and nothing beside it)."""
        for index, entry in enumerate(self.back):
            if entry.kind == "tree" and entry.name:
                folder = workspace / EDITABLE_DIR / str(index)
                folder.mkdir(parents=True, exist_ok=True)
                link = folder / Path(entry.path).name
                if not link.exists():
                    os.symlink(workspace / entry.path, link)


def _real(path: str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return path


def _inside(real: str, folder: str | None) -> bool:
    return folder is not None and (real == folder or real.startswith(folder + os.sep))


def classify(path: str, root: str | None, env: str | None = None) -> Entry:
    """``path`` (absolute) as a tree entry where it lies in the work tree
    ``root``, unless it is in the environment ``env`` (a .venv at the root is
    the project's installed packages, not its committed content)."""
    real = _real(path)
    if _inside(real, root) and not _inside(real, env):
        rel = Path(os.path.relpath(real, root)).as_posix()
        return Entry("tree", "" if rel == "." else rel)
    return Entry("ext", path)


def source_roots(ctx: Context, values: list[str]) -> list[str]:
    """The rcfile's source-roots (``values``) as tree directories (relative to
    the root, where plain pylint is run); globs match the tree's directories."""
    from fnmatch import fnmatchcase  # pylint: disable=import-outside-toplevel

    roots: list[str] = []
    patterns = [p.strip() for v in values for p in v.split(",")]
    dirs: set[str] | None = None
    for pattern in filter(None, patterns):
        pattern = pattern.rstrip("/").removeprefix("./")
        if os.path.isabs(pattern) or ".." in pattern.split("/"):
            raise UserError(f"source-roots {pattern!r}: give a path inside the repository")
        if any(c in pattern for c in "*?["):
            if dirs is None:
                dirs = {dirname(p) for p in ctx.source.list_files()}
                dirs |= {d2 for d in list(dirs) for d2 in _parents(d)}
            roots += sorted(d for d in dirs if fnmatchcase(d, pattern))
        else:
            roots.append(pattern)
    return list(dict.fromkeys(roots))


def _parents(folder: str) -> Iterable[str]:
    while folder:
        yield folder
        folder = dirname(folder)


def base_dirs(paths: Sequence[str], roots: Sequence[str], has_init: object) -> list[str]:
    """pylint's discover_package_path for each of ``paths`` (sorted, as linted):
    a source root holding the file, else the first directory up without
    ``__init__.py`` (``has_init(dir)``)."""
    found = []
    for path in sorted(paths):
        folder = dirname(path)
        for root in roots:
            if _related(folder, root):
                found.append(root)
                break
        else:
            while folder and has_init(folder):  # type: ignore[operator]
                folder = dirname(folder)
            found.append(folder)
    return list(dict.fromkeys(found))


def _related(one: str, other: str) -> bool:
    """pylint's test: one of the two directories holds the other."""
    return (one == other or not one or not other or one.startswith(other + "/")
            or other.startswith(one + "/"))


def plan(ctx: Context, options: Callable[[str], list[str]]) -> SearchPath:
    """The search path for this check; computed once per check.
    ``options(name)``: the values of a pylint option (rcfile and arguments)."""
    memo = ctx.memo
    if "searchpath" not in memo:
        memo["searchpath"] = _plan(ctx, options("init-hook"))
    return memo["searchpath"]


def _plan(ctx: Context, hooks: list[str]) -> SearchPath:
    root = _real(str(ctx.source.root)) if ctx.source.trusted else None
    env = envs.for_source(ctx.source, ctx.config)
    base = root or os.getcwd()  # relative entries: as for pylint run at the root
    pythonpath = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    hook_front, hook_back = _init_hook_paths(hooks)
    front = [classify(os.path.join(base, p), root) for p in [*pythonpath, *hook_front]]
    own, back = _own_entries(root, {_real(os.path.join(base, p)) for p in pythonpath})
    env_entries, texts = _env_entries(env, root)
    back += env_entries + [classify(os.path.join(base, p), root) for p in hook_back]
    front, back = _dedupe(front, own), _dedupe(back, own, front)
    sites = set(env.site_dirs) if env else set()
    walked = [f"{e.path}\0{_dir_fingerprint(e.path)}" for e in (*front, *back)
              if e.kind == "ext" and e.path not in sites]
    digest = sha256("\n".join([
        env.describe() if env else "", os.environ.get("PYTHONPATH", ""),
        *map(repr, front), *own, *map(repr, back), *texts, *walked,
        *installed_distributions(own)]).encode("utf-8", "surrogateescape"))
    return SearchPath(tuple(front), tuple(own), tuple(back), env, digest.hexdigest())


def _own_entries(root: str | None, pythonpath: set[str]) -> tuple[list[str], list[Entry]]:
    """(commit-guard's own sys.path, its entries in the work tree).  The
    latter are our own editable install when commit-guard checks its own
    repository: they are given as the checked content, after ours."""
    own: list[str] = []
    in_tree: list[Entry] = []
    cwd = _real(os.getcwd())
    for entry in sys.path:
        if entry in ("", ".") or _real(entry) in (cwd, *pythonpath):
            continue
        placed = classify(entry, root)
        if placed.kind == "tree":
            in_tree.append(placed)
        else:
            own.append(entry)
    return own, in_tree


def _env_entries(env: envs.Environment | None, root: str | None
                 ) -> tuple[list[Entry], list[str]]:
    """(the project environment's entries, what of it goes into the key
    besides them: its distributions and .pth files)."""
    if env is None:
        return [], []
    entries: list[Entry] = []
    texts: list[str] = []
    home = _real(env.path if Path(env.path).is_dir() else str(Path(env.path).parent.parent))
    for site in env.site_dirs:
        found = envs.pth_entries(site)
        texts += [site, *envs.distributions(site), *found.texts]
        entries += [classify(p, root, home) for p in (site, *found.paths)]
        for name, target in sorted(found.editable.items()):
            entry = classify(target, root, home)
            # Outside the tree: its directory, a little more than the finder gives.
            entries.append(entry._replace(name=name) if entry.kind == "tree"
                           else Entry("ext", os.path.dirname(target)))
    return entries, texts


def _dedupe(entries: list[Entry], own: list[str], *before: list[Entry]) -> list[Entry]:
    seen = {("ext", _real(p)) for p in own} | {(e.kind, e.path, e.name) for b in before
                                                for e in b}
    out = []
    for entry in entries:
        key = (entry.kind, _real(entry.path) if entry.kind == "ext" else entry.path, entry.name)
        if entry.kind == "ext" and ("ext", _real(entry.path)) in seen:
            continue
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def _init_hook_paths(hooks: list[str]) -> tuple[list[str], list[str]]:
    """The sys.path entries the init-hook adds, (inserted in front, appended).

    pylint runs the init-hook when it starts; the directories it adds must be
    known before, so that their modules are written into the workspace and
    the cache key covers them.  So it is run here once more, on a copy of
    sys.path, and only what it does to sys.path is kept.  Only a trusted
    configuration has one (a committed rcfile on the server loses it).
    """
    if not hooks:
        return [], []
    saved = list(sys.path)
    try:
        for hook in hooks:
            exec(_unquote(hook), {"__name__": "pylint_init_hook"})  # pylint: disable=exec-used
    except Exception as exc:
        raise UserError(f"pylint init-hook failed: {type(exc).__name__}: {exc}") from None
    finally:
        after, sys.path[:] = list(sys.path), saved
    first = after.index(saved[0]) if saved and saved[0] in after else 0
    added = [(i, p) for i, p in enumerate(after) if p not in saved]
    return [p for i, p in added if i < first], [p for i, p in added if i >= first]


def _unquote(value: str) -> str:
    """pylint's own: one pair of surrounding quotes is dropped."""
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _dir_fingerprint(path: str) -> str:
    """Names, sizes and times of the modules below an external directory."""
    digest = sha256()
    count = 0
    for folder, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(WALK_SUFFIXES):
                continue
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            digest.update(f"{folder}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode(
                "utf-8", "surrogateescape"))
            count += 1
            if count >= MAX_WALK:
                return digest.hexdigest() + "+"
    return digest.hexdigest()


def installed_distributions(entries: Iterable[str]) -> list[str]:
    """The distributions (name and version) and .pth files in ``entries``,
    pylint and astroid among them: inference into an upgraded library can
    change findings.  Read from directory names, so nothing is imported."""
    found = []
    for entry in entries:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found += [n for n in names if n.endswith((".dist-info", ".egg-info", ".pth"))]
    return sorted(found)


def roots_key(plan_: SearchPath, bases: Sequence[str]) -> str:
    """The ordered first-party search roots of a run, for the cache: a run
    whose files have other base directories resolves imports differently."""
    return "\0".join([*bases, *(repr(e) for e in plan_.tree_entries())])


def walk_roots(plan_: SearchPath, bases: Sequence[str]) -> list[tuple[str, str]]:
    """(root directory, only this top-level name or "") for the import walk."""
    roots = [(b, "") for b in bases]
    for entry in plan_.tree_entries():
        if entry.name:
            roots.append((dirname(entry.path), entry.name))
        else:
            roots.append((entry.path, ""))
    return list(dict.fromkeys(roots))
