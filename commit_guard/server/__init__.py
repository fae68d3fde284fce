"""What a server-side hook does: trust, bypass, check and report for the commit it is handed."""
from __future__ import annotations

import time
from pathlib import Path

from commit_guard.errors import UserError

# The hook's time limit when the server config sets none (timeout = -1): a
# commit must not hold the repository's hook forever.  Shared by the check
# (svn.py) and the sandbox's outer guard (sandbox.py).
DEFAULT_TIMEOUT = 300


def append_log(name: str, key: str, repo: Path, fields: list[str]) -> Path:
    """Append one tab-separated line (time first) to the bypass log ``name``
    (relative: to the repository); return its path.  UserError when it
    cannot be written: an unrecorded bypass is refused, so the log stays
    complete."""
    path = Path(name)
    if not path.is_absolute():
        path = repo / path
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    line = "\t".join([stamp, *(f.replace("\t", " ").replace("\n", " ") for f in fields)]) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: concurrent hooks' lines never interleave.
        with open(path, "a", encoding="utf-8", errors="replace") as fh:
            fh.write(line)
    except OSError as exc:
        raise UserError(f"{key} {path}: cannot write ({exc.strerror}); bypass refused") from exc
    return path
