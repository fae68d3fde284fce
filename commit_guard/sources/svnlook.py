"""Tiny svnlook accessors.

Every call names a transaction (``-t TXN``) or a revision (``-r REV``)
through a ``Look``.  svnlook prints paths in the locale's encoding and
refuses (or mangles) non-ASCII names under the C locale, and Subversion
runs hooks with an empty environment, so every call forces a UTF-8 locale
and output is decoded as UTF-8.
"""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from commit_guard.errors import UserError
from commit_guard.util import CalledProcessError, cmd_output_b

# svnlook's "path not found" and "not a file" errors: an absent file, not a failure.
_ABSENT_CODES = (b"E160013", b"E160017", b"E160016")

SVNLOOK_ENV = "COMMIT_GUARD_SVNLOOK"


@dataclass(frozen=True)
class Look:
    """What svnlook looks at: a transaction, a revision, or the youngest revision."""

    repos: Path
    txn: str | None = None
    rev: int | None = None

    def args(self) -> list[str]:
        if self.txn is not None:
            return ["-t", self.txn]
        if self.rev is not None:
            return ["-r", str(self.rev)]
        return []

    def at(self, rev: int) -> Look:
        return Look(self.repos, rev=rev)


class Change(NamedTuple):
    """One line of ``svnlook changed``."""

    action: str  # A added, D deleted, U content modified, _ properties only, R replaced
    props: bool  # properties changed too
    path: str  # repository-relative, no leading or trailing slash
    is_dir: bool
    copy_from: str | None = None
    copy_rev: int | None = None


class Info(NamedTuple):
    author: str
    date: str
    log: str


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["LC_ALL"] = env["LANG"] = "C.UTF-8"
    return env


def svnlook(*args: str, check: bool = True) -> tuple[int, bytes, bytes]:
    exe = os.environ.get(SVNLOOK_ENV, "svnlook")
    return cmd_output_b(exe, *args, check=check, env=_env())


def _run(sub: str, look: Look, *args: str) -> bytes:
    return svnlook(sub, *look.args(), str(look.repos), *args)[1]


def decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _arg(path: str) -> str:
    return "/" + path.lstrip("/")


def parse_changed(raw: bytes) -> list[Change]:
    """Parse ``svnlook changed --copy-info``: "AP+ path" lines, each copy
    followed by an indented "(from path:rN)" line."""
    out: list[Change] = []
    for line in decode(raw).split("\n"):
        if not line:
            continue
        if line.startswith("    (from ") and line.endswith(")") and out:
            src, _, rev = line[len("    (from "):-1].rpartition(":r")
            out[-1] = out[-1]._replace(copy_from=src.strip("/"), copy_rev=int(rev))
            continue
        status, path = line[:4], line[4:]
        is_dir = path.endswith("/")
        out.append(Change(status[0], status[1] == "U", path.strip("/"), is_dir))
    return out


def changed(look: Look) -> list[Change]:
    return parse_changed(_run("changed", look, "--copy-info"))


def cat(look: Look, path: str) -> bytes | None:
    """A file's content (repository-normal form), or None if it is not a file there."""
    code, out, err = svnlook("cat", *look.args(), str(look.repos), _arg(path), check=False)
    if code == 0:
        return out
    if any(c in err for c in _ABSENT_CODES):
        return None
    raise CalledProcessError(("svnlook", "cat", path), code, out, err)


def proplist(look: Look, path: str) -> dict[str, str]:
    """All versioned properties of ``path`` with their values."""
    raw = _run("proplist", look, "-v", "--xml", _arg(path))
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise UserError(f"svnlook proplist {path}: unreadable XML: {exc}") from exc
    return {p.get("name", ""): p.text or "" for p in root.iter("property")}


def propget(look: Look, name: str, path: str) -> str | None:
    code, out, err = svnlook("propget", *look.args(), str(look.repos), name, _arg(path),
                             check=False)
    if code == 0:
        return decode(out)
    if b"E200017" in err or any(c in err for c in _ABSENT_CODES):
        return None  # property not set / path absent
    raise CalledProcessError(("svnlook", "propget", name), code, out, err)


def info(look: Look) -> Info:
    """Author, date and log message in one svnlook call."""
    raw = _run("info", look)
    author, date, size, rest = (raw.split(b"\n", 3) + [b"", b"", b"", b""])[:4]
    try:
        message = rest[:int(size)]
    except ValueError:
        message = rest
    return Info(decode(author), decode(date), decode(message))


def log(look: Look) -> str:
    return decode(_run("log", look))


def youngest(repos: Path) -> int:
    return int(svnlook("youngest", str(repos))[1].strip())


def uuid(repos: Path) -> str:
    return svnlook("uuid", str(repos))[1].decode("ascii", "replace").strip()


def tree(look: Look, prefix: str = "") -> list[str]:
    """Every path under ``prefix`` (directories end with "/"), repository-relative."""
    args = ["--full-paths"] + ([_arg(prefix)] if prefix else [])
    code, out, err = svnlook("tree", *look.args(), str(look.repos), *args, check=False)
    if code != 0:
        if any(c in err for c in _ABSENT_CODES):
            return []
        raise CalledProcessError(("svnlook", "tree"), code, out, err)
    return [p.lstrip("/") for p in decode(out).split("\n") if p and p != "/"]


def is_binary_mime(mime: str | None) -> bool:
    """Subversion's own rule: only text/* (and two X image formats) is text."""
    if not mime:
        return False
    mime = mime.strip().lower()
    return not (mime.startswith("text/") or mime in ("image/x-xbitmap", "image/x-xpixmap"))


def check_repos(repos: Path) -> Path:
    """The repository path, absolute, or a UserError naming it."""
    path = Path(repos).absolute()
    if not (path / "format").is_file() or not (path / "db").is_dir():
        raise UserError(f"{repos}: not a Subversion repository")
    return path
