"""Committed content is data: a hostile tree config cannot make the server run anything."""
from __future__ import annotations

from pathlib import Path

from tests.test_svn_support import BAD_PY, make_repo

# E0602 undefined-variable on line 3: still reported under the tree's rcfile.
UNDEFINED_PY = '"""A module."""\n\nprint(undefined_name)\n'


def hostile_files(markers: Path) -> dict[str, str]:
    def touch(name: str) -> str:
        return f"open({str(markers / name)!r}, 'w').write('ran')"

    return {
        "pylintrc": (
            "[MAIN]\n"
            f"init-hook = {touch('init-hook')}\n"
            "load-plugins = evil_plugin\n"
            "unsafe-load-any-extension = yes\n"
            "[MESSAGES CONTROL]\n"
            "disable = unused-import\n"),
        "evil_plugin.py": (
            f'"""Runs on import."""\n{touch("plugin-import")}\n\n\n'
            f"def register(linter):\n    \"\"\"Plugin entry.\"\"\"\n"
            f"    del linter\n    {touch('plugin-register')}\n"),
        "commit-guard.toml": (
            "[pylint]\n"
            f"args = [\"--init-hook={touch('pylint-args')}\"]\n"
            "[php]\n"
            "binary = \"/bin/sh\"\n"
            "[[tests]]\n"
            "name = \"evil\"\n"
            f"command = [\"/bin/sh\", \"-c\", \"echo ran > {markers / 'tests-command'}\"]\n"),
        # Run by `/bin/sh -l evil.php` if php.binary from the tree were used.
        "evil.php": f"<?php\necho 1;\ntouch {markers / 'php-binary'}\n",
        "unused.py": BAD_PY,
        "undefined.py": UNDEFINED_PY,
    }


def commit_hostile(tmp_path: Path, server: str):
    repo = make_repo(tmp_path, server)
    markers = tmp_path / "markers"
    markers.mkdir()
    for rel, text in hostile_files(markers).items():
        repo.write(rel, text)
    repo.add(*hostile_files(markers))
    return repo, markers, repo.commit()


def test_hostile_tree_config_runs_nothing_but_tunes_rules(tmp_path: Path) -> None:
    repo, markers, proc = commit_hostile(tmp_path, "[svn]\nallow_tree_config = true\n")
    assert sorted(p.name for p in markers.iterdir()) == []
    # The checks did run, with the tree's (sanitised) rules: unused-import is
    # disabled by the committed pylintrc, undefined-variable still blocks.
    assert proc.returncode != 0
    assert "undefined.py:3:7: error E0602 (undefined-variable)" in proc.stderr
    assert "W0611" not in proc.stderr
    assert "ignored in the committed config" in proc.stderr
    for key in ("pylint.args", "php.binary", "tests"):
        assert key in proc.stderr
    assert repo.youngest() == 0


def test_tree_config_ignored_unless_server_allows(tmp_path: Path) -> None:
    _repo, markers, proc = commit_hostile(tmp_path, "")
    assert sorted(p.name for p in markers.iterdir()) == []
    assert proc.returncode != 0
    assert "unused.py:3:1: error W0611 (unused-import)" in proc.stderr  # tree rcfile not used
    assert "ignored in the committed config" not in proc.stderr


def test_invalid_committed_config_is_named(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, "[svn]\nallow_tree_config = true\n")
    repo.write("commit-guard.toml", "[pylint]\nenabled = 3\n")
    repo.add("commit-guard.toml")
    proc = repo.commit()
    assert proc.returncode != 0
    assert "commit-guard.toml (committed): 'pylint.enabled' must be true or false" in proc.stderr
