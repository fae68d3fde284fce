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
    parts = parts_of(rel)
    if not _NOFOLLOW or os.open not in os.supports_dir_fd:
        return _read_portable(root, parts, link_form)
    try:
        dirfd = os.open(root, _DIR_FLAGS)
    except OSError:
        return None
    try:
        for part in parts[:-1]:
            try:
                nxt = os.open(part, _DIR_FLAGS | _NOFOLLOW, dir_fd=dirfd)
            except OSError as exc:
                if exc.errno in _ABSENT:
                    return None
                raise
            os.close(dirfd)
            dirfd = nxt
        return _read_last(dirfd, parts[-1], link_form)
    finally:
        os.close(dirfd)


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
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return fh.read()


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
