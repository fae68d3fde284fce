"""The option allowlist and the rcfile rewriter, against the installed pylint."""
from __future__ import annotations

import pytest

from commit_guard.checkers.python import options, rcfile
from commit_guard.compat import tomllib
from commit_guard.errors import UserError


def pylint_options() -> dict[str, dict]:
    from pylint.lint import PyLinter  # pylint: disable=import-outside-toplevel
    from pylint.lint.base_options import _make_run_options  # pylint: disable=import-outside-toplevel

    linter = PyLinter()
    linter.load_default_plugins()
    found = {name: opt for checker in linter.get_checkers()
             for name, opt in getattr(checker, "options", ())}
    found.update(dict(_make_run_options(None)))  # type: ignore[arg-type]
    return found


KIND_TYPES = {"int": {"int"}, "yn": {"yn"}, "regex": {"regexp", "string"},
              "regex-csv": {"regexp_csv", "string"}, "csv": {"csv", "string"},
              "msgs": {None}, "confidence": {"confidence"}, "naming-style": {"choice"},
              "logging-style": {"choice"}, "line-ending": {"choice"},
              "indent": {"non_empty_string"}, "version": {"py_version"}}


def test_every_allowed_option_is_pylint_option_of_that_kind() -> None:
    known = pylint_options()
    for name, kind in options.TUNING.items():
        assert name in known, name
        assert known[name].get("type") in KIND_TYPES[kind], (name, known[name].get("type"))
    for name in [*options.TRUSTED_ARGS, *options.ACTIONS - {"help", "version"}]:
        assert name in known, name


def test_every_pylint_action_option_is_refused() -> None:
    callback = [name for name, opt in pylint_options().items()
                if "Action" in str(opt.get("action", "")) and "DoNothing" not in
                str(opt.get("action")) and name not in ("enable", "disable", "output-format",
                                                        "errors-only")]
    assert callback and all(options.is_action(name) for name in callback), callback


def test_ini_default_section_and_interpolation_read_as_pylint_does() -> None:
    data = b"[DEFAULT]\ninit-hook = x\nlimit = 80\n[MAIN]\nmax-line-length = %(limit)s\n"
    found = rcfile.options("pylintrc", data, "pylintrc")
    assert ("init-hook", "x") in found and ("max-line-length", "80") in found
    out, dropped = rcfile.rewrite("pylintrc", data, "pylintrc")
    assert dropped == ["init-hook", "limit"]
    assert tomllib.loads(out.decode())["tool"]["pylint"]["main"] == {"max-line-length": "80"}


def test_setup_cfg_reads_only_pylint_sections() -> None:
    data = b"[metadata]\ninit-hook = x\n[pylint.main]\ndisable = C0114\n"
    assert rcfile.options("setup.cfg", data, "setup.cfg") == [("disable", "C0114")]
    assert ("init-hook", "x") in rcfile.options("pylintrc", data, "pylintrc")


def test_toml_key_with_quote_and_newline_is_dropped_and_shown_escaped() -> None:
    data = b'[tool.pylint.main]\n"a\\" = 1\\ninit-hook = \\"x\\"\\n\\"b" = "c"\n'
    out, dropped = rcfile.rewrite("pylintrc.toml", data, "pylintrc.toml")
    assert dropped == [repr('a" = 1\ninit-hook = "x"\n"b')]
    assert b"init-hook" not in out


@pytest.mark.parametrize("value", ['a"b\\c', "caf\u00e9", "x\ty"])
def test_rewritten_values_read_back_exactly(value: str) -> None:
    kept = {"good-names": value.replace("\t", " "), "notes-rgx": "[\\\"']+"}
    assert dict(rcfile._toml_options(rcfile.emit(kept).decode(), "t")) == kept  # pylint: disable=protected-access


@pytest.mark.parametrize("option,value,says", [
    ("max-args", "5; import os", "is not an integer"),
    ("const-rgx", "(", "bad regular expression"),
    ("good-names", "a\x00b", "control character"),
    ("const-naming-style", "shouting", "is not one of"),
    ("indent-string", "xx", "is not spaces or a tab"),
    ("disable", "C0114,\x1b[31m", "is not a message"),
])
def test_values_are_checked_by_kind(option: str, value: str, says: str) -> None:
    data = f"[MAIN]\n{option} = {value}\n".encode()
    with pytest.raises(UserError, match=says):
        rcfile.rewrite("pylintrc", data, "pylintrc")


def test_args_forms() -> None:
    assert options.check_args(["-d", "C0114", "-eW0611", "--max-args", "7", "-E",
                               "--load-plugins=pylint.extensions.mccabe"], "cfg") == [
        "--disable=C0114", "--enable=W0611", "--max-args=7", "--errors-only",
        "--load-plugins=pylint.extensions.mccabe"]
    for bad in (["file.py"], ["-j", "2"], ["--rcfile=x"], ["--errors-only=y"], ["-h"]):
        with pytest.raises(UserError):
            options.check_args(bad, "cfg")
