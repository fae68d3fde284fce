"""A Subversion transaction (or committed revision) as a change source.

Content is what the transaction holds, read in-process with Subversion's
Python bindings when they can be had (``svnfs``), else with ``svnlook cat``
and ``svnlook proplist`` (``svnlook``); both give the repository-normal
form.  That is what the committer sees, line for line:
svn:eol-style native is stored with LF (a Windows working copy has CRLF,
the same lines), fixed styles (CRLF, LF, CR) are stored with their own
endings, and svn:keywords are stored unexpanded ("$Id$"): expansion never
adds a line, so line numbers match the working copy.  Only a column after
an expanded keyword on the same line can differ.

Nothing in the committed tree is trusted (``trusted = False``): checkers
must not take commands, plugins or interpreters from it.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable

from commit_guard.errors import UserError
from commit_guard.sources import manifest, nofollow, svnfs, svnlook, svntree
from commit_guard.sources.treeops import contain_links
from commit_guard.sources.changeset import (ADDED, COPIED, DEFAULT_MAX_SIZE, DELETED, FILE,
                                            MODIFIED, RENAMED, SYMLINK, ChangedFile, make_file)

# The svnlook reader: reading more files than this from a package goes
# through the revision snapshot (one cheap incremental build) instead of one
# svnlook per file.
SNAPSHOT_READ_THRESHOLD = 24
WORKERS = 4  # svnlook processes at once (the fallback reader)


def default_cache_root() -> Path:
    from commit_guard.cache.store import default_dir  # pylint: disable=import-outside-toplevel
    return default_dir()


@dataclass
class SvnSource:  # pylint: disable=too-many-instance-attributes  # settings, one each
    """Transaction ``txn`` (or revision ``rev``) of ``repos``, read with the
    bindings or svnlook (``reader``)."""

    repos: Path
    txn: str | None = None
    rev: int | None = None
    max_size: int = DEFAULT_MAX_SIZE
    cache_root: Path | None = None
    tree_mode: str = "link"  # tree(): "link" (hard links, verified snapshots) or "copy"
    prebuilt_tree: Path | None = None  # built outside a sandbox, mounted inside it
    kind: str = "svn"
    trusted: bool = False
    # "auto" (the bindings when they can be had), "fs" (the bindings, or an
    # error) or "svnlook"; "" reads COMMIT_GUARD_SVN_READER (svnfs).
    reader: str = ""

    def __post_init__(self) -> None:
        self.repos = svnlook.check_repos(self.repos)
        self.look = svnlook.Look(self.repos, self.txn, self.rev)
        self.reader = svnfs.reader_choice(self.reader)

    @cached_property
    def fs(self) -> svnfs.FsReader | None:
        """The in-process reader, or None: the svnlook reader is used."""
        if self.reader == "svnlook" or (self.reader == "auto" and not svnfs.available()):
            return None
        try:
            return svnfs.FsReader(self.repos)
        except UserError:
            if self.reader == "fs":
                raise
            return None  # e.g. a repository format newer than the bindings' library

    @property
    def reads(self) -> svntree.Reads:
        """What reads files and their properties: the bindings or svnlook."""
        return self.fs or svnlook

    @property
    def root(self) -> Path:
        return self.repos

    @cached_property
    def base_rev(self) -> int:
        """The revision the change applies to: the youngest (a transaction is
        merged onto it), or REV-1 for a committed revision."""
        return self.rev - 1 if self.rev is not None else svnlook.youngest(self.repos)

    def changes(self) -> list[svnlook.Change]:
        return self._changes

    @cached_property
    def _changes(self) -> list[svnlook.Change]:
        # In-process with the bindings: svnlook took 2.7 s for 10,000 files.
        return self.fs.changed(self.look) if self.fs is not None else svnlook.changed(self.look)

    @cached_property
    def _tree(self) -> list[str]:
        return [p for p in svnlook.tree(self.look) if not p.endswith("/")]

    def files(self) -> list[ChangedFile]:
        changes = self.changes()
        final: dict[str, svnlook.Change] = {}
        deleted: set[str] = set()
        for c in changes:
            if c.is_dir:
                continue
            if c.action == "D":
                deleted.add(c.path)
                final.setdefault(c.path, c)
            else:
                final[c.path] = c  # a replacement's add wins over its delete
        live = [c for c in final.values() if c.action not in ("D", "_")]
        if self.fs is not None:  # in-process: threads would only wait on its lock
            built = {c.path: self._file(c, deleted) for c in live}
        else:
            with ThreadPoolExecutor(max_workers=WORKERS) as pool:
                built = dict(zip((c.path for c in live),
                                 pool.map(lambda c: self._file(c, deleted), live)))
        out = []
        for path, c in final.items():
            if c.action == "D":
                out.append(ChangedFile(path, DELETED, None))
            elif path in built:
                out.append(built[path])
        return out

    def _file(self, c: svnlook.Change, deleted: set[str]) -> ChangedFile:
        props, data = self.fs.read(self.look, c.path) if self.fs is not None else \
            (svnlook.proplist(self.look, c.path), None)
        status, old = (ADDED if c.action == "A" else MODIFIED), None
        if c.copy_from is not None:
            status, old = (RENAMED if c.copy_from in deleted else COPIED), c.copy_from
        if svnlook.is_binary_mime(props.get("svn:mime-type")):
            # Never read (possibly huge) binary content just to skip it.
            return ChangedFile(c.path, status, None, old, binary_hint=True)
        if self.fs is None:
            data = svnlook.cat(self.look, c.path)
        kind = SYMLINK if "svn:special" in props else FILE
        made = make_file(c.path, status, data, self.max_size, old, kind)
        return made._replace(content=None) if kind == SYMLINK else made

    def read(self, path: str) -> bytes | None:
        return self.reads.cat(self.look, path)

    def read_many(self, paths: Iterable[str]) -> dict[str, bytes]:
        wanted = list(dict.fromkeys(paths))
        if self.fs is not None:  # in-process reads cost less than a snapshot
            return {p: d for p in wanted if (d := self.fs.cat(self.look, p)) is not None}
        out: dict[str, bytes] = {}
        if len(wanted) > SNAPSHOT_READ_THRESHOLD:
            touched = self._touched()
            got = self._read_snapshot([p for p in wanted if not _under_any(p, touched)])
            out.update(got)
            wanted = [p for p in wanted if p not in got]
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            for p, data in zip(wanted, pool.map(self.read, wanted)):
                if data is not None:
                    out[p] = data
        return out

    def _read_snapshot(self, paths: list[str]) -> dict[str, bytes]:
        """What the base snapshot has of ``paths``, read without following a
        symlink (a link reads as svn stores it: "link TARGET") and checked
        against the snapshot's manifest; the rest is left to svnlook."""
        try:
            snap = self.snapshots.get(self.base_rev)
        except (OSError, UserError):
            return {}  # e.g. a read-only cache without this snapshot: svnlook reads all
        sealed = self.snapshots.manifest_of(self.base_rev)
        out: dict[str, bytes] = {}
        with nofollow.Reader(snap) as reader:
            for p in paths:
                try:
                    data = reader.read(p, link_form=True)
                except OSError:
                    continue
                if data is None or sealed is None:
                    continue
                if not manifest.matches(sealed, p, data):
                    # Written since it was sealed: never used again.
                    self.snapshots.discard(self.base_rev)
                    return {}
                out[p] = data
        return out

    def _touched(self) -> set[str]:
        return {c.path for c in self.changes() if c.action != "_"}

    def list_files(self, prefix: str = "") -> list[str]:
        if not prefix:
            return list(self._tree)
        pre = prefix.strip("/") + "/"
        return [p for p in self._tree if p.startswith(pre)]

    def read_old(self, path: str) -> bytes | None:
        if self.base_rev < 0:
            return None
        return self.reads.cat(self.look.at(self.base_rev), path)

    @cached_property
    def snapshots(self) -> svntree.SnapshotCache:
        return svntree.SnapshotCache(self.repos, self.cache_root or default_cache_root(),
                                     self.reads)

    def tree(self, dest: Path) -> Path:
        """The whole tree of the change at ``dest`` (created; must be empty or absent).

        The cached base-revision snapshot, verified by content, hard-linked
        (or copied in tree mode "copy") with the transaction's changes
        applied; ``dest`` is private to this run, so concurrent commits never
        share a tree.  Symlinks that lead out of it are contained.
        """
        if self.prebuilt_tree is not None:
            return self.prebuilt_tree
        dest = Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        cache = self.snapshots
        link = self.tree_mode != "copy"
        rev = self.rev if self.rev is not None else self.base_rev
        link = svntree.put_tree(cache.get(rev, verify=True), dest, link)
        if self.rev is None:
            svntree.apply_changes(dest, self.look, self.changes(),
                                  lambda rel, rev, to: cache.copy_dir(rel, rev, to, link=link),
                                  self.reads)
        contain_links(dest)
        return dest


def _under_any(path: str, touched: set[str]) -> bool:
    if path in touched:
        return True
    parts = path.split("/")
    return any("/".join(parts[:i]) in touched for i in range(1, len(parts)))
