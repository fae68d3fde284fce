"""The mechanical text fixes, on bytes (undecodable bytes are kept as they are).

Only the rules the style check reports for a file are fixed, so rules
switched off, suppressed or set per file type are respected.
"""
from __future__ import annotations

from typing import Collection

BOM = b"\xef\xbb\xbf"
FIXABLE = {"CG101": "trailing whitespace", "CG103": "final newline",
           "CG104": "line endings", "CG105": "line endings", "CG108": "byte-order mark"}


def fix(data: bytes, codes: Collection[str], policy: str) -> bytes:
    """``data`` with the rules in ``codes`` fixed; ``policy`` is the file's
    line-ending setting (lf, crlf, consistent)."""
    if "CG108" in codes and data.startswith(BOM):
        data = data[len(BOM):]
    pieces = data.split(b"\n")
    last = pieces.pop()  # b"" when the file ends in a newline
    crlf = sum(1 for p in pieces if p.endswith(b"\r"))
    ending: bytes | None = None
    if "CG104" in codes:
        ending = b"\r\n" if policy == "crlf" else b"\n"
    elif "CG105" in codes:
        # The ending most lines have; LF on a tie.
        ending = b"\r\n" if crlf > len(pieces) - crlf else b"\n"
    out = []
    for piece in pieces:
        body, own = (piece[:-1], b"\r\n") if piece.endswith(b"\r") else (piece, b"\n")
        if "CG101" in codes:
            body = body.rstrip(b" \t")
        out.append(body + (ending or own))
    if last:
        if "CG101" in codes:
            last = last.rstrip(b" \t")
        out.append(last)
        if "CG103" in codes:
            default = b"\r\n" if crlf > len(pieces) - crlf or policy == "crlf" else b"\n"
            out.append(ending or default)
    return b"".join(out)
