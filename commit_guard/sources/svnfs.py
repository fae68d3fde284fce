"""Reading a Subversion transaction in-process, with Subversion's Python bindings.

``svnlook cat`` and ``svnlook proplist`` cost a process each: a 10,000-file
commit made 20,000 of them.  The bindings (``svn.repos``, ``svn.fs``,
``svn.core``; Debian's package python3-subversion) read the same
repository-normal bytes and properties from the same libsvn in this
process.  What they return is data, as svnlook's output is: nothing read
is imported or executed.

How the bindings are reached.  The hook runs under the interpreter that
installed commit-guard, often a virtualenv or a pyenv build that does not
see the system's packages:

1. ``import svn.fs`` as any module: an interpreter that has them (the
   system Python, a virtualenv with system site packages) uses them.
2. Otherwise, the directory where the distribution installs them
   (``BINDINGS_DIRS``), when its compiled ``libsvn/_core`` module carries
   one of this interpreter's own extension suffixes (the same CPython
   version, platform and ABI; a mismatch is never loaded).  Only the two
   packages ``svn`` and ``libsvn`` are imported from there, through a
   finder that knows those two names alone: the rest of the system's
   site packages stays out of reach, and nothing is added to sys.path.

When neither works, or the repository cannot be opened with them (a
format newer than the library), the svnlook reader is used, and
``why_unavailable()`` says why.  ``COMMIT_GUARD_SVN_READER=svnlook`` turns
the bindings off; ``=fs`` makes their absence an error.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

from commit_guard.errors import UserError
from commit_guard.sources import svnlook
from commit_guard.sources.svnlook import Look, decode

READER_ENV = "COMMIT_GUARD_SVN_READER"
READERS = ("auto", "fs", "svnlook")
_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"
# Where distributions put the bindings: Debian and Ubuntu; Fedora and RHEL.
BINDINGS_DIRS = ("/usr/lib/python3/dist-packages", f"/usr/lib64/python{_VERSION}/site-packages",
                 f"/usr/lib/python{_VERSION}/site-packages")
_PACKAGES = ("svn", "libsvn")
_LOADED: list[tuple[ModuleType, ModuleType, ModuleType] | str] = []
_LOAD_LOCK = threading.Lock()
# One call into the library at a time, for every reader: the bindings take
# each call's memory from one process-wide parent pool, which is not safe
# to share between threads.
_CALLS = threading.Lock()


class _OnlySvn(importlib.abc.MetaPathFinder):
    """Finds the packages ``svn`` and ``libsvn`` in one directory, nothing else."""

    def __init__(self, where: str) -> None:
        self.where = [where]

    def find_spec(self, fullname: str, _path: Any = None,
                  _target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _PACKAGES:
            return None  # submodules are found through their package's __path__
        return importlib.machinery.PathFinder.find_spec(fullname, self.where)


def _import() -> tuple[ModuleType, ModuleType, ModuleType]:
    # Optional, and maybe reachable only through _OnlySvn: imported when asked for.
    from svn import core, fs, repos  # pylint: disable=import-outside-toplevel,import-error
    if not hasattr(core, "SVN_VER_MAJOR") or not hasattr(fs, "file_contents"):
        raise ImportError(f"the package svn at {core.__file__} is not Subversion's bindings")
    return core, fs, repos


def _bindings_dir() -> str | None:
    """The first of BINDINGS_DIRS whose compiled bindings fit this interpreter."""
    for where in BINDINGS_DIRS:
        lib = Path(where) / "libsvn"
        if (Path(where) / "svn" / "__init__.py").is_file() and any(
                (lib / f"_core{suffix}").is_file()
                for suffix in importlib.machinery.EXTENSION_SUFFIXES if suffix != ".so"):
            return where
    return None


def _load() -> tuple[ModuleType, ModuleType, ModuleType] | str:
    try:
        return _import()
    except ImportError:
        _forget()  # a half import, or another package named svn: not used
    where = _bindings_dir()
    if where is None:
        return ("not importable, and no python3-subversion built for Python "
                f"{_VERSION} ({importlib.machinery.EXTENSION_SUFFIXES[0]}) in "
                + ", ".join(BINDINGS_DIRS))
    finder = _OnlySvn(where)
    sys.meta_path.insert(0, finder)
    try:
        return _import()
    except ImportError as exc:
        _forget()
        return f"{where}: {exc}"
    finally:
        sys.meta_path.remove(finder)


def _forget() -> None:
    for name in [n for n in sys.modules if n.split(".")[0] in _PACKAGES]:
        del sys.modules[name]


def bindings() -> tuple[ModuleType, ModuleType, ModuleType] | None:
    """(svn.core, svn.fs, svn.repos), or None when they cannot be had."""
    with _LOAD_LOCK:
        if not _LOADED:
            _LOADED.append(_load())
    got = _LOADED[0]
    return None if isinstance(got, str) else got


def available() -> bool:
    return bindings() is not None


def why_unavailable() -> str:
    bindings()
    got = _LOADED[0]
    return got if isinstance(got, str) else ""


def reader_choice(explicit: str = "") -> str:
    """"auto", "fs" or "svnlook": ``explicit``, else COMMIT_GUARD_SVN_READER."""
    name = explicit or os.environ.get(READER_ENV, "") or "auto"
    if name not in READERS:
        raise UserError(f"{READER_ENV}={name!r}: expected one of {', '.join(READERS)}")
    return name


def _encode(path: str) -> bytes:
    return ("/" + path.strip("/")).encode("utf-8", "surrogateescape")


class FsReader:
    """One repository opened with the bindings; ``cat`` and ``proplist`` as
    svnlook's, for any Look of that repository."""

    def __init__(self, repos: Path) -> None:
        got = bindings()
        if got is None:
            raise UserError(f"Subversion's Python bindings: {why_unavailable()}")
        self.core, self.fs, repos_mod = got
        self._roots: dict[tuple[str | None, int | None], Any] = {}
        try:
            with _CALLS:
                self._fs = repos_mod.fs(repos_mod.open(str(repos).encode()))
        except self.core.SubversionException as exc:
            raise UserError(f"{repos}: cannot open with Subversion's Python bindings: "
                            f"{_message(exc)}") from exc

    def _root(self, look: Look) -> Any:
        key = (look.txn, look.rev)
        root = self._roots.get(key)
        if root is None:
            if look.txn is not None:
                root = self.fs.txn_root(self.fs.open_txn(self._fs, look.txn.encode()))
            else:
                rev = look.rev if look.rev is not None else self.fs.youngest_rev(self._fs)
                root = self.fs.revision_root(self._fs, rev)
            self._roots[key] = root
        return root

    def changed(self, look: Look) -> list[svnlook.Change]:
        """``svnlook changed --copy-info``, parsed, in svnlook's order (its
        path sort: "/" before any other character), without the process."""
        core, fs = self.core, self.fs
        kinds = {fs.path_change_add: "A", fs.path_change_delete: "D",
                 fs.path_change_replace: "R"}
        try:
            with _CALLS:
                root = self._root(look)
                changes = fs.paths_changed2(root)
                out = []
                for raw in sorted(changes, key=lambda name: name.replace(b"/", b"\0")):
                    change = changes[raw]
                    action = kinds.get(change.change_kind, "U" if change.text_mod else "_")
                    node = change.node_kind
                    if node not in (core.svn_node_file, core.svn_node_dir):
                        node = fs.check_path(self._base_root(look, root) if action == "D"
                                             else root, raw)
                    copied = change.copyfrom_known and change.copyfrom_path is not None
                    path, is_dir = _text(raw).strip("/"), node == core.svn_node_dir
                    if action == "R":  # svnlook prints a replacement as its delete and add
                        out.append(svnlook.Change("D", False, path, is_dir))
                        action = "A"
                    out.append(svnlook.Change(  # (svnlook flags props on a modification only)
                        action, bool(change.prop_mod) and action in "U_", path, is_dir,
                        _text(change.copyfrom_path).strip("/") if copied else None,
                        change.copyfrom_rev if copied else None))
                return out
        except core.SubversionException as exc:
            raise UserError(f"cannot list the changes with Subversion's Python bindings: "
                            f"{_message(exc)}") from exc

    def _base_root(self, look: Look, root: Any) -> Any:
        """The revision a transaction or revision ``root`` is based on."""
        base = (self.fs.txn_root_base_revision(root) if look.txn is not None
                else self.fs.revision_root_revision(root) - 1)
        return self._root(look.at(base))

    def cat(self, look: Look, path: str) -> bytes | None:
        """A file's content (repository-normal form), or None if it is not a file there."""
        return self.read(look, path, props=False)[1]

    def proplist(self, look: Look, path: str) -> dict[str, str]:
        """All versioned properties of ``path`` (none if it is absent)."""
        return self.read(look, path, content=False)[0]

    def read(self, look: Look, path: str, props: bool = True,
             content: bool = True) -> tuple[dict[str, str], bytes | None]:
        """(properties, content) of ``path``: ({}, None) if it is absent, and
        None for the content of a directory.  Content is read only when its
        properties do not mark it binary (svn:mime-type): never read just to
        be skipped."""
        core, fs = self.core, self.fs
        try:
            with _CALLS:
                root, where = self._root(look), _encode(path)
                kind = fs.check_path(root, where)
                found = {_text(k): _text(v) for k, v in fs.node_proplist(root, where).items()} \
                    if props and kind != core.svn_node_none else {}
                if not content or kind != core.svn_node_file or \
                        svnlook.is_binary_mime(found.get("svn:mime-type")):
                    return found, None
                return found, core.Stream(fs.file_contents(root, where)).read()
        except core.SubversionException as exc:  # e.g. no such transaction
            raise UserError(f"{path}: cannot read with Subversion's Python bindings: "
                            f"{_message(exc)}") from exc


def _text(value: str | bytes) -> str:
    return decode(value) if isinstance(value, bytes) else value


def _message(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
