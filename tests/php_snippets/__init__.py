"""The PHP feature matrix: one TOML file per feature, hand-written.

Each file holds ``feature``, ``version`` (the PHP version that introduced
it), ``mentions`` (a word our version finding must contain), ``valid`` (a
snippet valid at ``version``), optional ``also_valid`` and ``[[broken]]``
variants (``code``, the ``line`` PHP names and, for an unclosed brace,
``brace_line``: the issue counts both lines as agreeing).  ``kind``:

- ``feature`` (default): invalid one version earlier;
- ``baseline``: part of PHP since the oldest supported version;
- ``removed``: ``valid`` is valid before ``removed`` and an error from it on,
  at ``line``;
- ``compile``: the broken variants are compile-time errors of ``php -l``.

``earlier = "reject"`` relaxes ``feature``: one version earlier the snippet
must be rejected, with or without a version finding.
``gap = "why"`` (on a feature: one version earlier; on a broken variant: the
variant) marks a case the checker documents as not covered (README "Not
covered") or reported to the parser's authors; tests expect it to fail,
strictly, so fixing it shows up.  ``gap_until = "X.Y"`` limits the gap to
targets below X.Y.
``differential = false`` marks a snippet php -l must not judge (said why).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).parent

# Every PHP minor version the checker knows, oldest first.
VERSIONS = ("5.3", "5.4", "5.5", "5.6", "7.0", "7.1", "7.2", "7.3", "7.4",
            "8.0", "8.1", "8.2", "8.3", "8.4", "8.5")
NEWEST = VERSIONS[-1]


class Snippet(NamedTuple):
    """One program of the matrix, with what PHP makes of it."""

    ident: str  # stable test id: file stem, "valid"/"broken-N"
    feature: str
    kind: str
    version: str  # the oldest version at which the feature exists
    valid: bool  # whether PHP at the newest target accepts it
    code: bytes
    lines: tuple[int, ...]  # lines that agree with PHP for a reject; () when not recorded
    differential: bool
    gap: str  # why the checker is known to get this one wrong ("" = it must not)
    gap_until: str  # the gap exists only for targets below this version ("" = all)


class Feature(NamedTuple):
    name: str
    stem: str
    kind: str
    version: str
    removed: str
    mentions: str
    line: int
    differential: bool
    earlier: str  # "version" (a version finding) or "reject" (any problem)
    gap: str  # the version finding one version earlier is a documented gap
    valid: tuple[bytes, ...]
    broken: tuple[tuple[bytes, tuple[int, ...], str, str], ...]


def vtuple(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


def previous(version: str) -> str | None:
    """The version just before ``version``, None for the oldest."""
    index = VERSIONS.index(version)
    return VERSIONS[index - 1] if index else None


def _feature(path: Path) -> Feature:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    valid = [data["valid"], *data.get("also_valid", [])]
    broken = tuple((b["code"].encode(), _lines(b), b.get("gap", ""), b.get("gap_until", ""))
                   for b in data.get("broken", []))
    kind = data.get("kind", "feature")
    if kind not in ("feature", "baseline", "removed", "compile"):
        raise ValueError(f"{path.name}: unknown kind {kind!r}")
    version = data["version"]
    if version not in VERSIONS or data.get("removed", version) not in VERSIONS:
        raise ValueError(f"{path.name}: unknown PHP version")
    return Feature(
        name=data["feature"], stem=path.stem, kind=kind, version=version,
        removed=data.get("removed", ""), mentions=data["mentions"],
        line=int(data.get("line", 0)), differential=bool(data.get("differential", True)),
        earlier=data.get("earlier", "version"), gap=data.get("gap", ""),
        valid=tuple(v.encode() for v in valid), broken=broken,
    )


def _lines(entry: dict[str, object]) -> tuple[int, ...]:
    return tuple(int(entry[key]) for key in ("line", "brace_line") if key in entry)  # type: ignore[call-overload]


def gap_at(snip: Snippet, target: str) -> str:
    """The snippet's known gap at ``target``, "" when there is none."""
    if snip.gap and (not snip.gap_until or vtuple(target) < vtuple(snip.gap_until)):
        return snip.gap
    return ""


def features() -> list[Feature]:
    return [_feature(p) for p in sorted(HERE.glob("*.toml"))]


def snippets() -> list[Snippet]:
    """Every program of the matrix, valid and broken, flattened."""
    result = []
    for feat in features():
        for index, code in enumerate(feat.valid):
            ident = f"{feat.stem}/valid" + (f"-{index}" if index else "")
            removed = feat.kind == "removed"
            result.append(Snippet(ident, feat.name, feat.kind, feat.version, not removed,
                                  code, (feat.line,) if removed else (), feat.differential,
                                  "", ""))
        for index, (code, lines, gap, until) in enumerate(feat.broken, 1):
            result.append(Snippet(f"{feat.stem}/broken-{index}", feat.name, feat.kind,
                                  feat.version, False, code, lines, feat.differential,
                                  gap, until))
    return result
