"""Private directories: is a cache directory ours alone?  Checked as ssh checks ~/.ssh.

What a cache holds decides whether a commit passes (findings, the PHP
parser's tables).  Anyone who can write to the directory, or rename it or
one of its parents, can plant entries that make a broken file pass.  So a
cache directory is used only when:

- it is a real directory (not a symlink to one) owned by us and writable
  by nobody else (no group or other write bit);
- every parent up to / is owned by us or root, and not writable by group
  or others unless it is sticky (/tmp: nobody else can rename or remove
  what we own there);
- every subdirectory we go into, and every file we read, is likewise ours
  and not writable by others (``private_file`` reads without following a
  symlink).

A directory that does not exist yet is judged by its parents; we create it
(and its missing parents) with mode 0700.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


def _mode(st: os.stat_result) -> str:
    return f"mode {stat.S_IMODE(st.st_mode):04o}"


def _own_problem(st: os.stat_result, what: str) -> str:
    """Why a directory or file we are to use as our own is not."""
    uid = os.geteuid()
    if st.st_uid != uid:
        return f"{what} is owned by uid {st.st_uid}, not by this user (uid {uid})"
    if st.st_mode & _OTHERS_WRITE:
        return f"{what} is writable by group or others ({_mode(st)})"
    return ""


def dir_problem(path: Path) -> str:
    """Why the cache directory ``path`` must not be used; "" when it is private."""
    real = Path(os.path.realpath(path))
    for index, current in enumerate([real, *real.parents]):
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            continue  # not created yet: its parents decide
        except OSError as exc:
            return f"{current} cannot be examined ({exc.strerror})"
        is_self = index == 0
        what = "it" if is_self else f"its parent {current}"
        if not stat.S_ISDIR(st.st_mode):
            return f"{what} is not a directory"
        if is_self:
            why = _own_problem(st, what)
            if why:
                return why
            continue
        if st.st_uid not in (os.geteuid(), 0):
            return f"{what} is owned by uid {st.st_uid} (neither this user nor root)"
        if st.st_mode & _OTHERS_WRITE and not st.st_mode & stat.S_ISVTX:
            return f"{what} is writable by group or others ({_mode(st)})"
    return ""


def subdir_problem(path: Path) -> str:
    """Why ``path``, a directory inside a checked cache directory, is not ours ("" if
    it is, or does not exist yet)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return f"{path} cannot be examined ({exc.strerror})"
    if not stat.S_ISDIR(st.st_mode):
        return f"{path} is not a directory"
    return _own_problem(st, str(path))


def make_private(path: Path) -> None:
    """Create ``path`` and its missing parents with mode 0700 (raises OSError)."""
    missing = []
    current = Path(path)
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        why = subdir_problem(folder)
        if why:
            raise PermissionError(why)


class NotPrivate(OSError):
    """A file that is not ours alone: never read."""


def private_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file of ours that nobody else can
    write; OSError (NotPrivate) otherwise.  A symlink is never followed."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotPrivate(f"{path} is not a regular file")
        why = _own_problem(st, str(path))
        if why:
            raise NotPrivate(why)
        chunks = []
        while True:
            chunk = os.read(fd, max(st.st_size, 65536))
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
