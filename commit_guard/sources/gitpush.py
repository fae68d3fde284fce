"""A pushed change: the difference between two commits of a (bare) repository.

What a git server's pre-receive hook checks.  Content comes from the
objects git hands the hook: the pushed ones sit in a quarantine directory
that git names in GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES
while the hook runs, so every git command here inherits the environment
unchanged and sees them.

Nothing in the pushed tree is trusted (``trusted = False``): checkers must
not take commands, plugins or interpreters from it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from commit_guard.sources import git
from commit_guard.sources.changeset import DEFAULT_MAX_SIZE, ChangedFile
from commit_guard.sources.gitblobs import BlobTable, changed_files
from commit_guard.sources.treeops import contain_links
from commit_guard.util import cmd_output_b


@dataclass
class GitPushSource(BlobTable):
    """Commit ``new`` of repository ``repo`` against ``old`` (a commit, or the
    empty tree for a history of its own)."""

    repo: Path
    old: str
    new: str
    max_size: int = DEFAULT_MAX_SIZE
    prebuilt_tree: Path | None = None  # built outside a sandbox, mounted inside it
    kind: str = "git-push"
    trusted: bool = False
    _old_table: dict[str, git.IndexEntry] | None = field(default=None, repr=False)

    @property
    def root(self) -> Path:
        return self.repo

    @property
    def repos(self) -> Path:
        """The repository, under the name the server hooks share."""
        return self.repo

    def files(self) -> list[ChangedFile]:
        raw = git.git("diff-tree", "-r", "-z", "-M", "--no-commit-id", "--no-ext-diff",
                      self.old, self.new, cwd=self.repo)
        return changed_files(git.parse_raw_diff(raw), self.repo, self.max_size)

    @cached_property
    def _table(self) -> dict[str, git.IndexEntry]:
        return {e.path: e for e in git.ls_tree(self.repo, self.new)}

    def _entries(self) -> dict[str, git.IndexEntry]:
        return self._table

    def read_old(self, path: str) -> bytes | None:
        entries = git.ls_tree(self.repo, self.old, path)
        if not entries or entries[0].mode in (git.GITLINK_MODE, git.SYMLINK_MODE):
            return None
        return git.cat_blobs([entries[0].sha], self.repo).get(entries[0].sha)

    def tree(self, dest: Path) -> Path:
        """The pushed tree at ``dest``: a private, writable checkout.

        A throw-away index beside ``dest`` (never the repository's), so
        nothing of the repository is written; symlinks that lead out of
        the tree become ``link TARGET`` files, as for the svn hook.
        """
        if self.prebuilt_tree is not None:
            return self.prebuilt_tree
        dest = Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "GIT_INDEX_FILE": str(dest.parent / f".{dest.name}.index")}
        try:
            cmd_output_b("git", "read-tree", self.new, cwd=self.repo, env=env)
            # A bare repository has no work tree: dest is one for this command.
            cmd_output_b("git", f"--work-tree={dest}", "checkout-index", "-a", "-f",
                         cwd=self.repo, env=env)
        finally:
            Path(env["GIT_INDEX_FILE"]).unlink(missing_ok=True)
        contain_links(dest)
        return dest
