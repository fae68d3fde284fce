"""The cache store itself: round trip, distrust of damaged entries, eviction."""
from __future__ import annotations

import os
import time
from pathlib import Path

from commit_guard.cache.store import Cache, cache_key
from commit_guard.finding import Finding

F1 = Finding("pylint", "W0613", "unused-argument", "a.py", 3, 5, "Unused argument 'x'", "error")
F2 = Finding("style", "CG101", "trailing-whitespace", "a.py", 1, 0, "trailing", "warning")


def test_round_trip_with_dependencies(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    key = cache_key("findings", "salt", "a.py", "blob1")
    assert store.get(key) is None
    store.put(key, [F1, F2], {"b.py": "id", "c?": ""})
    assert store.get(key) == [F1, F2]
    entry = store.get_entry(key)
    assert entry is not None and entry.deps == {"b.py": "id", "c?": ""}
    store.put(key, [])
    assert store.get(key) == []


def test_keys_separate_their_parts() -> None:
    assert cache_key("ab", "c") != cache_key("a", "bc")
    assert cache_key({"x": 1, "y": 2}) == cache_key({"y": 2, "x": 1})


def _only_file(root: Path) -> Path:
    files = [p for p in root.rglob("*") if p.is_file()]
    assert len(files) == 1
    return files[0]


def test_damaged_entries_are_misses_never_errors(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    key = cache_key("k")
    store.put(key, [F1])
    path = _only_file(tmp_path)
    good = path.read_bytes()
    header, body = good.split(b"\n", 1)
    damaged = [
        b"", good[:10], good[:-3], b"\xff\xfe" * 50,
        header + b"\n" + body.replace(b"W0613", b"W0614"),  # body no longer matches its digest
        header.replace(b"cache 1", b"cache 9") + b"\n" + body,  # another format
    ]
    for data in damaged:
        path.write_bytes(data)
        assert store.get(key) is None, data[:40]
    path.write_bytes(good)
    assert store.get(key) == [F1]


def test_entry_stored_under_another_key_is_not_trusted(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    store.put(cache_key("a"), [F1])
    src = _only_file(tmp_path)
    other = cache_key("b")
    dest = tmp_path / "v1" / other[:2] / other[2:]
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(src.read_bytes())
    assert store.get(other) is None


def test_wrongly_typed_findings_are_rejected(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    key = cache_key("typed")
    store.put(key, [F1._replace(line="3")])  # type: ignore[arg-type]
    assert store.get(key) is None
    store.put(key, [F1._replace(severity="fatal")])
    assert store.get(key) is None


def test_trim_evicts_least_recently_used(tmp_path: Path) -> None:
    store = Cache(tmp_path, max_bytes=10_000)
    keys = [cache_key(i) for i in range(40)]
    for i, key in enumerate(keys):
        store.put(key, [F1._replace(message="x" * 400)])
        path = tmp_path / "v1" / key[:2] / key[2:]
        os.utime(path, (time.time() - 1000 + i, time.time() - 1000 + i))
    assert store.get(keys[0]) is not None  # used now: the newest
    store.trim()
    _count, size = store.size()
    assert size <= 10_000
    assert store.get(keys[0]) is not None
    assert store.get(keys[1]) is None and store.get(keys[-1]) is not None


def test_unwritable_cache_is_a_no_op(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    store = Cache(blocker / "cache")
    store.put(cache_key("x"), [F1])
    assert store.get(cache_key("x")) is None
    assert store.clear() == 0


def test_clear_removes_everything(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    for i in range(5):
        store.put(cache_key(i), [F1])
    assert store.size()[0] == 5
    assert store.clear() == 5
    assert store.size() == (0, 0)
