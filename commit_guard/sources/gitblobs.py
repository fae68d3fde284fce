"""What the git sources share: changed files from a raw diff, and reads
through a table of blob entries (the index, or a commit's tree)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from commit_guard.sources import git
from commit_guard.sources.changeset import (DELETED, FILE, MODIFIED, SUBMODULE, SYMLINK,
                                            ChangedFile, make_file)


def changed_files(entries: list[git.DiffEntry], cwd: Path, max_size: int) -> list[ChangedFile]:
    """The ``ChangedFile`` records of raw diff entries, content read in one batch.

    Sizes first: an oversized blob (a data dump) is never read into memory.
    """
    live = [e for e in entries if e.status != DELETED and e.new_mode != git.GITLINK_MODE]
    sizes = git.blob_sizes((e.new_sha for e in live), cwd)
    blobs = git.cat_blobs((e.new_sha for e in live if sizes.get(e.new_sha, 0) <= max_size), cwd)
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
        if size > max_size:
            result.append(ChangedFile(e.path, status, None, e.old_path, kind, size, e.new_sha,
                                      too_large=True))
            continue
        result.append(make_file(e.path, status, blobs.get(e.new_sha), max_size, e.old_path,
                                kind, e.new_sha))
    return result


class BlobTable:
    """``read``/``read_many``/``blob_ids``/``list_files`` over a table of
    blob entries (the index, or a commit's tree): ``_entries()`` gives it."""

    root: Path

    def _entries(self) -> dict[str, git.IndexEntry]:
        raise NotImplementedError

    def _readable(self, paths: Iterable[str]) -> dict[str, str]:
        table = self._entries()
        return {p: table[p].sha for p in paths
                if p in table and table[p].mode not in (git.GITLINK_MODE, git.SYMLINK_MODE)}

    def read(self, path: str) -> bytes | None:
        sha = self._readable([path]).get(path)
        return None if sha is None else git.cat_blobs([sha], self.root).get(sha)

    def read_many(self, paths: Iterable[str]) -> dict[str, bytes]:
        wanted = self._readable(paths)
        blobs = git.cat_blobs(wanted.values(), self.root)
        return {p: blobs[s] for p, s in wanted.items() if s in blobs}

    def blob_ids(self, paths: Iterable[str]) -> dict[str, str]:
        """The blob id of each of ``paths`` that ``read_many`` would read,
        without reading it (the result cache compares these)."""
        return self._readable(paths)

    def list_files(self, prefix: str = "") -> list[str]:
        paths = self._entries()
        if not prefix:
            return list(paths)
        pre = prefix.rstrip("/") + "/"
        return [p for p in paths if p.startswith(pre)]
