"""A JSON document behind a header line with its SHA-256: the one format of
everything commit-guard keeps in its cache (result entries, PHP parser tables).

Data only, never pickle: reading a cache file can never run code.  The
digest tells a damaged file (a truncated write, a full disk) from a whole
one; it does not make a file that someone else could write trustworthy,
which is why the cache is only used from a private directory (safedir).
"""
from __future__ import annotations

import json
from typing import Any

from commit_guard.sha import sha256


def seal(fmt: str, doc: Any) -> bytes:
    """``doc`` as compact JSON behind the line "FMT SHA256"."""
    body = json.dumps(doc, separators=(",", ":")).encode()
    return f"{fmt} {sha256(body).hexdigest()}\n".encode() + body


def unseal(raw: bytes, fmt: str) -> Any:
    """The document in ``raw``; None unless its header names ``fmt`` and the
    digest of a body that is whole, valid JSON."""
    header, sep, body = raw.partition(b"\n")
    if not sep or header != f"{fmt} {sha256(body).hexdigest()}".encode():
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None
