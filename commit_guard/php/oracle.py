"""The real PHP as oracle: ``php -l`` on each file, its messages as PhpProblems.

PHP 8.2 lints only the first file given to ``-l``, so every file is its own
process (about 11 ms of start-up each); they run ``jobs`` at a time.  The
content is written to a private temporary directory: the work tree is never
read, so a staged check lints exactly what the commit records.

All knowledge of php -l's wording lives in ``_TABLE`` below.
"""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Sequence

from commit_guard.errors import UserError
from commit_guard.php import CODES, PhpProblem
from commit_guard.util import cmd_output_b

# -n: no php.ini, so a developer's ini cannot change the verdict; errors are
# displayed on stdout and not logged, and short tags are off as in the
# php.ini PHP ships (php.ini-development/-production) and in the checker.
PHP_FLAGS = ("-n", "-d", "display_errors=1", "-d", "log_errors=0",
             "-d", "error_reporting=-1", "-d", "short_open_tag=0", "-l")
TIMEOUT = 60.0

# (pattern on PHP's message, our code).  First match wins; PHP's own text
# becomes the message.  "Parse error" is always a syntax error; a "Fatal
# error" during -l is a compile-time error, mapped to the specific code the
# built-in checker uses for the same rule.
_TABLE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code) for pattern, code in (
        (r"^Parse error: ", "CG301"),
        (r"^Fatal error: Array and string offset access syntax with curly braces", "CG303"),
        (r"^Fatal error: The \((unset|real)\) cast", "CG303"),
        (r"^Fatal error: ('(break|continue)' not in the 'loop' or 'switch' context"
         r"|Cannot '(break|continue)' \d+ levels?"
         r"|'(break|continue)' operator )", "CG311"),
        (r"^Fatal error: Cannot use (positional argument after named argument"
         r"|argument unpacking after named arguments)", "CG312"),
        (r"^Fatal error: Cannot (re-assign \$this|unset \$this"
         r"|use \$this as (parameter|static variable|global variable))", "CG313"),
        (r"^Fatal error: Redefinition of parameter ", "CG314"),
        (r"^Fatal error: Cannot use isset\(\) on the result of an expression", "CG315"),
        (r"^Fatal error: (Abstract function .* cannot contain body"
         r"|Non-abstract method .* must contain body"
         r"|Interface function .* cannot contain body)", "CG316"),
        (r"^Fatal error: Cannot use empty array elements in arrays", "CG317"),
        (r"^Fatal error: ", "CG310"),
    )
)
_KINDS = ("Parse error: ", "Fatal error: ")
_PASSED = "No syntax errors detected"
_SAFE = re.compile(r"[^A-Za-z0-9._-]")
_UNCLOSED = re.compile(r"^Unclosed '.' on line (\d+)")


def translate(text: str, shown_path: str) -> list[PhpProblem]:
    """PhpProblems for php -l's output ``text`` about the file ``shown_path``."""
    problems = []
    tail = re.compile(r" in " + re.escape(shown_path) + r" on line (\d+)$")
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("PHP "):
            line = line[4:]
        if not line.startswith(_KINDS):
            continue  # warnings, deprecations, "Errors parsing ..."
        match = tail.search(line)
        lineno = int(match.group(1)) if match else 0
        body = line[: match.start()] if match else line
        code = next(code for pattern, code in _TABLE if pattern.search(body))
        message = body.split(":", 1)[1].strip()
        problems.append(PhpProblem(lineno, 0, code, CODES[code], message))
    return problems


def agreeing_lines(problem: PhpProblem) -> set[int]:
    """Lines that agree with this php -l problem: its line and, for an
    unclosed bracket, the line of the bracket (PHP names both)."""
    lines = {problem.line}
    match = _UNCLOSED.match(problem.message)
    if match:
        lines.add(int(match.group(1)))
    return lines


def lint_one(binary: str, path: str, ini: bool = False) -> list[PhpProblem]:
    """php -l one file on disk; [] when PHP accepts it.  ``ini`` reads the
    binary's php.ini too (slower start-up; the flags above still win)."""
    flags = PHP_FLAGS if not ini else PHP_FLAGS[1:]
    try:
        code, out, err = cmd_output_b(binary, *flags, path, check=False, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise UserError(f"{binary} -l timed out after {TIMEOUT:.0f}s on {path}") from exc
    text = (out + b"\n" + err).decode("utf-8", "replace")
    problems = translate(text, path)
    # A pass is only what PHP says is one: a binary that prints nothing and
    # exits 0 (not PHP, or a wrapper that lost the output) must not pass files.
    if not problems and (code != 0 or _PASSED not in text):
        first = text.strip().splitlines()
        detail = first[0] if first else f"exit status {code}, no output"
        raise UserError(f"php.binary {binary}: -l gave no verdict on {path}: {detail}")
    return problems


def lint_files(binary: str, items: Sequence[tuple[str, bytes]],
               jobs: int, *, ini: bool = False) -> dict[str, list[PhpProblem]]:
    """php -l each (name, content), ``jobs`` processes at a time.

    Returns name -> problems ([] = valid).  Each file gets a directory of its
    own, so names may repeat path components or contain anything.
    """
    with tempfile.TemporaryDirectory(prefix="commit-guard-php-") as tmp:
        paths = []
        for index, (name, content) in enumerate(items):
            folder = Path(tmp, str(index))
            folder.mkdir()
            # PHP prints the path inside its message: keep it one plain line.
            dest = folder / (_SAFE.sub("_", os.path.basename(name)) or "file.php")
            dest.write_bytes(content)
            paths.append(str(dest))
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(lambda p: lint_one(binary, p, ini), paths))
    return {name: problems for (name, _content), problems in zip(items, results)}
