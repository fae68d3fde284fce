"""The Subversion pre-commit hook, through real commits by real svn clients.

Subversion runs the hook with an empty environment, so every test here
also shows that the installed hook works without PATH, HOME or a locale.
"""
from __future__ import annotations

from pathlib import Path

from tests.test_svn_support import BAD_PY, CLEAN_PY, make_repo, run_cli, svnserve


def test_rejected_commit_shows_path_line_and_code(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.write("pkg/bad.py", BAD_PY)
    repo.add("pkg")
    proc = repo.commit()
    assert proc.returncode != 0
    assert "pkg/bad.py:3:1: error W0611 (unused-import)" in proc.stderr
    assert "commit rejected" in proc.stderr
    assert "\x1b[" not in proc.stderr  # plain text, no colour
    assert repo.youngest() == 0


def test_clean_commit_goes_in(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.write("clean.py", CLEAN_PY)
    repo.add("clean.py")
    proc = repo.commit()
    assert proc.returncode == 0, proc.stderr
    assert repo.youngest() == 1


def test_non_ascii_file_names(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, "[pylint]\nargs = [\"--disable=non-ascii-file-name\"]\n")
    repo.write("dîr/módulo_ä.py", BAD_PY)
    repo.add("dîr")
    proc = repo.commit()
    assert proc.returncode != 0
    assert "dîr/módulo_ä.py:3:1: error W0611" in proc.stderr


def test_max_per_file_keeps_the_report_compact(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, "[svn]\nmax_per_file = 2\n")
    repo.write("many.py", '"""Many."""\n' + "".join(f"import m{i}\n" for i in range(6)))
    repo.add("many.py")
    proc = repo.commit()
    assert proc.returncode != 0
    assert proc.stderr.count("many.py:") == 2
    assert "... and" in proc.stderr and "more in this file" in proc.stderr


def _commit_bad_file_unchecked(repo, rel: str = "legacy.py") -> None:
    """Put a file with problems into the repository past a bypass marker."""
    repo.server_config('[svn]\nbypass_marker = "[skip-guard]"\n')
    repo.write(rel, BAD_PY)
    repo.add(rel)
    assert repo.commit("legacy [skip-guard]").returncode == 0
    repo.server_config("")


def test_property_only_change_is_not_checked(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    _commit_bad_file_unchecked(repo)
    repo.svn("propset", "-q", "owner", "team-a", "legacy.py")
    proc = repo.commit("props")
    assert proc.returncode == 0, proc.stderr
    assert repo.youngest() == 2


def test_deletion_is_not_checked(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    _commit_bad_file_unchecked(repo)
    repo.svn("rm", "-q", "legacy.py")
    proc = repo.commit("delete")
    assert proc.returncode == 0, proc.stderr


def test_copy_with_changes_is_checked_under_new_path(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.write("orig.py", CLEAN_PY)
    repo.add("orig.py")
    assert repo.commit().returncode == 0
    repo.svn("copy", "-q", "orig.py", "copy.py")
    repo.svn("move", "-q", "orig.py", "moved.py")
    repo.write("copy.py", CLEAN_PY + "import os\n")
    repo.write("moved.py", CLEAN_PY + "import sys\n")
    proc = repo.commit()
    assert proc.returncode != 0
    assert "copy.py:7:1: error W0611" in proc.stderr
    assert "moved.py:7:1: error W0611" in proc.stderr
    assert "orig.py" not in proc.stderr


def test_binary_mime_type_is_skipped_but_not_on_code(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.write("blob.dat", BAD_PY)  # declared binary: not read
    repo.add("blob.dat")
    repo.svn("propset", "-q", "svn:mime-type", "application/octet-stream", "blob.dat")
    proc = repo.commit()
    assert proc.returncode == 0, proc.stderr
    repo.write("blob.py", BAD_PY)  # a code file declared binary: a finding, never a skip
    repo.add("blob.py")
    repo.svn("propset", "-q", "svn:mime-type", "application/octet-stream", "blob.py")
    proc = repo.commit()
    assert proc.returncode != 0 and "blob.py: error CG002" in proc.stderr


def test_eol_style_and_keywords_keep_line_numbers(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    # CRLF in the working copy, native eol-style: stored with LF.  Keywords
    # expand in the working copy but never add lines.
    text = '"""$Id$\n$Revision$\n"""\n\n\nimport os\n'.replace("\n", "\r\n")
    repo.write("kw.py", text)
    repo.add("kw.py")
    repo.svn("propset", "-q", "svn:eol-style", "native", "kw.py")
    repo.svn("propset", "-q", "svn:keywords", "Id Revision", "kw.py")
    proc = repo.commit()
    assert proc.returncode != 0
    assert "kw.py:6:1: error W0611" in proc.stderr
    assert "line-endings" not in proc.stderr.lower()


def test_bypass_marker_lets_commit_in_and_is_logged(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, '[svn]\nbypass_marker = "[skip-guard]"\n'
                               'bypass_log = "bypass.log"\n')
    repo.write("bad.py", BAD_PY)
    repo.add("bad.py")
    assert repo.commit("no marker").returncode != 0
    proc = repo.commit("hotfix [skip-guard]")
    assert proc.returncode == 0, proc.stderr
    line = (repo.root / "bypass.log").read_text(encoding="utf-8")
    assert "[skip-guard]" in line and "hotfix" in line and str(repo.root) in line


def test_bypass_is_off_by_default(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.write("bad.py", BAD_PY)
    repo.add("bad.py")
    assert repo.commit("[skip-guard] --no-verify SKIP").returncode != 0


def test_two_concurrent_commits_do_not_interfere(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    other = repo.checkout("wc2")
    repo.write("a/bad_one.py", BAD_PY)
    repo.add("a")
    repo.write("b/clean_two.py", CLEAN_PY, wc=other)
    repo.add("b", wc=other)
    results = repo.commit_at_once({"one": repo.wc, "two": other})
    assert results["one"].returncode != 0
    assert "a/bad_one.py:3:1" in results["one"].stderr
    assert "clean_two" not in results["one"].stderr
    assert results["two"].returncode == 0, results["two"].stderr
    assert repo.youngest() == 1


def test_through_svnserve(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    with svnserve(repo.root) as url:
        _commit_through(repo, url, tmp_path / "served")


def _commit_through(repo, url: str, wc: Path) -> None:
    repo.svn("checkout", "-q", url, str(wc), cwd=wc.parent)
    repo.write("bad.py", BAD_PY, wc=wc)
    repo.write("ok.py", CLEAN_PY, wc=wc)
    repo.add("bad.py", "ok.py", wc=wc)
    proc = repo.commit(wc=wc)
    assert proc.returncode != 0
    assert "bad.py:3:1: error W0611 (unused-import)" in proc.stderr
    repo.svn("rm", "-q", "--keep-local", "bad.py", wc=wc)
    proc = repo.commit(wc=wc)
    assert proc.returncode == 0, proc.stderr
    assert repo.youngest() == 1


def test_check_committed_revision(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, install=False)
    repo.write("bad.py", BAD_PY)
    repo.add("bad.py")
    assert repo.commit().returncode == 0
    proc = run_cli("svn-hook", str(repo.root), "-r", "1")
    assert proc.returncode == 1
    assert "bad.py:3:1: error W0611" in proc.stderr
    assert proc.stdout == ""


def test_existing_hook_kept_run_first_and_restored(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, install=False)
    hook = repo.root / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'site policy says no' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    out = run_cli("install", "svn", str(repo.root)).stdout
    assert "kept existing hook" in out
    repo.write("ok.py", CLEAN_PY)
    repo.add("ok.py")
    proc = repo.commit()
    assert proc.returncode != 0 and "site policy says no" in proc.stderr
    run_cli("uninstall", "svn", str(repo.root))
    assert hook.read_text(encoding="utf-8").startswith("#!/bin/sh\necho 'site policy")


def test_install_again_force_and_uninstall(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, install=False)
    hooks = repo.root / "hooks"
    (hooks / "pre-commit").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    run_cli("install", "svn", str(repo.root))
    again = run_cli("install", "svn", str(repo.root)).stdout
    assert "installed" in again and (hooks / "pre-commit.commit-guard-kept").exists()
    assert "RUN_KEPT=yes" in (hooks / "pre-commit").read_text(encoding="utf-8")
    run_cli("install", "svn", str(repo.root), "--force")
    assert "RUN_KEPT=no" in (hooks / "pre-commit").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text("[svn]\nmax_per_file = 0\n", encoding="utf-8")
    proc = run_cli("install", "svn", str(repo.root), "--config", str(bad), check=False)
    assert proc.returncode == 2 and "svn.max_per_file" in proc.stderr
    assert not (hooks / "commit-guard.toml").exists()
    run_cli("uninstall", "svn", str(repo.root))
    assert (hooks / "pre-commit").read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"
    assert not (hooks / "pre-commit.commit-guard-kept").exists()
    proc = run_cli("install", "svn", str(tmp_path), check=False)
    assert proc.returncode == 2 and "not a Subversion repository" in proc.stderr
