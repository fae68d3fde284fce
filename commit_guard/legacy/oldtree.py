"""The tree as it was before the change, as a ``Source`` the runner can check.

Untouched files are the same before and after a change, so the old tree is
the checked state with the change's code files put back: modified ones at
their old content, added ones absent, deleted ones present again.  A renamed
file's old content stays at its NEW path so findings line up.  Only code
files are put back: configuration (pylintrc, commit-guard.toml) is read as
it is now, so both runs apply the same rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from commit_guard.route import is_php, is_python
from commit_guard.sources import git
from commit_guard.sources.changeset import ADDED, DELETED, ChangedFile, content_id

if TYPE_CHECKING:
    from commit_guard.config import Config
    from commit_guard.sources.changeset import Source

# Past this many paths one listing of all of HEAD is cheaper than pathspecs
# (and never hits the argument-length limit).
PATHSPEC_LIMIT = 200


def _git_backed(source: Source) -> bool:
    """Whether the source's read_old is HEAD of a git work tree."""
    from commit_guard.sources.disk import DiskSource  # pylint: disable=import-outside-toplevel
    from commit_guard.sources.staged import GitStagedSource  # pylint: disable=import-outside-toplevel
    if isinstance(source, GitStagedSource):
        return True
    return isinstance(source, DiskSource) and source.in_git


def read_old_many(source: Source, paths: Iterable[str]) -> dict[str, tuple[bytes, str]]:
    """Old content and blob id of each path that existed before the change.

    Git: one ls-tree and one cat-file for all paths, and the blob ids are
    git's own.  Other sources (svn): their ``read_old``, one path at a time.
    """
    wanted = list(dict.fromkeys(paths))
    if not wanted:
        return {}
    if _git_backed(source):
        return _git_head_many(source.root, wanted)
    out = {}
    for path in wanted:
        data = source.read_old(path)
        if data is not None:
            out[path] = (data, content_id(data))
    return out


def _git_head_many(root: Path, paths: list[str]) -> dict[str, tuple[bytes, str]]:
    if not git.has_head(root):
        return {}
    spec = paths if len(paths) <= PATHSPEC_LIMIT else []
    wanted = set(paths)
    entries = [e for e in git.ls_tree(root, "HEAD", *spec)
               if e.path in wanted and e.mode not in (git.GITLINK_MODE, git.SYMLINK_MODE)]
    blobs = git.cat_blobs((e.sha for e in entries), root)
    return {e.path: (blobs[e.sha], e.sha) for e in entries if e.sha in blobs}


@dataclass
class OldTree:
    """A read-only ``Source`` presenting the state before the change."""

    base: Source
    overlay: dict[str, bytes | None]  # path -> old content; None: did not exist
    old_files: list[ChangedFile]
    kind: str = ""
    root: Path = field(default_factory=Path)
    trusted: bool = False

    @classmethod
    def build(cls, base: Source, changed: Iterable[ChangedFile], old_files: list[ChangedFile],
              config: Config) -> OldTree:
        overlay: dict[str, bytes | None] = {f.path: f.content for f in old_files}
        # Every changed code file goes back, linted or not: the linted ones
        # resolve their imports against these.
        code = [f for f in changed if f.path not in overlay
                and (is_python(f, config) or is_php(f, config))]
        found = read_old_many(base, (f.old_path or f.path for f in code if f.status != ADDED))
        for f in code:
            before = found.get(f.old_path or f.path)
            if before is not None:
                overlay[f.path] = before[0]
            elif f.status in (ADDED, DELETED):
                overlay[f.path] = None
        return cls(base, overlay, old_files, base.kind, base.root, base.trusted)

    def files(self) -> list[ChangedFile]:
        return list(self.old_files)

    def read(self, path: str) -> bytes | None:
        if path in self.overlay:
            return self.overlay[path]
        return self.base.read(path)

    def read_many(self, paths: Iterable[str]) -> dict[str, bytes]:
        paths = list(paths)
        out = {p: d for p in paths if p in self.overlay and (d := self.overlay[p]) is not None}
        rest = [p for p in paths if p not in self.overlay]
        out.update(self.base.read_many(rest))
        return out

    def list_files(self, prefix: str = "") -> list[str]:
        pre = prefix.rstrip("/") + "/" if prefix else ""
        listed = set(self.base.list_files(prefix))
        for path, data in self.overlay.items():
            if data is None:
                listed.discard(path)
            elif path.startswith(pre):
                listed.add(path)
        return sorted(listed)

    def read_old(self, path: str) -> bytes | None:
        return self.base.read_old(path)
