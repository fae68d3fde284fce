"""php-syntax: every PHP file of the change parsed for the target version.

The built-in parser (commit_guard.php) runs in-process for a few files and
in worker processes (ctx.jobs of them) for many; with ``php.binary`` set,
`php -l` of that binary judges instead (commit_guard.php.oracle).  The
parser and ply are imported only here, inside run().
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from commit_guard.cache.run import REFUSED_DETAIL
from commit_guard.checkers.base import PASSED, CheckerResult, Context
from commit_guard.errors import UserError
from commit_guard.finding import Finding
from commit_guard.route import is_php
from commit_guard.util import cmd_output

if TYPE_CHECKING:
    from commit_guard.config import Config
    from commit_guard.sources.changeset import ChangedFile

# PHP_VERSION: 8.2.29, 8.4.0RC1, 8.3.0-dev, 7.4.33-1+deb11u5...
_VERSION = re.compile(r"^\d+\.\d+\.\d+\S*$")


class PhpSyntaxChecker:
    name = "php-syntax"
    description = "PHP syntax and compile-time errors for the target PHP version (5.3-8.5)"
    # Findings depend on the parser's code and on the target version (which
    # composer.json can set), so both are in the result-cache key; with
    # php.binary, on that binary and its version instead of the parser.
    cache_code = ("commit_guard.php",)

    def cache_salt(self, ctx: Context) -> str:
        binary = ctx.config["php"]["binary"]
        if binary:
            return repr(("php -l", *binary_identity(binary)))
        return repr(resolve_target(ctx))

    def wants(self, file: ChangedFile, config: Config) -> bool:
        return is_php(file, config)

    def run(self, files: Sequence[ChangedFile], ctx: Context) -> CheckerResult:
        items = [(f.path, f.content) for f in files if f.content is not None]
        binary = ctx.config["php"]["binary"]
        target = resolve_target(ctx)
        detail: dict[str, object] = {}
        if binary:
            from commit_guard.php.oracle import lint_files  # pylint: disable=import-outside-toplevel

            # Asked even when the result cache (whose key holds it) is off: a
            # binary that is not PHP (/bin/true) would pass every file.
            binary_identity(binary)
            results = lint_files(binary, items, ctx.jobs)
            engine = f"php -l ({binary})"
        else:
            from commit_guard.php import tables  # pylint: disable=import-outside-toplevel
            from commit_guard.php.parallel import check_many  # pylint: disable=import-outside-toplevel

            refused = tables.refused()
            if refused:
                # The tables are generated in memory (seconds): once, not per worker.
                detail[REFUSED_DETAIL] = (str(tables.cache_dir()), refused)
            results = check_many(items, target, 1 if refused else ctx.jobs, ctx.cancel)
            engine = "built-in parser"
        findings = [Finding(self.name, p.code, p.symbol, path, p.line, p.column, p.message)
                    for path, problems in results.items() for p in problems]
        from commit_guard.php.versions import format_version  # pylint: disable=import-outside-toplevel

        detail.update(engine=engine, target=format_version(target))
        return CheckerResult(self.name, findings, PASSED, files=len(items), detail=detail)


def resolve_target(ctx: Context) -> tuple[int, int]:
    """php.version, else the lowest composer.json require.php allows, else the newest."""
    from commit_guard.php.versions import (  # pylint: disable=import-outside-toplevel
        NEWEST, clamp, lowest_allowed, parse_version)

    configured = ctx.config["php"]["version"]
    if configured:
        try:
            return clamp(parse_version(configured))
        except ValueError:
            raise UserError(f"{ctx.config.origin}: php.version {configured!r} is not a PHP "
                            "version (expected e.g. '7.4')") from None
    data = ctx.source.read("composer.json")
    if data:
        try:
            constraint = json.loads(data.decode("utf-8", "replace"))["require"]["php"]
        except (ValueError, KeyError, TypeError):
            constraint = None
        if isinstance(constraint, str):
            lowest = lowest_allowed(constraint)
            if lowest is not None:
                return lowest
    return NEWEST


def binary_identity(binary: str) -> tuple[str, str, int, int, str]:
    """What `php -l` findings depend on: the configured binary, the file it
    resolves to (a `php` symlink moves with an upgrade), that file's size
    and mtime, and the version it reports."""
    import shutil  # pylint: disable=import-outside-toplevel  # not on a warm re-check's path

    found = shutil.which(binary) or binary
    real = os.path.realpath(found)
    try:
        stat = os.stat(real)
    except OSError:
        raise UserError(f"php.binary {binary!r}: executable not found") from None
    return (binary, real, stat.st_size, stat.st_mtime_ns,
            _php_version(binary, real, stat.st_size, stat.st_mtime_ns))


@lru_cache(maxsize=4)
def _php_version(binary: str, real: str, size: int, mtime: int) -> str:
    """The PHP version ``real`` reports; exit 2 for anything that does not
    answer like PHP (e.g. /bin/true, which would pass every file)."""
    del size, mtime  # part of the memo key only: a replaced binary is asked again
    where = f"php.binary {binary!r}" + (f" ({real})" if real != binary else "")
    try:
        code, out, err = cmd_output(real, "-n", "-r", "echo PHP_VERSION;", check=False,
                                    timeout=30)
    except subprocess.TimeoutExpired:
        raise UserError(f"{where}: no version within 30s") from None
    if code != 0:
        detail = (err or out).strip().splitlines()[-1:] or [f"exit status {code}"]
        raise UserError(f"{where}: cannot read its version: {detail[0]}")
    version = out.strip()
    if not _VERSION.match(version):
        shown = repr(version[:40]) if version else "nothing"
        raise UserError(f"{where} is not PHP: `-n -r 'echo PHP_VERSION;'` printed {shown}, "
                        "not a PHP version")
    return version
