"""`commit-guard doctor`: one line per problem, each with its fix."""
from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

from commit_guard.install import git as hookinstall
from tests.helpers import CLEAN_PY, cli, git, write


def problems(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("problem: ")]


def make_venv(path: Path, with_our_packages: bool) -> Path:
    """A new venv; ``with_our_packages``: it sees the packages of the running
    interpreter (commit-guard's editable install included).

    --system-site-packages is not that: run from inside a virtualenv, it
    exposes the base interpreter's packages, not the virtualenv's.  A .pth
    line that calls site.addsitedir() on our own site directories does, and
    processes their .pth files (the editable install's finder) too."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    python = path / "bin" / "python"
    if with_our_packages:
        purelib = subprocess.run([str(python), "-c", "import sysconfig; "
                                  "print(sysconfig.get_paths()['purelib'])"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        ours = [p for p in site.getsitepackages() + [site.getusersitepackages()]
                if Path(p).is_dir()]
        line = "import site; " + "; ".join(f"site.addsitedir({p!r})" for p in ours)
        Path(purelib, "outer-site.pth").write_text(line + "\n", encoding="utf-8")
    return python


def test_healthy_hook(repo: Path) -> None:
    cli(repo, "install", "git")
    write(repo, "ok.py", CLEAN_PY)
    git(repo, "add", "ok.py")
    res = cli(repo, "doctor")
    assert res.returncode == 0, res.stdout + res.stderr
    assert problems(res.stdout) == []
    assert "ok: the hook runs under a minimal environment (env -i HOME=" in res.stdout
    assert "the staged change is clean" in res.stdout
    assert res.stdout.rstrip().endswith("is ready")


def test_no_hook(repo: Path) -> None:
    res = cli(repo, "doctor")
    assert res.returncode == 1
    hook = repo / ".git/hooks/pre-commit"
    assert f"problem: no pre-commit hook at {hook}; fix: run `commit-guard install git`" \
        in problems(res.stdout)


def test_foreign_hook_is_named(repo: Path) -> None:
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")
    hook.chmod(0o755)
    res = cli(repo, "doctor")
    assert res.returncode == 1
    assert any(f"{hook} is not commit-guard's hook" in p and "install git" in p
               for p in problems(res.stdout))


def test_not_executable(repo: Path) -> None:
    cli(repo, "install", "git")
    hook = repo / ".git/hooks/pre-commit"
    hook.chmod(0o644)
    res = cli(repo, "doctor")
    assert res.returncode == 1
    assert f"problem: {hook} is not executable; fix: run `chmod +x {hook}`" \
        in problems(res.stdout)


def test_interpreter_removed(repo: Path, tmp_path: Path) -> None:
    # Installed from a virtualenv that was later deleted: the usual way this breaks.
    python = make_venv(tmp_path / "venv", with_our_packages=True)
    res = subprocess.run([str(python), "-m", "commit_guard", "install", "git"], cwd=repo,
                         capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    shutil.rmtree(tmp_path / "venv")
    res = cli(repo, "doctor")
    assert res.returncode == 1
    assert any(f"calls {python}, which does not exist" in p and "install git" in p
               for p in problems(res.stdout))
    write(repo, "ok.py", CLEAN_PY)
    git(repo, "add", "ok.py")
    res = git(repo, "commit", "-m", "x", check=False)
    assert res.returncode != 0  # fails closed, and says what to do
    assert b"not found; run 'commit-guard doctor'" in res.stderr


def test_interpreter_without_commit_guard(repo: Path, tmp_path: Path) -> None:
    python = make_venv(tmp_path / "venv", with_our_packages=False)
    hookinstall.install(repo, python=str(python))
    res = cli(repo, "doctor")
    assert res.returncode == 1
    assert any(f"{python} cannot import commit_guard" in p and "pip install" in p
               for p in problems(res.stdout))


def test_config_that_does_not_load(repo: Path) -> None:
    cli(repo, "install", "git")
    write(repo, "commit-guard.toml", "no_such_key = 1\n")
    git(repo, "add", "commit-guard.toml")
    res = cli(repo, "doctor")
    assert res.returncode == 1
    assert any("the configuration does not load" in p and "no_such_key" in p
               for p in problems(res.stdout))


def test_hook_that_only_works_with_the_terminal_path(repo: Path, tmp_path: Path) -> None:
    # A kept team hook calls a tool found only through the terminal's PATH;
    # a GUI client's bare environment would fail the commit.
    tools = tmp_path / "tools"
    tools.mkdir()
    write(tools, "team-lint", "#!/bin/sh\nexit 0\n").chmod(0o755)
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\nteam-lint\n")
    hook.chmod(0o755)
    cli(repo, "install", "git")
    env = {"PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    write(repo, "ok.py", CLEAN_PY)
    git(repo, "add", "ok.py")
    assert git(repo, "commit", "-qm", "x", env=env, check=False).returncode == 0
    write(repo, "ok.py", CLEAN_PY + "\n\ndef more():\n    return 1\n")
    git(repo, "add", "ok.py")
    res = cli(repo, "doctor", env=env)
    assert res.returncode == 1
    found = [p for p in problems(res.stdout) if "fails under a minimal environment" in p]
    assert found and "exit 127" in found[0] and "team-lint" in found[0]
    assert "fix: call that command by absolute path" in found[0]
    assert "run `env -i HOME=" in found[0]


def test_hook_left_behind_by_core_hooks_path(repo: Path) -> None:
    cli(repo, "install", "git")
    git(repo, "config", "core.hooksPath", "elsewhere")
    res = cli(repo, "doctor")
    assert res.returncode == 1
    assert any("is never run: core.hooksPath=elsewhere" in p for p in problems(res.stdout))


def test_outside_a_work_tree(tmp_path: Path) -> None:
    res = cli(tmp_path, "doctor")
    assert res.returncode == 2
    assert "not inside a git work tree" in res.stderr and "Traceback" not in res.stderr
