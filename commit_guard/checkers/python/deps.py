"""What pylint's findings for a file depend on, besides the file itself.

pylint infers through imports, so a file's findings change when a
first-party module it imports (directly or through other modules)
changes, appears, or disappears.  For every checked file this computes
its *dependencies*: every first-party module it reaches transitively, by
content id, and the outcome of every module look-up made on the way
(``"pkg/mod?" -> "f:pkg/mod.py"``, ``"os?" -> ""`` for not first-party),
so that adding ``os.py`` to the repository is a change too.  The same
walk gives the set of files to materialise for pylint.

The walk is static (``ast``) and errs towards more: imports anywhere in
the file, inside functions and ``try`` blocks, count.

A module's content id is git's blob id: the source's own where it has
one without reading the content (``blob_ids``: the index of a staged
change), else computed from the bytes (``blob_id``).  Both give the same
id for the same content, so a warm re-check of a staged change reads
none of the modules it depends on.
"""
from __future__ import annotations

from collections import deque
from posixpath import dirname, join
from typing import TYPE_CHECKING, AbstractSet, Callable, Iterable, Mapping, Sequence

if TYPE_CHECKING:
    import ast

IdsOf = Callable[[list[str]], Mapping[str, str]]
# Search roots for absolute imports: (tree directory, only this top-level
# name or "" for any), in sys.path order (searchpath.py).
Roots = Sequence[tuple[str, str]]
ROOTS_KEY = "?roots"  # the run's ordered roots, recorded with every entry

PKG_INITS = ("__init__.py", "__init__.pyi")
MOD_SUFFIXES = (".py", ".pyi")


def blob_id(data: bytes) -> str:
    """git's id for a blob of ``data`` (``git hash-object``, SHA-1 repositories)."""
    import hashlib  # pylint: disable=import-outside-toplevel  # not on a warm re-check (sha.py)

    digest = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    digest.update(data)
    return digest.hexdigest()


def known_ids(source: object, paths: list[str]) -> dict[str, str]:
    """The blob ids ``source`` knows for ``paths`` without reading them (may be none)."""
    lookup = getattr(source, "blob_ids", None)
    return dict(lookup(paths)) if lookup is not None and paths else {}


class Tree:
    """The file list of the state being checked, for module look-ups."""

    def __init__(self, known: Iterable[str]) -> None:
        self.known: AbstractSet[str] = set(known)
        dirs: set[str] = set()
        # Each file's folder once, then their parents: a 100,000-file index
        # took 0.18 s with dirname per file (rpartition is dirname for git's
        # normalised relative paths).
        for folder in {path.rpartition("/")[0] for path in self.known}:
            while folder and folder not in dirs:
                dirs.add(folder)
                folder = folder.rpartition("/")[0]
        self.dirs = dirs

    def lookup(self, stem: str) -> str:
        """How ``stem`` (a path without suffix) resolves as a module.

        ``"p:<init>"`` a package, ``"f:<file>"`` a module file, ``"n"`` a
        namespace directory, ``""`` nothing.  Packages win over modules,
        as in Python's path finder.
        """
        if stem in self.dirs:
            for init in PKG_INITS:
                if join(stem, init) in self.known:
                    return "p:" + join(stem, init)
        for suffix in MOD_SUFFIXES:
            if stem + suffix in self.known:
                return "f:" + stem + suffix
        return "n" if stem in self.dirs else ""

    def base_dir(self, path: str) -> str:
        """The first directory above ``path`` that is not a package (on sys.path)."""
        folder = dirname(path)
        while folder and any(join(folder, i) in self.known for i in PKG_INITS):
            folder = dirname(folder)
        return folder


def imported_names(path: str, content: bytes) -> list[tuple[int, list[str], list[str]]]:
    """(level, module parts, imported names) for every import statement.

    An attribute chain on an imported name (``pkg.sub.f()`` after ``import
    pkg``) counts as an import of ``pkg.sub`` too: astroid loads a package's
    submodule when code reaches it through the package.
    """
    import ast  # pylint: disable=import-outside-toplevel  # on a miss only

    try:
        tree = ast.parse(content, filename=path)
    except (SyntaxError, ValueError):
        return []
    found: list[tuple[int, list[str], list[str]]] = []
    bound: dict[str, tuple[int, list[str]]] = {}
    chains: set[tuple[str, ...]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                found.append((0, parts, []))
                bound[alias.asname or parts[0]] = (0, parts if alias.asname else parts[:1])
        elif isinstance(node, ast.ImportFrom):
            parts = node.module.split(".") if node.module else []
            names = [a.name for a in node.names if a.name != "*"]
            found.append((node.level, parts, names))
            for alias in node.names:
                if alias.name != "*":
                    bound[alias.asname or alias.name] = (node.level, [*parts, alias.name])
        elif isinstance(node, ast.Attribute):
            chain = _chain(node)
            if chain:
                chains.add(chain)
    for chain in chains:
        if chain[0] in bound:
            level, parts = bound[chain[0]]
            found.append((level, [*parts, *chain[1:]], []))
    return found


def _chain(node: ast.Attribute) -> tuple[str, ...] | None:
    import ast  # pylint: disable=import-outside-toplevel  # see imported_names

    names = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        names.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Name):
        return None
    return (current.id, *reversed(names))


def own_lookups(path: str, content: bytes, tree: Tree,
                roots: Roots | None = None) -> dict[str, str]:
    """The look-ups ``path`` makes: ``{stem + "?": outcome}``, its package chain included.

    ``roots``: where absolute imports are searched (default: the file's own
    base directory and the root).
    """
    probes: dict[str, str] = {}
    folder = dirname(path)
    while folder:  # pylint names the module from the __init__ files above it
        probes[folder + "?"] = tree.lookup(folder)
        folder = dirname(folder)
    if roots is None:
        roots = list(dict.fromkeys(((tree.base_dir(path), ""), ("", ""))))
    for level, parts, names in imported_names(path, content):
        if level:
            base = dirname(path)
            for _ in range(level - 1):
                base = dirname(base)
            _walk(base, parts, names, tree, probes)
            continue
        for base, only in roots:
            if not only or (parts[:1] or names[:1]) == [only]:
                _walk(base, parts, names, tree, probes)
    return probes


def _walk(base: str, parts: list[str], names: list[str], tree: Tree,
          probes: dict[str, str]) -> None:
    folder = base
    for part in parts:
        stem = join(folder, part) if folder else part
        outcome = tree.lookup(stem)
        probes[stem + "?"] = outcome
        if outcome in ("", ) or outcome.startswith("f:"):
            return  # a module file has no submodules; nothing means not ours
        folder = stem
    for name in names:
        stem = join(folder, name) if folder else name
        probes[stem + "?"] = tree.lookup(stem)


def resolved_files(probes: Mapping[str, str]) -> set[str]:
    return {outcome[2:] for outcome in probes.values() if outcome[:2] in ("p:", "f:")}


def dependencies(files: Mapping[str, bytes], tree: Tree,
                 read_many: Callable[[list[str]], Mapping[str, bytes]],
                 ids_of: IdsOf | None = None, roots: Roots | None = None,
                 roots_key: str = ""
                 ) -> tuple[dict[str, dict[str, str]], dict[str, bytes]]:
    """(per checked file: its dependencies, every module file reached with its content).

    Dependencies map module paths to content ids and look-ups to outcomes,
    and ``ROOTS_KEY`` to ``roots_key`` when one is given.
    ``ids_of(paths)``: the ids the source knows (see ``known_ids``).
    """
    contents: dict[str, bytes] = dict(files)
    lookups: dict[str, dict[str, str]] = {}
    queue = deque(files)
    while queue:
        batch = []
        while queue:
            path = queue.popleft()
            if path in lookups:
                continue
            lookups[path] = own_lookups(path, contents[path], tree, roots)
            batch += [p for p in resolved_files(lookups[path]) if p not in contents]
        if batch:
            # One read per level of the walk: a git cat-file --batch, not one per file.
            got = read_many(sorted(set(batch)))
            for path in set(batch):
                contents[path] = got.get(path, b"")
                queue.append(path)
    ids = dict(ids_of(sorted(contents))) if ids_of is not None else {}
    ids.update({path: blob_id(data) for path, data in contents.items() if path not in ids})
    result = {}
    for path in files:
        deps: dict[str, str] = {ROOTS_KEY: roots_key} if roots_key else {}
        for reached in _closure(path, lookups):
            deps.update(lookups[reached])
            if reached != path:
                deps[reached] = ids[reached]
        result[path] = deps
    return result, contents


def _closure(start: str, lookups: Mapping[str, dict[str, str]]) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in resolved_files(lookups.get(queue.popleft(), {})):
            if nxt not in seen and nxt in lookups:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def unchanged(deps: Mapping[str, str], current: Callable[[str], str]) -> bool:
    """True if every dependency is as recorded (``current(key)``: its value now)."""
    return all(current(key) == recorded for key, recorded in deps.items())


def current_values(tree: Tree, ids: Mapping[str, str],
                   roots_key: str = "") -> Callable[[str], str]:
    """``key -> value now`` for dependency keys, memoised: the entries of one
    run share most of their look-ups."""
    memo: dict[str, str] = {ROOTS_KEY: roots_key}

    def current(key: str) -> str:
        value = memo.get(key)
        if value is None:
            value = tree.lookup(key[:-1]) if key.endswith("?") else ids.get(key, "")
            memo[key] = value
        return value

    return current
