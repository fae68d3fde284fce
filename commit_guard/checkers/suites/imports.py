"""A first-party import graph of Python files, from their source text.

Static only (``ast``): ``importlib.import_module("x")`` and ``__import__``
with computed names are invisible, so callers that must not miss a
dependency fall back to "everything" when they cannot be sure.  Resolution
errs towards more edges: ``from a import b`` depends on ``a`` and, when it
exists, on the submodule ``a/b``; importing ``a.b`` also runs
``a/__init__.py``.
"""
from __future__ import annotations

from collections import deque
from posixpath import dirname, join
from typing import TYPE_CHECKING, AbstractSet, Iterable, Mapping

if TYPE_CHECKING:
    import ast

# Where absolute imports are looked up, besides the importing file's own
# base directory: the repository root and the conventional src/ layout.
DEFAULT_ROOTS = ("", "src")


def first_party_imports(path: str, content: bytes, known_files: AbstractSet[str],
                        roots: Iterable[str] = DEFAULT_ROOTS) -> set[str]:
    """Repository paths of the first-party modules ``path`` imports.

    ``known_files`` is every file of the tree (repo-relative, posix); pass a
    set, it is probed many times.  A file that does not parse imports
    nothing we can know of (the linters report it).
    """
    # Here, not at the top: every check loads this module, few run suites.
    import ast  # pylint: disable=import-outside-toplevel

    try:
        tree = ast.parse(content, filename=path)
    except (SyntaxError, ValueError):
        return set()
    search = [*roots, base_dir(path, known_files)]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found |= _absolute(alias.name, search, known_files)
        elif isinstance(node, ast.ImportFrom):
            found |= _from_import(node, path, search, known_files)
    found.discard(path)
    return found


def base_dir(path: str, known_files: AbstractSet[str]) -> str:
    """The first directory above ``path`` that is not a package.

    It is on sys.path when the file runs as a script or is collected by
    pytest (rootdir-relative "prepend" import mode).
    """
    folder = dirname(path)
    while folder and join(folder, "__init__.py") in known_files:
        folder = dirname(folder)
    return folder


def _from_import(node: ast.ImportFrom, path: str, search: list[str],
                 known: AbstractSet[str]) -> set[str]:
    names = [a.name for a in node.names if a.name != "*"]
    if node.level:
        base = dirname(path)
        for _ in range(node.level - 1):
            base = dirname(base)
        parts = node.module.split(".") if node.module else []
        return _resolve_at(base, parts, names, known)
    if not node.module:
        return set()
    found = _absolute(node.module, search, known)
    for name in names:
        found |= _absolute(f"{node.module}.{name}", search, known)
    return found


def _absolute(dotted: str, search: list[str], known: AbstractSet[str]) -> set[str]:
    parts = dotted.split(".")
    found: set[str] = set()
    for root in dict.fromkeys(search):
        found |= _resolve_at(root, parts, [], known)
    return found


def _resolve_at(base: str, parts: list[str], names: list[str],
                known: AbstractSet[str]) -> set[str]:
    """Module files for ``base/parts[...]``, with package __init__s on the way."""
    found: set[str] = set()
    folder = base
    for part in parts:
        module = _module_file(folder, part, known)
        if module is None:
            return found
        found.add(module)
        folder = join(folder, part) if folder else part
    if not parts and join(folder, "__init__.py") in known:
        found.add(join(folder, "__init__.py"))
    for name in names:
        sub = _module_file(folder, name, known)
        if sub is not None:
            found.add(sub)
    return found


def _module_file(folder: str, name: str, known: AbstractSet[str]) -> str | None:
    stem = join(folder, name) if folder else name
    for candidate in (stem + ".py", join(stem, "__init__.py")):
        if candidate in known:
            return candidate
    return None


def import_graph(contents: Mapping[str, bytes], known_files: AbstractSet[str]
                 ) -> dict[str, set[str]]:
    """path -> the first-party paths it imports, for every file in ``contents``."""
    return {p: first_party_imports(p, data, known_files) for p, data in contents.items()}


def importers_closure(graph: Mapping[str, set[str]], changed: Iterable[str]) -> set[str]:
    """``changed`` plus every file importing one of them, directly or transitively."""
    reverse: dict[str, set[str]] = {}
    for importer, targets in graph.items():
        for target in targets:
            reverse.setdefault(target, set()).add(importer)
    seen = set(changed)
    queue = deque(seen)
    while queue:
        for importer in reverse.get(queue.popleft(), ()):
            if importer not in seen:
                seen.add(importer)
                queue.append(importer)
    return seen
