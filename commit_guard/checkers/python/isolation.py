"""The checked tree is data: this process never imports a file of it.

pylint puts the directories of the files it checks first on sys.path while
it runs (so that astroid finds their imports), and meanwhile imports
modules lazily: isort for wrong-import-order, enchant for the spelling
checker (not even installed here, so any ``enchant.py`` on the path would
do).  A checked ``isort.py`` was imported instead of the real one and ran
as the user of the check, even when the commit was rejected.

The rule, for as long as pylint runs (``guarded``): the import system
never loads anything from a directory of the checked tree, wherever that
directory is on sys.path.  A path hook answers for every directory under
the workspace with a finder that finds nothing, so an import falls
through to the standard library and the site directories, or fails.
This covers the lazy imports of pylint, its checkers and astroid (which
asks ``importlib.util.find_spec`` about stdlib sub-modules), every other
thread of this process, and forked pylint processes, which inherit it.
``sitecustomize``, ``usercustomize`` and ``.pth`` files are only read
when an interpreter starts, from site directories; the workspace is never
one, and the worker interpreters we start run in a directory of their own
(worker.py).

Why the tree's directories are not simply moved behind the standard
library and the site directories instead: astroid finds modules for
inference by reading sys.path itself, without the import system, in
order.  Behind site-packages, this repository's own ``tests`` package
resolved to an installed distribution's ``tests`` (phply ships one), and
``from tests.helpers import ...`` became E0401; the same for a project
package named like a stdlib module (``test``, ``email``, ``calendar``).
So astroid keeps pylint's order, which is Python's own order when the
project runs, and the import system is shut out of the tree instead.
"""
from __future__ import annotations

import importlib.machinery
import os
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

_LOCK = threading.Lock()
_ROOTS: dict[str, int] = {}  # guarded roots (real paths) -> how many runs guard them
# What makes a name a module or a regular package (FileFinder's order: a
# module file wins over a namespace directory); .pyi for astroid.
_SUFFIXES = (*importlib.machinery.all_suffixes(), ".pyi")


class _FindsNothing:
    """A path-entry finder for a tree directory: nothing there is importable,
    except a namespace package portion, which has no code to run.  astroid
    asks the import system (``importlib.util._find_spec_from_path``) whether
    a directory is a namespace package; without the portion every namespace
    package of the tree would be import-error."""

    def __init__(self, entry: str) -> None:
        self.entry = entry

    def find_spec(self, fullname: str, target: Any = None) -> Any:  # pylint: disable=unused-argument
        tail = fullname.rpartition(".")[2]
        folder = os.path.join(self.entry, tail)
        code = [os.path.join(folder, "__init__" + s) for s in _SUFFIXES]
        code += [os.path.join(self.entry, tail + s) for s in _SUFFIXES]
        if not os.path.isdir(folder) or any(map(os.path.exists, code)):
            return None  # a package or module (never loaded from here), or nothing
        # No loader: importing a namespace package runs nothing.
        spec = importlib.machinery.ModuleSpec(fullname, None, is_package=True)
        spec.submodule_search_locations = [folder]
        return spec

    def invalidate_caches(self) -> None:
        pass


def _under(entry: str, roots: Iterable[str]) -> bool:
    try:
        real = os.path.realpath(entry or os.getcwd())
    except (OSError, ValueError):
        return False
    return any(real == root or real.startswith(root + os.sep) for root in roots)


def _path_hook(entry: str) -> _FindsNothing:
    with _LOCK:
        roots = list(_ROOTS)
    if _under(entry, roots):
        return _FindsNothing(entry or os.getcwd())
    raise ImportError("not a checked tree")  # the next hook handles it


def _drop_cached(roots: Iterable[str]) -> None:
    for entry in list(sys.path_importer_cache):
        if _under(entry, roots):
            sys.path_importer_cache.pop(entry, None)


@contextmanager
def guarded(root: Path, search: list[str] | None = None) -> Iterator[None]:
    """While inside: nothing under ``root`` is importable, and sys.path is
    ``search`` (searchpath.py; by default ours, and ``root``, the repository
    root's image).  sys.path is restored on the way out."""
    real = os.path.realpath(root)
    with _LOCK:
        _ROOTS[real] = _ROOTS.get(real, 0) + 1
        if _path_hook not in sys.path_hooks:
            sys.path_hooks.insert(0, _path_hook)
    _drop_cached([real])  # a finder cached before the hook would bypass it
    saved = list(sys.path)
    cwd = os.getcwd()
    # Nothing resolves against the work tree (the cwd of `python -m`): what
    # pylint sees is exactly what the cache key covers.
    sys.path[:] = search if search is not None else \
        [p for p in sys.path if p not in ("", ".", cwd)] + [str(root)]
    try:
        yield
    finally:
        sys.path[:] = saved
        with _LOCK:
            _ROOTS[real] -= 1
            if not _ROOTS[real]:
                del _ROOTS[real]
        _drop_cached([real])


def map_work_tree(tree_root: str, image: Path, planned: Iterable[str]) -> None:
    """Replace every sys.path entry in the work tree ``tree_root`` that is not
    ``planned`` (relative ones are relative to it, as for pylint run at the
    root) by its image under ``image``, which holds the committed content."""
    real_root = os.path.realpath(tree_root)
    keep = set(planned)
    for index, entry in enumerate(sys.path):
        if entry in keep:
            continue
        real = os.path.realpath(os.path.join(tree_root, entry))
        if real == real_root or real.startswith(real_root + os.sep):
            sys.path[index] = str(image / os.path.relpath(real, real_root))
    _drop_cached([str(image)])
