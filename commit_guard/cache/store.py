"""The result cache: findings per file, keyed by everything they depend on.

An entry is one file's findings from one checker.  Its key covers the
file's path and content, the effective configuration, the tool versions
and commit-guard's own code (``cache_key``).  Findings that also depend
on *other* files (pylint infers through imports) are stored with their
dependencies: ``{path: content id}``, where "" records a path that was
looked for and not found.  An entry is used only when every dependency
is still what it was (``Dependencies.unchanged``), so a changed import,
a new module shadowing a missing one, or a deleted one re-checks the
importer.

Entries are files written to a temporary name and renamed into place, so
two commits checking at once never see half an entry; every entry
carries a SHA-256 of its body, and anything that does not verify is a
miss (and is overwritten by the next result).  A hit refreshes the
entry's mtime; when the cache outgrows ``cache.max_mb`` the least
recently used entries go.  Any I/O error makes the cache a no-op: it is
an optimisation and never a reason to fail a commit.

The SHA-256 only detects damage: anyone who can write an entry can write
a valid one.  So the directory must be private (commit_guard.safedir, as
ssh checks ~/.ssh); otherwise the cache is not used at all for the run
(``refused`` says why, and the report carries it as a note).  Entries are
JSON: nothing read back from the cache is code.
"""
from __future__ import annotations

import errno
import importlib.util
import json
import os
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, NamedTuple

from commit_guard import __version__
from commit_guard.finding import SEVERITIES, Finding
from commit_guard.safedir import dir_problem, make_private, private_file, subdir_problem
from commit_guard.sealed import seal, unseal
from commit_guard.sha import sha256
from commit_guard.util import replace_file

if TYPE_CHECKING:
    from commit_guard.config import Config

FORMAT = "commit-guard-cache 1"
ENV_DIR = "COMMIT_GUARD_CACHE_DIR"
TMP_PREFIX = ".tmp-"
STALE_TMP_SECONDS = 3600
_FIELD_TYPES = (str, str, str, str, int, int, str, str)


class Entry(NamedTuple):
    findings: list[Finding]
    deps: dict[str, str]


def default_dir(config: Config | None = None) -> Path:
    """COMMIT_GUARD_CACHE_DIR, else config cache.dir, else the user cache dir."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    # A config from the committed tree (svn server) must not choose where we write.
    if config is not None and config["cache"]["dir"] and config.origin != "tree":
        return Path(config["cache"]["dir"]).expanduser()
    return Path(user_cache_dir())


def user_cache_dir() -> str:
    """platformdirs.user_cache_dir("commit-guard"), found without importing
    platformdirs on Linux.

    Importing it (it imports tempfile, shutil and more) was a tenth of a
    warm 1-file re-check (bench/speed_targets.py).  On Linux its answer is
    $XDG_CACHE_HOME when that is absolute, else ~/.cache, with the app name
    appended; anything less plain (another system, Android, a HOME that is
    not absolute) asks platformdirs.  tests/test_startup.py holds the two
    answers equal.
    """
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, "commit-guard")
        if os.path.isabs(os.environ.get("HOME", "")):
            return os.path.join(os.path.expanduser("~/.cache"), "commit-guard")
    import platformdirs  # pylint: disable=import-outside-toplevel

    return platformdirs.user_cache_dir("commit-guard", appauthor=False)


def cache_key(*parts: Any) -> str:
    """A hex digest of ``parts`` (JSON-serialisable; length-prefixed, so unambiguous)."""
    digest = sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(
            part, sort_keys=True, default=str).encode()
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class Cache:
    """Findings by key, on disk.  ``get``/``put`` never raise."""

    def __init__(self, root: Path, max_bytes: int = 256 * 1024 * 1024) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.written = 0
        self.hits = 0
        self.misses = 0
        self._refused: str | None = None  # None: not examined yet
        self._private: set[str] = set()  # entry folders found to be ours

    @property
    def refused(self) -> str:
        """Why this cache is not used ("" when it is): its directory, or a
        folder or entry in it, is not ours alone.  Examined once, on first use."""
        if self._refused is None:
            self._refused = dir_problem(self.root) or subdir_problem(self.root / "v1")
        return self._refused

    def _usable_folder(self, folder: Path) -> bool:
        """Is ``folder`` (v1/xx) ours alone?  A folder that is not refuses the cache."""
        if self.refused:
            return False
        name = str(folder)
        if name in self._private:
            return True
        why = subdir_problem(folder)
        if why:
            self._refused = why
            return False
        self._private.add(name)
        return True

    @classmethod
    def from_config(cls, config: Config) -> Cache | None:
        if not config["cache"]["enabled"]:
            return None
        return cls(default_dir(config), config["cache"]["max_mb"] * 1024 * 1024)

    def _path(self, key: str) -> Path:
        return self.root / "v1" / key[:2] / key[2:]

    def get(self, key: str) -> list[Finding] | None:
        entry = self.get_entry(key)
        return None if entry is None else entry.findings

    def get_entry(self, key: str, count: bool = True) -> Entry | None:
        """The entry under ``key``; ``count=False``: a look-up that is not
        counted in ``hits``/``misses`` (the caller may look again)."""
        path = self._path(key)
        if not self._usable_folder(path.parent):
            return None
        try:
            raw = private_file(path)
        except OSError as exc:
            if exc.errno != errno.ENOENT:
                # Someone else's entry, or a link: the cache is not ours alone.
                self._refused = _unreadable(path, exc)
                return None
            self.misses += count
            return None
        entry = _decode(raw, key)
        if entry is None:
            self.misses += count
            return None
        self.hits += count
        try:
            os.utime(path)  # least recently *used* goes first
        except OSError:
            pass
        return entry

    def put(self, key: str, findings: Iterable[Finding],
            deps: Mapping[str, str] | None = None) -> None:
        data = seal(FORMAT, {"key": key, "findings": [list(f) for f in findings],
                             "deps": dict(deps or {})})
        path = self._path(key)
        if not self._usable_folder(path.parent):
            return
        try:
            make_private(path.parent)
            replace_file(path, data, prefix=TMP_PREFIX)
        except OSError:
            return
        self.written += len(data)

    def clear(self) -> int:
        """Remove every entry; return how many files went (none from a
        directory that is not ours: it is not touched)."""
        if dir_problem(self.root):
            return 0
        removed = 0
        for path, _stat in self._entries(include_tmp=True):
            removed += _unlink(path)
        return removed

    def size(self) -> tuple[int, int]:
        """(entries, bytes) on disk."""
        if dir_problem(self.root):
            return 0, 0
        stats = [st for _p, st in self._entries()]
        return len(stats), sum(st.st_size for st in stats)

    def trim(self) -> None:
        """Evict least recently used entries down to 80 % of the bound.

        Only after a run that wrote something: a warm run pays nothing.
        """
        if not self.written or self.refused:
            return
        entries = self._entries(include_tmp=True)
        now = time.time()
        total = 0
        live = []
        for path, st in entries:
            if path.name.startswith(TMP_PREFIX):
                if now - st.st_mtime > STALE_TMP_SECONDS:  # left by a killed writer
                    _unlink(path)
                continue
            total += st.st_size
            live.append((st.st_mtime, st.st_size, path))
        if total <= self.max_bytes:
            return
        live.sort()
        goal = self.max_bytes * 0.8
        for _mtime, size, path in live:
            if total <= goal:
                break
            total -= size if _unlink(path) else 0

    def _entries(self, include_tmp: bool = False) -> list[tuple[Path, os.stat_result]]:
        """Every file (and planted link) under v1/, without following a link:
        clear() must never unlink files elsewhere."""
        found = []
        top = self.root / "v1"
        if top.is_symlink():
            return [(top, top.lstat())]
        try:
            buckets = list(os.scandir(top))
        except OSError:
            return []
        for bucket in buckets:
            try:
                if not bucket.is_dir(follow_symlinks=False):
                    found.append((Path(bucket.path), bucket.stat(follow_symlinks=False)))
                    continue
                with os.scandir(bucket.path) as it:
                    for item in it:
                        if item.name.startswith(TMP_PREFIX) and not include_tmp:
                            continue
                        try:
                            found.append((Path(item.path), item.stat(follow_symlinks=False)))
                        except OSError:
                            continue
            except OSError:
                continue
        return found


def _unreadable(path: Path, exc: OSError) -> str:
    if exc.errno is None:  # safedir.NotPrivate: its message says why
        return str(exc)
    if exc.errno == errno.ELOOP:
        return f"{path} is a symbolic link"
    return f"{path} cannot be read ({exc.strerror})"


def _unlink(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except OSError:
        return 0


def _decode(raw: bytes, key: str) -> Entry | None:
    """The entry in ``raw``, or None if anything about it is not right."""
    doc = unseal(raw, FORMAT)
    if doc is None:
        return None
    try:
        if doc["key"] != key:
            return None
        findings = [_finding(item) for item in doc["findings"]]
        deps = doc["deps"]
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in deps.items()):
            return None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return Entry(findings, deps)


def _finding(item: Any) -> Finding:
    # Exact types (json gives exactly these): a bool is not a line number.
    if type(item) is not list or tuple(map(type, item)) != _FIELD_TYPES:  # pylint: disable=unidiomatic-typecheck
        raise ValueError("bad finding")
    if item[7] not in SEVERITIES:
        raise ValueError("bad severity")
    return Finding(*item)


@lru_cache(maxsize=32)
def code_stamp(modules: tuple[str, ...]) -> str:
    """Identifies the code of ``modules`` (a package: all of it), so that a
    development checkout's edits invalidate results as a new release's
    version number does."""
    parts = [__version__, sys.version]
    for name in modules:
        spec = importlib.util.find_spec(name)
        origin = getattr(spec, "origin", None)
        if not origin or not os.path.isfile(origin):
            parts.append(f"{name}:?")
            continue
        if os.path.basename(origin) == "__init__.py":
            parts += _tree_stamp(os.path.dirname(origin))
        else:
            parts.append(_file_stamp(origin))
    return cache_key(*parts)


def _tree_stamp(top: str) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        found += [_file_stamp(os.path.join(dirpath, n)) for n in sorted(filenames)
                  if n.endswith(".py")]
    return found


def _file_stamp(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:?"
    return f"{path}:{st.st_mtime_ns}:{st.st_size}"
