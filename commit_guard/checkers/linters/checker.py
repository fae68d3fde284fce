"""One checker per ``[[linters]]`` entry, named after it.

A linter's findings carry its own name as checker name, so ``--only``,
``--skip``, ``SKIP=`` and ``skip`` in the config name it like any checker;
"linters" names them all (``group``).  Results are cached per file by
content, the config (command included) and the tool: the output of
``version_command`` and the executable's size and time.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from commit_guard import globs
from commit_guard.checkers.base import ERROR, PASSED, CheckerResult, Context
from commit_guard.config.schema import CHECKER_NAMES
from commit_guard.errors import UserError
from commit_guard.sources.changeset import FILE

if TYPE_CHECKING:
    from commit_guard.config import Config
    from commit_guard.sources.changeset import ChangedFile

GROUP = "linters"


def configured(config: Config) -> list[LinterChecker]:
    """The configured linters; a bad entry is a config error (exit 2)."""
    seen: set[str] = set()
    out = []
    for i, spec in enumerate(config["linters"]):
        where = f"{config.origin}: 'linters[{i}]"
        name = spec["name"]
        if name in CHECKER_NAMES or name in seen:
            raise UserError(f"{where}.name': {name!r} is already a checker's name")
        if not all(c.isalnum() or c in "-_." for c in name):
            raise UserError(f"{where}.name': {name!r}: letters, digits, '-', '_' and '.' only")
        if spec["format"] == "regex" and "path" not in re.compile(spec["pattern"]).groupindex:
            raise UserError(f"{where}.pattern': format = regex needs a pattern with a "
                            "(?P<path>...) group")
        seen.add(name)
        out.append(LinterChecker(spec))
    return out


class LinterChecker:
    group = GROUP
    cache_code = ("commit_guard.checkers.linters.run", "commit_guard.checkers.linters.formats")

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.name: str = spec["name"]
        self.description = f"the linter {' '.join(spec['command'])}"

    def wants(self, file: ChangedFile, config: Config) -> bool:
        del config
        return file.kind == FILE and globs.matches(file.path, self.spec["globs"])

    def cache_salt(self, ctx: Context) -> str:
        """The tool's version and binary, and the config files it reads."""
        from commit_guard.checkers.linters.run import (  # pylint: disable=import-outside-toplevel
            CONFIG_FILES, program)

        tool = program(self.spec["command"][0], Path(ctx.source.root))
        # The config's "linters" is not in the key (cache/run.py): this entry is.
        return "|".join([json.dumps(self.spec, sort_keys=True), self._version(ctx),
                         _executable_stamp(tool),
                         *(f"{p}:{_digest(d)}" for p, d in
                           sorted(ctx.source.read_many(CONFIG_FILES).items()))])

    def _version(self, ctx: Context) -> str:
        """version_command's output, run once per check; a failure is kept
        for run() to report (and the key is then never a hit)."""
        from commit_guard.checkers.linters import run  # pylint: disable=import-outside-toplevel

        key = f"linters:version:{self.name}"
        if key not in ctx.memo:
            command = self.spec["version_command"]
            try:
                if not command:
                    ctx.memo[key] = ""
                else:
                    root = Path(ctx.source.root)
                    code, out, err = run.execute(self.spec, run.argv(command, [], root), root)
                    if code != 0:
                        raise run.LinterFailed(f"version_command exit status {code}: "
                                               f"{run.first_line(err, out)}")
                    ctx.memo[key] = out.decode("utf-8", "replace").strip()
            except run.LinterFailed as exc:
                ctx.memo[key] = exc
        value = ctx.memo[key]
        return f"failed:{id(value)}" if isinstance(value, Exception) else value

    def run(self, files: Sequence[ChangedFile], ctx: Context) -> CheckerResult:
        from commit_guard.checkers.linters import run  # pylint: disable=import-outside-toplevel

        failed = ctx.memo.get(f"linters:version:{self.name}")
        try:
            if isinstance(failed, Exception):
                raise failed
            findings = run.lint(self.spec, files, ctx)
        except run.LinterFailed as exc:
            return CheckerResult(self.name, status=ERROR,
                                 note=f"{self.name} could not run: {exc}")
        return CheckerResult(self.name, findings, PASSED)


def _executable_stamp(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        return f"{program}:missing"
    stat = Path(found).stat()
    return f"{found}:{stat.st_size}:{stat.st_mtime_ns}"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
