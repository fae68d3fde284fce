"""The index and tree listings (sources/git.py) are read with one regex
pass; each must give what reading record by record gives, for every path
git can hold and with a merge conflict in the index."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from commit_guard.sources import git as gitsrc
from tests.helpers import git, init_repo, merge_conflict, write

ODD = ["plain.py", "with space.py", "tab\there.py", "new\nline.py", "dir/sub/x.py",
       "100644 abc 0\tfake record.py"]
# A name that reads like a conflict stage sends the listing the slow way.
STAGE_LIKE = " 1\tlooks like a stage.py"


def _by_records(raw: bytes) -> list[tuple[str, ...]]:
    out = []
    for rec in raw.split(b"\0"):
        if rec:
            meta, _, path = rec.partition(b"\t")
            out.append((*meta.decode().split(), path.decode("utf-8", "surrogateescape")))
    return out


@pytest.mark.parametrize("names", [ODD, [*ODD, STAGE_LIKE]], ids=["regex", "by-record"])
def test_listings_match_the_record_by_record_reading(tmp_path: Path, names: list[str]) -> None:
    repo = init_repo(tmp_path / "repo")
    for name in names:
        write(repo, name, f"# {name!r}\n")
    (repo / os.fsdecode(b"latin1-\xe9.py")).write_bytes(b"x = 1\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "odd names")
    raw = gitsrc.git("ls-files", "-s", "-z", cwd=repo)
    expected = [(mode, sha, path) for mode, sha, _stage, path in _by_records(raw)]
    assert [tuple(e) for e in gitsrc.ls_index(repo)] == expected
    assert len(expected) == len(names) + 1
    tree_raw = gitsrc.git("ls-tree", "-r", "-z", "--full-tree", "HEAD", cwd=repo)
    assert [tuple(e) for e in gitsrc.ls_tree(repo, "HEAD")] == \
        [(mode, sha, path) for mode, _type, sha, path in _by_records(tree_raw)]


def test_a_conflicted_path_is_not_a_stage_zero_entry(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    write(repo, "keep.py", "y = 0\n")
    git(repo, "add", "keep.py")
    merge_conflict(repo, "a.py", "x = 0\n", "x = 1\n", "x = 2\n")
    raw = gitsrc.git("ls-files", "-s", "-z", cwd=repo)
    assert {r[2] for r in _by_records(raw)} == {"0", "1", "2", "3"}
    assert [e.path for e in gitsrc.ls_index(repo)] == ["keep.py"]
