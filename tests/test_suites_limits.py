"""A suite's limits: memory_mb, and output that never fills the disk."""
from __future__ import annotations

import os
from pathlib import Path

from commit_guard import util
from tests.helpers import cli, git, init_repo, write
from tests.suite_helpers import PY, config


def test_memory_mb_limits_the_suite_and_says_so(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    hog = "x = bytearray(600 * 1024 * 1024); print(len(x))"
    write(repo, "pyproject.toml", config({"name": "hog", "command": [PY, "-c", hog],
                                          "memory_mb": 300}))
    write(repo, "a.py", "X = 1\n")
    git(repo, "add", "-A")
    res = cli(repo, "check", "--only", "tests", "-v")
    assert res.returncode == 1, res.stdout
    assert "MemoryError" in res.stdout
    assert "over memory_mb = 300" in res.stdout


def test_output_is_capped_and_its_tail_kept(tmp_path: Path) -> None:
    """Past the cap all but the tail is freed (a hole punched: no disk, the
    size kept), so what the command writes meanwhile is never lost; the
    tail is still read."""
    out = tmp_path / "output"
    fd = os.open(out, os.O_WRONLY | os.O_CREAT)
    chunk = b"x" * 1023 + b"\n"
    for _ in range(util.OUTPUT_CAP // len(chunk) + 100):
        os.write(fd, chunk)
    os.write(fd, b"LAST BEFORE THE DROP\n")
    util._cap_output(out)  # pylint: disable=protected-access
    assert out.stat().st_blocks * 512 < 1024 * 1024
    assert util.tail_of(out, 100).endswith(b"LAST BEFORE THE DROP\n")
    os.write(fd, b"written after\n")  # at the command's own offset
    os.close(fd)
    assert out.stat().st_blocks * 512 < 1024 * 1024
    tail = util.tail_of(out, 200)
    assert tail.endswith(b"LAST BEFORE THE DROP\nwritten after\n")
    assert b"\0" not in tail


def test_a_suite_printing_without_end_keeps_its_last_lines(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    spam = ("import sys\nline = 'x' * 1023 + '\\n'\nfor _ in range(48 * 1024):\n"
            "    sys.stdout.write(line)\nprint('THE END')\nsys.exit(3)\n")
    write(repo, "spam.py", spam)
    write(repo, "pyproject.toml", config({"name": "spam", "command": [PY, "spam.py"]}))
    git(repo, "add", "-A")
    res = cli(repo, "check", "--only", "tests", "-v")
    assert res.returncode == 1
    assert "| THE END" in res.stdout
