"""commit-guard: a commit gate for Python and PHP code under git and Subversion."""
from __future__ import annotations

__version__ = "0.1.0"
