"""Real-world repository shapes, each through a real `git commit` and the installed hook."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import CLEAN_PY, cli, git, init_repo, write
from tests.test_git_hook import BAD_PY, commit, head_count

SYNTAX_ERROR_PY = 'x = 1\ny = 2\ndef broken(:\n    pass\n'
# pylint is the probe that shows a file was (or was not) checked; the style
# rules evolve on their own and have their own tests.
CONFIG = 'skip = ["style"]\n'


def install(repo: Path) -> Path:
    res = cli(repo, "install", "git")
    assert res.returncode == 0, res.stderr
    return repo


@pytest.fixture(name="hooked")
def hooked_fixture(repo: Path) -> Path:
    install(repo)
    add_commit(repo, {"commit-guard.toml": CONFIG})
    return repo


def add_commit(repo: Path, files: dict[str, str | bytes], verify: bool = False) -> None:
    """Set up history; --no-verify so bad content can be made to exist."""
    for rel, data in files.items():
        write(repo, rel, data)
        git(repo, "add", "--", rel)
    git(repo, "commit", "-qm", "setup", *([] if verify else ["--no-verify"]))


def finding_paths(out: str) -> set[str]:
    return {line.strip().split(":", 1)[0] for line in out.splitlines()
            if "[pylint]" in line}


def test_initial_commit(repo: Path) -> None:
    hooked = install(repo)
    write(hooked, "commit-guard.toml", CONFIG)
    write(hooked, "bad.py", BAD_PY)
    git(hooked, "add", "bad.py", "commit-guard.toml")
    assert commit(hooked).returncode == 1
    write(hooked, "bad.py", CLEAN_PY)
    git(hooked, "add", "bad.py")
    res = commit(hooked)
    assert res.returncode == 0, res.out
    assert head_count(hooked) == 1


def test_rename_is_checked_under_its_new_path(hooked: Path) -> None:
    add_commit(hooked, {"old_name.py": BAD_PY})
    git(hooked, "mv", "old_name.py", "new_name.py")
    res = commit(hooked)
    assert res.returncode == 1
    assert finding_paths(res.out) == {"new_name.py"}


def test_deletion_is_not_checked(hooked: Path) -> None:
    add_commit(hooked, {"bad.py": BAD_PY, "keep.py": CLEAN_PY})
    git(hooked, "rm", "-q", "bad.py")
    res = commit(hooked)
    assert res.returncode == 0, res.out
    assert not finding_paths(res.out)
    assert head_count(hooked) == 3


def test_binary_files_are_skipped_without_error(hooked: Path) -> None:
    write(hooked, "image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)))
    write(hooked, "packed.bin", b"\0\x01\x02 not python at all \xff\xfe")
    git(hooked, "add", "image.png", "packed.bin")
    res = commit(hooked)
    assert res.returncode == 0, res.out
    assert head_count(hooked) == 2
    # Under a code name it is a finding (CG002), never a skip: test_security_silent.py.


def test_symlinks_are_committed_as_links_and_never_followed(hooked: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text(BAD_PY)
    add_commit(hooked, {"inside_bad.py": BAD_PY})
    (hooked / "to_outside.py").symlink_to(outside)
    (hooked / "relative_out.py").symlink_to("../outside.py")
    (hooked / "to_inside.py").symlink_to("inside_bad.py")
    git(hooked, "add", "to_outside.py", "relative_out.py", "to_inside.py")
    res = commit(hooked)
    # Under code names the links are findings (CG002, never followed) unless excluded.
    assert res.returncode == 1 and res.out.count("error CG002") == 3, res.out
    write(hooked, "commit-guard.toml", CONFIG + 'exclude = ["to_*.py", "relative_out.py"]\n')
    git(hooked, "add", "commit-guard.toml")
    res = commit(hooked)
    assert res.returncode == 0, res.out
    assert "outside" not in finding_paths(res.out) and not finding_paths(res.out)
    blob = git(hooked, "cat-file", "-p", "HEAD:to_outside.py").stdout
    assert blob == str(outside).encode()  # the link itself is what went in
    assert outside.read_text() == BAD_PY


def test_submodule_changes_are_not_descended_into(hooked: Path, tmp_path: Path) -> None:
    lib = init_repo(tmp_path / "lib")
    add_commit(lib, {"lib_bad.py": BAD_PY})
    git(hooked, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(lib), "sub")
    res = commit(hooked)
    assert res.returncode == 0, res.out
    add_commit(hooked / "sub", {"more_bad.py": BAD_PY})  # a new submodule commit
    git(hooked, "add", "sub")
    res = commit(hooked)
    assert res.returncode == 0, res.out
    assert "bad.py" not in res.out
    assert head_count(hooked) == 3


def _diverged(repo: Path, side_files: dict[str, str]) -> None:
    add_commit(repo, {"base.py": CLEAN_PY})
    git(repo, "checkout", "-q", "-b", "side")
    add_commit(repo, side_files)
    git(repo, "checkout", "-q", "main")
    add_commit(repo, {"main_only.py": CLEAN_PY})


def test_merge_result_is_checked_by_git_merge_and_git_commit(hooked: Path) -> None:
    _diverged(hooked, {"from_side.py": BAD_PY})
    res = git(hooked, "merge", "--no-edit", "side", check=False)
    out = (res.stdout + res.stderr).decode()
    assert res.returncode != 0  # git merge runs pre-merge-commit
    assert "from_side.py:1:1" in out and "unused-import" in out
    assert head_count(hooked) == 3  # config, base, main_only: no merge commit
    res = commit(hooked, "--no-edit")  # concluding the merge runs pre-commit
    assert res.returncode == 1 and "from_side.py" in res.out
    write(hooked, "from_side.py", CLEAN_PY)
    git(hooked, "add", "from_side.py")
    res = commit(hooked, "--no-edit")
    assert res.returncode == 0, res.out
    parents = git(hooked, "rev-list", "--parents", "-n1", "HEAD").stdout.split()
    assert len(parents) == 3  # a real merge commit


def test_clean_merge_goes_through_pre_merge_commit(hooked: Path) -> None:
    _diverged(hooked, {"from_side.py": CLEAN_PY})
    res = git(hooked, "merge", "--no-edit", "side", check=False)
    assert res.returncode == 0, res.stderr
    assert b"commit accepted" in res.stdout + res.stderr


def test_conflicted_merge_resolution_is_checked(hooked: Path) -> None:
    add_commit(hooked, {"shared.py": CLEAN_PY})
    git(hooked, "checkout", "-q", "-b", "side")
    add_commit(hooked, {"shared.py": CLEAN_PY + "\n\ndef side():\n    return 1\n"})
    git(hooked, "checkout", "-q", "main")
    add_commit(hooked, {"shared.py": CLEAN_PY + "\n\ndef main():\n    return 2\n"})
    assert git(hooked, "merge", "side", check=False).returncode != 0  # conflict
    write(hooked, "shared.py", "import os\n" + CLEAN_PY)
    git(hooked, "add", "shared.py")
    res = commit(hooked, "--no-edit")
    assert res.returncode == 1
    assert "shared.py:1:1" in res.out


def test_commit_all_checks_the_temporary_index(hooked: Path) -> None:
    add_commit(hooked, {"mod.py": CLEAN_PY})
    write(hooked, "mod.py", BAD_PY)  # changed on disk, not staged
    index_before = (hooked / ".git/index").read_bytes()
    res = commit(hooked, "-a")
    assert res.returncode == 1 and "mod.py:1:1" in res.out
    assert (hooked / ".git/index").read_bytes() == index_before
    # The other way round: staged bad, disk fixed; -a commits the disk.
    git(hooked, "add", "mod.py")
    write(hooked, "mod.py", CLEAN_PY + "\n\ndef more():\n    return 3\n")
    res = commit(hooked, "-a")
    assert res.returncode == 0, res.out


def test_commit_path_checks_only_that_path(hooked: Path) -> None:
    add_commit(hooked, {"mod.py": CLEAN_PY})
    write(hooked, "other.py", BAD_PY)
    git(hooked, "add", "other.py")  # staged but not part of `git commit mod.py`
    write(hooked, "mod.py", CLEAN_PY + "\n\ndef more():\n    return 3\n")
    res = commit(hooked, "mod.py")
    assert res.returncode == 0, res.out
    assert "other.py" not in res.out
    assert b"other.py" not in git(hooked, "ls-tree", "--name-only", "HEAD").stdout
    git(hooked, "add", "mod.py")  # stage a clean version, then break the disk copy
    write(hooked, "mod.py", BAD_PY)
    res = commit(hooked, "mod.py")
    assert res.returncode == 1 and "mod.py:1:1" in res.out


@pytest.mark.parametrize("name", ["with space.py", "it's \"quoted\".py", "new\nline.py",
                                  "ünïcødé_名前.py"])
def test_awkward_file_names(hooked: Path, name: str) -> None:
    # Such names are what this test is about; pylint's naming rules would object.
    add_commit(hooked, {"commit-guard.toml": CONFIG + '[pylint]\nargs = '
                        '["--disable=invalid-name,non-ascii-file-name"]\n'})
    write(hooked, name, BAD_PY)
    write(hooked, "fine.py", CLEAN_PY)
    git(hooked, "add", "--", name, "fine.py")
    res = commit(hooked)
    assert res.returncode == 1
    assert f"{name}:1:1" in res.out
    write(hooked, name, CLEAN_PY)
    git(hooked, "add", "--", name)
    res = commit(hooked)
    assert res.returncode == 0, res.out
    assert name.encode() in git(hooked, "ls-files", "-z").stdout.split(b"\0")


def test_crlf_files(hooked: Path) -> None:
    write(hooked, "dos.py", CLEAN_PY.replace("\n", "\r\n").encode())
    git(hooked, "add", "dos.py")
    res = commit(hooked)
    assert res.returncode == 0, res.out
    write(hooked, "dos_bad.py", SYNTAX_ERROR_PY.replace("\n", "\r\n").encode())
    git(hooked, "add", "dos_bad.py")
    res = commit(hooked)
    assert res.returncode == 1
    assert "dos_bad.py:3:" in res.out and "syntax-error" in res.out


def test_allow_empty(hooked: Path) -> None:
    res = commit(hooked, "--allow-empty")
    assert res.returncode == 0, res.out
    assert "nothing staged" in res.out
    assert head_count(hooked) == 2


def test_very_large_file_is_reported_not_checked(hooked: Path) -> None:
    big = "x = 1\n" * (11 * 1024 * 1024 // 6)  # 11 MiB > the 10 MiB default
    write(hooked, "huge.py", big)
    git(hooked, "add", "huge.py")
    res = git(hooked, "commit", "-m", "big", check=False)
    out = (res.stdout + res.stderr).decode()
    assert res.returncode == 1
    assert "huge.py" in out and "too large to check" in out


def test_size_limit_is_configurable(hooked: Path) -> None:
    add_commit(hooked, {"commit-guard.toml": CONFIG + "max_file_size = 100\n"})
    write(hooked, "small.py", CLEAN_PY)  # 60 bytes
    write(hooked, "medium.py", CLEAN_PY + "\n\n# " + "padding " * 20 + "\n")
    git(hooked, "add", "small.py", "medium.py")
    res = commit(hooked)
    assert res.returncode == 1
    assert "medium.py: error CG001 (file-too-large) too large to check" in res.out
    assert "small.py" not in res.out


def test_submodule_add_passes_the_default_style_rules(repo: Path, tmp_path: Path) -> None:
    # git writes .gitmodules with tab indentation; the house style must accept it.
    install(repo)
    lib = init_repo(tmp_path / "lib")
    add_commit(lib, {"lib.py": CLEAN_PY})
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(lib), "sub")
    assert b"\tpath = sub" in (repo / ".gitmodules").read_bytes()
    res = commit(repo)
    assert res.returncode == 0, res.out
    assert head_count(repo) == 1
