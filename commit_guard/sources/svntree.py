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
Hard links are what makes a 5,000-file tree cheap, so snapshots are
protected from being written through them: their files are read-only, and
a manifest (size, mtime, mode of every file) is checked before each use;
a snapshot that changed anyway (root ignores permissions) is discarded and
rebuilt.  Changes are applied by replacing files, never by writing into
them, so a link is never written through by us.

Form of the files: repository-normal, which is what ``svn export
--ignore-keywords --native-eol LF`` writes and ``svnlook cat`` prints:
keywords unexpanded, svn:eol-style native as LF, fixed styles (CRLF, CR,
LF) with their own endings; svn:executable files are executable.
"""
from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from commit_guard.errors import UserError
from commit_guard.sources import svnlook
from commit_guard.util import cmd_output_b

MAX_STEPS = 50  # revisions applied incrementally before a full export is cheaper
KEEP = 3  # newest snapshots always kept
IDLE_SECONDS = 300  # older snapshots are pruned once unused this long
MANIFEST = ".commit-guard-manifest.json"  # inside each snapshot, never linked out

def safe_target(root: Path, rel: str) -> Path:
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
        raise UserError(f"{rel}: refusing a path that leaves the repository")
    return root.joinpath(*parts)


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def write_file(look: svnlook.Look, rel: str, dest: Path) -> None:
    """Write ``rel`` as ``look`` has it, replacing (never writing through) ``dest``."""
    data = svnlook.cat(look, rel)
    if data is None:
        return
    props = svnlook.proplist(look, rel)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.cg-tmp")
    remove(tmp)
    if "svn:special" in props and data.startswith(b"link "):
        os.symlink(svnlook.decode(data[5:]), tmp)
    else:
        tmp.write_bytes(data)
        if "svn:executable" in props:
            tmp.chmod(0o755)
    if dest.is_dir() and not dest.is_symlink():
        shutil.rmtree(dest)
    os.replace(tmp, dest)


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
                  copy_dir: Callable[[str, int, Path], None]) -> None:
    """Turn the tree at ``root`` into ``look``'s state by applying ``changes``.

    Parents sort before children and a replacement's delete before its add
    (the sort is stable), so a copied directory is in place before the
    changes made inside it.
    """
    ordered = sorted(changes, key=lambda c: c.path.split("/"))
    for change in ordered:
        target = safe_target(root, change.path)
        if change.action == "D":
            remove(target)
        elif change.is_dir:
            if change.action in "AR" and not target.is_dir():
                if change.copy_from is not None and change.copy_rev is not None:
                    copy_dir(change.copy_from, change.copy_rev, target)
                else:
                    target.mkdir(parents=True, exist_ok=True)
        else:
            write_file(look, change.path, target)


def _no_manifest(src: Path) -> Callable[[str, list[str]], list[str]]:
    top = str(src)
    return lambda directory, names: [MANIFEST] if directory == top and MANIFEST in names else []


def link_tree(src: Path, dest: Path) -> None:
    """Own directories, files hard-linked: cheap; see the module docstring."""
    shutil.copytree(src, dest, symlinks=True, copy_function=os.link, dirs_exist_ok=True,
                    ignore=_no_manifest(src))


def _copy_writable(src: str, dest: str) -> None:
    shutil.copyfile(src, dest)
    os.chmod(dest, stat.S_IMODE(os.stat(src).st_mode) | stat.S_IWUSR)


def copy_tree(src: Path, dest: Path) -> None:
    """A real, writable copy: a suite may rewrite files without touching the cache."""
    shutil.copytree(src, dest, symlinks=True, copy_function=_copy_writable,
                    dirs_exist_ok=True, ignore=_no_manifest(src))


def _files(root: Path) -> Iterable[tuple[str, os.stat_result]]:
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            full = os.path.join(dirpath, name)
            info = os.lstat(full)
            if stat.S_ISREG(info.st_mode):
                yield os.path.relpath(full, root), info


def seal(root: Path) -> None:
    """Make the snapshot's files read-only and record them in its manifest."""
    manifest = {}
    for rel, info in _files(root):
        if info.st_mode & 0o222:
            os.chmod(root / rel, stat.S_IMODE(info.st_mode) & ~0o222)
            info = os.lstat(root / rel)
        manifest[rel] = [info.st_size, info.st_mtime_ns, info.st_mode]
    (root / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def intact(root: Path) -> bool:
    """Whether no file of the snapshot was written, chmod-ed, added or removed."""
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        seen = 0
        for rel, info in _files(root):
            if rel == MANIFEST:
                continue
            if manifest.get(rel) != [info.st_size, info.st_mtime_ns, info.st_mode]:
                return False
            seen += 1
    except (OSError, ValueError):
        return False
    return seen == len(manifest)


class SnapshotCache:
    """Revision snapshots of one repository under ``base``."""

    def __init__(self, repos: Path, cache_root: Path) -> None:
        self.repos = repos
        self.base = cache_root / "svn-trees" / svnlook.uuid(repos)
        self.base.mkdir(parents=True, exist_ok=True)

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
        """The snapshot of ``rev``, built if needed (rebuilt if ``verify`` finds it changed)."""
        final = self.path(rev)
        if final.is_dir() and verify and not intact(final):
            self.discard(rev)
        if not final.is_dir():
            self._build(rev, final)
            self.prune()
        os.utime(final)  # marks it in use, see prune()
        return final

    def discard(self, rev: int) -> None:
        trash = self.base / f".trash-r{rev}-{os.getpid()}-{time.monotonic_ns()}"
        try:
            os.rename(self.path(rev), trash)
        except OSError:
            return  # already gone
        shutil.rmtree(trash, ignore_errors=True)

    def copy_dir(self, rel: str, rev: int, dest: Path, link: bool = True) -> None:
        """Put ``rel@rev`` at ``dest``: from a cached snapshot when there is one
        (hard-linked into another snapshot, copied into a commit's own tree)."""
        snap = self.path(rev) / rel if rel else self.path(rev)
        if snap.is_dir():
            try:
                (link_tree if link else copy_tree)(snap, dest)
                return
            except (FileNotFoundError, shutil.Error):
                remove(dest)  # pruned under us: fall back to an export
        dest.mkdir(parents=True, exist_ok=True)
        export(self.repos, rel, rev, dest, self.base / ".svn-config")

    def _build(self, rev: int, final: Path) -> None:
        tmp = Path(tempfile.mkdtemp(prefix=f".r{rev}-", dir=self.base))
        try:
            older = [r for r in self.cached() if rev - MAX_STEPS <= r < rev]
            if older and self._step_from(older[-1], rev, tmp):
                pass
            else:
                remove(tmp)
                tmp.mkdir()
                export(self.repos, "", rev, tmp, self.base / ".svn-config")
            seal(tmp)
            try:
                os.rename(tmp, final)
            except OSError:
                if not final.is_dir():
                    raise
                # Another hook published the same revision first: use theirs.
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)

    def _step_from(self, start: int, rev: int, tmp: Path) -> bool:
        if not intact(self.path(start)):
            return False
        try:
            link_tree(self.path(start), tmp)
        except (FileNotFoundError, shutil.Error):
            return False  # pruned by a concurrent hook
        for step in range(start + 1, rev + 1):
            look = svnlook.Look(self.repos, rev=step)
            apply_changes(tmp, look, svnlook.changed(look), self.copy_dir)
        return True

    def prune(self) -> None:
        """Drop snapshots beyond the newest KEEP that nobody used lately."""
        now = time.time()
        for rev in self.cached()[:-KEEP]:
            path = self.path(rev)
            try:
                if now - path.stat().st_mtime < IDLE_SECONDS:
                    continue
                trash = self.base / f".trash-r{rev}-{os.getpid()}"
                os.rename(path, trash)
            except OSError:
                continue
            shutil.rmtree(trash, ignore_errors=True)
        for entry in self.base.iterdir():
            # Temp dirs left by a killed hook.
            if entry.name.startswith((".r", ".trash-")) and now - entry.stat().st_mtime > 3600:
                shutil.rmtree(entry, ignore_errors=True)
