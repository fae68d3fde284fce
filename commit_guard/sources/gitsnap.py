"""A cached snapshot of the index for the unit-test suites, kept up to date.

Writing every file of the index for every commit costs seconds on a big
repository (``checkout-index -a``: about 10 s for 9,381 files).  Here the
snapshot of the previous check is kept in the cache directory and brought
up to date: only the paths whose content or mode differs from the index,
or that something changed since they were written, are written again, and
whatever is not in the index is removed.

- **Verified before use.**  Each written file's size, mtime, ctime and
  inode are recorded.  A file whose record does not match is written
  again: a suite that wrote into the tree cannot put ctime back.
  Anything else in the tree (a suite's build output, ``__pycache__``) is
  removed.
- **Never shared.**  A check claims the snapshot by renaming it to a name
  of its own (one atomic rename; a concurrent check finds nothing to claim
  and writes a fresh one), and gives it back when its suites are done.
  A check that dies leaves its claimed copy, which the next check removes
  once its owner is gone.
- **Sparse checkouts** are whole here too: skip-worktree entries are written.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import NamedTuple

from commit_guard import procs, safedir
from commit_guard.sources import git
from commit_guard.util import cmd_output_b, replace_file

FORMAT = 1


class Snapshot(NamedTuple):
    tree: Path
    written: int  # paths written this time (-1: a fresh one, all of them)
    removed: int  # paths removed (a suite's leftovers, deleted files)
    # path -> [mode, sha, size, mtime, ctime, inode] as written, before any
    # suite ran: what the next check verifies the tree against.
    files: dict[str, list]


class SnapshotCache:
    """The snapshot of one repository's index under ``cache_root``."""

    def __init__(self, top: Path, cache_root: Path) -> None:
        self.top = top
        common = os.path.realpath(git.git("rev-parse", "--git-common-dir", cwd=top).decode()
                                  .strip() or ".git")
        key = hashlib.sha256(os.path.join(top, common).encode()).hexdigest()[:16]
        self.base = cache_root / "git-trees" / key
        why = (safedir.dir_problem(cache_root) or safedir.subdir_problem(cache_root / "git-trees")
               or safedir.subdir_problem(self.base))
        if not why:
            try:
                safedir.make_private(self.base)
            except OSError as exc:
                why = str(exc)
        self.refused = why  # then every check writes a fresh snapshot of its own

    def claim(self) -> Snapshot | None:
        """This check's own up-to-date snapshot, or None (nothing cached, or
        the cache is not usable): the caller writes a fresh one."""
        if self.refused:
            return None
        self._prune()
        mine = self.base / f"inuse-{procs.owner_token()}"
        try:
            os.rename(self.base / "tree", mine)
        except OSError:
            return None
        try:
            record = json.loads((self.base / "tree.json").read_text(encoding="utf-8"))
            if record.get("format") != FORMAT:
                raise ValueError("format")
        except (OSError, ValueError):
            shutil.rmtree(mine, ignore_errors=True)
            return None
        return self._update(mine, record["files"])

    def fresh(self, dest: Path | None = None) -> Snapshot:
        """A new snapshot, at ``dest`` or (by default) in the cache, recorded."""
        dest = dest or self.base / f"inuse-{procs.owner_token()}"
        dest.mkdir(parents=True, exist_ok=True)
        git.git("checkout-index", "-a", "-f", "--ignore-skip-worktree-bits",
                f"--prefix={dest}/", cwd=self.top)
        index = {e.path: e for e in git.ls_index(self.top)}
        on_disk = _walk(dest)
        files = {p: [e.mode, e.sha, *on_disk[p]] for p, e in index.items() if p in on_disk}
        return Snapshot(dest, -1, 0, files)

    def give_back(self, snap: Snapshot) -> None:
        """Keep the snapshot for the next check, with its record as written,
        unless another check kept one meanwhile."""
        if self.refused or snap.tree.parent != self.base:
            return
        replace_file(self.base / "tree.json",
                     json.dumps({"format": FORMAT, "files": snap.files}).encode())
        try:
            os.rename(snap.tree, self.base / "tree")  # fails if another check kept one
        except OSError:
            shutil.rmtree(snap.tree, ignore_errors=True)

    def _update(self, tree: Path, files: dict[str, list]) -> Snapshot:
        index = {e.path: e for e in git.ls_index(self.top)}
        on_disk = _walk(tree)
        stale = [p for p, e in index.items() if e.mode != "160000" and (
            p not in files or files[p][:2] != [e.mode, e.sha] or on_disk.get(p) != files[p][2:])]
        extra = [p for p in on_disk if p not in index or p in stale]
        for rel in extra:
            os.unlink(tree / rel)
        # A submodule is an empty directory in the snapshot, as checkout-index makes it.
        _remove_empty_dirs(tree, {os.path.dirname(p) for p in index} |
                           {p for p, e in index.items() if e.mode == "160000"})
        if stale:
            cmd_output_b("git", "checkout-index", "-f", "--ignore-skip-worktree-bits", "-z",
                         "--stdin", f"--prefix={tree}/", cwd=self.top,
                         stdin=b"\0".join(p.encode("utf-8", "surrogateescape")
                                          for p in stale))
        kept = {p: files[p] for p in index if p in files and p not in stale}
        for rel in stale:
            try:
                kept[rel] = [index[rel].mode, index[rel].sha, *_stamp(os.lstat(tree / rel))]
            except OSError:
                pass  # not written (a submodule): verified as missing next time
        return Snapshot(tree, len(stale), len([p for p in extra if p not in index]), kept)

    def _prune(self) -> None:
        """Claimed copies whose check is gone."""
        for entry in self.base.glob("inuse-*"):
            if not procs.token_alive(entry.name[len("inuse-"):]):
                shutil.rmtree(entry, ignore_errors=True)


def _stamp(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _walk(tree: Path) -> dict[str, list[int]]:
    """Every file and symlink under ``tree`` (relative path -> stamp)."""
    found: dict[str, list[int]] = {}
    stack = [""]
    while stack:
        rel = stack.pop()
        with os.scandir(tree / rel if rel else tree) as entries:
            for entry in entries:
                path = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                else:
                    found[path] = _stamp(entry.stat(follow_symlinks=False))
    return found


def _remove_empty_dirs(tree: Path, keep: set[str]) -> None:
    """Directories no index path is under (a suite's own), removed."""
    needed = set()
    for folder in keep:
        while folder and folder not in needed:
            needed.add(folder)
            folder = os.path.dirname(folder)
    for folder, dirs, _files in os.walk(tree, topdown=False):
        rel = os.path.relpath(folder, tree)
        if rel != "." and rel.replace(os.sep, "/") not in needed:
            shutil.rmtree(folder, ignore_errors=True)
        del dirs
