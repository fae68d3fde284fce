"""`commit-guard fix` / `check --fix` on real git repositories: the staged
content and the work tree both get the fix, every unstaged byte is kept
(same file, other files, CRLF, intent-to-add), a file whose unstaged
changes sit next to a fixed line is refused, SIGINT leaves everything as
it was, and no stash is ever made (issue 19)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import GIT_ENV, cli, git, write

NO_PYLINT = 'skip = ["pylint"]\n'


def staged(repo: Path, path: str) -> bytes:
    return git(repo, "show", f":{path}").stdout


def hunks(diff: bytes) -> bytes:
    """A diff without its header (the blob ids in "index a..b" change with the fix)."""
    return diff[diff.index(b"\n@@"):]


def index_state(repo: Path) -> bytes:
    return git(repo, "ls-files", "-s", "--debug").stdout


def no_stash(repo: Path) -> None:
    assert git(repo, "stash", "list").stdout == b""
    assert git(repo, "rev-parse", "-q", "--verify", "refs/stash", check=False).returncode != 0


def setup(repo: Path, config: str = NO_PYLINT) -> None:
    write(repo, "commit-guard.toml", config)
    git(repo, "add", "commit-guard.toml")
    git(repo, "commit", "-qm", "config")


LINES = [f"line{i} = {i}\n" for i in range(1, 13)]


def test_fix_keeps_the_unstaged_hunk_byte_for_byte(repo: Path) -> None:
    setup(repo)
    base = "".join(LINES)
    write(repo, "a.py", base)
    git(repo, "add", "a.py")
    git(repo, "commit", "-qm", "a")
    staged_text = base.replace("line2 = 2\n", "line2 = 22   \n")  # the staged change
    write(repo, "a.py", staged_text)
    git(repo, "add", "a.py")
    worktree = staged_text.replace("line10 = 10\n", "line10 = 1000 \t\n")  # unstaged, trailing ws
    write(repo, "a.py", worktree)
    write(repo, "other.py", "unrelated = 1  \n")  # untracked, never touched
    unstaged_before = git(repo, "diff").stdout
    cached_before = git(repo, "diff", "--cached").stdout
    res = cli(repo, "fix")
    assert "fixed a.py in the index and the work tree, unstaged changes kept: " \
           "trailing whitespace" in res.stdout, res.stdout + res.stderr
    fixed = staged_text.replace("line2 = 22   \n", "line2 = 22\n")
    assert staged(repo, "a.py") == fixed.encode()
    assert (repo / "a.py").read_text() == worktree.replace("line2 = 22   \n", "line2 = 22\n")
    # The unstaged hunk, trailing whitespace and all, is exactly what it was.
    assert hunks(git(repo, "diff").stdout) == hunks(unstaged_before)
    assert b"+line10 = 1000 \t\n" in git(repo, "diff").stdout
    # The staged change is exactly the change minus the whitespace.
    assert hunks(git(repo, "diff", "--cached").stdout) == \
        hunks(cached_before).replace(b"+line2 = 22   \n", b"+line2 = 22\n")
    assert (repo / "other.py").read_text() == "unrelated = 1  \n"
    no_stash(repo)


def test_unstaged_edits_in_other_files_are_untouched(repo: Path) -> None:
    setup(repo)
    write(repo, "b.py", "b = 1\n")
    git(repo, "add", "b.py")
    git(repo, "commit", "-qm", "b")
    write(repo, "a.py", "a = 1  \n")
    git(repo, "add", "a.py")
    write(repo, "b.py", "b = 2   \n")  # unstaged only
    res = cli(repo, "check", "--fix")
    assert res.returncode == 0, res.stdout + res.stderr
    assert staged(repo, "a.py") == b"a = 1\n" and (repo / "a.py").read_bytes() == b"a = 1\n"
    assert (repo / "b.py").read_bytes() == b"b = 2   \n"
    assert staged(repo, "b.py") == b"b = 1\n"
    no_stash(repo)


def test_a_file_whose_unstaged_change_neighbours_a_fix_is_refused(repo: Path) -> None:
    setup(repo)
    write(repo, "a.py", "".join(LINES))
    git(repo, "add", "a.py")
    git(repo, "commit", "-qm", "a")
    staged_text = "".join(LINES).replace("line5 = 5\n", "line5 = 55  \n")
    write(repo, "a.py", staged_text)
    git(repo, "add", "a.py")
    worktree = staged_text.replace("line6 = 6\n", "line6 = 66\n")
    write(repo, "a.py", worktree)
    before = index_state(repo)
    res = cli(repo, "fix")
    assert res.returncode == 1
    assert "not fixed a.py: unstaged changes touch or neighbour the lines the fix changes" \
        in res.stdout
    assert index_state(repo) == before
    assert (repo / "a.py").read_text() == worktree
    assert "CG101" in res.stdout  # checked again: the finding is still there
    no_stash(repo)


def test_crlf_file_keeps_its_unstaged_crlf_hunk(repo: Path) -> None:
    setup(repo, NO_PYLINT + '[style]\nline_endings = "crlf"\n')
    lines = [f"v{i} = {i}\r\n".encode() for i in range(1, 11)]
    write(repo, "c.txt", b"".join(lines))
    git(repo, "add", "c.txt")
    git(repo, "commit", "-qm", "c")
    staged_bytes = b"".join(lines).replace(b"v2 = 2\r\n", b"v2 = 22 \r\n")
    write(repo, "c.txt", staged_bytes)
    git(repo, "add", "c.txt")
    worktree = staged_bytes.replace(b"v9 = 9\r\n", b"v9 = 99  \r\n")
    write(repo, "c.txt", worktree)
    res = cli(repo, "fix")
    assert res.returncode == 0, res.stdout + res.stderr
    assert staged(repo, "c.txt") == staged_bytes.replace(b"v2 = 22 \r\n", b"v2 = 22\r\n")
    assert (repo / "c.txt").read_bytes() == worktree.replace(b"v2 = 22 \r\n", b"v2 = 22\r\n")


def test_line_endings_bom_and_final_newline_without_unstaged_changes(repo: Path) -> None:
    setup(repo)
    write(repo, "d.txt", b"\xef\xbb\xbfone\r\ntwo  \r\nthree")
    git(repo, "add", "d.txt")
    res = cli(repo, "fix")
    assert res.returncode == 0, res.stdout + res.stderr
    assert staged(repo, "d.txt") == b"one\ntwo\nthree\n"
    assert (repo / "d.txt").read_bytes() == b"one\ntwo\nthree\n"
    assert ("byte-order mark, final newline, line endings, trailing whitespace"
            in res.stdout)
    assert git(repo, "diff").stdout == b""


def test_an_intent_to_add_file_is_left_alone(repo: Path) -> None:
    setup(repo)
    write(repo, "n.py", "later = 1   \n")
    git(repo, "add", "-N", "n.py")
    write(repo, "a.py", "a = 1 \n")
    git(repo, "add", "a.py")
    res = cli(repo, "fix")
    assert res.returncode == 0, res.stdout + res.stderr
    assert (repo / "n.py").read_text() == "later = 1   \n"
    entry = git(repo, "ls-files", "-s", "n.py").stdout
    assert entry.split()[1] == b"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    assert b"n.py" in git(repo, "diff", "--name-only").stdout  # still intent-to-add
    assert staged(repo, "a.py") == b"a = 1\n"


def test_fix_is_for_the_staged_change_only(repo: Path) -> None:
    setup(repo)
    write(repo, "a.py", "a = 1 \n")
    res = cli(repo, "check", "--fix", "a.py")
    assert res.returncode == 2 and "--fix works on the staged change" in res.stderr
    assert (repo / "a.py").read_text() == "a = 1 \n"


RUFF_FIX = ('[[linters]]\nname = "ruff"\n'
            'command = ["ruff", "check", "--no-cache", "--output-format=sarif", "{files}"]\n'
            'globs = ["*.py"]\n'
            'fix_command = ["ruff", "check", "--no-cache", "--fix", "--quiet", "{files}"]\n')


def test_ruff_fix_command_on_a_partially_staged_file(repo: Path) -> None:
    from tests.conftest import require_tool  # pylint: disable=import-outside-toplevel

    require_tool("ruff")
    setup(repo, NO_PYLINT + RUFF_FIX)
    write(repo, "ruff.toml", '[lint]\nselect = ["F401"]\n')
    body = "import os\nimport sys\n\n\n" + "".join(LINES) + "print(sys.argv)\n"
    write(repo, "m.py", body)
    git(repo, "add", ".")
    worktree = body.replace("line11 = 11\n", "line11 = 'unstaged'\n")
    write(repo, "m.py", worktree)
    res = cli(repo, "fix")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "fixed m.py in the index and the work tree, unstaged changes kept: ruff" in res.stdout
    assert staged(repo, "m.py") == body.replace("import os\n", "").encode()
    assert (repo / "m.py").read_text() == worktree.replace("import os\n", "")


def test_phpcbf_fix_command(repo: Path) -> None:
    from tests.conftest import require_tool  # pylint: disable=import-outside-toplevel

    require_tool("phpcbf")
    setup(repo, '[[linters]]\nname = "phpcs"\n'
                'command = ["phpcs", "-q", "--standard=PSR12", "--report=checkstyle"]\n'
                'globs = ["*.php"]\nformat = "checkstyle"\n'
                'fix_command = ["phpcbf", "-q", "--standard=PSR12"]\n')
    write(repo, "A.php", "<?php\n\nnamespace App;\n\nclass A\n{\n    public function f() {\n"
                         "        return 1;\n    }\n}\n")
    git(repo, "add", "A.php")
    res = cli(repo, "fix", "--config", str(repo / "commit-guard.toml"))
    assert "fixed A.php in the index and the work tree: phpcs" in res.stdout, res.stdout
    assert b"    public function f()\n    {\n" in staged(repo, "A.php")
    assert staged(repo, "A.php") == (repo / "A.php").read_bytes()


SLOW_FIX = "import sys, time\nopen(sys.argv[1], 'w').write('started')\ntime.sleep(30)\n"


def test_sigint_during_a_fix_changes_nothing(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "started"
    script = tmp_path / "slowfix.py"
    script.write_text(SLOW_FIX)
    setup(repo, NO_PYLINT + f'[[linters]]\nname = "slow"\ncommand = ["true"]\n'
                f'globs = ["*.py"]\nformat = "regex"\npattern = "(?P<path>x)"\n'
                f'fix_command = ["{sys.executable}", "{script}", "{marker}"]\n')
    write(repo, "a.py", "a = 1  \n")
    git(repo, "add", "a.py")
    write(repo, "a.py", "a = 1  \nb = 2\n")
    before = (index_state(repo), (repo / "a.py").read_bytes())
    proc = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, "-m", "commit_guard", "fix"], cwd=repo,
        env={**os.environ, **GIT_ENV}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the fix command never started"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert (index_state(repo), (repo / "a.py").read_bytes()) == before
    no_stash(repo)


def test_python_whitespace_pylint_reports_is_fixed_too(repo: Path) -> None:
    setup(repo, "")  # pylint on: it, not the style checker, reports C0303/C0304
    write(repo, "p.py", '"""Doc."""\nVALUE = 1   \nOTHER = 2')
    git(repo, "add", "p.py")
    res = cli(repo, "fix")
    assert res.returncode == 0, res.stdout + res.stderr
    assert staged(repo, "p.py") == b'"""Doc."""\nVALUE = 1\nOTHER = 2\n'


def test_signals_are_held_until_both_writes_are_done() -> None:
    from commit_guard.fixes.apply import _held  # pylint: disable=import-outside-toplevel

    done = []
    # As in the CLI; a test runner's worker may have replaced the handler.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with _held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.1)
            done.append("index and work tree written")
    except KeyboardInterrupt:
        done.append("interrupted after")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert done == ["index and work tree written", "interrupted after"]


def test_a_fix_command_that_cannot_start_writes_nothing(repo: Path) -> None:
    setup(repo, NO_PYLINT + '[[linters]]\nname = "gone"\ncommand = ["true"]\n'
                'globs = ["*.py"]\nformat = "regex"\npattern = "(?P<path>x)"\n'
                'fix_command = ["no-such-fixer-xyz"]\n')
    write(repo, "a.py", "a = 1  \n")
    git(repo, "add", "a.py")
    before = (index_state(repo), (repo / "a.py").read_bytes())
    res = cli(repo, "fix")
    assert res.returncode == 2
    assert "gone: fix_command: executable not found: no-such-fixer-xyz" in res.stderr
    assert (index_state(repo), (repo / "a.py").read_bytes()) == before


def test_check_fix_with_a_json_report_keeps_stdout_one_document(repo: Path) -> None:
    setup(repo)
    write(repo, "a.txt", "a  \n")
    git(repo, "add", "a.txt")
    res = cli(repo, "check", "--fix", "--format", "json")
    assert res.returncode == 0, res.stdout + res.stderr
    assert json.loads(res.stdout)["verdict"] == "accepted"
    assert "fixed a.txt in the index and the work tree: trailing whitespace" in res.stderr
