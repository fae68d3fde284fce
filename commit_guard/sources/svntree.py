"""Full trees of a Subversion repository on disk, for server-side test suites.

Revision snapshots are cached by repository UUID and revision under the
cache dir and never modified once published (built in a private temp dir,
then renamed into place, so concurrent hooks either see a whole snapshot or
none).  A new revision's snapshot is built from the newest cached one by
hard-linking it and applying the revisions in between (a few ``svnlook
cat`` calls); only when there is none close enough is the revision exported
with ``svn export``.

A commit's tree is its base snapshot with the transaction's changes
applied, in the run's own directory.  Its directories are its own; its
files are hard links to the snapshot (tree mode "link") or copies ("copy").
Hard links are what makes a 5,000-file tree cheap (0.2 s here, where a
copy takes 4 s: bench/svn_scale.py), and a suite can write through them
(root ignores the read-only mode; anyone can restore size and mtime).  So
a snapshot is verified by content before every use: its manifest, kept
beside it (``rN.manifest``), holds the SHA-256, size and mode of every
file and the target of every link, and a snapshot that differs is
discarded and rebuilt.  Reads of single files (``SvnSource.read_many``)
check the file they read against the manifest.  Changes are applied by
replacing files, never by writing into them, and never through a
symlink (``treeops``); links that lead out of the tree become
``link TARGET`` files, as Subversion stores them.

Form of the files: repository-normal, which is what ``svn export
--ignore-keywords --native-eol LF`` writes and ``svnlook cat`` prints:
keywords unexpanded, svn:eol-style native as LF, fixed styles (CRLF, CR,
LF) with their own endings; svn:executable files are executable.
"""
from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol

from commit_guard import safedir
from commit_guard.errors import UserError
from commit_guard.procs import owner_token, token_alive
from commit_guard.sources import manifest, svnlook
from commit_guard.sources.treeops import (clone, copy_writable, lstat_or_none, place,
                                          real_parent, remove, remove_in, safe_target)
from commit_guard.util import cmd_output_b

__all__ = ["safe_target", "remove", "export", "apply_changes", "link_tree", "copy_tree",
           "intact", "seal"]

MAX_STEPS = 50  # revisions applied incrementally before a full export is cheaper
KEEP = 3  # newest snapshots always kept
IDLE_SECONDS = 300  # older snapshots are pruned once unused this long
STALE_SECONDS = 3600  # temp dirs named without an owner (older versions) go after this
MANIFEST = ".commit-guard-manifest.json"  # older versions kept it inside; never in a tree now
intact = manifest.intact
seal = manifest.seal


class Reads(Protocol):
    """What reads a file and its properties: the svnlook module, or the
    Subversion bindings (svnfs.FsReader)."""

    def cat(self, look: svnlook.Look, path: str) -> bytes | None: ...

    def proplist(self, look: svnlook.Look, path: str) -> dict[str, str]: ...


def write_file(look: svnlook.Look, rel: str, root: Path, reads: Reads = svnlook) -> None:
    """Write ``rel`` as ``look`` has it into the tree at ``root``, replacing
    (never writing through) what is there."""
    data = reads.cat(look, rel)
    if data is None:
        return
    props = reads.proplist(look, rel)
    place(root, rel, data, "svn:special" in props, "svn:executable" in props)


def export(repos: Path, rel: str, rev: int, dest: Path, config_dir: Path) -> None:
    """``svn export`` of ``rel@rev`` into ``dest`` (which may exist and be empty)."""
    url = repos.as_uri() + ("/" + "/".join(_quote(p) for p in rel.split("/")) if rel else "")
    exe = os.environ.get("COMMIT_GUARD_SVN", "svn")
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    cmd_output_b(exe, "export", "-q", "--force", "--non-interactive", "--ignore-externals",
                 "--ignore-keywords", "--native-eol", "LF", "--config-dir", str(config_dir),
                 "-r", str(rev), f"{url}@{rev}", str(dest), env=env)


def _quote(part: str) -> str:
    from urllib.parse import quote  # pylint: disable=import-outside-toplevel
    return quote(part.encode("utf-8", "surrogateescape"), safe="")


def apply_changes(root: Path, look: svnlook.Look, changes: Iterable[svnlook.Change],
                  copy_dir: Callable[[str, int, Path], None],
                  reads: Reads = svnlook) -> None:
    """Turn the tree at ``root`` into ``look``'s state by applying ``changes``.

    Parents sort before children, so a copied directory is in place before
    the changes made inside it.  A replaced path ("R") loses what it was
    before it is made again.
    """
    ordered = sorted(changes, key=lambda c: c.path.split("/"))
    for change in ordered:
        if change.action == "D":
            remove_in(root, change.path)
        elif change.is_dir:
            _make_dir(root, change, copy_dir)
        elif change.action != "_":
            write_file(look, change.path, root, reads)


def _make_dir(root: Path, change: svnlook.Change,
              copy_dir: Callable[[str, int, Path], None]) -> None:
    if change.action not in "AR":
        return
    parent = real_parent(root, change.path, create=True)
    assert parent is not None
    target = parent / safe_target(root, change.path).name
    info = lstat_or_none(target)
    if change.action == "R" or (info is not None and not os.path.isdir(target)) or \
            (info is not None and os.path.islink(target)):
        remove(target)
        info = None
    if info is not None:
        return
    if change.copy_from is not None and change.copy_rev is not None:
        copy_dir(change.copy_from, change.copy_rev, target)
    else:
        target.mkdir()


def link_tree(src: Path, dest: Path) -> None:
    """Own directories, files hard-linked: cheap; see the module docstring."""
    clone(src, dest, os.link)


def copy_tree(src: Path, dest: Path) -> None:
    """A real, writable copy: a suite may rewrite files without touching the cache."""
    clone(src, dest, copy_writable)


def put_tree(src: Path, dest: Path, link: bool) -> bool:
    """Link (or copy) ``src`` to ``dest``; a copy when links cannot cross
    file systems.  True if the files are hard links."""
    if link:
        try:
            link_tree(src, dest)
            return True
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            shutil.rmtree(dest)
    copy_tree(src, dest)
    return False


class SnapshotCache:
    """Revision snapshots of one repository under ``base``."""

    def __init__(self, repos: Path, cache_root: Path, reads: Reads = svnlook) -> None:
        self.repos = repos
        self.reads = reads
        self.base = cache_root / "svn-trees" / svnlook.uuid(repos)
        # Snapshots are what the suites run on: a cache dir that someone else
        # can write is refused, as the result cache refuses it (safedir).
        # Unlike a result, a snapshot cannot be skipped, so this fails closed.
        why = safedir.dir_problem(cache_root) or safedir.subdir_problem(cache_root / "svn-trees")
        why = why or safedir.subdir_problem(self.base)
        if not why:
            try:
                safedir.make_private(self.base)
            except OSError as exc:
                why = str(exc)
        if why:
            raise UserError(f"cache directory {cache_root} not used for svn snapshots: {why}; "
                            "make it private to the hook's user (cache.dir)")

    def path(self, rev: int) -> Path:
        return self.base / f"r{rev}"

    def cached(self) -> list[int]:
        revs = []
        for entry in self.base.iterdir():
            name = entry.name
            if name.startswith("r") and name[1:].isdigit():
                revs.append(int(name[1:]))
        return sorted(revs)

    def get(self, rev: int, verify: bool = False) -> Path:
        """The snapshot of ``rev``, built if needed.  ``verify``: its content is
        checked against its manifest first, and rebuilt if anything differs."""
        final = self.path(rev)
        if final.is_dir() and (manifest.load(final) is None or
                               (verify and manifest.verify(final) is None)):
            self.discard(rev)
        if not final.is_dir():
            self._build(rev, final)
            self.prune()
        try:
            os.utime(final)  # marks it in use, see prune()
        except OSError:
            pass  # a read-only view of the cache (the sandbox)
        return final

    def manifest_of(self, rev: int) -> dict[str, Any] | None:
        return manifest.load(self.path(rev))

    def discard(self, rev: int) -> None:
        trash = self.base / f".trash-r{rev}-{owner_token()}-{time.monotonic_ns()}"
        try:
            os.rename(self.path(rev), trash)
        except OSError:
            return  # already gone
        manifest.path_for(self.path(rev)).unlink(missing_ok=True)
        shutil.rmtree(trash, ignore_errors=True)

    def copy_dir(self, rel: str, rev: int, dest: Path, link: bool = True) -> None:
        """Put ``rel@rev`` at ``dest``: from a cached snapshot when there is one
        and its content there is what was sealed, else by an export."""
        snap = self.path(rev) / rel if rel else self.path(rev)
        if snap.is_dir() and not snap.is_symlink() and \
                manifest.subtree_intact(self.path(rev), rel):
            try:
                put_tree(snap, dest, link)
                return
            except OSError:
                remove(dest)  # pruned under us: fall back to an export
        dest.mkdir(parents=True, exist_ok=True)
        export(self.repos, rel, rev, dest, self.base / ".svn-config")

    def _build(self, rev: int, final: Path) -> None:
        # The owner's token in the name: a killed builder's dir is removed by
        # the next run (prune), a live one's never.
        tmp = Path(tempfile.mkdtemp(prefix=f".r{rev}-{owner_token()}-", dir=self.base))
        try:
            older = [r for r in self.cached() if rev - MAX_STEPS <= r < rev]
            known = self._step_from(older[-1], rev, tmp) if older else None
            if known is None:
                remove(tmp)
                tmp.mkdir()
                export(self.repos, "", rev, tmp, self.base / ".svn-config")
            manifest.seal(tmp, manifest.path_for(final), known)
            try:
                os.rename(tmp, final)
            except OSError:
                if not final.is_dir():
                    raise
                # Another hook published the same revision first: use theirs
                # (the same content, so the same manifest).
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)

    def _step_from(self, start: int, rev: int, tmp: Path) -> manifest.Known | None:
        known = manifest.verify(self.path(start))
        if known is None:
            return None
        try:
            link_tree(self.path(start), tmp)
        except OSError:
            return None  # pruned by a concurrent hook
        for step in range(start + 1, rev + 1):
            look = svnlook.Look(self.repos, rev=step)
            apply_changes(tmp, look, svnlook.changed(look), self.copy_dir, self.reads)
        return known

    def prune(self) -> None:
        """Drop snapshots beyond the newest KEEP that nobody used lately, and
        what killed runs left (their temp dirs)."""
        now = time.time()
        for rev in self.cached()[:-KEEP]:
            path = self.path(rev)
            try:
                if now - path.stat().st_mtime < IDLE_SECONDS:
                    continue
            except OSError:
                continue
            self.discard(rev)
        for entry in self.base.iterdir():
            if entry.name.startswith((".r", ".trash-")) and self._abandoned(entry, now):
                shutil.rmtree(entry, ignore_errors=True)

    @staticmethod
    def _abandoned(entry: Path, now: float) -> bool:
        parts = entry.name.split("-")
        token = parts[2] if entry.name.startswith(".trash-") else parts[1]
        if "." in token:
            return not token_alive(token)
        try:  # named by an older version: by age
            return now - entry.stat().st_mtime > STALE_SECONDS
        except OSError:
            return False
