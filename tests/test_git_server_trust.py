"""The pushed tree is data: a hostile push makes the server run nothing,
and a bypass needs the server's consent and is always logged."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import git
from tests.test_git_server_support import (BAD_PY, CLEAN_PY, make_server, remote_lines,
                                           unsandboxed)
from tests.test_security_pylint import hostile_tree
from tests.test_svn_support import run_cli
from tests.test_svn_trust import hostile_files


def push_hostile(tmp_path: Path, config: str, files_of) -> tuple[object, Path]:
    srv = make_server(tmp_path, unsandboxed(config))
    markers = tmp_path / "markers"
    markers.mkdir()
    srv.commit(files_of(markers))
    proc = srv.push("main")
    assert proc.returncode == 1, proc.stderr  # rejected, and still nothing ran
    assert srv.ref("main") is None
    return proc, markers


@pytest.mark.parametrize("allowed", [True, False], ids=["tree-config-allowed", "default"])
def test_pushed_config_and_pylintrc_run_nothing(tmp_path: Path, allowed: bool) -> None:
    # A pylintrc with init-hook and load-plugins, a commit-guard.toml with a
    # tests command, pylint.args and php.binary.
    config = "[git_server]\nallow_tree_config = true\n" if allowed else ""
    proc, markers = push_hostile(tmp_path, config, hostile_files)
    assert sorted(p.name for p in markers.iterdir()) == []
    assert "undefined.py:3:7: error E0602 (undefined-variable)" in proc.stderr
    if allowed:  # the pushed rules apply, sanitised: unused-import is disabled
        assert "W0611" not in proc.stderr
        assert "ignored in the pushed config" in proc.stderr
        for key in ("pylint.args", "php.binary", "tests", "init-hook", "load-plugins"):
            assert key in proc.stderr
    else:
        assert "unused.py:3:1: error W0611 (unused-import)" in proc.stderr
        assert "ignored in the pushed config" not in proc.stderr


def test_pushed_shadow_modules_are_never_imported(tmp_path: Path) -> None:
    # isort.py, enchant.py, astroid.py, sitecustomize.py, a .pth ... each
    # writes a marker when imported; pylint imports isort and enchant lazily.
    proc, markers = push_hostile(tmp_path, "", hostile_tree)
    assert sorted(p.name for p in markers.iterdir()) == []
    assert "app.py" in proc.stderr  # pylint did check the files


def test_bypass_by_push_option_when_configured_is_logged(tmp_path: Path) -> None:
    log = tmp_path / "bypass.log"
    srv = make_server(tmp_path, f'[git_server]\nbypass_option = "commit-guard.bypass"\n'
                                f'bypass_log = "{log}"\n')
    git(srv.bare, "config", "receive.advertisePushOptions", "true")
    srv.commit({"bad.py": BAD_PY})
    proc = srv.push("-o", "commit-guard.bypass", "main")
    assert proc.returncode == 0, proc.stderr
    assert srv.ref("main") == srv.head()
    assert any("checks bypassed by" in line and "recorded in" in line
               for line in remote_lines(proc.stderr))
    fields = log.read_text(encoding="utf-8").rstrip("\n").split("\t")
    assert fields[1] == str(srv.bare) and fields[3] == "commit-guard.bypass"
    assert fields[4].endswith(f"{srv.head()} refs/heads/main")
    # Another option is no bypass; the rejection says a bypass exists, never
    # which option it is (it is the administrators' to hand out).
    srv.commit({"worse.py": BAD_PY})
    proc = srv.push("-o", "something-else", "main")
    assert proc.returncode == 1
    assert "to push anyway: this server takes a bypass push option" in proc.stderr
    assert "commit-guard.bypass" not in proc.stderr


def test_bypass_is_off_unless_configured(tmp_path: Path) -> None:
    srv = make_server(tmp_path)
    git(srv.bare, "config", "receive.advertisePushOptions", "true")
    srv.commit({"bad.py": BAD_PY})
    proc = srv.push("-o", "commit-guard.bypass", "main")
    assert proc.returncode == 1 and "bad.py:3:1: error W0611" in proc.stderr
    assert "to push anyway" not in proc.stderr


def test_unrecorded_bypass_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    srv = make_server(tmp_path, '[git_server]\nbypass_option = "skip"\n'
                                f'bypass_log = "{blocker}/log"\n')
    git(srv.bare, "config", "receive.advertisePushOptions", "true")
    srv.commit({"a.py": CLEAN_PY})
    proc = srv.push("-o", "skip", "main")
    assert proc.returncode == 1
    assert f"git_server.bypass_log {blocker}/log: cannot write" in proc.stderr
    assert srv.ref("main") is None


def test_install_keeps_chains_and_restores_an_existing_hook(tmp_path: Path) -> None:
    srv = make_server(tmp_path, install=False)
    seen = tmp_path / "seen"
    hook = srv.bare / "hooks" / "pre-receive"
    original = ("#!/bin/sh\n# the team's own hook\n"
                f"cat > {seen}\necho \"quarantine=$GIT_QUARANTINE_PATH\" >> {seen}\n"
                "exit ${KEPT_EXIT:-0}\n")
    hook.write_text(original, encoding="utf-8")
    os.chmod(hook, 0o755)
    out = run_cli("install", "git-server", str(srv.bare)).stdout
    assert "kept existing hook as" in out and "it runs first" in out
    tip = srv.commit({"a.py": CLEAN_PY})
    assert srv.push("main").returncode == 0
    # The kept hook got the same input, in the quarantine git sets up.
    text = seen.read_text(encoding="utf-8")
    assert f"{'0' * 40} {tip} refs/heads/main\n" in text
    assert "quarantine=" + str(srv.bare) in text
    # Its failure still rejects the push.
    srv.commit({"b.py": CLEAN_PY})
    proc = git(srv.wc, "push", srv.url, "main", check=False, env={"KEPT_EXIT": "1"})
    assert proc.returncode == 1
    out = run_cli("uninstall", "git-server", str(srv.bare)).stdout
    assert f"restored {hook}" in out
    assert hook.read_text(encoding="utf-8") == original and os.access(hook, os.X_OK)
    assert "left alone" in run_cli("uninstall", "git-server", str(srv.bare)).stdout


def test_bad_stdin_and_bad_repo_are_one_line_exit_2(tmp_path: Path) -> None:
    proc = run_cli("pre-receive", "--repo", str(tmp_path), check=False)
    assert proc.returncode == 2 and "not a git repository" in proc.stderr
    srv = make_server(tmp_path)
    import subprocess  # pylint: disable=import-outside-toplevel
    import sys  # pylint: disable=import-outside-toplevel
    proc2 = subprocess.run([sys.executable, "-m", "commit_guard", "pre-receive"],
                           input="not a ref line\n", text=True, capture_output=True,
                           cwd=srv.bare, check=False)
    assert proc2.returncode == 2
    assert proc2.stderr.strip().splitlines() == [
        "commit-guard: error: pre-receive: stdin line 1: expected 'OLD NEW REF', got "
        "'not a ref line'"]


def test_sandboxed_push_is_checked(tmp_path: Path) -> None:
    from tests.conftest import require_tool  # pylint: disable=import-outside-toplevel
    require_tool("bwrap")
    srv = make_server(tmp_path, '[git_server]\nsandbox = "required"\n')
    srv.commit({"bad.py": BAD_PY})
    proc = srv.push("main")
    assert proc.returncode == 1
    assert "  bad.py:3:1: error W0611 (unused-import) Unused import os [pylint]" in \
        remote_lines(proc.stderr)
    assert "not sandboxed" not in proc.stderr


def test_an_installed_pre_receive_hook_still_reaches_pre_receive() -> None:
    # Hooks written by an earlier install stay on disk: the program the
    # template runs must keep reaching the command.
    import subprocess  # pylint: disable=import-outside-toplevel
    import sys  # pylint: disable=import-outside-toplevel
    from tests.test_architecture import _hook_program  # pylint: disable=import-outside-toplevel
    program = _hook_program("git-pre-receive")
    res = subprocess.run([sys.executable, "-c", program, "pre-receive", "--help"],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert "Check a git push" in res.stdout
