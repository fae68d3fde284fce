"""The staged change: what ``git commit`` would record, read from the index."""
from __future__ import annotations

from operator import itemgetter
from pathlib import Path

from commit_guard.sources import git
from commit_guard.sources.changeset import DEFAULT_MAX_SIZE, ChangedFile
from commit_guard.sources.gitblobs import BlobTable, changed_files


class GitStagedSource(BlobTable):
    """What ``git commit`` would record: content comes from the index.

    GIT_INDEX_FILE is honoured through the environment, so ``git commit -a``
    and ``git commit PATH`` (which stage into a temporary index) work.
    """

    kind = "staged"
    trusted = True

    def __init__(self, root: Path, max_size: int = DEFAULT_MAX_SIZE) -> None:
        self.root = root
        self.max_size = max_size
        self._index: dict[str, git.IndexEntry] | None = None

    def __repr__(self) -> str:
        return f"GitStagedSource({str(self.root)!r})"

    def files(self) -> list[ChangedFile]:
        return changed_files(git.staged_diff(self.root), self.root, self.max_size)

    def _entries(self) -> dict[str, git.IndexEntry]:
        if self._index is None:
            entries = git.ls_index(self.root)
            self._index = dict(zip(map(itemgetter(2), entries), entries))  # path -> entry
        return self._index

    def read_old(self, path: str) -> bytes | None:
        return git.head_blob(self.root, path)

    def tree(self, dest: Path) -> Path:
        # checkout-index with --prefix writes only under dest: it neither
        # locks nor refreshes the index and never touches the work tree.
        # Symlinks stay symlinks; a submodule becomes an empty directory.
        # --ignore-skip-worktree-bits: in a sparse checkout the files outside
        # the cone are still part of what the commit records.
        dest.mkdir(parents=True, exist_ok=True)
        git.git("checkout-index", "-a", "-f", "--ignore-skip-worktree-bits",
                f"--prefix={dest}/", cwd=self.root)
        return dest
