"""File operations on trees of committed content that never go through a symlink.

A tree built from a repository (a revision snapshot, a commit's tree for
its suites) holds the committer's symlinks.  Everything here looks at
each path component with ``lstat``: a symlink where a directory is
expected is replaced, never entered, so building a tree cannot write,
delete or read outside it.  Symlinks that would lead out of the tree (an
absolute target, too many "..", a chain through other links) are turned
into what Subversion stores for them, a regular file ``link TARGET``:
nothing that reads the tree, ours or a tool's, reaches a server file
through them.  A link that stays inside is kept as a link.
"""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Callable

from commit_guard.sources.nofollow import LINK_PREFIX, parts_of


def safe_target(root: Path, rel: str) -> Path:
    """``root/rel``, refusing a path that leaves the root (no look at the disk)."""
    return root.joinpath(*parts_of(rel))


def lstat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def real_parent(root: Path, rel: str, create: bool) -> Path | None:
    """The directory ``rel`` lives in, with every component a real directory.

    ``create``: missing components are made, and a symlink or file where the
    repository now has a directory is replaced.  Otherwise None when any
    component is not a real directory (so ``rel`` is not in the tree).
    """
    path = root
    for part in parts_of(rel)[:-1]:
        path = path / part
        info = lstat_or_none(path)
        if info is not None and stat.S_ISDIR(info.st_mode):
            continue
        if not create:
            return None
        if info is not None:
            remove(path)
        path.mkdir()
    return path


def remove(path: Path) -> None:
    """Remove ``path`` (a link is removed itself, never what it points to)."""
    info = lstat_or_none(path)
    if info is None:
        return
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(path)
    else:
        path.unlink()


def remove_in(root: Path, rel: str) -> None:
    """Remove ``rel`` from the tree; nothing when a parent is not a real directory."""
    parent = real_parent(root, rel, create=False)
    if parent is not None:
        remove(parent / parts_of(rel)[-1])


def place(root: Path, rel: str, data: bytes, special: bool, executable: bool) -> None:
    """Put ``rel`` in the tree as the repository has it, replacing (never
    writing through) what is there: a symlink for ``svn:special``, else a file."""
    parent = real_parent(root, rel, create=True)
    assert parent is not None
    dest = parent / parts_of(rel)[-1]
    tmp = parent / f".{dest.name}.cg-tmp"
    remove(tmp)
    if special and data.startswith(LINK_PREFIX):
        os.symlink(os.fsdecode(data[len(LINK_PREFIX):]), tmp)
    else:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     0o755 if executable else 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    info = lstat_or_none(dest)
    if info is not None and stat.S_ISDIR(info.st_mode):
        shutil.rmtree(dest)
    os.replace(tmp, dest)


def clone(src: Path, dest: Path, put: Callable[[str, str], None]) -> None:
    """Recreate ``src`` at ``dest``: own directories, symlinks recreated as
    links, regular files through ``put(from, to)`` (``os.link`` or a copy)."""
    dest.mkdir(parents=True, exist_ok=True)
    with os.scandir(src) as entries:
        for entry in entries:
            _clone_entry(entry, dest / entry.name, put)


def _clone_entry(entry: os.DirEntry[str], target: Path, put: Callable[[str, str], None]) -> None:
    if entry.is_symlink():
        os.symlink(os.readlink(entry.path), target)
    elif entry.is_dir(follow_symlinks=False):
        target.mkdir(exist_ok=True)
        with os.scandir(entry.path) as entries:
            for child in entries:
                _clone_entry(child, target / child.name, put)
    elif entry.is_file(follow_symlinks=False):
        put(entry.path, str(target))


def copy_writable(src: str, dest: str) -> None:
    shutil.copyfile(src, dest, follow_symlinks=False)
    os.chmod(dest, stat.S_IMODE(os.lstat(src).st_mode) | stat.S_IWUSR)


def symlinks(root: Path) -> list[Path]:
    """Every symlink under ``root`` (directory entries' types: no stat per file)."""
    found = []
    stack = [str(root)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    found.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
    return found


def contain_links(root: Path) -> list[str]:
    """Turn every symlink of the tree that resolves outside it into a file
    holding ``link TARGET``; return their paths (relative to ``root``).

    Resolution is the kernel's (``realpath``), so a chain of links or a
    link through a linked directory is judged by where it really ends up.
    Repeated until stable: replacing one link can change where another
    resolves.
    """
    top = os.path.realpath(root)
    changed: list[str] = []
    while True:
        escaping = [link for link in symlinks(root) if not _inside(link, top)]
        if not escaping:
            return changed
        for link in escaping:
            target = os.readlink(link)
            link.unlink()
            fd = os.open(link, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(fd, "wb") as fh:
                fh.write(LINK_PREFIX + os.fsencode(target))
            changed.append(link.relative_to(root).as_posix())


def _inside(link: Path, top: str) -> bool:
    real = os.path.realpath(link)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)
