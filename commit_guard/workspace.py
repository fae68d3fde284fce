"""A private temporary directory that holds the content being checked.

Tools that need files on disk get them here, never from the work tree, so
the check cannot see (or touch) unstaged edits.  The directory is removed
on every exit path: normal return, exception, Ctrl-C and SIGTERM (the CLI
turns SIGTERM into an exception so this ``finally`` runs).  SIGKILL leaves
it behind: its name carries the owning run's token (``procs``), and the
next run removes the directories of runs that no longer exist, after
killing what those runs left running.

The directory is made when first used: a re-check whose results all come
from the cache never writes a file, and skips making and removing it (and
importing tempfile and shutil, a tenth of its start-up).
"""
from __future__ import annotations

import os
import stat
import threading
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

from commit_guard.errors import UserError
from commit_guard.procs import kill_run, owner_token, token_alive


def remove_leftovers(prefix: str, parent: str | None = None) -> list[str]:
    """Remove the ``prefix``-named directories of runs that are gone (ours
    only: owned by this user, real directories), killing first whatever
    still runs under the dead run's token.  Returns the names removed."""
    top = parent or temp_dir()
    removed = []
    try:
        names = [n for n in os.listdir(top) if n.startswith(prefix)]
    except OSError:
        return removed
    for name in names:
        token = name[len(prefix):].split("-", 1)[0]
        if "." not in token or token_alive(token):
            continue  # a live run's, or an older version's (no owner recorded)
        path = os.path.join(top, name)
        try:
            info = os.lstat(path)
        except OSError:
            continue
        me = os.geteuid() if hasattr(os, "geteuid") else info.st_uid
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != me:
            continue
        kill_run(token)
        import shutil  # pylint: disable=import-outside-toplevel

        shutil.rmtree(path, ignore_errors=True)
        removed.append(name)
    return removed


def temp_dir() -> str:
    """tempfile.gettempdir() without importing tempfile in the common cases:
    TMPDIR names a usable directory, or none of TMPDIR, TEMP, TMP is set
    and /tmp is usable.  Anything else is left to tempfile itself."""
    usable = os.W_OK | os.X_OK
    tmpdir = os.environ.get("TMPDIR")
    if tmpdir and os.path.isdir(tmpdir) and os.access(tmpdir, usable):
        return os.path.abspath(tmpdir)
    if not any(os.environ.get(n) for n in ("TMPDIR", "TEMP", "TMP")) and \
            os.path.isdir("/tmp") and os.access("/tmp", usable):
        return "/tmp"
    import tempfile  # pylint: disable=import-outside-toplevel

    return tempfile.gettempdir()


class Workspace:
    def __init__(self, prefix: str = "commit-guard-") -> None:
        self._prefix = prefix
        self.path: Path | None = None
        # Checker threads may still be writing when an interrupt removes the
        # directory; the lock makes removal and writes exclusive, and a write
        # after removal fails instead of re-creating the directory.
        self._lock = threading.RLock()
        self._written: set[str] = set()
        self._open = False

    def __enter__(self) -> Workspace:
        remove_leftovers(self._prefix)
        self._open = True
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    def cleanup(self) -> None:
        with self._lock:
            path, self.path, self._open = self.path, None, False
        if path is not None:
            import shutil  # pylint: disable=import-outside-toplevel

            shutil.rmtree(path, ignore_errors=True)

    @property
    def root(self) -> Path:
        with self._lock:
            if self.path is None:
                if not self._open:
                    raise RuntimeError("workspace used outside its 'with' block")
                import tempfile  # pylint: disable=import-outside-toplevel

                self.path = Path(tempfile.mkdtemp(prefix=f"{self._prefix}{owner_token()}-",
                                                  dir=temp_dir()))
            return self.path

    def target(self, rel: str) -> Path:
        parts = PurePosixPath(rel).parts
        if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
            raise UserError(f"{rel}: refusing a path that leaves the repository")
        return self.root.joinpath(*parts)

    def write(self, rel: str, data: bytes) -> Path:
        with self._lock:
            dest = self.target(rel)
            dest.parent.mkdir(parents=True, exist_ok=True)
            with open(dest, "wb") as fh:
                fh.write(data)
            self._written.add(rel)
        return dest

    def write_many(self, contents: Mapping[str, bytes]) -> None:
        for rel, data in contents.items():
            if rel not in self._written:
                self.write(rel, data)

    def has(self, rel: str) -> bool:
        return rel in self._written

    def missing(self, rels: Iterable[str]) -> list[str]:
        return [r for r in rels if r not in self._written]

    def subdir(self, name: str) -> Path:
        """A scratch directory inside the workspace for a checker's own use."""
        with self._lock:
            path = self.root / ".commit-guard" / name
            os.makedirs(path, exist_ok=True)
        return path
