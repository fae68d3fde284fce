"""Plan each staged file's fixed content, and write it to the index and the
work tree without a stash.

The fix is computed on the staged content (text.py, then each linter's
fix_command).  The index gets the fixed blob (``git hash-object -w`` and
``git update-index --cacheinfo``).  The work tree gets the same content
when it equals the index; when it has unstaged changes, the fix's own line
changes are merged into it (``git merge-file``: index as base), and a file
whose unstaged changes touch or neighbour a fixed line is refused with one
line, as is a file the merge could not give back byte for byte.  Nothing
is written until every fix is computed, and each file's two writes run
with SIGINT/SIGTERM/SIGHUP held back, so an interrupt leaves every file either
untouched or fixed in both places.
"""
from __future__ import annotations

import os
import signal
import stat
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from commit_guard.checkers.linters.checker import configured
from commit_guard.checkers.linters.run import config_files
from commit_guard.checkers.style.checker import StyleChecker, check_file, text_settings
from commit_guard.config import Config
from commit_guard.fixes import linters as linter_fixes
from commit_guard.fixes import text
from commit_guard.route import route
from commit_guard.sources import git
from commit_guard.sources.staged import GitStagedSource
from commit_guard.util import cmd_output_b, replace_file

HELD = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@dataclass
class FileFix:
    path: str
    mode: str
    blob: str  # the staged blob the fix starts from
    old: bytes
    new: bytes
    what: list[str] = field(default_factory=list)  # what was fixed, for the report
    refused: str = ""  # why the file was left alone
    worktree: str = ""  # how the work tree got the fix


def plan(root: Path, config: Config) -> list[FileFix]:
    """The fix of every staged file that needs one (nothing written yet)."""
    source = GitStagedSource(root, max_size=config["max_file_size"])
    index = {e.path: e for e in git.ls_index(root)}
    # The style rules pylint would report on Python files (C0303, C0304)
    # are fixed here too: the check runs as if pylint were off.
    style_cfg = Config({**config.data, "skip": [*config["skip"], "pylint"]}, config.origin)
    fixers = [c for c in configured(config) if c.spec["fix_command"]]
    routed = route(source.files(), [StyleChecker(), *fixers], config).assignments
    fixes: dict[str, FileFix] = {}

    def start(path: str, content: bytes) -> FileFix | None:
        entry = index.get(path)
        # Empty staged content (an intent-to-add file too) has nothing to fix.
        if entry is None or not content or entry.mode not in ("100644", "100755"):
            return None
        return fixes.setdefault(path, FileFix(path, entry.mode, entry.sha, content, content))

    for file in routed.get("style", []):
        if file.content is None or file.blocked:
            continue
        codes = {f.code for f in check_file(file, style_cfg)} & set(text.FIXABLE)
        fix = start(file.path, file.content) if codes else None
        if fix is not None:
            fix.new = text.fix(fix.new, codes, text_settings(file.path, config).line_endings)
            fix.what += sorted({text.FIXABLE[c] for c in codes})
    extra = config_files(source) if fixers else {}
    for fixer in fixers:
        todo = [f for f in routed.get(fixer.name, []) if f.content is not None and not f.blocked]
        current = {f.path: fixes[f.path].new if f.path in fixes else f.content for f in todo}
        for path, data in linter_fixes.fix_with(fixer.spec, current, extra, root).items():
            if data != current[path]:
                fix = start(path, current[path] or b"")
                if fix is not None:
                    fix.new = data
                    fix.what.append(fixer.name)
    return [f for f in fixes.values() if f.new != f.old]


def write(root: Path, fix: FileFix) -> FileFix:
    """Write ``fix`` to the index and the work tree, or say why not (``refused``)."""
    target = root / fix.path
    if target.is_symlink() or not target.is_file():
        fix.refused = "not a regular file in the work tree"
        return fix
    data = target.read_bytes()
    if data == fix.old:
        ours, fix.worktree = fix.new, "in the index and the work tree"
    else:
        if _hash_with_filters(root, fix.path) == fix.blob:
            fix.refused = ("the work-tree copy differs from the index by a filter or "
                           "line-ending conversion (.gitattributes, core.autocrlf)")
            return fix
        merged = _merge(root, data, fix.old, fix.new)
        # The merge must be undone by the reverse merge: then every unstaged byte is kept.
        if merged is None or _merge(root, merged, fix.new, fix.old) != data:
            fix.refused = ("unstaged changes touch or neighbour the lines the fix changes; "
                           "stage or undo them, or fix by hand")
            return fix
        ours, fix.worktree = merged, "in the index and the work tree, unstaged changes kept"
    blob = cmd_output_b("git", "hash-object", "-w", "--no-filters", "--stdin",
                        cwd=root, stdin=fix.new)[1].decode().strip()
    with _held():
        entry = git.ls_index(root, fix.path)
        if [(e.mode, e.sha) for e in entry] != [(fix.mode, fix.blob)] \
                or target.read_bytes() != data:
            fix.refused = "changed while it was being fixed"
            return fix
        replace_file(target, ours, stat.S_IMODE(target.stat().st_mode))
        git.git("update-index", "--cacheinfo", f"{fix.mode},{blob},{fix.path}", cwd=root)
    return fix


@contextmanager
def _held() -> Iterator[None]:
    """Delay SIGINT/SIGTERM/SIGHUP until both writes of one file are done.

    Python runs signal handlers on the main thread whichever thread the
    signal reaches, so the handlers are swapped for a recorder (a signal
    mask would hold only this thread's), and what came is sent again after.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers can only be swapped on the main thread, where fix runs
        return
    pending: list[int] = []
    old = {sig: signal.signal(sig, lambda signum, _frame: pending.append(signum))
           for sig in HELD}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
        for sig in pending:
            os.kill(os.getpid(), sig)


def _hash_with_filters(root: Path, path: str) -> str:
    code, out, _ = cmd_output_b("git", "hash-object", "--", path, cwd=root, check=False)
    return out.decode().strip() if code == 0 else ""


def _merge(root: Path, current: bytes, base: bytes, other: bytes) -> bytes | None:
    """``current`` with the changes from ``base`` to ``other``, or None on any conflict."""
    with tempfile.TemporaryDirectory(prefix="commit-guard-merge-") as tmp:
        names = []
        for name, data in (("current", current), ("base", base), ("other", other)):
            (Path(tmp) / name).write_bytes(data)
            names.append(str(Path(tmp) / name))
        code, out, _ = cmd_output_b("git", "merge-file", "-p", "--quiet", *names,
                                    cwd=root, check=False)
    return out if code == 0 else None
