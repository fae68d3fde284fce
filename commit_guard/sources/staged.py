"""The staged change: what ``git commit`` would record, read from the index."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from commit_guard.sources import git
from commit_guard.sources.changeset import (DEFAULT_MAX_SIZE, DELETED, FILE, MODIFIED, SUBMODULE,
                                            SYMLINK, ChangedFile, make_file)


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
