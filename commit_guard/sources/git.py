"""Tiny git accessors.  Each reads NUL-separated output so any file name works."""
from __future__ import annotations

import os
import re
from functools import partial
from pathlib import Path
from typing import Iterable, NamedTuple

from commit_guard.errors import UserError
from commit_guard.util import cmd_output, cmd_output_b

GITLINK_MODE = "160000"
SYMLINK_MODE = "120000"


def git(*args: str, cwd: str | os.PathLike[str] | None = None, check: bool = True) -> bytes:
    return cmd_output_b("git", *args, cwd=cwd, check=check)[1]


def toplevel(cwd: str | os.PathLike[str] = ".") -> Path | None:
    """The work tree root containing ``cwd``, or None outside a work tree."""
    try:
        code, out, _ = cmd_output("git", "rev-parse", "--show-toplevel", cwd=cwd, check=False)
    except UserError:
        return None  # no git installed: behave as outside a repository
    if code != 0 or not out.strip():
        return None
    return Path(out.strip())


def git_dir(cwd: str | os.PathLike[str]) -> Path:
    out = cmd_output("git", "rev-parse", "--absolute-git-dir", cwd=cwd)[1]
    return Path(out.strip())


def has_head(cwd: str | os.PathLike[str]) -> bool:
    return cmd_output("git", "rev-parse", "-q", "--verify", "HEAD", cwd=cwd, check=False)[0] == 0


def empty_tree(cwd: str | os.PathLike[str]) -> str:
    # Computed, not hard-coded, so SHA-256 repositories work too.
    return cmd_output("git", "hash-object", "-t", "tree", "/dev/null", cwd=cwd)[1].strip()


class DiffEntry(NamedTuple):
    status: str  # A, M, D, R, C, T
    path: str
    old_path: str | None
    new_mode: str
    new_sha: str
    old_sha: str


def staged_diff(cwd: str | os.PathLike[str]) -> list[DiffEntry]:
    """What ``git commit`` would record, relative to HEAD (or the empty tree)."""
    args = ("git", "diff-index", "--cached", "-z", "-M", "--no-ext-diff",
            "--ignore-submodules=none")
    # HEAD is tried first: asking whether it exists would cost a git process
    # on every commit, and only the first commit of a repository has none.
    code, raw, _err = cmd_output_b(*args, "HEAD", "--", cwd=cwd, check=False)
    if code != 0:
        base = "HEAD" if has_head(cwd) else empty_tree(cwd)
        raw = cmd_output_b(*args, base, "--", cwd=cwd)[1]
    return parse_raw_diff(raw)


def parse_raw_diff(raw: bytes) -> list[DiffEntry]:
    parts = raw.split(b"\0")
    entries: list[DiffEntry] = []
    i = 0
    while i < len(parts) and parts[i]:
        meta = parts[i].decode().lstrip(":").split()
        old_mode, new_mode, old_sha, new_sha, status = meta[:5]
        del old_mode
        letter = status[0]
        if letter in "RC":
            old_path, path = _dec(parts[i + 1]), _dec(parts[i + 2])
            i += 3
        else:
            old_path, path = None, _dec(parts[i + 1])
            i += 2
        entries.append(DiffEntry(letter, path, old_path, new_mode, new_sha, old_sha))
    return entries


def _dec(b: bytes) -> str:
    # surrogateescape keeps non-UTF-8 names round-trippable to git.
    return b.decode("utf-8", "surrogateescape")


def _enc(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


def cat_blobs(shas: Iterable[str], cwd: str | os.PathLike[str]) -> dict[str, bytes]:
    """Read many blobs with one ``git cat-file --batch`` process."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    out = git_batch(wanted, cwd)
    result: dict[str, bytes] = {}
    pos = 0
    for sha in wanted:
        nl = out.index(b"\n", pos)
        header = out[pos:nl].split()
        pos = nl + 1
        if len(header) >= 2 and header[1] == b"missing":
            continue
        size = int(header[2])
        result[sha] = out[pos:pos + size]
        pos += size + 1
    return result


def blob_sizes(shas: Iterable[str], cwd: str | os.PathLike[str]) -> dict[str, int]:
    """Object sizes from ``git cat-file --batch-check``, without reading content."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    data = ("\n".join(wanted) + "\n").encode()
    out = cmd_output_b("git", "cat-file", "--batch-check", cwd=cwd, stdin=data)[1]
    sizes = {}
    for line in out.decode().splitlines():
        parts = line.split()
        if len(parts) == 3:
            sizes[parts[0]] = int(parts[2])
    return sizes


def git_batch(objects: list[str], cwd: str | os.PathLike[str]) -> bytes:
    data = ("\n".join(objects) + "\n").encode()
    return cmd_output_b("git", "cat-file", "--batch", cwd=cwd, stdin=data)[1]


class IndexEntry(NamedTuple):
    mode: str
    sha: str
    path: str


# One ``-z`` record of ls-files -s or ls-tree: three fields, a tab, the path.
_RECORD = re.compile(r"([^ \0\t]+) ([^ \0\t]+) ([^ \0\t]+)\t([^\0]*)\0")


def _entries(raw: bytes) -> list[tuple[str, str, str, str]]:
    """``META<TAB>PATH`` records, NUL-separated: (three meta fields, path).

    One decode and one regex pass over the whole listing: parsing record by
    record took 0.38 s of a 100,000-file index, where git itself took 0.06 s.
    """
    text = _dec(raw)
    found = _RECORD.findall(text)
    if len(found) == text.count("\0"):
        return found
    # Not the shape expected (never seen from git): the record-by-record
    # reading, which fails loudly on a record it cannot read.
    out = []
    for rec in raw.split(b"\0"):
        if rec:
            meta, _, path = rec.partition(b"\t")
            first, second, third = meta.decode().split()
            out.append((first, second, third, _dec(path)))
    return out


# A stage-0 record of ls-files -s -z, as (mode, sha, path).
_STAGE0 = re.compile(r"([0-7]+) ([0-9a-f]+) 0\t([^\0]*)\0")


def ls_index(cwd: str | os.PathLike[str], *pathspec: str) -> list[IndexEntry]:
    """Stage-0 index entries, optionally limited to pathspecs (literal)."""
    raw = git("--literal-pathspecs", "ls-files", "-s", "-z", "--", *pathspec, cwd=cwd)
    text = _dec(raw)
    # Only where no record can be of stage 1-3 (a merge conflict): there
    # every record matches from its start.
    if not any(f" {stage}\t" in text for stage in "123"):
        found = _STAGE0.findall(text)
        if len(found) == text.count("\0"):
            # tuple.__new__ through partial: no Python frame per entry (_make has one).
            return list(map(partial(tuple.__new__, IndexEntry), found))
    return [IndexEntry(mode, sha, path) for mode, sha, stage, path in _entries(raw)
            if stage == "0"]


def ls_tree(cwd: str | os.PathLike[str], rev: str, *pathspec: str) -> list[IndexEntry]:
    raw = git("--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", rev, "--", *pathspec,
              cwd=cwd)
    return [IndexEntry(mode, sha, path) for mode, _type, sha, path in _entries(raw)]


def ls_files(cwd: str | os.PathLike[str], *pathspec: str, others: bool = False) -> list[str]:
    """Tracked files (and, with ``others``, untracked non-ignored ones)."""
    args = ["--literal-pathspecs", "ls-files", "-z", "--cached"]
    if others:
        args += ["--others", "--exclude-standard"]
    raw = git(*args, "--", *pathspec, cwd=cwd)
    return list(dict.fromkeys(_dec(p) for p in raw.split(b"\0") if p))


def head_blob(cwd: str | os.PathLike[str], path: str) -> bytes | None:
    """The content of ``path`` at HEAD, or None if it is not there."""
    if not has_head(cwd):
        return None
    entries = ls_tree(cwd, "HEAD", path)
    if not entries:
        return None
    return cat_blobs([entries[0].sha], cwd).get(entries[0].sha)
