"""`commit-guard install git` / `uninstall git`, tested through real `git commit`s."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from commit_guard.install.git import HOOK_NAMES
from tests.helpers import CLEAN_PY, cli, git, init_repo, write

BAD_PY = "import os\n"  # unused-import: a blocking pylint finding


def install(repo: Path, *args: str) -> str:
    res = cli(repo, "install", "git", *args)
    assert res.returncode == 0, res.stderr
    return res.stdout


def commit(repo: Path, *args: str, env: dict[str, str] | None = None):
    res = git(repo, "commit", "-m", "change", *args, check=False, env=env)
    res.out = (res.stdout + res.stderr).decode("utf-8", "replace")  # type: ignore[attr-defined]
    return res


def head_count(repo: Path) -> int:
    res = git(repo, "rev-list", "--count", "HEAD", check=False)
    return int(res.stdout) if res.returncode == 0 else 0


def foreign_hook(path: Path, body: str, mode: int = 0o750) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = f"#!/bin/sh\n# my team's own hook\n{body}\n".encode()
    path.write_bytes(data)
    path.chmod(mode)
    return data


def test_installed_hook_rejects_a_bad_commit_and_accepts_a_clean_one(repo: Path) -> None:
    out = install(repo)
    assert f"installed {repo / '.git/hooks/pre-commit'}" in out
    assert "note:" not in out
    write(repo, "bad.py", BAD_PY)
    git(repo, "add", "bad.py")
    res = commit(repo)
    assert res.returncode != 0
    assert "bad.py:1:1" in res.out and "unused-import" in res.out
    assert head_count(repo) == 0
    write(repo, "bad.py", CLEAN_PY)
    git(repo, "add", "bad.py")
    res = commit(repo)
    assert res.returncode == 0, res.out
    assert "commit accepted" in res.out
    assert head_count(repo) == 1


def test_hook_works_with_a_bare_path_like_a_gui_client(repo: Path) -> None:
    install(repo)
    write(repo, "bad.py", BAD_PY)
    git(repo, "add", "bad.py")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = "/usr/bin:/bin"
    res = commit(repo, env=env)
    assert res.returncode == 1, res.out
    assert "unused-import" in res.out


def test_hook_ignores_modules_checked_into_the_repository_root(repo: Path) -> None:
    # `python -m` would import these instead of the tool's own dependencies.
    install(repo)  # first: the test's own `python -m` would be shadowed too
    write(repo, "click.py", 'raise SystemExit("shadowed click imported")\n')
    write(repo, "commit_guard/__init__.py", 'raise SystemExit("shadowed package")\n')
    write(repo, "bad.py", BAD_PY)
    git(repo, "add", "bad.py")
    res = commit(repo)
    assert "shadowed" not in res.out
    assert "unused-import" in res.out


def test_foreign_hook_is_kept_run_first_and_restored_exactly(repo: Path) -> None:
    hook = repo / ".git/hooks/pre-commit"
    marker = repo.parent / "foreign-ran"
    original = foreign_hook(hook, f"echo ran >> '{marker}'")
    before = hook.stat()
    out = install(repo)
    assert "kept existing pre-commit hook" in out and "runs first" in out
    write(repo, "ok.py", CLEAN_PY)
    git(repo, "add", "ok.py")
    res = commit(repo)
    assert res.returncode == 0, res.out
    assert marker.read_text() == "ran\n"
    assert "commit accepted" in res.out

    res = cli(repo, "uninstall", "git")
    assert res.returncode == 0, res.stderr
    assert f"restored {hook}" in res.stdout
    assert hook.read_bytes() == original
    after = hook.stat()
    assert stat.S_IMODE(after.st_mode) == stat.S_IMODE(before.st_mode) == 0o750
    assert after.st_mtime_ns == before.st_mtime_ns
    assert not (repo / ".git/hooks/pre-merge-commit").exists()
    assert sorted(p.name for p in hook.parent.iterdir() if "commit-guard" in p.name) == []


def test_failing_foreign_hook_stops_the_commit_before_commit_guard(repo: Path) -> None:
    foreign_hook(repo / ".git/hooks/pre-commit", "echo 'foreign says no' >&2; exit 3")
    install(repo)
    write(repo, "ok.py", CLEAN_PY)
    git(repo, "add", "ok.py")
    res = commit(repo)
    assert res.returncode != 0
    assert "foreign says no" in res.out
    assert "commit-guard:" not in res.out
    assert head_count(repo) == 0


def test_reinstall_is_idempotent(repo: Path) -> None:
    marker = repo.parent / "foreign-ran"
    foreign_hook(repo / ".git/hooks/pre-commit", f"echo ran >> '{marker}'")
    install(repo)
    hooks = repo / ".git/hooks"
    first = {p.name: p.read_bytes() for p in hooks.iterdir()}
    out = install(repo)
    assert out.count("already installed") == len(HOOK_NAMES)
    assert {p.name: p.read_bytes() for p in hooks.iterdir()} == first
    write(repo, "ok.py", CLEAN_PY)
    git(repo, "add", "ok.py")
    assert commit(repo).returncode == 0
    assert marker.read_text() == "ran\n"  # chained once, not twice


def test_force_replaces_says_what_and_uninstall_restores(repo: Path) -> None:
    hook = repo / ".git/hooks/pre-commit"
    marker = repo.parent / "foreign-ran"
    original = foreign_hook(hook, f"echo ran >> '{marker}'", mode=0o700)
    out = install(repo, "--force")
    assert f"--force: replaced {hook}" in out
    assert "#!/bin/sh" in out  # says what it was
    write(repo, "ok.py", CLEAN_PY)
    git(repo, "add", "ok.py")
    assert commit(repo).returncode == 0
    assert not marker.exists()  # replaced: no longer run
    cli(repo, "uninstall", "git")
    assert hook.read_bytes() == original
    assert stat.S_IMODE(hook.stat().st_mode) == 0o700


def test_force_over_a_chained_install_stops_running_the_kept_hook(repo: Path) -> None:
    marker = repo.parent / "foreign-ran"
    foreign_hook(repo / ".git/hooks/pre-commit", f"echo ran >> '{marker}'")
    install(repo)
    out = install(repo, "--force")
    assert "no longer run" in out
    write(repo, "ok.py", CLEAN_PY)
    git(repo, "add", "ok.py")
    assert commit(repo).returncode == 0
    assert not marker.exists()


def test_uninstall_with_nothing_installed_and_with_a_foreign_hook(repo: Path) -> None:
    res = cli(repo, "uninstall", "git")
    assert res.returncode == 0 and "no commit-guard hook" in res.stdout
    hook = repo / ".git/hooks/pre-commit"
    original = foreign_hook(hook, "exit 0")
    res = cli(repo, "uninstall", "git")
    assert res.returncode == 0 and f"left alone: {hook}" in res.stdout
    assert hook.read_bytes() == original


def test_install_outside_a_work_tree_is_one_clear_error(tmp_path: Path) -> None:
    res = cli(tmp_path, "install", "git")
    assert res.returncode == 2
    assert "not inside a git work tree" in res.stderr
    assert "Traceback" not in res.stderr


def test_core_hooks_path_is_respected(repo: Path) -> None:
    git(repo, "config", "core.hooksPath", ".githooks")
    out = install(repo)
    assert f"installed {repo / '.githooks/pre-commit'}" in out
    assert "inside the work tree" in out
    assert not (repo / ".git/hooks/pre-commit").exists()
    write(repo, "bad.py", BAD_PY)
    git(repo, "add", "bad.py")
    assert "unused-import" in commit(repo).out
    out = cli(repo, "uninstall", "git").stdout
    assert "removed the empty" in out
    assert not (repo / ".githooks").exists()


def test_install_from_a_linked_worktree_guards_every_worktree(repo: Path) -> None:
    write(repo, "README", "x\n")
    git(repo, "add", "README")
    git(repo, "commit", "-qm", "init")
    linked = repo.parent / "linked"
    git(repo, "worktree", "add", "-q", "-b", "side", str(linked))
    out = install(linked)
    assert str(repo / ".git/hooks/pre-commit") in out
    for tree in (linked, repo):
        write(tree, "bad.py", BAD_PY)
        git(tree, "add", "bad.py")
        res = commit(tree)
        assert res.returncode == 1 and "unused-import" in res.out, tree


def test_install_in_a_submodule_uses_its_own_git_dir(tmp_path: Path) -> None:
    lib = init_repo(tmp_path / "lib")
    write(lib, "lib.py", CLEAN_PY)
    git(lib, "add", "lib.py")
    git(lib, "commit", "-qm", "lib")
    top = init_repo(tmp_path / "top")
    git(top, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(lib), "sub")
    git(top, "commit", "-qm", "add sub")
    sub = top / "sub"
    out = install(sub)
    assert str(top / ".git/modules/sub/hooks/pre-commit") in out
    assert not (top / ".git/hooks/pre-commit").exists()
    write(sub, "bad.py", BAD_PY)
    git(sub, "add", "bad.py")
    res = commit(sub)
    assert res.returncode == 1 and "bad.py" in res.out


def test_no_verify_bypasses_the_hook(repo: Path) -> None:
    install(repo)
    write(repo, "bad.py", BAD_PY)
    git(repo, "add", "bad.py")
    res = commit(repo, "--no-verify")
    assert res.returncode == 0, res.out
    assert "commit-guard" not in res.out
    assert head_count(repo) == 1


def test_skip_env_skips_a_checker_for_one_commit_and_says_so(repo: Path) -> None:
    install(repo)
    write(repo, "bad.py", BAD_PY)
    git(repo, "add", "bad.py")
    # A pre-commit framework hook id in SKIP is not our business, not an error.
    res = commit(repo, env={"SKIP": "flake8,pylint"})
    assert res.returncode == 0, res.out
    assert "pylint skipped by SKIP" in res.out  # the one line of an accepted commit
    assert head_count(repo) == 1
    write(repo, "bad2.py", BAD_PY)
    git(repo, "add", "bad2.py")
    res = commit(repo, env={"SKIP": "style"})
    assert res.returncode == 1 and "bad2.py" in res.out
