"""Read a linter's output: SARIF, checkstyle XML, JSON (ruff's, PHPStan's,
mypy's shapes, or a list of flat objects) and line-by-line regex.

Each parser returns ``Raw`` records with the path as the tool wrote it;
the run maps paths back to repository paths.  Output that is not in the
configured format raises ``Unreadable``: a linter whose output cannot be
read must never look like a pass.
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable, Iterable, NamedTuple


class Unreadable(Exception):
    """The output is not in the configured format."""


class Raw(NamedTuple):
    path: str
    line: int
    column: int
    code: str
    message: str
    severity: str  # "error", "warning", or "" for the linter's default


def parse(fmt: str, stdout: bytes, stderr: bytes, pattern: str = "") -> list[Raw]:
    text = stdout.decode("utf-8", "replace")
    if fmt == "regex":
        lines = (text + "\n" + stderr.decode("utf-8", "replace")).splitlines()
        return from_regex(re.compile(pattern), lines)
    if fmt == "json":
        return from_json(text)
    if not text.strip():
        raise Unreadable("no output")
    return PARSERS[fmt](text)


def _severity(level: Any) -> str:
    level = str(level or "").lower()
    if level in ("error", "fatal", "e", "err"):
        return "error"
    if level in ("warning", "warn", "w", "note", "info", "information", "none", "hint"):
        return "warning"
    return ""


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def from_sarif(text: str) -> list[Raw]:
    try:
        doc = json.loads(text)
        runs = doc["runs"]
    except (ValueError, KeyError, TypeError) as exc:
        raise Unreadable(f"not SARIF: {exc}") from exc
    out = []
    for run in runs:
        for res in run.get("results") or []:
            message = (res.get("message") or {}).get("text", "")
            locs = res.get("locations") or [{}]
            phys = locs[0].get("physicalLocation") or {}
            region = phys.get("region") or {}
            out.append(Raw((phys.get("artifactLocation") or {}).get("uri", ""),
                           _int(region.get("startLine")), _int(region.get("startColumn")),
                           str(res.get("ruleId") or ""), message, _severity(res.get("level"))))
    return out


def from_checkstyle(text: str) -> list[Raw]:
    # The linter's own report on the committed content; no entities, no DTD needed.
    import xml.etree.ElementTree as ET  # pylint: disable=import-outside-toplevel

    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise Unreadable("checkstyle XML with a DOCTYPE is not read")
    try:
        root = ET.fromstring(text.strip().encode("utf-8"))
    except ET.ParseError as exc:
        raise Unreadable(f"not checkstyle XML: {exc}") from exc
    if root.tag != "checkstyle":
        raise Unreadable(f"not checkstyle XML: root element <{root.tag}>")
    out = []
    for file in root.iter("file"):
        for err in file.iter("error"):
            out.append(Raw(file.get("name", ""), _int(err.get("line")), _int(err.get("column")),
                           err.get("source", ""), err.get("message", ""),
                           _severity(err.get("severity"))))
    return out


def from_json(text: str) -> list[Raw]:
    """ruff (a list), PHPStan ({"files": {path: {"messages": [...]}}}), mypy
    -O json (one object a line) or any list of flat objects."""
    if not text.strip():
        return []
    try:
        doc = json.loads(text)
    except ValueError:
        try:
            doc = [json.loads(line) for line in text.splitlines() if line.strip()]
        except ValueError as exc:
            raise Unreadable(f"not JSON: {exc}") from exc
    if isinstance(doc, dict) and isinstance(doc.get("files"), (dict, list)):
        return _phpstan(doc)
    if isinstance(doc, list) and all(isinstance(item, dict) for item in doc):
        return [_flat(item) for item in doc]
    raise Unreadable("JSON of an unknown shape (see docs/linters.md)")


def _phpstan(doc: dict[str, Any]) -> list[Raw]:
    files = doc["files"]
    out = []
    for path, entry in (files.items() if isinstance(files, dict) else []):
        for msg in (entry or {}).get("messages") or []:
            out.append(Raw(path, _int(msg.get("line")), 0, str(msg.get("identifier") or ""),
                           str(msg.get("message", "")), ""))
    # Errors that are about no file (a bad configuration) mean it did not run.
    general = doc.get("errors") or []
    if general:
        raise Unreadable(f"the linter reports: {str(general[0])[:200]}")
    return out


def _first(item: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if item.get(key) not in (None, ""):
            return item[key]
    return None


def _flat(item: dict[str, Any]) -> Raw:
    location = item.get("location") if isinstance(item.get("location"), dict) else {}
    path = _first(item, "filename", "file", "path")
    if path is None:
        raise Unreadable(f"a JSON finding without a file name: {str(item)[:120]}")
    return Raw(str(path), _int(_first(item, "line", "row") or location.get("row")),
               _int(_first(item, "column", "col") or location.get("column")),
               str(_first(item, "code", "rule", "ruleId", "identifier") or ""),
               str(_first(item, "message", "text") or ""), _severity(item.get("severity")))


def from_regex(pattern: re.Pattern[str], lines: Iterable[str]) -> list[Raw]:
    out = []
    for line in lines:
        match = pattern.search(line)
        if not match:
            continue
        groups = match.groupdict()
        out.append(Raw(groups.get("path") or "", _int(groups.get("line")),
                       _int(groups.get("col")), groups.get("code") or "",
                       (groups.get("message") or line).strip(),
                       _severity(groups.get("severity"))))
    return out


PARSERS: dict[str, Callable[[str], list[Raw]]] = {
    "sarif": from_sarif, "checkstyle": from_checkstyle, "json": from_json}
