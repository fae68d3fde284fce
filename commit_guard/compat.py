"""Standard-library modules that differ between the Python versions we support.

A module of its own so that anything may read TOML (the rule catalog, the
style tables, the configuration) without importing the configuration.
"""
from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["tomllib"]
