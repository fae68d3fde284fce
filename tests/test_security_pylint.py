"""Committed content is data: nothing in a checked tree is imported by the
process that runs pylint (issue 14, item 1).

pylint puts the checked files' directories first on sys.path while it runs
and imports isort (wrong-import-order) and enchant (spelling, not even
installed) lazily meanwhile: a committed isort.py or enchant.py ran as the
hook user, even when the commit was rejected.  Real git commits through the
installed hook, real svn commits through the hook of a default install.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from commit_guard.checkers.python.isolation import guarded
from tests.helpers import cli, git, write
from tests.test_git_hook import commit, head_count, install
from tests.test_svn_support import make_repo, svnserve

def unsandboxed(server: str = "") -> str:
    """A server config with svn.sandbox off: every fix must hold without it (and
    the sandbox's private /tmp would hide the markers)."""
    if "[svn]\n" in server:
        return server.replace("[svn]\n", '[svn]\nsandbox = "off"\n', 1)
    return server + '[svn]\nsandbox = "off"\n'


# What the hostile tree holds: every module pylint, astroid or an interpreter
# start-up could import by name, each writing a marker when imported.
SHADOWS = ("isort.py", "enchant.py", "astroid.py", "sitecustomize.py", "usercustomize.py",
           "dill.py", "pylint/__init__.py", "mccabe.py", "tomlkit.py", "platformdirs.py")


def hostile_tree(markers: Path) -> dict[str, str]:
    def touch(name: str) -> str:
        return f"open({str(markers / name)!r}, 'w', encoding='utf-8').write('ran')\n"

    files = {name: '"""Shadow."""\n' + touch(name.replace("/", "_")) for name in SHADOWS}
    files["evil.pth"] = "import os; " + touch("evil.pth")
    files["sub/isort.py"] = '"""Shadow."""\n' + touch("sub_isort")
    # Imports in an order pylint asks isort about, a misspelt comment, and a
    # sibling import, so every lazy import of pylint's checkers happens.
    files["app.py"] = ('"""Uses the shadows."""\nimport os\nimport isort\nimport sys\n'
                       'import enchant\nimport astroid\n\n# a mispeled coment\n'
                       'print(os, sys, isort, enchant, astroid)\n')
    files["sub/mod.py"] = '"""Sibling user."""\nimport isort\nimport os\n\nprint(isort, os)\n'
    return files


def commit_git(repo: Path, markers: Path, env: dict[str, str] | None = None):
    install(repo)
    for rel, text in hostile_tree(markers).items():
        write(repo, rel, text)
    if env:  # several pylint processes (pylint's own --jobs, in a worker)
        write(repo, "commit-guard.toml", "jobs = 2\n")
    git(repo, "add", ".")
    return commit(repo, env=env)


@pytest.mark.parametrize("env", [{}, {"COMMIT_GUARD_PYLINT_MIN_BATCH": "1",
                                      "COMMIT_GUARD_PYLINT_IGNORE_IDLE": "1"}],
                         ids=["one-process", "pylint-jobs"])
def test_git_commit_never_imports_committed_modules(repo: Path, tmp_path: Path,
                                                     env: dict[str, str]) -> None:
    markers = tmp_path / "markers"
    markers.mkdir()
    res = commit_git(repo, markers, env)
    assert sorted(p.name for p in markers.iterdir()) == []
    assert res.returncode == 1, res.out  # rejected (unused imports...), and still nothing ran
    assert head_count(repo) == 0
    assert "Traceback" not in res.out


def commit_runs_nothing(repo, markers: Path, files: dict[str, str], wc: Path | None = None):
    """Commit ``files`` through the svn hook: rejected, and no marker written."""
    for rel, text in files.items():
        repo.write(rel, text, wc=wc)
    repo.add(*files, wc=wc)
    proc = repo.commit(wc=wc)
    assert sorted(p.name for p in markers.iterdir()) == []
    assert proc.returncode != 0 and repo.youngest() == 0
    return proc


def test_svn_commit_never_imports_committed_modules(tmp_path: Path) -> None:
    # A default install (the server config sets only the cache dir), sandbox off.
    repo = make_repo(tmp_path, unsandboxed())
    markers = tmp_path / "markers"
    markers.mkdir()
    proc = commit_runs_nothing(repo, markers, hostile_tree(markers))
    assert "app.py" in proc.stderr  # pylint did check the files


def test_svnserve_commit_never_imports_committed_modules(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, unsandboxed())
    markers = tmp_path / "markers"
    markers.mkdir()
    with svnserve(repo.root) as url:
        wc = tmp_path / "wc2"
        repo.svn("checkout", "-q", url, str(wc), cwd=tmp_path)
        commit_runs_nothing(repo, markers, hostile_tree(markers), wc)


def test_sibling_imports_still_resolve_for_inference(repo: Path) -> None:
    # The tree's own modules are still found (behind the standard library):
    # a name missing from the sibling is reported, a present one is not.
    write(repo, "pkg/__init__.py", '"""Pkg."""\n')
    write(repo, "pkg/helpers.py", '"""Helpers."""\n\n\ndef present():\n    """Here."""\n')
    write(repo, "pkg/user.py", '"""User."""\nfrom pkg.helpers import missing, present\n\n'
                               'print(missing, present)\n')
    git(repo, "add", ".")
    res = cli(repo, "check")
    assert "pkg/user.py:2:1: error E0611 (no-name-in-module) No name 'missing'" in res.stdout
    assert "'present'" not in res.stdout


def test_tree_module_named_like_a_dependency_is_inferred_never_imported(
        repo: Path, tmp_path: Path) -> None:
    # astroid keeps pylint's order (the tree first, as Python runs the
    # project), so a package named like a dependency is the tree's one for
    # inference; the import system still gets the real isort.
    write(repo, "isort/__init__.py", f'"""Shadow."""\nopen({str(tmp_path / "ran")!r}, "w")\n')
    write(repo, "isort/helpers.py", '"""Helpers."""\n\n\ndef present():\n    """Here."""\n')
    write(repo, "user.py", '"""User."""\nimport os\nfrom isort.helpers import missing, present\n'
                           'import sys\n\nprint(os, sys, missing, present)\n')
    git(repo, "add", ".")
    res = cli(repo, "check", "user.py")
    assert "No name 'missing' in module 'isort.helpers'" in res.stdout, res.stdout
    assert "C0411" in res.stdout  # wrong-import-order: the real isort was used
    assert not (tmp_path / "ran").exists()


def test_guard_blocks_imports_wherever_the_tree_is_on_sys_path(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "shadow_test_mod.py").write_text("raise SystemExit('imported')\n")
    (root / "colorsys.py").write_text("raise SystemExit('imported')\n")
    saved = list(sys.path)
    with guarded(root):
        # What pylint does while it runs: the checked files' directories first.
        sys.path[:] = [str(root / "sub"), str(root), *sys.path]
        with pytest.raises(ModuleNotFoundError):
            __import__("shadow_test_mod")
        sys.modules.pop("colorsys", None)
        __import__("colorsys")  # the standard library's, not the tree's
        assert str(root) not in sys.modules["colorsys"].__file__
    assert sys.path == saved


def test_default_install_runs_nothing_committed(tmp_path: Path) -> None:
    """`commit-guard install svn REPOS` and nothing else: the sandbox is "auto",
    the tree config is not trusted.  The hostile tree above plus a pylintrc
    with init-hook in [DEFAULT] and a commit-guard.toml with a test command."""
    from tests.test_svn_support import run_cli  # pylint: disable=import-outside-toplevel

    repo = make_repo(tmp_path, install=False)
    run_cli("install", "svn", str(repo.root))
    markers = tmp_path / "markers"
    markers.mkdir()
    touch = f"open({str(markers / 'config')!r}, 'w').write('ran')"
    files = {**hostile_tree(markers),
             "pylintrc": f"[DEFAULT]\ninit-hook = {touch}\n[MAIN]\n",
             "commit-guard.toml": ("[[tests]]\nname = \"evil\"\ncommand = [\"/bin/sh\", \"-c\", "
                                   f"\"echo ran > {markers / 'tests'}\"]\n")}
    proc = commit_runs_nothing(repo, markers, files)
    assert "app.py" in proc.stderr  # the checks did run
