"""Files on disk (``check PATH...`` and ``check --all``), and the choice of source for the CLI."""
from __future__ import annotations

import os
import stat
from functools import cached_property
from pathlib import Path
from typing import Iterable

from commit_guard.errors import UserError
from commit_guard.sources import git, nofollow
from commit_guard.sources.changeset import (DEFAULT_MAX_SIZE, MODIFIED, SKIP_DIRS, SUBMODULE,
                                            SYMLINK, ChangedFile, Source, make_file)
from commit_guard.sources.staged import GitStagedSource


class DiskSource:
    """Files on disk: ``check PATH...`` and ``check --all``.

    Inside a git work tree, directories are expanded with git so .gitignore
    is respected; outside one, they are walked.
    """

    trusted = True

    def __init__(self, root: Path, paths: list[str], in_git: bool,
                 max_size: int = DEFAULT_MAX_SIZE, kind: str = "paths") -> None:
        self.root = root
        self.paths = paths
        self.in_git = in_git
        self.max_size = max_size
        self.kind = kind

    def __repr__(self) -> str:
        return f"DiskSource({str(self.root)!r}, {self.kind!r})"

    @cached_property
    def _real_root(self) -> Path:
        # Once per run, not once per file: resolving took half of reading
        # 2,000 files' names (bench/php_speed.py, under cProfile).
        return self.root.resolve()

    def _rel(self, p: Path) -> str:
        return p.resolve().relative_to(self._real_root).as_posix()

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
            # One resolve per directory (os.walk enters no symlink), not per
            # file: a symlinked file stays itself, as git lists it.
            base = self._rel(Path(dirpath))
            prefix = "" if base == "." else base + "/"
            found += [prefix + name for name in sorted(filenames)]
        return found

    def files(self) -> list[ChangedFile]:
        result = []
        root = str(self.root)
        with nofollow.Reader(self.root) as reader:
            for rel in self._expand():
                try:
                    mode = os.lstat(os.path.join(root, rel)).st_mode
                except OSError:
                    mode = 0  # gone: reading it says so
                if stat.S_ISLNK(mode):
                    result.append(ChangedFile(rel, MODIFIED, None, kind=SYMLINK))
                    continue
                if stat.S_ISDIR(mode):
                    # A directory tracked as a gitlink (submodule).
                    result.append(ChangedFile(rel, MODIFIED, None, kind=SUBMODULE))
                    continue
                try:
                    data = reader.read(rel)
                except OSError as exc:
                    raise UserError(f"{rel}: cannot read: {exc.strerror}") from exc
                if data is None:
                    raise UserError(f"{rel}: not a regular file (a FIFO, or under a symlink): "
                                    "cannot check it")
                result.append(make_file(rel, MODIFIED, data, self.max_size))
        return result

    def read(self, path: str) -> bytes | None:
        # Never through a symlink: a tracked link (mode 120000) may point at
        # any file of the machine, and what is read here reaches pylint.
        try:
            return nofollow.read_file(self.root, path)
        except (OSError, UserError):
            return None

    def read_many(self, paths: Iterable[str]) -> dict[str, bytes]:
        out = {}
        with nofollow.Reader(self.root) as reader:
            for p in paths:
                try:
                    data = reader.read(p)
                except (OSError, UserError):
                    continue
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
