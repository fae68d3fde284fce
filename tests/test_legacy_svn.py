"""mode = "new" and the baseline in the Subversion pre-commit hook, with
real svnadmin/svn/svnlook commits and real pylint."""
from __future__ import annotations

from pathlib import Path

from tests.helpers import cli
from tests.test_legacy import CLEAN_FUNC, LEGACY, PAD
from tests.test_svn_support import make_repo, run_cli


def install(repo, tmp: Path, config: str) -> Path:
    cfg = tmp / "server-new.toml"
    # Top-level keys first: in TOML they would otherwise land in [cache].
    cfg.write_text(config + f'[cache]\ndir = "{repo.home / "cache"}"\n', encoding="utf-8")
    run_cli("install", "svn", str(repo.root), "--config", str(cfg))
    return cfg


def test_hook_blocks_only_what_the_commit_introduces(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, install=False)
    repo.write("legacy.py", LEGACY.replace("import os\n", "import os\n" + PAD))
    repo.add("legacy.py")
    assert repo.commit("legacy").returncode == 0
    cfg = install(repo, tmp_path, 'mode = "new"\n')

    repo.write("legacy.py", LEGACY.replace("import os\n", "import os\n" + PAD)
               + CLEAN_FUNC.replace('"""Perimeter."""', '"""Perimeter."""\n    spare = 3'))
    proc = repo.commit("new problem")
    assert proc.returncode != 0
    assert "Unused variable 'spare'" in proc.stderr
    assert "Unused variable 'unused'" not in proc.stderr

    # Rename with an edit that also moves the old violation up by 10 lines.
    repo.svn("move", "-q", "legacy.py", "shapes.py")
    repo.write("shapes.py", LEGACY + CLEAN_FUNC)
    proc = repo.commit("rename and tidy")
    assert proc.returncode == 0, proc.stderr
    assert repo.youngest() == 2

    # The same revision checked as a whole: blocked, but not in mode "new".
    everything = tmp_path / "all.toml"
    everything.write_text('mode = "all"\n', encoding="utf-8")
    plain = run_cli("svn-hook", str(repo.root), "-r", "2", "--config", str(everything))
    assert plain.returncode == 1 and "shapes.py:7:5: error W0612" in plain.stderr
    assert run_cli("svn-hook", str(repo.root), "-r", "2", "--config", str(cfg)).returncode == 0


def test_hook_removing_last_use_of_import_is_new(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, install=False)
    repo.write("legacy.py", LEGACY)
    repo.add("legacy.py")
    assert repo.commit("legacy").returncode == 0
    install(repo, tmp_path, 'mode = "new"\n')
    repo.write("legacy.py", LEGACY.replace(" + len(os.sep)", ""))
    proc = repo.commit("drop use")
    assert proc.returncode != 0
    assert "legacy.py:2:1: error W0611 (unused-import)" in proc.stderr


def test_hook_with_committed_baseline(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, install=False)
    repo.write("legacy.py", LEGACY)
    made = cli(repo.wc, "baseline", "--only", "pylint")
    assert made.returncode == 0 and "wrote 1 entry" in made.stdout, made.stdout + made.stderr
    repo.add("legacy.py", "commit-guard.baseline")
    assert repo.commit("legacy + baseline").returncode == 0
    install(repo, tmp_path, 'baseline = "commit-guard.baseline"\n')

    repo.write("legacy.py", "# touched\n" + LEGACY)
    proc = repo.commit("touch")
    assert proc.returncode == 0, proc.stderr
    more = '\n\ndef more():\n    """M."""\n    fresh = 1\n'
    repo.write("legacy.py", "# touched\n" + LEGACY + more)
    proc = repo.commit("new problem")
    assert proc.returncode != 0
    assert "Unused variable 'fresh'" in proc.stderr
    assert "Unused variable 'unused'" not in proc.stderr
