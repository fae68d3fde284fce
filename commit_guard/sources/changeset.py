"""The change model: which files a check covers, with their content as bytes.

A *source* knows where content comes from (the git index, the disk, an svn
transaction).  Everything downstream sees only ``ChangedFile`` records and
the small ``Source`` protocol, so adding a source touches nothing else.
The sources themselves are staged.py, disk.py and svn.py beside this module.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, NamedTuple, Protocol

ADDED, MODIFIED, DELETED, RENAMED, COPIED = "A", "M", "D", "R", "C"

FILE, SYMLINK, SUBMODULE = "file", "symlink", "submodule"

DEFAULT_MAX_SIZE = 10 * 1024 * 1024  # config max_file_size's default
BINARY_SNIFF = 8000  # a NUL byte in this many first bytes: binary (as git decides)

# Version-control and tool directories never hold code to check.
SKIP_DIRS = frozenset({".git", ".svn", ".hg", "__pycache__", ".tox", ".nox", ".venv",
                       "node_modules", ".mypy_cache", ".pytest_cache"})


class ChangedFile(NamedTuple):
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
    # Set by routing for a code file (Python, PHP) whose content cannot be
    # checked: why (see not_text).  It is a finding, never a skip.
    blocked: str = ""

    @property
    def is_binary(self) -> bool:
        if self.binary_hint:
            return True
        return self.content is not None and b"\0" in self.content[:BINARY_SNIFF]

    @property
    def not_text(self) -> str:
        """Why this file's content cannot be read as source code ("" when it
        can): a symbolic link (never followed: its target is not what is
        checked), marked binary (svn:mime-type: not even read), or bytes that
        are not text in an encoding compilers read (a NUL byte, UTF-16/32).
        Python and PHP refuse, or misread, such a file; a checker never
        sees it."""
        if self.kind == SYMLINK:
            return "a symbolic link (links are never followed, so its target is not checked)"
        if self.binary_hint:
            return "marked binary (svn:mime-type), so its content is not read"
        if self.content is None:
            return ""
        nul = self.content.find(b"\0", 0, BINARY_SNIFF)
        if nul >= 0:
            return f"binary content (a NUL byte at offset {nul})"
        if self.content.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "UTF-16 text (byte order mark)"
        return ""

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

    def read_many(self, paths: Iterable[str]) -> dict[str, bytes]:
        """``read`` for many paths at once (one git or svnlook batch); absent
        paths are left out."""

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
    import hashlib  # pylint: disable=import-outside-toplevel  # not on a warm re-check (sha.py)

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
