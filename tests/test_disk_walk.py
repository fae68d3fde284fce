"""`check DIR` outside git walks the directory: each file is itself, a
symlinked file too (reported, never followed), wherever it points."""
from __future__ import annotations

import os
from pathlib import Path

from tests.helpers import cli, write


def test_a_walked_symlink_is_reported_not_followed(tmp_path: Path) -> None:
    outside = write(tmp_path, "outside/secret.py", "SECRET = 1\n")
    tree = tmp_path / "tree"
    write(tree, "d/ok.py", '"""Fine."""\n')
    write(tree, "d/inside.py", '"""Fine too."""\n')
    os.symlink(outside, tree / "d" / "out_link.py")
    os.symlink(tree / "d" / "inside.py", tree / "d" / "in_link.py")
    res = cli(tree, "check", "--only", "pylint", "d")
    assert res.returncode == 1, res.stdout + res.stderr
    for link in ("d/out_link.py", "d/in_link.py"):
        assert f"{link}: error CG002" in res.stdout and "a symbolic link" in res.stdout
    assert "secret.py" not in res.stdout and "internal error" not in res.stderr
    assert "commit rejected (2 blocking problems)" in res.stdout
