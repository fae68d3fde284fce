"""pylint sees the project's own environment and exactly the committed content.

The claim, tested on generated projects of several shapes: after a
commit-sized staged change, commit-guard's pylint findings are plain
pylint's on a clean checkout of the index, run inside the project's
environment (``site.addsitedir`` of its site-packages, the way the
pylint docs and pylint-venv make pylint see a venv), as a set of
(path, line, symbol).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from commit_guard.checkers.python.options import ALWAYS_ENABLED
from commit_guard.resources import rules_file
from tests.helpers import cli, git, init_repo, snapshot, write

LIB = ('"""A library."""\n\n\ndef call(first, *, second=0):\n    """Call."""\n'
       '    return first + second\n')
EXT = ('"""Only in the project venv."""\n\n\nclass Client:\n    """A client."""\n\n'
       '    def get(self, url):\n        """Get."""\n        return url\n\n\n'
       'def fetch(url):\n    """Fetch."""\n    return url\n')


def make_venv(path: Path) -> Path:
    """A real virtualenv (no pip: nothing is downloaded); returns its site-packages."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return next(path.glob("lib/python*/site-packages"))


def add_dist(site: Path, name: str, version: str, files: dict[str, str]) -> None:
    """A distribution as pip leaves it: its modules and a versioned .dist-info."""
    for old in site.glob(f"{name}-*.dist-info"):
        shutil.rmtree(old)
    info = site / f"{name}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
                                   encoding="utf-8")
    for rel, text in files.items():
        write(site, rel, text)


def findings(repo: Path, *args: str, env: dict[str, str] | None = None) -> set[tuple]:
    res = cli(repo, "check", "--only", "pylint", "--format", "json", *args, env=env)
    assert res.returncode in (0, 1), res.stdout + res.stderr
    report = json.loads(res.stdout)
    return {(f["path"], f["line"], f["symbol"]) for f in report["findings"]
            if f["checker"] == "pylint"}


def plain_pylint(repo: Path, tmp: Path, files: list[str], site: Path | None,
                 pythonpath: list[str] = ()) -> set[tuple]:
    """pylint itself on a clean checkout of the index, inside the project
    environment: the venv's site-packages (its .pth files pointing into
    the checkout, as an editable install there would) added by init-hook."""
    clean = tmp / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    git(repo, "checkout-index", "-a", f"--prefix={clean}/")
    rcfile = tmp / "pylintrc"
    rcfile.write_bytes(rules_file("pylintrc"))
    args = [sys.executable, "-m", "pylint", f"--rcfile={rcfile}", "--persistent=n",
            "--score=n", "--reports=n", "--output-format=json",
            f"--enable={','.join(ALWAYS_ENABLED)}"]
    if site is not None:
        oracle_site = tmp / "oracle-site"
        shutil.rmtree(oracle_site, ignore_errors=True)
        shutil.copytree(site, oracle_site)
        for pth in oracle_site.glob("*.pth"):
            pth.write_text(pth.read_text(encoding="utf-8").replace(str(repo), str(clean)),
                           encoding="utf-8")
        args.insert(3, f"--init-hook=import site; site.addsitedir({str(oracle_site)!r})")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(str(clean / p) if not os.path.isabs(p) else p
                                            for p in pythonpath)
    res = subprocess.run([*args, *files], cwd=clean, capture_output=True, text=True, env=env,
                         check=False)
    assert res.returncode < 32, res.stderr
    return {(m["path"], m["line"], m["symbol"]) for m in json.loads(res.stdout or "[]")}


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path) -> Path:
    repo = init_repo(tmp_path / "repo")
    write(repo, ".gitignore", ".venv/\n")
    return repo


def commit_all(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "base")


def same(repo: Path, tmp: Path, files: list[str], site: Path | None,
         pythonpath: list[str] = ()) -> set[tuple]:
    env = {"PYTHONPATH": os.pathsep.join(pythonpath)} if pythonpath else {}
    ours = findings(repo, "--no-cache", env=env)
    theirs = plain_pylint(repo, tmp, files, site, pythonpath)
    assert ours == theirs
    return ours


# -- shapes ------------------------------------------------------------------

def test_src_layout_with_editable_install(repo: Path, tmp_path: Path) -> None:
    site = make_venv(repo / ".venv")
    write(repo, "src/pkg/__init__.py", '"""Pkg."""\n')
    write(repo, "src/pkg/core.py", LIB)
    write(repo, "tests/test_core.py", '"""T."""\nfrom pkg.core import call\n\n\n'
                                      'def test_call():\n    """T."""\n    assert call(1, 2)\n')
    (site / "__editable__.pkg-0.1.pth").write_text(f"{repo / 'src'}\n", encoding="utf-8")
    commit_all(repo)
    write(repo, "tests/test_core.py", '"""T."""\nfrom pkg.core import call, nothing\n\n\n'
                                      'def test_call():\n    """T."""\n    assert call(1, 2)\n')
    git(repo, "add", "tests/test_core.py")
    found = same(repo, tmp_path, ["tests/test_core.py"], site)
    symbols = {f[2] for f in found}
    assert "too-many-function-args" in symbols  # followed into src/ through the .pth
    assert "no-name-in-module" in symbols and "import-error" not in symbols


def test_flat_layout_root_is_not_on_the_path(repo: Path, tmp_path: Path) -> None:
    """tests/ without __init__.py: plain pylint cannot import the package
    beside it, and neither does commit-guard (the root is not added)."""
    write(repo, "pkg/__init__.py", '"""Pkg."""\n')
    write(repo, "pkg/core.py", LIB)
    write(repo, "examples/demo.py", '"""Demo."""\nimport pkg.core\n\npkg.core.call(1)\n')
    commit_all(repo)
    write(repo, "examples/demo.py", '"""Demo."""\nimport pkg.core\n\npkg.core.call(1, 2)\n')
    git(repo, "add", "examples/demo.py")
    found = same(repo, tmp_path, ["examples/demo.py"], None)
    assert ("examples/demo.py", 2, "import-error") in found


def test_namespace_package(repo: Path, tmp_path: Path) -> None:
    write(repo, "ns/sub/mod.py", LIB)
    write(repo, "app.py", '"""App."""\nfrom ns.sub import mod\n\nmod.call(1)\n')
    commit_all(repo)
    write(repo, "app.py", '"""App."""\nfrom ns.sub import mod\n\nmod.call(1, 2)\nmod.nope()\n')
    git(repo, "add", "app.py")
    found = same(repo, tmp_path, ["app.py"], None)
    assert {"too-many-function-args", "no-member"} <= {f[2] for f in found}


def test_editable_install_reads_staged_not_unstaged(repo: Path, tmp_path: Path) -> None:
    """The .pth points into the work tree; the signature change there is
    not staged, so the staged call is right (no missing-kwoa)."""
    site = make_venv(repo / ".venv")
    write(repo, "src/pkg/__init__.py", '"""Pkg."""\n')
    write(repo, "src/pkg/core.py", LIB.replace("*, second=0", "second=0"))
    write(repo, "app/main.py", '"""Main."""\nfrom pkg.core import call\n\ncall(1)\n')
    (site / "pkg.pth").write_text(f"{repo / 'src'}\n", encoding="utf-8")
    commit_all(repo)
    write(repo, "app/main.py", '"""Main."""\nfrom pkg.core import call\n\ncall(1, 2)\n')
    git(repo, "add", "app/main.py")
    write(repo, "src/pkg/core.py", LIB.replace("*, second=0", "*, second"))  # unstaged
    before = snapshot(repo)
    found = same(repo, tmp_path, ["app/main.py"], site)
    assert not {f for f in found if f[2] in ("missing-kwoa", "too-many-function-args")}
    assert snapshot(repo) == before


def test_setuptools_editable_finder_is_read_not_run(repo: Path, tmp_path: Path) -> None:
    """setuptools' finder-based editable install: its MAPPING is read as data
    (a marker the finder would write never appears), and only the mapped
    name is importable, as with the finder."""
    site = make_venv(repo / ".venv")
    marker = tmp_path / "finder-ran"
    write(repo, "pkg/__init__.py", '"""Pkg."""\n')
    write(repo, "pkg/core.py", LIB)
    write(repo, "helper.py", '"""Not installed."""\n')
    write(repo, "tests/test_x.py", '"""T."""\nfrom pkg import core\nimport helper\n\n'
                                   'core.call(1)\n')
    (site / "__editable___pkg_0_1_finder.py").write_text(
        f"MAPPING: dict[str, str] = {{'pkg': {str(repo / 'pkg')!r}}}\n"
        f"open({str(marker)!r}, 'w').close()\n"
        "def install():\n    pass\n", encoding="utf-8")
    (site / "__editable__.pkg-0.1.pth").write_text(
        "import __editable___pkg_0_1_finder; __editable___pkg_0_1_finder.install()\n",
        encoding="utf-8")
    commit_all(repo)
    write(repo, "tests/test_x.py", '"""T."""\nfrom pkg import core\nimport helper\n\n'
                                   'core.call(1, 2)\n')
    git(repo, "add", "tests/test_x.py")
    ours = findings(repo, "--no-cache")
    assert not marker.exists()
    assert ("tests/test_x.py", 5, "too-many-function-args") in ours
    assert ("tests/test_x.py", 3, "import-error") in ours


def test_dependency_only_in_project_venv(repo: Path, tmp_path: Path) -> None:
    """commit-guard in its own environment, the dependency only in .venv:
    no import-error for it, and a wrong call into it is found."""
    site = make_venv(repo / ".venv")
    add_dist(site, "extlib", "1.0", {"extlib/__init__.py": EXT})
    write(repo, "app.py", '"""App."""\nimport extlib\n\nextlib.fetch("u")\n')
    commit_all(repo)
    write(repo, "app.py", '"""App."""\nimport extlib\n\nextlib.fetch("u", 2)\n'
                          'extlib.Client().post("u")\n')
    git(repo, "add", "app.py")
    found = same(repo, tmp_path, ["app.py"], site)
    assert ("app.py", 4, "too-many-function-args") in found
    assert ("app.py", 5, "no-member") in found
    assert not {f for f in found if f[2] == "import-error"}


def test_pythonpath_additions(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "vendor"
    write(outside, "vendored.py", LIB)
    write(repo, "lib/helper.py", LIB)
    write(repo, "app.py", '"""App."""\nimport helper\nimport vendored\n\n'
                          'helper.call(1)\nvendored.call(1)\n')
    commit_all(repo)
    write(repo, "app.py", '"""App."""\nimport helper\nimport vendored\n\n'
                          'helper.call(1, 2)\nvendored.call(1, 2)\n')
    git(repo, "add", "app.py")
    write(repo, "lib/helper.py", LIB.replace("first, *", "first, extra, *"))  # unstaged
    found = same(repo, tmp_path, ["app.py"], None, ["lib", str(outside)])
    assert {("app.py", 5, "too-many-function-args"),
            ("app.py", 6, "too-many-function-args")} <= found


# -- discovery ---------------------------------------------------------------

def _extlib_project(repo: Path, venv: Path) -> None:
    add_dist(make_venv(venv), "extlib", "1.0", {"extlib/__init__.py": EXT})
    write(repo, "app.py", '"""App."""\nimport extlib\n\nextlib.fetch("u", 2)\n')
    git(repo, "add", "app.py")


def test_environment_from_config(repo: Path, tmp_path: Path) -> None:
    _extlib_project(repo, tmp_path / "envs" / "proj")
    write(repo, "commit-guard.toml", f'[python]\nenvironment = "{tmp_path / "envs" / "proj"}"\n')
    git(repo, "add", "commit-guard.toml")
    assert ("app.py", 4, "too-many-function-args") in findings(repo, "--no-cache")
    res = cli(repo, "check", "--only", "pylint", "-v", "--no-cache")
    assert f"python environment: {tmp_path / 'envs' / 'proj'} (python.environment" in res.stdout


def test_environment_config_error_is_one_line(repo: Path) -> None:
    write(repo, "commit-guard.toml", '[python]\nenvironment = "no/such/venv"\n')
    write(repo, "app.py", '"""App."""\n')
    git(repo, "add", "app.py", "commit-guard.toml")
    res = cli(repo, "check", "--only", "pylint")
    assert res.returncode == 2
    assert "python.environment 'no/such/venv'" in res.stderr
    assert "Traceback" not in res.stderr


def test_virtualenv_of_the_run(repo: Path, tmp_path: Path) -> None:
    _extlib_project(repo, tmp_path / "proj-venv")
    env = {"VIRTUAL_ENV": str(tmp_path / "proj-venv")}
    assert ("app.py", 4, "too-many-function-args") in findings(repo, "--no-cache", env=env)
    assert ("app.py", 2, "import-error") in findings(repo, "--no-cache")


def test_virtualenv_recorded_by_the_hook(repo: Path, tmp_path: Path) -> None:
    """Installed with the project venv active; the commit is made without it
    (a GUI client): the hook still finds the dependency."""
    _extlib_project(repo, tmp_path / "proj-venv")
    res = cli(repo, "install", "git", env={"VIRTUAL_ENV": str(tmp_path / "proj-venv")})
    assert res.returncode == 0, res.stderr
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    commit = subprocess.run(["git", "commit", "-q", "-m", "x"], cwd=repo, env=env,
                            capture_output=True, text=True, check=False)
    assert commit.returncode != 0
    assert "too-many-function-args" in commit.stdout + commit.stderr
    assert "import-error" not in commit.stdout + commit.stderr


def test_committed_venv_is_never_used(repo: Path, tmp_path: Path) -> None:
    """A .venv in the index is committed content: data, not an environment."""
    site = make_venv(repo / ".venv")
    add_dist(site, "extlib", "1.0", {"extlib/__init__.py": EXT})
    write(repo, "app.py", '"""App."""\nimport extlib\n')
    git(repo, "add", "-f", ".venv/pyvenv.cfg", "app.py")
    assert ("app.py", 2, "import-error") in findings(repo, "--no-cache")
    del tmp_path


# -- the cache ---------------------------------------------------------------

def test_cache_follows_environment_changes(repo: Path, tmp_path: Path) -> None:
    """After each change of the environment the warm result is the cold one."""
    site = make_venv(repo / ".venv")
    outside = tmp_path / "sibling"
    add_dist(site, "extlib", "1.0", {"extlib/__init__.py": EXT})
    write(outside, "sibling.py", LIB)
    (site / "sibling.pth").write_text(f"{outside}\n", encoding="utf-8")
    write(repo, "app.py", '"""App."""\nimport extlib\nimport sibling\n\n'
                          'extlib.fetch("u", 2)\nsibling.call(1, 2)\n')
    git(repo, "add", "app.py")

    def warm_equals_cold() -> set[tuple]:
        warm = findings(repo)
        assert warm == findings(repo, "--no-cache")
        return warm

    first = warm_equals_cold()
    assert ("app.py", 5, "too-many-function-args") in first
    assert ("app.py", 6, "too-many-function-args") in first
    add_dist(site, "extlib", "2.0", {"extlib/__init__.py": EXT.replace("(url)", "(url, n=0)")})
    assert ("app.py", 5, "too-many-function-args") not in warm_equals_cold()
    write(outside, "sibling.py", LIB.replace("first, *", "first, second, *").replace(
        "second=0", "third=0"))
    assert ("app.py", 6, "too-many-function-args") not in warm_equals_cold()
    write(repo, "pylintrc", "[MAIN]\ninit-hook='import sys'\n[MESSAGES CONTROL]\n"
                            "disable=too-many-function-args\n")
    git(repo, "add", "pylintrc")
    assert ("app.py", 5, "too-many-function-args") not in warm_equals_cold()


def test_cache_follows_init_hook_paths(repo: Path, tmp_path: Path) -> None:
    """A directory an init-hook adds, outside the tree: its content is keyed."""
    outside = tmp_path / "extra"
    write(outside, "extra.py", LIB)
    write(repo, "pylintrc", f"[MAIN]\ninit-hook='import sys; sys.path.append({str(outside)!r})'\n")
    write(repo, "app.py", '"""App."""\nimport extra\n\nextra.call(1, 2)\n')
    git(repo, "add", "app.py", "pylintrc")
    assert ("app.py", 4, "too-many-function-args") in findings(repo)
    write(outside, "extra.py", LIB.replace("first, *", "first, second, *").replace(
        "second=0", "third=0"))
    warm = findings(repo)
    assert warm == findings(repo, "--no-cache")
    assert ("app.py", 4, "too-many-function-args") not in warm


def test_init_hook_path_in_the_tree_reads_staged_content(repo: Path) -> None:
    write(repo, "pylintrc", "[MAIN]\ninit-hook='import sys; sys.path.append(\"lib\")'\n")
    write(repo, "lib/helper.py", LIB)
    write(repo, "app.py", '"""App."""\nimport helper\n\nhelper.call(1, 2)\n')
    git(repo, "add", "app.py", "pylintrc", "lib/helper.py")
    write(repo, "lib/helper.py", LIB.replace("first, *", "first, second, *").replace(
        "second=0", "third=0"))  # unstaged: would make the call right
    assert ("app.py", 4, "too-many-function-args") in findings(repo, "--no-cache")


def test_unstaging_a_module_changes_the_warm_result(repo: Path) -> None:
    """The cache key covers the search roots: a warm run after a file is
    unstaged equals a cold one."""
    write(repo, "src/pkg/__init__.py", '"""Pkg."""\n')
    write(repo, "src/pkg/core.py", LIB)
    write(repo, "pylintrc", "[MAIN]\nsource-roots=src\n")
    write(repo, "src/pkg/use.py", '"""Use."""\nfrom pkg.core import call\n\ncall(1, 2)\n')
    write(repo, "tests/test_use.py", '"""T."""\nfrom pkg import use\n\nuse.call(1, 2)\n')
    git(repo, "add", "-A")
    first = findings(repo)
    assert first == findings(repo, "--no-cache")
    git(repo, "rm", "-q", "--cached", "src/pkg/use.py")
    warm = findings(repo)
    assert warm == findings(repo, "--no-cache")
    assert warm != first


def test_doctor_names_the_environment(repo: Path, tmp_path: Path) -> None:
    _extlib_project(repo, tmp_path / "proj-venv")
    cli(repo, "install", "git", env={"VIRTUAL_ENV": str(tmp_path / "proj-venv")})
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    res = subprocess.run([sys.executable, "-m", "commit_guard", "doctor"], cwd=repo, env=env,
                         capture_output=True, text=True, check=False)
    assert (f"ok: python environment: {tmp_path / 'proj-venv'} (VIRTUAL_ENV at install, "
            "Python ") in res.stdout
    make_venv(repo / ".venv")
    res = subprocess.run([sys.executable, "-m", "commit_guard", "doctor"], cwd=repo, env=env,
                         capture_output=True, text=True, check=False)
    assert f"ok: python environment: {repo / '.venv'} (.venv, Python " in res.stdout


def test_subversion_server_environment(tmp_path: Path) -> None:
    """On the server the environment comes from the server config only; a
    committed config naming one is not followed."""
    from tests.test_svn_support import make_repo  # pylint: disable=import-outside-toplevel

    site = make_venv(tmp_path / "server-env")
    add_dist(site, "extlib", "1.0", {"extlib/__init__.py": EXT})
    repo = make_repo(tmp_path)
    repo.write("app.py", '"""App."""\nimport extlib\n\nextlib.fetch("u", 2)\n')
    repo.add("app.py")
    proc = repo.commit()
    assert "app.py:2:1: error E0401 (import-error)" in proc.stderr
    repo.server_config(f'[python]\nenvironment = "{tmp_path / "server-env"}"\n')
    proc = repo.commit()
    assert proc.returncode != 0
    assert "app.py:4:1: error E1121 (too-many-function-args)" in proc.stderr
    assert "import-error" not in proc.stderr
