"""pylint messages that are not about one file: paths in messages, and
run-wide messages (cyclic-import, duplicate-code) with the result cache."""
from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import cli, git, init_repo, write


def pylint_findings(repo: Path, *args: str) -> tuple[set[tuple], str]:
    """(findings of one run, from its JSON report; the text report of the same run)."""
    out = repo.parent / "report.json"
    res = cli(repo, "check", "--only", "pylint", "-v", "--format", "json", "-o", str(out),
              *args)
    assert res.returncode in (0, 1), res.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    return {(f["path"], f["code"], f["message"]) for f in report["findings"]}, res.stdout


def test_messages_name_the_repository_path(tmp_path: Path) -> None:
    """A message that names a file names it by its repository path, never
    by the private workspace's (here: an undeclared Latin-1 byte)."""
    repo = init_repo(tmp_path / "repo")
    write(repo, "pkg/latin1.py", b"x = '\xe9'\n")
    git(repo, "add", "pkg/latin1.py")
    found, _text = pylint_findings(repo, "--no-cache")
    (path, code, message), = found
    assert (path, code) == ("pkg/latin1.py", "E0001")
    assert "'pkg/latin1.py'" in message
    assert "commit-guard-" not in message and str(tmp_path) not in message


def test_cyclic_import_with_the_cache(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    write(repo, "pkg/__init__.py", '"""P."""\n')
    write(repo, "pkg/a.py", '"""A."""\nfrom pkg import b\n\nX = b\n')
    write(repo, "pkg/b.py", '"""B."""\nfrom pkg import a\n\nY = a\n')
    write(repo, "pkg/c.py", '"""C."""\nZ = 1\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "base")
    cold, _ = pylint_findings(repo, "--all", "--no-cache")
    assert any(code == "R0401" for _p, code, _m in cold)
    first, _ = pylint_findings(repo, "--all")
    assert first == cold
    # Every file served from the cache: the run's cyclic-import is served too.
    warm, text = pylint_findings(repo, "--all")
    assert warm == cold
    assert "note: pylint: R0401" not in text
    # One file changed: it is checked alone, and the report says the run-wide
    # messages were looked for among that file only.
    write(repo, "pkg/c.py", '"""C."""\nZ = 2\n')
    partial, text = pylint_findings(repo, "--all")
    assert not any(code == "R0401" for _p, code, _m in partial)
    assert ("note: pylint: R0401, R0801 were looked for among the 1 file checked now, "
            "not the 3 the cache served; --no-cache looks among all of them") in text
    again, _ = pylint_findings(repo, "--all", "--no-cache")
    assert any(code == "R0401" for _p, code, _m in again)


DUPLICATE = "".join(f"    total += value * {i} - {i} // 2\n" for i in range(12))


def test_run_wide_messages_of_forked_processes_are_one_run_s(tmp_path: Path) -> None:
    """Split over forked processes (forked.py), a cycle and a duplicate whose
    files are linted by different processes are still found, as one
    process finds them, and each once."""
    repo = init_repo(tmp_path / "repo")
    write(repo, ".pylintrc", "[MESSAGES CONTROL]\nenable=duplicate-code\n")
    write(repo, "pkg/__init__.py", '"""P."""\n')
    write(repo, "pkg/a.py", '"""A."""\nfrom pkg import b\n\nX = b\n')
    write(repo, "pkg/b.py", '"""B."""\nfrom pkg import a\n\nY = a\n')
    for name in ("dup1", "dup2"):
        write(repo, f"pkg/{name}.py", f'"""{name}."""\n\n\ndef {name}(value):\n'
                                      f'    """Sum."""\n    total = 0\n{DUPLICATE}'
                                      "    return total\n")
    git(repo, "add", "-A")
    one, _ = pylint_findings(repo, "--no-cache", "--jobs", "1")
    codes = [code for _p, code, _m in one]
    assert codes.count("R0401") == 1 and codes.count("R0801") == 1
    force = {"COMMIT_GUARD_PYLINT_MIN_BATCH": "1", "COMMIT_GUARD_PYLINT_IGNORE_IDLE": "1",
             "COMMIT_GUARD_PYLINT_PARALLEL": "fork"}
    out = repo.parent / "forked.json"
    res = cli(repo, "check", "--only", "pylint", "--format", "json", "-o", str(out),
              "--no-cache", "--jobs", "2", env=force)
    assert res.returncode == 1, res.stderr
    found = json.loads(out.read_text(encoding="utf-8"))["findings"]
    forked = [(f["code"], f["message"]) for f in found]
    assert sorted(forked) == sorted((code, m) for _p, code, m in one)
