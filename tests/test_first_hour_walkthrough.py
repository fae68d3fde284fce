"""docs/getting-started.md, run end to end in a real git repository: init
(answering its question on a terminal) -> a good commit -> a bad commit and
its report -> the fix -> a commit.  Each ```text block of the page must be
what the step printed, timings and machine paths aside."""
from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import require_tool
from tests.helpers import git, init_repo, write
from tests.test_first_hour_init import answer_on_a_terminal

PAGE = Path(__file__).resolve().parents[1] / "docs" / "getting-started.md"
CALC = '"""Calculator."""\n\n\ndef add(a, b):\n    """The sum of a and b."""\n    return a + b\n'
BROKEN = CALC.replace('"""\n\n\ndef', '"""\nimport os\n\n\ndef', 1).replace("a + b", "a - b")
TESTS = ('"""Tests of the calculator."""\nfrom app.calc import add\n\n\n'
         'def test_add():\n    """1 + 2 is 3."""\n    assert add(1, 2) == 3\n')
FIXED = CALC + '\n\ndef subtract(a, b):\n    """a minus b."""\n    return a - b\n'
PROMPT = "Install the git pre-commit hook now? [Y/n]"


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)


def normal(text: str, repo: Path) -> list[str]:
    text = text.replace("\r\n", "\n").replace(f"{repo}/", "")
    # The terminal echoes the typed answer when it is typed, which may be
    # before the question is printed: the question ends a line of its own.
    text = text.replace(PROMPT + ": ", PROMPT + "\n")
    text = re.sub(r"\d+\.\d+s\b", "N.Ns", text)
    text = re.sub(r"re-run: \S+?(?: -P)? -m commit_guard", "re-run: PYTHON -m commit_guard",
                  text)
    text = text.replace("re-run: .../python -P -m commit_guard", "re-run: PYTHON -m commit_guard")
    return text.splitlines()


def assert_shown(shown: str, printed: str, repo: Path) -> None:
    """Every line the page shows was printed (the suite's output tail aside)."""
    got = normal(printed, repo)
    for line in normal(shown, repo):
        if line.startswith("  | ") and "..." in line:
            continue  # "the end of pytest's output": its exact lines vary by version
        assert line in got, f"the page shows {line!r}; the step printed:\n{printed}"


def commit(repo: Path, message: str) -> tuple[int, str]:
    res = git(repo, "commit", "-m", message, check=False)
    return res.returncode, (res.stdout + res.stderr).decode("utf-8", "replace")


def test_getting_started_as_written(tmp_path: Path) -> None:
    require_tool("git")
    shown = blocks("text")
    assert len(shown) == 4
    repo = init_repo(tmp_path / "calculator")
    write(repo, "app/__init__.py", '"""App."""\n')
    write(repo, "app/calc.py", CALC)
    write(repo, "tests/test_calc.py", TESTS)
    # 1. init, answering "y" on a terminal.
    printed = answer_on_a_terminal(repo, b"y\n")
    assert_shown(shown[0], printed, repo)
    config = (repo / "commit-guard.toml").read_text()
    assert blocks("toml")[0] in config
    # 2. A good commit.
    git(repo, "add", "-A")
    code, printed = commit(repo, "calculator")
    assert code == 0, printed
    assert_shown(shown[1], printed, repo)
    # 3. A bad commit: the report.
    assert blocks("python")[0] == BROKEN
    write(repo, "app/calc.py", BROKEN)
    git(repo, "add", "app/calc.py")
    code, printed = commit(repo, "subtract")
    assert code == 1, printed
    assert_shown(shown[2], printed, repo)
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == b"1"
    # 4. The fix, and the commit goes in.
    assert blocks("python")[1] == FIXED
    write(repo, "app/calc.py", FIXED)
    git(repo, "add", "app/calc.py")
    code, printed = commit(repo, "subtract")
    assert code == 0, printed
    assert_shown(shown[3], printed, repo)
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == b"2"
