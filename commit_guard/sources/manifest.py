"""What a revision snapshot holds, by content: the check that nothing wrote into it.

A snapshot's files are hard-linked into the trees server-side suites run
in, and a suite can write through such a link and put size and mtime
back.  So the manifest of a snapshot records, for every regular file, its
size, mode and SHA-256, and for every symlink its target; it is kept
beside the snapshot (``rN.manifest``), not inside it, so a committed file
can never collide with it.  ``intact`` re-reads every file and compares;
``matches`` checks one file's bytes when only a few are read.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from commit_guard.sources.nofollow import LINK_PREFIX
from commit_guard.sources.treeops import contain_links
from commit_guard.util import replace_file

CHUNK = 1 << 20
Known = dict[tuple[int, int], str]  # (st_dev, st_ino) -> SHA-256 of a verified file


def path_for(root: Path) -> Path:
    return root.with_name(root.name + ".manifest")


def digest(path: str) -> str:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    sha = hashlib.sha256()
    with os.fdopen(fd, "rb") as fh:
        while block := fh.read(CHUNK):
            sha.update(block)
    return sha.hexdigest()


def scan(root: Path, known: Known | None = None,
         read_only: bool = False) -> tuple[dict[str, Any], Known]:
    """(the manifest of the tree at ``root``, the digest of each inode read).

    ``known``: digests of inodes verified moments ago (a snapshot this one
    was hard-linked from); those are not read again.  ``read_only``: files
    lose their write bits first (sealing).
    """
    files: dict[str, list[Any]] = {}
    links: dict[str, str] = {}
    seen: Known = {}
    stack = [("", str(root))]
    while stack:
        prefix, directory = stack.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                rel = prefix + entry.name
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(info.st_mode):
                    links[rel] = os.readlink(entry.path)
                elif stat.S_ISDIR(info.st_mode):
                    stack.append((rel + "/", entry.path))
                elif stat.S_ISREG(info.st_mode):
                    if read_only and info.st_mode & 0o222:
                        os.chmod(entry.path, stat.S_IMODE(info.st_mode) & ~0o222)
                        info = os.lstat(entry.path)
                    inode = (info.st_dev, info.st_ino)
                    sha = (known or {}).get(inode) or digest(entry.path)
                    seen[inode] = sha
                    files[rel] = [info.st_size, stat.S_IMODE(info.st_mode), sha]
    return {"files": files, "links": links}, seen


def seal(root: Path, manifest_path: Path | None = None, known: Known | None = None) -> None:
    """Contain the tree's links, make its files read-only, write its manifest."""
    contain_links(root)
    manifest, _seen = scan(root, known, read_only=True)
    dest = manifest_path or path_for(root)
    replace_file(dest, json.dumps(manifest, separators=(",", ":")).encode("utf-8"),
                 prefix=f".{dest.name}-")


def load(root: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path_for(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict) or \
            not isinstance(data.get("links"), dict):
        return None
    return data


def verify(root: Path) -> Known | None:
    """The digests of the snapshot's inodes if every file and link is what
    its manifest says (content included), else None."""
    stored = load(root)
    if stored is None:
        return None
    try:
        current, seen = scan(root)
    except OSError:
        return None
    return seen if current == stored else None


def intact(root: Path) -> bool:
    """Whether nothing of the snapshot was written, chmod-ed, added or removed."""
    return verify(root) is not None


def matches(manifest: dict[str, Any], rel: str, data: bytes) -> bool:
    """Whether ``data``, read from ``rel`` in the snapshot, is what was sealed."""
    entry = manifest["files"].get(rel)
    if entry is not None:
        return len(data) == entry[0] and hashlib.sha256(data).hexdigest() == entry[2]
    target = manifest["links"].get(rel)
    return target is not None and data == LINK_PREFIX + os.fsencode(target)


def subtree_intact(root: Path, rel: str) -> bool:
    """``intact`` for the part of the snapshot under directory ``rel`` only."""
    stored = load(root)
    if stored is None:
        return False
    try:
        current, _seen = scan(root / rel)
    except OSError:
        return False
    pre = rel.strip("/") + "/"
    want = {kind: {k[len(pre):]: v for k, v in stored[kind].items() if k.startswith(pre)}
            for kind in ("files", "links")}
    return current == want
