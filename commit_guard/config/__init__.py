"""Configuration: discovery, validation against a schema, and defaults.

The schema is data (config_schema.SCHEMA) so that `commit-guard config`
can print every effective value and the README can list them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from commit_guard import globs
from commit_guard.config.schema import SCHEMA, Field, ListOf
from commit_guard.errors import UserError

CONFIG_NAME = "commit-guard.toml"
PYPROJECT = "pyproject.toml"


class Config:
    """Validated settings with every default filled in."""

    def __init__(self, data: dict[str, Any], origin: str) -> None:
        self.data = data
        self.origin = origin  # file the values came from, or "defaults"

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, dotted: str) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            node = node[part]
        return node

    def to_toml(self) -> str:
        return _dump_toml(self.data)


def load(explicit: str | None, root: Path, reader: Any = None,
         overlay: Mapping[str, Any] | None = None) -> Config:
    """Find and validate the config for ``root``.

    ``reader(path) -> bytes | None`` reads repository files in the state
    being checked (the index, a transaction); by default the disk.
    """
    if explicit:
        path = Path(explicit)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise UserError(f"{explicit}: cannot read config: {exc.strerror}") from exc
        table, prefix = _table_of(raw, explicit)
        return from_table(table, explicit, prefix, overlay)
    read = reader or (lambda rel: _read_disk(root / rel))
    raw = read(CONFIG_NAME)
    if raw is not None:
        table, prefix = _table_of(raw, CONFIG_NAME)
        return from_table(table, CONFIG_NAME, prefix, overlay)
    raw = read(PYPROJECT)
    if raw is not None:
        doc = _parse(raw, PYPROJECT)
        table = doc.get("tool", {}).get("commit-guard")
        if table is not None:
            return from_table(table, PYPROJECT, "tool.commit-guard.", overlay)
    return from_table({}, "defaults", "", overlay)


def _read_disk(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _parse(raw: bytes, name: str) -> dict[str, Any]:
    # Imported when there is a file to read: a repository without one does
    # not pay for tomllib on every commit.
    from commit_guard.compat import tomllib  # pylint: disable=import-outside-toplevel

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{name}: invalid TOML: {exc}") from exc


def _table_of(raw: bytes, name: str) -> tuple[dict[str, Any], str]:
    doc = _parse(raw, name)
    if name.endswith(PYPROJECT):
        return doc.get("tool", {}).get("commit-guard", {}), "tool.commit-guard."
    # A standalone file may also wrap its settings in [tool.commit-guard].
    if set(doc) == {"tool"} and "commit-guard" in doc["tool"]:
        return doc["tool"]["commit-guard"], "tool.commit-guard."
    return doc, ""


def from_table(table: Mapping[str, Any], origin: str, prefix: str = "",
               overlay: Mapping[str, Any] | None = None) -> Config:
    data = _validate(table, SCHEMA, origin, prefix)
    if overlay:
        data = _merge(data, _validate(overlay, SCHEMA, "overlay", "", fill=False))
    return Config(data, origin)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _validate(table: Mapping[str, Any], schema: Mapping[str, Any], origin: str, prefix: str,
              fill: bool = True) -> dict[str, Any]:
    if not isinstance(table, Mapping):
        raise UserError(f"{origin}: '{prefix.rstrip('.') or 'config'}' must be a table")
    for key in table:
        if key not in schema:
            raise UserError(f"{origin}: unknown key '{prefix}{key}'")
    out: dict[str, Any] = {}
    for key, spec in schema.items():
        name = prefix + key
        if isinstance(spec, dict):
            if key in table or fill:
                out[key] = _validate(table.get(key, {}), spec, origin, name + ".", fill)
        elif isinstance(spec, ListOf):
            if key in table:
                out[key] = _validate_list(table[key], spec, origin, name)
            elif fill:
                out[key] = []
        elif key in table:
            out[key] = _check_value(table[key], spec, origin, name)
            if spec.check is not None:
                out[key] = spec.check(out[key], origin, name)
        elif fill:
            out[key] = spec.default
    return out


def _validate_list(items: Any, spec: ListOf, origin: str, name: str) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        raise UserError(f"{origin}: '{name}' must be an array of tables")
    out = [_validate(item, spec.item, origin, f"{name}[{i}].") for i, item in enumerate(items)]
    for i, item in enumerate(out):
        for req in spec.required:
            if not item.get(req):
                raise UserError(f"{origin}: '{name}[{i}].{req}' is required")
    return out


_TYPES = {"str": str, "int": int, "bool": bool, "float": (int, float)}


def _check_value(value: Any, spec: Field, origin: str, name: str) -> Any:
    kind = spec.kind
    if kind in _TYPES:
        return _check_scalar(value, spec, origin, name)
    if kind in ("strlist", "globs"):
        return _check_strlist(value, spec, origin, name)
    if kind == "table":
        if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
            raise UserError(f"{origin}: '{name}' must be a table of strings")
        return dict(value)
    if kind == "any-table":
        if not isinstance(value, Mapping):
            raise UserError(f"{origin}: '{name}' must be a table")
        return dict(value)
    raise AssertionError(f"schema kind {kind}")


def _check_scalar(value: Any, spec: Field, origin: str, name: str) -> Any:
    kind = spec.kind
    # bool is an int in Python, but `jobs = true` is a mistake in TOML.
    ok = isinstance(value, _TYPES[kind]) and not (kind in ("int", "float")
                                                  and isinstance(value, bool))
    if not ok:
        raise UserError(f"{origin}: '{name}' must be {_article(kind)}, got {_tname(value)}")
    if spec.minimum is not None and value < spec.minimum:
        raise UserError(f"{origin}: '{name}' must be at least {spec.minimum}")
    if spec.choices and value not in spec.choices:
        raise UserError(f"{origin}: '{name}' must be one of "
                        f"{', '.join(map(str, spec.choices))}, got {value!r}")
    return value


def _check_strlist(value: Any, spec: Field, origin: str, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UserError(f"{origin}: '{name}' must be a list of strings")
    if spec.kind == "globs":
        for pattern in value:
            try:
                globs.validate(pattern)
            except globs.GlobError as exc:
                raise UserError(f"{origin}: '{name}': {exc}") from exc
    for v in value:
        if spec.choices and v not in spec.choices:
            raise UserError(f"{origin}: '{name}': unknown value {v!r}"
                            f" (one of {', '.join(spec.choices)})")
    return list(value)


def _article(kind: str) -> str:
    return {"str": "a string", "int": "an integer", "bool": "true or false",
            "float": "a number"}[kind]


def _tname(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "an array", dict: "a table"}.get(type(value), type(value).__name__)


def _dump_toml(data: Mapping[str, Any], prefix: str = "") -> str:
    scalars, tables, arrays = [], [], []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append((key, value))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            arrays.append((key, value))
        else:
            scalars.append(f"{_key(key)} = {_value(value)}")
    out = "\n".join(scalars)
    for key, value in tables:
        name = prefix + _key(key)
        out += f"\n\n[{name}]\n" + _dump_toml(value, name + ".")
    for key, items in arrays:
        name = prefix + _key(key)
        for item in items:
            out += f"\n\n[[{name}]]\n" + _dump_toml(item, name + ".")
    return out.strip("\n") + "\n" if not prefix else out.strip("\n")


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else f'"{key}"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    return repr(value)


def reference_markdown() -> str:
    """The configuration reference table, generated from the schema."""
    rows = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]

    def walk(schema: Mapping[str, Any], prefix: str) -> None:
        for key, spec in schema.items():
            name = prefix + key
            if isinstance(spec, dict):
                walk(spec, name + ".")
            elif isinstance(spec, ListOf):
                rows.append(f"| `[[{name}]]` | array of tables | `[]` | {spec.doc} |")
                walk(spec.item, f"{name}[].")
            else:
                default = _value(spec.default).replace("|", "\\|")
                doc = spec.doc.replace("|", "\\|")
                rows.append(f"| `{name}` | {spec.kind} | `{default}` | {doc} |")

    walk(SCHEMA, "")
    return "\n".join(rows) + "\n"
