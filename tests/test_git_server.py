"""The git pre-receive hook through real pushes: what each kind of push checks."""
from __future__ import annotations

from pathlib import Path

from tests.helpers import git
from tests.test_git_server_support import (BAD_PY, CLEAN_PY, git_daemon, make_server,
                                           remote_lines)

FIXED_PY = '"""A module."""\n'


def test_bad_push_is_rejected_with_the_report_in_remote_lines(tmp_path: Path) -> None:
    srv = make_server(tmp_path)
    srv.commit({"ok.py": CLEAN_PY})
    assert srv.push("main").returncode == 0
    srv.commit({"pkg/bad.py": BAD_PY})
    proc = srv.push("main")
    assert proc.returncode == 1
    lines = remote_lines(proc.stderr)
    assert "pkg/bad.py" in lines
    assert "  pkg/bad.py:3:1: error W0611 (unused-import) Unused import os [pylint]" in lines
    assert "pre-receive hook declined" in proc.stderr
    assert srv.ref("main") == srv.head("HEAD~1")  # the ref did not move


def test_good_push_is_accepted_with_one_line(tmp_path: Path) -> None:
    srv = make_server(tmp_path)
    tip = srv.commit({"ok.py": CLEAN_PY, "README.md": "Hello.\n"})
    proc = srv.push("main")
    assert proc.returncode == 0, proc.stderr
    assert srv.ref("main") == tip
    lines = remote_lines(proc.stderr)
    assert len(lines) == 1 and lines[0].startswith("commit-guard: commit accepted (2 files "
                                                   "checked in "), lines


def test_new_branch_checks_only_the_commits_it_brings(tmp_path: Path) -> None:
    # main holds a bad file pushed before the hook was there.
    srv = make_server(tmp_path, install=False)
    srv.commit({"legacy.py": BAD_PY})
    assert srv.push("main").returncode == 0
    from tests.test_svn_support import run_cli  # pylint: disable=import-outside-toplevel
    run_cli("install", "git-server", str(srv.bare))
    # A branch at a commit the server has: nothing new, accepted.
    assert srv.push("main:refs/heads/same").returncode == 0
    # A branch with one clean commit: the old bad file is not its change.
    git(srv.wc, "checkout", "-q", "-b", "topic")
    srv.commit({"new.py": CLEAN_PY})
    proc = srv.push("topic")
    assert proc.returncode == 0, proc.stderr
    # A branch with a bad commit is rejected.
    git(srv.wc, "checkout", "-q", "-b", "topic2")
    srv.commit({"worse.py": BAD_PY})
    proc = srv.push("topic2")
    assert proc.returncode == 1
    assert "worse.py:3:1: error W0611" in proc.stderr
    assert "legacy.py" not in proc.stderr
    assert srv.ref("topic2") is None


def test_a_new_history_of_its_own_is_checked_whole(tmp_path: Path) -> None:
    srv = make_server(tmp_path)
    srv.commit({"a.py": BAD_PY})
    srv.rejected("a.py:3:1: error W0611", "main")
    assert srv.ref("main") is None


def test_force_push_checks_the_rewritten_tip(tmp_path: Path) -> None:
    srv = make_server(tmp_path)
    srv.pushed({"a.py": CLEAN_PY})
    srv.pushed({"b.py": CLEAN_PY})
    git(srv.wc, "reset", "-q", "--hard", "HEAD~1")
    srv.commit({"c.py": BAD_PY}, "rewritten")
    srv.rejected("c.py:3:1: error W0611", "--force", "main")
    srv.commit({"c.py": FIXED_PY}, "fixed")
    proc = srv.push("--force", "main")
    assert proc.returncode == 0, proc.stderr
    assert srv.ref("main") == srv.head()


def test_tags_are_skipped_unless_configured(tmp_path: Path) -> None:
    srv = make_server(tmp_path)
    srv.pushed({"a.py": CLEAN_PY})
    srv.commit({"bad.py": BAD_PY})
    git(srv.wc, "tag", "-a", "-m", "v1", "v1")
    assert srv.push("refs/tags/v1").returncode == 0  # skipped: tags = false
    srv.server_config("[git_server]\ntags = true\n")
    srv.commit({"worse.py": BAD_PY})
    git(srv.wc, "tag", "-a", "-m", "v2", "v2")
    srv.rejected("worse.py:3:1: error W0611", "refs/tags/v2")
    assert srv.ref("refs/tags/v2") is None


def test_a_commit_only_an_unchecked_tag_reaches_is_still_new(tmp_path: Path) -> None:
    # The tag went in unchecked; the branch that later points at its commit
    # must not count it as known, in either mode.
    srv = make_server(tmp_path)
    srv.pushed({"a.py": CLEAN_PY})
    srv.commit({"bad.py": BAD_PY})
    git(srv.wc, "tag", "sneaky")
    assert srv.push("refs/tags/sneaky").returncode == 0
    for config in ("", "[git_server]\neach_commit = true\n"):
        srv.server_config(config)
        proc = srv.push("main")
        assert proc.returncode == 1, (config, proc.stderr)
        assert "bad.py:3:1: error W0611" in proc.stderr
        proc = srv.push("main:refs/heads/other")
        assert proc.returncode == 1, (config, proc.stderr)


def test_branch_deletion_is_not_checked(tmp_path: Path) -> None:
    # A branch with a bad tip, pushed before the hook was there, can go.
    srv = make_server(tmp_path, install=False)
    srv.commit({"a.py": BAD_PY})
    assert srv.push("main", "main:refs/heads/gone").returncode == 0
    from tests.test_svn_support import run_cli  # pylint: disable=import-outside-toplevel
    run_cli("install", "git-server", str(srv.bare))
    proc = srv.push(":refs/heads/gone")
    assert proc.returncode == 0, proc.stderr
    assert srv.ref("refs/heads/gone") is None
    assert remote_lines(proc.stderr) == []
    srv.commit({"c.py": BAD_PY})
    assert srv.push("main").returncode == 1  # the hook is there


def test_tip_that_fixes_an_earlier_commit_in_both_modes(tmp_path: Path) -> None:
    srv = make_server(tmp_path)
    srv.pushed({"a.py": CLEAN_PY})
    bad = srv.commit({"b.py": BAD_PY}, "bad")
    srv.commit({"b.py": FIXED_PY}, "fix")
    srv.server_config("[git_server]\neach_commit = true\n")
    proc = srv.push("main")
    assert proc.returncode == 1
    assert f"commit-guard: refs/heads/main at {bad[:12]}:" in remote_lines(proc.stderr)
    assert "b.py:3:1: error W0611" in proc.stderr
    srv.server_config("")  # default: the tip against the old tip
    proc = srv.push("main")
    assert proc.returncode == 0, proc.stderr
    assert srv.ref("main") == srv.head()


def test_legacy_mode_blocks_only_what_the_push_introduces(tmp_path: Path) -> None:
    srv = make_server(tmp_path, install=False)
    srv.commit({"old.py": BAD_PY})
    assert srv.push("main").returncode == 0
    from tests.test_svn_support import run_cli  # pylint: disable=import-outside-toplevel
    cfg = tmp_path / "legacy.toml"
    cfg.write_text('mode = "new"\n', encoding="utf-8")
    run_cli("install", "git-server", str(srv.bare), "--config", str(cfg))
    srv.commit({"old.py": BAD_PY + "\n\nVALUE = 1\n"})  # touched, nothing new
    proc = srv.push("main")
    assert proc.returncode == 0, proc.stderr
    srv.commit({"old.py": BAD_PY + "import sys\n\nVALUE = 1\n"})  # a new unused import
    proc = srv.push("main")
    assert proc.returncode == 1
    assert "old.py:4:1: error W0611 (unused-import) Unused import sys" in proc.stderr
    assert "Unused import os" not in proc.stderr


def test_server_side_suite_runs_on_the_pushed_tree(tmp_path: Path) -> None:
    import sys  # pylint: disable=import-outside-toplevel
    script = ("import pathlib, sys; "
              "sys.exit(0 if pathlib.Path('flag.txt').read_text() == 'good\\n' else 1)")
    srv = make_server(tmp_path, f'[[tests]]\nname = "flag"\ncommand = [{sys.executable!r}, '
                                f'"-c", {script!r}]\n')
    srv.commit({"flag.txt": "bad\n"})
    proc = srv.push("main")
    assert proc.returncode == 1
    assert "suite 'flag' failed" in proc.stderr
    srv.commit({"flag.txt": "good\n"})
    proc = srv.push("main")
    assert proc.returncode == 0, proc.stderr


def test_through_git_daemon(tmp_path: Path) -> None:
    srv = make_server(tmp_path)
    with git_daemon(tmp_path) as base:
        srv.url = f"{base}/srv.git"
        srv.commit({"ok.py": CLEAN_PY})
        assert srv.push("main").returncode == 0
        srv.commit({"bad.py": BAD_PY})
        proc = srv.push("main")
    assert proc.returncode == 1
    assert "  bad.py:3:1: error W0611 (unused-import) Unused import os [pylint]" in \
        remote_lines(proc.stderr)
    assert srv.ref("main") == srv.head("HEAD~1")


def test_time_limit_rejects_with_one_line(tmp_path: Path) -> None:
    # The server config's timeout bounds the check of the ref (a suite that
    # hangs here); the push is rejected with the one line, no traceback.
    import sys  # pylint: disable=import-outside-toplevel
    srv = make_server(tmp_path, 'timeout = 4\n[git_server]\neach_commit = true\n'
                                'sandbox = "off"\n[[tests]]\nname = "slow"\n'
                                f'command = [{sys.executable!r}, "-c", '
                                '"import time; time.sleep(30)"]\n')
    srv.commit({"a.py": CLEAN_PY})
    proc = srv.rejected("check timed out after 4 s (timeout = 4 in ", "main")
    assert srv.ref("main") is None
    assert "Traceback" not in proc.stderr
