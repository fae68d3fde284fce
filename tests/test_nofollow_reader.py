"""nofollow.Reader: many reads of one tree with the directories on the way
kept open, and still no symlink followed anywhere on the way."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from commit_guard.errors import UserError
from commit_guard.sources import nofollow
from tests.helpers import write


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture(name="tree")
def fixture_tree(tmp_path: Path) -> Path:
    secret = write(tmp_path, "outside/secret.py", "SECRET = 1\n")
    root = tmp_path / "tree"
    for rel in ("a.py", "d/b.py", "d/e/c.py", "d/e/f/g.py", "x/y.py"):
        write(root, rel, f"# {rel}\n")
    os.symlink(secret.parent, root / "d" / "linked_dir")
    os.symlink(secret, root / "d" / "e" / "linked_file.py")
    os.mkfifo(root / "d" / "fifo")
    return root


# In walk order and not: the kept chain is shared, cut back and rebuilt.
PATHS = ["a.py", "d/b.py", "d/e/c.py", "d/linked_dir/secret.py", "d/e/f/g.py",
         "d/e/linked_file.py", "d/fifo", "x/y.py", "d/e/c.py", "missing/z.py", "a.py",
         "d/linked_dir/../b.py", "d//b.py", "./a.py"]


def test_reader_reads_as_read_file_does(tree: Path) -> None:
    with nofollow.Reader(tree) as reader:
        for rel in PATHS:
            try:
                many = reader.read(rel)
            except UserError:
                with pytest.raises(UserError):
                    nofollow.read_file(tree, rel)
                continue
            assert many == nofollow.read_file(tree, rel), rel
            assert reader.read(rel, link_form=True) == nofollow.read_file(tree, rel, True), rel


def test_reader_never_follows_a_symlink(tree: Path) -> None:
    with nofollow.Reader(tree) as reader:
        assert reader.read("d/e/c.py") == b"# d/e/c.py\n"
        assert reader.read("d/linked_dir/secret.py") is None
        assert reader.read("d/e/linked_file.py") is None
        assert reader.read("d/e/linked_file.py", link_form=True).startswith(b"link ")
        assert reader.read("d/fifo") is None
        assert reader.read("d/e/f/g.py") == b"# d/e/f/g.py\n"


def test_reader_refuses_a_path_leaving_the_tree(tree: Path) -> None:
    with nofollow.Reader(tree) as reader:
        for rel in ("../outside/secret.py", "/etc/passwd", "d/../../outside/secret.py"):
            with pytest.raises(UserError):
                reader.read(rel)


def test_reader_keeps_one_chain_open_and_closes_it(tree: Path) -> None:
    before = _open_fds()
    with nofollow.Reader(tree) as reader:
        for rel in PATHS * 3:
            try:
                reader.read(rel)
            except UserError:
                pass
            # The root and at most the three directories of d/e/f.
            assert _open_fds() - before <= 4
    assert _open_fds() == before
