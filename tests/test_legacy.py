"""mode = "new" on real git repositories with real pylint: only what a
commit introduces blocks it."""
from __future__ import annotations

from pathlib import Path

from tests.helpers import cli, git, snapshot, write

LEGACY = '''"""Legacy module."""
import os


def area(width, height):
    """Area."""
    unused = 1
    return width * height + len(os.sep)
'''

CLEAN_FUNC = '''

def perimeter(width, height):
    """Perimeter."""
    return 2 * (width + height)
'''

PAD = "".join(f"PAD_{i} = {i}\n" for i in range(10))


def commit_all(repo: Path, message: str = "c") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def stage(repo: Path, rel: str, text: str) -> None:
    write(repo, rel, text)
    git(repo, "add", rel)


def new_only(repo: Path, *extra: str):
    return cli(repo, "check", "--only", "pylint", "--new-only", *extra)


def test_old_violation_on_untouched_line_is_not_reported(repo: Path) -> None:
    write(repo, "legacy.py", LEGACY)
    commit_all(repo)
    stage(repo, "legacy.py", LEGACY + CLEAN_FUNC)
    before = snapshot(repo)
    plain = cli(repo, "check", "--only", "pylint")
    assert plain.returncode == 1 and "unused-variable" in plain.stdout, plain.stdout
    res = new_only(repo)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "unused-variable" not in res.stdout
    assert "1 existing problem in touched files" in res.stdout
    assert snapshot(repo) == before, "a check must not touch the tree, index or repository"


def test_new_violation_in_the_same_file_is_reported(repo: Path) -> None:
    write(repo, "legacy.py", LEGACY)
    commit_all(repo)
    stage(repo, "legacy.py", LEGACY + CLEAN_FUNC.replace('"""Perimeter."""',
                                                         '"""Perimeter."""\n    spare = 3'))
    res = new_only(repo)
    assert res.returncode == 1
    assert "Unused variable 'spare'" in res.stdout
    assert "Unused variable 'unused'" not in res.stdout
    assert "1 existing problem in touched files" in res.stdout
    # The tests run `python -m commit_guard`: the re-run command is that, not a bare name.
    assert "re-run: " in res.stdout
    assert "-m commit_guard check --only pylint --new-only" in res.stdout


def test_old_violation_on_a_line_moved_up_by_ten_is_not_reported(repo: Path) -> None:
    write(repo, "legacy.py", LEGACY.replace("import os\n", "import os\n" + PAD))
    commit_all(repo)
    old_line = cli(repo, "check", "--only", "pylint", "legacy.py").stdout
    stage(repo, "legacy.py", LEGACY)
    moved = cli(repo, "check", "--only", "pylint").stdout
    assert "legacy.py:17:5: error W0612" in old_line and "legacy.py:7:5: error W0612" in moved
    res = new_only(repo)
    assert res.returncode == 0, res.stdout
    assert "1 existing problem in touched files" in res.stdout


def test_removing_the_last_use_of_an_import_reports_the_import(repo: Path) -> None:
    write(repo, "legacy.py", LEGACY)
    commit_all(repo)
    # Only the return line changes; the import line itself is untouched.
    stage(repo, "legacy.py", LEGACY.replace(" + len(os.sep)", ""))
    res = new_only(repo)
    assert res.returncode == 1
    assert "legacy.py:2:1: error W0611 (unused-import) Unused import os" in res.stdout
    assert "Unused variable 'unused'" not in res.stdout


def test_renamed_and_edited_file_keeps_its_old_findings_old(repo: Path) -> None:
    write(repo, "legacy.py", LEGACY)
    commit_all(repo)
    git(repo, "mv", "legacy.py", "shapes.py")
    stage(repo, "shapes.py", LEGACY + CLEAN_FUNC)
    status = git(repo, "diff", "--cached", "-M", "--name-status").stdout.decode()
    assert status.startswith("R"), status
    res = new_only(repo)
    assert res.returncode == 0, res.stdout
    assert "1 existing problem in touched files" in res.stdout
    edited = new_only(repo, "--show-existing")
    assert "shapes.py:7:5: error W0612" in edited.stdout


def test_a_second_copy_of_an_old_violation_is_new(repo: Path) -> None:
    write(repo, "legacy.py", LEGACY)
    commit_all(repo)
    copy = LEGACY.split("\n\n\n", 1)[1].replace("def area", "def area2")
    stage(repo, "legacy.py", LEGACY + "\n\n" + copy)
    res = new_only(repo)
    assert res.returncode == 1
    assert res.stdout.count("Unused variable 'unused'") == 1
    assert "legacy.py:13:5: error W0612" in res.stdout, "the added copy is the new one"


def test_show_existing_lists_them_without_blocking(repo: Path) -> None:
    write(repo, "legacy.py", LEGACY)
    commit_all(repo)
    stage(repo, "legacy.py", LEGACY + CLEAN_FUNC)
    res = new_only(repo, "--show-existing")
    assert res.returncode == 0
    assert "existing problems (not blocking):" in res.stdout
    assert "legacy.py:7:5: error W0612 (unused-variable)" in res.stdout


def test_mode_new_in_the_config_file(repo: Path) -> None:
    write(repo, "commit-guard.toml", 'mode = "new"\n')
    write(repo, "legacy.py", LEGACY)
    commit_all(repo)
    stage(repo, "legacy.py", LEGACY + CLEAN_FUNC)
    res = cli(repo, "check", "--only", "pylint")
    assert res.returncode == 0, res.stdout
    assert "1 existing problem" in res.stdout


def test_added_file_findings_are_all_new(repo: Path) -> None:
    write(repo, "other.py", '"""Other."""\n')
    commit_all(repo)
    stage(repo, "legacy.py", LEGACY)
    res = new_only(repo)
    assert res.returncode == 1 and "Unused variable 'unused'" in res.stdout
    assert "existing problem" not in res.stdout


def test_a_syntax_error_blocks_even_when_it_was_there_before(repo: Path) -> None:
    broken = LEGACY + "\ndef oops(:\n    pass\n"
    write(repo, "legacy.py", broken)
    commit_all(repo)
    stage(repo, "legacy.py", "# touched\n" + broken)
    res = new_only(repo)
    assert res.returncode == 1
    assert "syntax-error" in res.stdout


def test_paths_mode_compares_with_head(repo: Path) -> None:
    write(repo, "legacy.py", LEGACY)
    commit_all(repo)
    write(repo, "legacy.py", LEGACY + CLEAN_FUNC)  # unstaged: paths mode reads the disk
    res = cli(repo, "check", "--only", "pylint", "--new-only", "legacy.py")
    assert res.returncode == 0, res.stdout
    assert "1 existing problem in touched files" in res.stdout


def test_a_change_elsewhere_that_breaks_an_unchanged_call_is_new(repo: Path) -> None:
    # The caller's call line is untouched; the callee's signature changed.
    # The old run must infer against the OLD callee, not the staged one.
    write(repo, "pkg/__init__.py", '"""Package."""\n')
    write(repo, "pkg/zz.py", '"""Callee."""\n\n\ndef helper(x):\n    """H."""\n    return x\n')
    caller = '"""Caller."""\nfrom pkg.zz import helper\n\n\ndef run():\n    """R."""\n' \
             '    return helper(1)\n'
    write(repo, "pkg/aa.py", caller)
    commit_all(repo)
    stage(repo, "pkg/zz.py", '"""Callee."""\n\n\ndef helper(x, y):\n    """H."""\n'
                             '    return x + y\n')
    stage(repo, "pkg/aa.py", caller.replace('"""Caller."""', '"""The caller."""'))
    res = new_only(repo)
    assert res.returncode == 1, res.stdout
    assert "pkg/aa.py:7:12: error E1120 (no-value-for-parameter)" in res.stdout


def test_old_content_findings_are_cached_by_blob(repo: Path, monkeypatch) -> None:
    # In-process, to count the cache's hits; the autouse fixture isolates it.
    from commit_guard import config as config_mod  # pylint: disable=import-outside-toplevel
    from commit_guard import legacy  # pylint: disable=import-outside-toplevel
    from commit_guard.cache.store import Cache  # pylint: disable=import-outside-toplevel
    from commit_guard.runner import run_checks  # pylint: disable=import-outside-toplevel
    from commit_guard.sources.staged import GitStagedSource  # pylint: disable=import-outside-toplevel

    monkeypatch.chdir(repo)
    write(repo, "legacy.py", LEGACY)
    commit_all(repo)

    def run_once(cache: Cache) -> int:
        source = GitStagedSource(repo)
        cfg = config_mod.load(None, repo, source.read, overlay={"mode": "new"})
        result = run_checks(source, cfg, 1, ["pylint"], cache=cache)
        result = legacy.only_introduced(result, source, cfg, 1, cache=cache)
        assert result.exit_code == 0 and len(result.extra["existing"]) == 1
        return cache.hits

    stage(repo, "legacy.py", LEGACY + CLEAN_FUNC)
    first = Cache.from_config(config_mod.load(None, repo))
    assert run_once(first) == 0 and first.misses == 2, "new and old content both linted"
    stage(repo, "legacy.py", "# edited again\n" + LEGACY + CLEAN_FUNC)
    second = Cache.from_config(config_mod.load(None, repo))
    assert run_once(second) == 1 and second.misses == 1, "the old content came from the cache"
