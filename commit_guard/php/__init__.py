"""PHP parsing: phply's ply machinery extended to the PHP of 5.3 to 8.5.

The public interface is deliberately small:

    check_source(data, target=None, path="") -> list[PhpProblem]

An empty list means the file is valid for the target version.  ply and
the grammar are imported only when a file is checked, so importing this
package stays cheap.
"""
from __future__ import annotations

from commit_guard.php.problems import CODES, PhpProblem, problem
from commit_guard.php.versions import NEWEST, SUPPORTED_VERSIONS, parse_version

__all__ = ["PhpProblem", "check_source", "SUPPORTED_VERSIONS", "parse_version", "CODES",
           "problem"]


def check_source(data: bytes, target: tuple[int, int] | None = None,
                 path: str = "") -> list[PhpProblem]:
    """Check PHP source bytes for ``target`` (default: the newest supported)."""
    from commit_guard.php.check import check  # pylint: disable=import-outside-toplevel

    return check(data, target or NEWEST, path)
