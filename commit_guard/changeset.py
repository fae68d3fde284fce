"""The change model: which files a check covers, with their content as bytes.

A *source* knows where content comes from (the git index, the disk, an svn
transaction).  Everything downstream sees only ``ChangedFile`` records and
the small ``Source`` protocol, so adding a source touches nothing else.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Protocol

from commit_guard import git
from commit_guard.errors import UserError

ADDED, MODIFIED, DELETED, RENAMED, COPIED = "A", "M", "D", "R", "C"

FILE, SYMLINK, SUBMODULE = "file", "symlink", "submodule"

DEFAULT_MAX_SIZE = 1024 * 1024

# Version-control and tool directories never hold code to check.
SKIP_DIRS = frozenset({".git", ".svn", ".hg", "__pycache__", ".tox", ".nox", ".venv",
                       "node_modules", ".mypy_cache", ".pytest_cache"})


@dataclass(frozen=True)
class ChangedFile:
    """One file of a change.

    ``content`` is None when there is nothing to check: a deletion, a
    submodule, or a file over the size limit (then ``too_large`` is set).
    ``blob`` identifies the content (a git blob id, or a SHA-1 of the bytes)
    so results can be cached by it.
    """

    path: str
    status: str
    content: bytes | None
    old_path: str | None = None
    kind: str = FILE
    size: int = 0
    blob: str = ""
    too_large: bool = False
    binary_hint: bool = False  # e.g. svn:mime-type says binary

    @property
    def is_binary(self) -> bool:
        if self.binary_hint:
            return True
        return self.content is not None and b"\0" in self.content[:8000]

    @property
    def checkable(self) -> bool:
        return (self.status != DELETED and self.kind == FILE and self.content is not None
                and not self.is_binary)


class Source(Protocol):
    """Where a change comes from.  ``root`` is what report paths are relative to."""

    kind: str
    root: Path
    trusted: bool  # may the checked tree's own config make us run things?

    def files(self) -> list[ChangedFile]:
        """The files of the change (deleted ones included, marked D)."""

    def read(self, path: str) -> bytes | None:
        """Any file's content in the state being checked (None if absent)."""

    def list_files(self, prefix: str = "") -> list[str]:
        """All file paths in the state being checked, under ``prefix``."""

    def read_old(self, path: str) -> bytes | None:
        """A file's content before the change (None for new files)."""

    def tree(self, dest: Path) -> Path:
        """A directory holding the whole tree in the state being checked.

        ``dest`` is a fresh directory the caller owns (inside the
        workspace); a source may return another directory instead (the
        work tree itself, when that is the state being checked).
        """


def content_id(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def make_file(path: str, status: str, data: bytes | None, max_size: int,
              old_path: str | None = None, kind: str = FILE, blob: str = "") -> ChangedFile:
    size = len(data) if data is not None else 0
    too_large = data is not None and size > max_size
    return ChangedFile(
        path=path, status=status,
        content=None if too_large else data,
        old_path=old_path, kind=kind, size=size,
        blob=blob or (content_id(data) if data is not None else ""),
        too_large=too_large,
    )


@dataclass
class GitStagedSource:
    """What ``git commit`` would record: content comes from the index.

    GIT_INDEX_FILE is honoured through the environment, so ``git commit -a``
    and ``git commit PATH`` (which stage into a temporary index) work.
    """

    root: Path
    max_size: int = DEFAULT_MAX_SIZE
    kind: str = "staged"
    trusted: bool = True
    _index: dict[str, git.IndexEntry] | None = field(default=None, repr=False)

    def files(self) -> list[ChangedFile]:
        entries = git.staged_diff(self.root)
        live = [e for e in entries if e.status != DELETED and e.new_mode not in (git.GITLINK_MODE,)]
        # Sizes first: an oversized blob (a staged data dump) is never read into memory.
        sizes = git.blob_sizes((e.new_sha for e in live), self.root)
        blobs = git.cat_blobs((e.new_sha for e in live
                               if sizes.get(e.new_sha, 0) <= self.max_size), self.root)
        result = []
        for e in entries:
            if e.status == DELETED:
                result.append(ChangedFile(e.path, DELETED, None, e.old_path))
                continue
            if e.new_mode == git.GITLINK_MODE:
                result.append(ChangedFile(e.path, e.status, None, e.old_path, kind=SUBMODULE))
                continue
            kind = SYMLINK if e.new_mode == git.SYMLINK_MODE else FILE
            status = MODIFIED if e.status == "T" else e.status
            size = sizes.get(e.new_sha, 0)
            if size > self.max_size:
                result.append(ChangedFile(e.path, status, None, e.old_path, kind, size,
                                          e.new_sha, too_large=True))
                continue
            result.append(make_file(e.path, status, blobs.get(e.new_sha), self.max_size,
                                    e.old_path, kind, e.new_sha))
        return result

    def _entries(self) -> dict[str, git.IndexEntry]:
        if self._index is None:
            self._index = {e.path: e for e in git.ls_index(self.root)}
        return self._index

    def read(self, path: str) -> bytes | None:
        entry = self._entries().get(path)
        if entry is None or entry.mode in (git.GITLINK_MODE, git.SYMLINK_MODE):
            return None
        return git.cat_blobs([entry.sha], self.root).get(entry.sha)

    def read_many(self, paths: Iterable[str]) -> dict[str, bytes]:
        index = self._entries()
        wanted = {p: index[p].sha for p in paths
                  if p in index and index[p].mode not in (git.GITLINK_MODE, git.SYMLINK_MODE)}
        blobs = git.cat_blobs(wanted.values(), self.root)
        return {p: blobs[s] for p, s in wanted.items() if s in blobs}

    def blob_ids(self, paths: Iterable[str]) -> dict[str, str]:
        """The index's blob id of each of ``paths`` that ``read_many`` would read,
        without reading it (the result cache compares these)."""
        index = self._entries()
        return {p: index[p].sha for p in paths
                if p in index and index[p].mode not in (git.GITLINK_MODE, git.SYMLINK_MODE)}

    def list_files(self, prefix: str = "") -> list[str]:
        paths = self._entries()
        if not prefix:
            return list(paths)
        pre = prefix.rstrip("/") + "/"
        return [p for p in paths if p.startswith(pre)]

    def read_old(self, path: str) -> bytes | None:
        return git.head_blob(self.root, path)

    def tree(self, dest: Path) -> Path:
        # checkout-index with --prefix writes only under dest: it neither
        # locks nor refreshes the index and never touches the work tree.
        # Symlinks stay symlinks; a submodule becomes an empty directory.
        dest.mkdir(parents=True, exist_ok=True)
        git.git("checkout-index", "-a", "-f", f"--prefix={dest}/", cwd=self.root)
        return dest


@dataclass
class DiskSource:
    """Files on disk: ``check PATH...`` and ``check --all``.

    Inside a git work tree, directories are expanded with git so .gitignore
    is respected; outside one, they are walked.
    """

    root: Path
    paths: list[str]
    in_git: bool
    max_size: int = DEFAULT_MAX_SIZE
    kind: str = "paths"
    trusted: bool = True

    def _rel(self, p: Path) -> str:
        return p.resolve().relative_to(self.root.resolve()).as_posix()

    def _expand(self) -> list[str]:
        if self.kind == "all":
            if self.in_git:
                return [p for p in git.ls_files(self.root) if (self.root / p).is_file()
                        or (self.root / p).is_symlink()]
            return self._walk(self.root)
        out: list[str] = []
        for raw in self.paths:
            p = Path(raw)
            if not p.exists() and not p.is_symlink():
                raise UserError(f"{raw}: no such file or directory")
            try:
                rel = self._rel(p)
            except ValueError as exc:
                raise UserError(f"{raw}: outside the repository {self.root}") from exc
            if p.is_dir():
                if self.in_git:
                    out += git.ls_files(self.root, rel if rel != "." else "", others=True) \
                        if rel != "." else git.ls_files(self.root, others=True)
                else:
                    out += self._walk(p)
            else:
                out.append(rel)
        return list(dict.fromkeys(out))

    def _walk(self, top: Path) -> list[str]:
        found = []
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                found.append(self._rel(Path(dirpath) / name))
        return found

    def files(self) -> list[ChangedFile]:
        result = []
        for rel in self._expand():
            full = self.root / rel
            if full.is_symlink():
                result.append(ChangedFile(rel, MODIFIED, None, kind=SYMLINK))
                continue
            if full.is_dir():
                # A directory tracked as a gitlink (submodule).
                result.append(ChangedFile(rel, MODIFIED, None, kind=SUBMODULE))
                continue
            try:
                data = full.read_bytes()
            except OSError as exc:
                raise UserError(f"{rel}: cannot read: {exc.strerror}") from exc
            result.append(make_file(rel, MODIFIED, data, self.max_size))
        return result

    def read(self, path: str) -> bytes | None:
        full = self.root / path
        try:
            return full.read_bytes() if full.is_file() else None
        except OSError:
            return None

    def read_many(self, paths: Iterable[str]) -> dict[str, bytes]:
        out = {}
        for p in paths:
            data = self.read(p)
            if data is not None:
                out[p] = data
        return out

    def list_files(self, prefix: str = "") -> list[str]:
        top = self.root / prefix if prefix else self.root
        if self.in_git:
            return git.ls_files(self.root, prefix, others=True) if prefix else \
                git.ls_files(self.root, others=True)
        return self._walk(top) if top.is_dir() else []

    def read_old(self, path: str) -> bytes | None:
        if self.in_git:
            return git.head_blob(self.root, path)
        return None

    def tree(self, dest: Path) -> Path:
        # PATHS and --all check the disk, so suites run on the work tree.
        del dest
        return self.root


def source_for(paths: list[str], all_files: bool, max_size: int = DEFAULT_MAX_SIZE,
               cwd: Path | None = None) -> Source:
    """Pick the source the CLI arguments ask for."""
    cwd = cwd or Path.cwd()
    top = git.toplevel(cwd)
    if all_files:
        if paths:
            raise UserError("--all takes no PATH arguments")
        return DiskSource(top or cwd, [], top is not None, max_size, kind="all")
    if paths:
        return DiskSource(top or cwd, paths, top is not None, max_size, kind="paths")
    if top is None:
        raise UserError("not inside a git work tree: give PATHs to check, or --all")
    return GitStagedSource(top, max_size)
