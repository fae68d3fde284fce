"""A pylint rcfile read exactly as pylint reads it, checked, and re-written.

pylint reads INI files (pylintrc, .pylintrc, setup.cfg and tox.ini with
``[pylint.*]`` sections) with ``configparser``, so a ``[DEFAULT]``
section is copied into every other section and ``%(name)s`` is
interpolated; it reads TOML files (pylintrc.toml, pyproject.toml) from
``[tool.pylint.*]``.  Every option found becomes ``--name value`` for its
argument parser.  ``options()`` gives the same (name, value) list,
through the same libraries and the same loops, so what we check is what
pylint would use.  Where pylint would fall back to its defaults without a
word (a bad ``%(x)s``, a syntax error), we stop with one line naming the
file.

A tree we do not trust gets ``rewrite()``: only the options of
``options.TUNING`` survive, each value checked by kind, and a fresh TOML
file is written from them with our own escaping, never the original
text; the rest is dropped and named in the report.  The options that make
pylint do something other than lint are refused in every rcfile, trusted
or not.
"""
from __future__ import annotations

import json
from typing import Any

from commit_guard.checkers.python.options import TUNING, checked, is_action
from commit_guard.errors import UserError

REWRITTEN_NAME = "pylintrc.toml"


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _rich(value: Any) -> str:
    """pylint's own conversion of a TOML value to an option string."""
    if isinstance(value, (list, tuple)):
        return ",".join(_rich(v) for v in value)
    if isinstance(value, dict):
        return ",".join(f"{k}:{v}" for k, v in value.items())
    return str(value)


def _toml_options(text: str, where: str) -> list[tuple[str, str]]:
    from commit_guard.compat import tomllib  # pylint: disable=import-outside-toplevel

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{where}: pylint cannot read this file: {_one_line(exc)}") from exc
    tool = doc.get("tool", {})
    tables = tool.get("pylint", {}) if isinstance(tool, dict) else None
    if not isinstance(tables, dict):
        raise UserError(f"{where}: [tool.pylint] must be a table")
    found: list[tuple[str, str]] = []
    for key, values in tables.items():
        if isinstance(values, dict):
            found += [(name, _rich(value)) for name, value in values.items()]
        else:
            found.append((key, _rich(values)))
    return found


def _ini_options(name: str, text: str, where: str) -> list[tuple[str, str]]:
    import configparser  # pylint: disable=import-outside-toplevel

    parser = configparser.ConfigParser(inline_comment_prefixes=("#", ";"))
    found: list[tuple[str, str]] = []
    try:
        parser.read_string(text)
        sectioned = name in ("setup.cfg", "tox.ini")
        for section in parser.sections():
            if sectioned and not section.startswith("pylint"):
                continue
            # items() is what pylint iterates: DEFAULT's keys included,
            # %(name)s interpolated (an error here is an error in pylint too).
            found += list(parser[section].items())
    except configparser.Error as exc:
        raise UserError(f"{where}: pylint cannot read this file: {_one_line(exc)}") from exc
    return found


def options(name: str, data: bytes, where: str) -> list[tuple[str, str]]:
    """(option, value) in the order pylint would pass them to its parser."""
    try:
        # utf_8_sig as pylint opens INI files (a BOM is dropped); TOML is UTF-8.
        text = data.decode("utf-8" if name.endswith(".toml") else "utf_8_sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{where}: pylint cannot read this file: not UTF-8 "
                        f"(byte {exc.start})") from exc
    if name.endswith(".toml"):
        return _toml_options(text, where)
    return _ini_options(name, text, where)


def refuse_actions(found: list[tuple[str, str]], where: str) -> None:
    for option, _value in found:
        if is_action(option):
            raise UserError(f"{where}: pylint option {shown(option)} makes pylint do "
                            "something other than lint; refused")


def shown(option: str) -> str:
    """An option name as the report prints it: a committed key may hold anything."""
    return option if option.replace("-", "").replace("_", "").isalnum() else repr(option)


def checked_file(name: str, data: bytes, where: str) -> None:
    """Raise a UserError where pylint would not lint with this file as written."""
    refuse_actions(options(name, data, where), where)


def rewrite(name: str, data: bytes, where: str) -> tuple[bytes, list[str]]:
    """(a TOML rcfile holding only the allowed options, the names dropped)."""
    found = options(name, data, where)
    refuse_actions(found, where)
    kept: dict[str, str] = {}
    dropped: list[str] = []
    for option, value in found:
        kind = TUNING.get(option)
        if kind is None:
            if shown(option) not in dropped:
                dropped.append(shown(option))
            continue
        kept.pop(option, None)  # the last one wins, as in pylint; keep its place
        kept[option] = checked(option, kind, value, where)
    return emit(kept), dropped


def emit(kept: dict[str, str]) -> bytes:
    """A TOML rcfile of ``kept`` (names from TUNING, values checked)."""
    lines = ["# Written by commit-guard from the allowed options of the checked tree.",
             "[tool.pylint.main]"]
    for option, value in kept.items():
        if option not in TUNING:
            raise RuntimeError(f"rcfile: {option!r} is not an allowed option")
        # A JSON string is a TOML basic string: quotes, backslashes and control
        # characters escaped; non-ASCII kept as UTF-8 (TOML has no surrogates).
        lines.append(f"{option} = {json.dumps(value, ensure_ascii=False)}")
    out = ("\n".join(lines) + "\n").encode("utf-8")
    # What pylint will read back must be exactly what we kept.
    if dict(_toml_options(out.decode("utf-8"), "rewritten rcfile")) != kept:
        raise RuntimeError("rcfile: the rewritten rcfile does not read back as written")
    return out
