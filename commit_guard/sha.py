"""SHA-256 for the short inputs every run hashes, without loading OpenSSL.

Importing hashlib loads its OpenSSL binding (_hashlib): 5% of a warm
1-file re-check's instructions (bench/speed_targets.py).  Cache keys,
seals and the environment fingerprint hash a few kilobytes, where
CPython's own implementation (the one hashlib falls back to) costs
nothing to load and is as fast.  Bulk content still goes through hashlib.
"""
from __future__ import annotations

try:
    from _sha2 import sha256  # CPython 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256  # CPython 3.11 and earlier
    except ImportError:  # another interpreter
        from hashlib import sha256

__all__ = ["sha256"]
