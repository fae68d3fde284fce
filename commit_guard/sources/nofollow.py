"""Reading committed content from a directory without ever following a symlink.

A snapshot or work tree holds what a committer chose: a symlink in it (svn
``svn:special``, git mode 120000) may point anywhere on the machine, and a
file read through it would hand that file's bytes to pylint, whose
messages quote names and values back to the committer.  So every read of
committed content from disk walks the path one component at a time with
``O_NOFOLLOW`` (``openat``): a symlink anywhere on the way is never
entered.  A symlink as the last component reads as Subversion stores it,
``link TARGET`` (``svnlook cat`` prints the same), or as nothing for git,
whose index is where a symlink's target string lives.  Only regular files
are read (a FIFO would block the check).
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PurePosixPath

from commit_guard.errors import UserError

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# The path is simply not a file there: absent, or under a non-directory.
_ABSENT = (errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.EISDIR, errno.ENXIO)
LINK_PREFIX = b"link "


def parts_of(rel: str) -> tuple[str, ...]:
    """The components of a repository-relative path; UserError if it leaves the root."""
    pure = PurePosixPath(rel)
    parts = pure.parts
    if not parts or pure.is_absolute() or ".." in parts:
        raise UserError(f"{rel}: refusing a path that leaves the repository")
    return parts


def read_file(root: Path, rel: str, link_form: bool = False) -> bytes | None:
    """The bytes of regular file ``root/rel``, reached without following a symlink.

    A symlink at ``rel`` gives ``b"link " + target`` when ``link_form`` (svn's
    form), else None; so does anything that is not a regular file, and a
    path under a symlinked or missing directory.
    """
    with Reader(root) as reader:
        return reader.read(rel, link_form)


class Reader:
    """read_file for many paths of one tree: the directories on the way to
    the last file read stay open, so paths listed directory by directory
    (a walk, git's listing) cost one ``openat`` each, not one per component.
    Only that one chain is open at a time, however many directories."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.portable = not _NOFOLLOW or os.open not in os.supports_dir_fd
        self._chain: list[tuple[str, int]] = []  # (name, fd), the root's first

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close_from(0)

    def read(self, rel: str, link_form: bool = False) -> bytes | None:
        """As read_file(root, rel, link_form)."""
        parts = _split(rel)
        if self.portable:
            return _read_portable(self.root, parts, link_form)
        dirfd = self._directory(parts[:-1])
        return None if dirfd is None else _read_last(dirfd, parts[-1], link_form)

    def _directory(self, parts: tuple[str, ...]) -> int | None:
        """An open descriptor of the directory ``parts`` under the root, or
        None where a component is missing, not a directory, or a symlink."""
        chain = self._chain
        if not chain:
            try:
                chain.append(("", os.open(self.root, _DIR_FLAGS)))
            except OSError:
                return None
        keep = 1  # the root, then each component the chain shares with parts
        while keep < len(chain) and keep <= len(parts) and chain[keep][0] == parts[keep - 1]:
            keep += 1
        self._close_from(keep)
        for part in parts[keep - 1:]:
            try:
                fd = os.open(part, _DIR_FLAGS | _NOFOLLOW, dir_fd=chain[-1][1])
            except OSError as exc:
                if exc.errno in _ABSENT:
                    return None
                raise
            chain.append((part, fd))
        return chain[-1][1]

    def _close_from(self, index: int) -> None:
        while len(self._chain) > index:
            os.close(self._chain.pop()[1])


def _split(rel: str) -> tuple[str, ...]:
    """parts_of(rel), without pathlib for a plain relative path."""
    parts = tuple(rel.split("/"))
    if rel.startswith("/") or "" in parts or "." in parts or ".." in parts:
        return parts_of(rel)  # its normalisation, or its refusal
    return parts


def _read_last(dirfd: int, name: str, link_form: bool) -> bytes | None:
    try:
        fd = os.open(name, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0),
                     dir_fd=dirfd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the last component is a symlink
            return _link_form(os.readlink(os.fsencode(name), dir_fd=dirfd), link_form)
        if exc.errno in _ABSENT:
            return None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        # One read of the size fstat gives, and more until the end (the
        # file may grow while it is read).
        chunks = [os.read(fd, info.st_size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, max(info.st_size, 65536)))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _link_form(target: bytes, link_form: bool) -> bytes | None:
    return LINK_PREFIX + target if link_form else None


def _read_portable(root: Path, parts: tuple[str, ...], link_form: bool) -> bytes | None:
    # Where openat/O_NOFOLLOW are missing (Windows): lstat every component.
    # A rename between the lstat and the open could swap one in; the hook
    # user's own tree on such a system is not shared with other users.
    path = root
    for i, part in enumerate(parts):
        path = path / part
        try:
            info = os.lstat(path)
        except OSError:
            return None
        last = i == len(parts) - 1
        if stat.S_ISLNK(info.st_mode):
            return _link_form(os.fsencode(os.readlink(path)), link_form) if last else None
        if not last and not stat.S_ISDIR(info.st_mode):
            return None
    if not stat.S_ISREG(info.st_mode):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None
