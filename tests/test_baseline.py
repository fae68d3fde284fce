"""The baseline file: `commit-guard baseline` and `check --all --baseline`."""
from __future__ import annotations

from pathlib import Path

from commit_guard.legacy.baseline import Entry, dumps, loads
from tests.helpers import cli, git, write

LEGACY = '''"""Legacy module."""
import os


def area(width, height):
    """Area."""
    unused = 1
    return width * height + len(os.sep)
'''

OTHER = '''"""Other module."""


def twice(value):
    """Twice."""
    spare = 0
    return value * 2
'''


def legacy_repo(repo: Path) -> Path:
    write(repo, "legacy.py", LEGACY)
    write(repo, "pkg/__init__.py", '"""Package."""\n')
    write(repo, "pkg/other.py", OTHER)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "legacy")
    return repo


def check_all(repo: Path, *extra: str):
    return cli(repo, "check", "--all", "--only", "pylint", "--baseline",
               "commit-guard.baseline", *extra)


def test_round_trip(repo: Path) -> None:
    legacy_repo(repo)
    made = cli(repo, "baseline", "--only", "pylint")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "wrote 2 entries" in made.stdout
    text = (repo / "commit-guard.baseline").read_text()
    rows = [r for r in text.splitlines() if not r.startswith("#")]
    assert rows == [
        "legacy.py\tpylint\tW0612\tunused = 1\tUnused variable 'unused'",
        "pkg/other.py\tpylint\tW0612\tspare = 0\tUnused variable 'spare'",
    ]
    assert text.startswith("# commit-guard baseline")
    res = check_all(repo)
    assert res.returncode == 0, res.stdout
    assert "2 existing problems in the baseline" in res.stdout
    # Regenerating from an unchanged tree gives the same bytes: reviewable diffs.
    cli(repo, "baseline", "--only", "pylint")
    assert (repo / "commit-guard.baseline").read_text() == text


def test_new_finding_is_reported_and_moved_lines_still_match(repo: Path) -> None:
    legacy_repo(repo)
    cli(repo, "baseline", "--only", "pylint")
    pad = "".join(f"PAD_{i} = {i}\n" for i in range(10))
    write(repo, "legacy.py", LEGACY.replace("import os\n", "import os\n" + pad)
          + '\n\ndef more():\n    """More."""\n    fresh = 1\n')
    res = check_all(repo)
    assert res.returncode == 1
    assert "Unused variable 'fresh'" in res.stdout
    assert "Unused variable 'unused'" not in res.stdout, "moved 10 lines down, still baselined"


def test_stale_entries_are_reported(repo: Path) -> None:
    legacy_repo(repo)
    cli(repo, "baseline", "--only", "pylint")
    write(repo, "pkg/other.py", OTHER.replace("    spare = 0\n", ""))
    res = check_all(repo)
    assert res.returncode == 0, res.stdout
    assert "note: 1 baseline entry in commit-guard.baseline no longer found" in res.stdout
    assert "pkg/other.py: pylint W0612: spare = 0" in res.stdout


def test_stale_is_judged_only_for_what_was_checked(repo: Path) -> None:
    legacy_repo(repo)
    cli(repo, "baseline", "--only", "pylint")
    res = cli(repo, "check", "--only", "pylint", "--baseline", "commit-guard.baseline",
              "legacy.py")
    assert res.returncode == 0, res.stdout
    assert "no longer found" not in res.stdout, "pkg/other.py was not checked"


def test_staged_check_reads_the_baseline(repo: Path) -> None:
    legacy_repo(repo)
    cli(repo, "baseline", "--only", "pylint")
    git(repo, "add", "commit-guard.baseline")
    git(repo, "commit", "-q", "-m", "baseline")
    write(repo, "commit-guard.toml", 'baseline = "commit-guard.baseline"\n')
    write(repo, "legacy.py", "# touched\n" + LEGACY)
    git(repo, "add", "commit-guard.toml", "legacy.py")
    res = cli(repo, "check", "--only", "pylint")
    assert res.returncode == 0, res.stdout
    assert "1 existing problem in the baseline" in res.stdout


def test_bad_or_missing_baseline_is_one_line_exit_2(repo: Path) -> None:
    legacy_repo(repo)
    res = check_all(repo)
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0 and "commit-guard.baseline" in res.stderr
    write(repo, "commit-guard.baseline", "# header\nlegacy.py\tpylint\n")
    res = check_all(repo)
    assert res.returncode == 2
    assert "commit-guard.baseline:2: malformed baseline entry" in res.stderr
    assert "Traceback" not in res.stderr


def test_entries_escape_tabs_and_newlines() -> None:
    entries = [Entry("a\tb.py", "pylint", "R0801", "x = 1", "Similar lines:\n==a:[1:2]\n"),
               Entry("a.py", "style", "S1", "", "back\\slash")]
    assert loads(dumps(entries), "f") == sorted(entries)
    assert all(len(row.split("\t")) == 5 for row in dumps(entries).splitlines()
               if not row.startswith("#"))
