"""Configuration loading and validation."""
from __future__ import annotations

from pathlib import Path

import pytest

from commit_guard import config
from commit_guard.compat import tomllib
from commit_guard.errors import UserError
from tests.helpers import cli, write


def load_text(tmp_path: Path, name: str, text: str) -> config.Config:
    write(tmp_path, name, text)
    return config.load(None, tmp_path)


def test_defaults_without_any_file(tmp_path: Path) -> None:
    cfg = config.load(None, tmp_path)
    assert cfg.origin == "defaults"
    assert cfg["php"]["globs"] == ["*.php", "*.phtml", "*.inc"]
    assert cfg["tests"] == []


def test_commit_guard_toml_wins_over_pyproject(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.commit-guard]\njobs = 3\n")
    assert config.load(None, tmp_path)["jobs"] == 3
    write(tmp_path, "commit-guard.toml", "jobs = 5\n")
    assert config.load(None, tmp_path)["jobs"] == 5


@pytest.mark.parametrize("text, needle", [
    ("nosuchkey = 1\n", "unknown key 'nosuchkey'"),
    ("jobs = 'many'\n", "'jobs' must be an integer"),
    ("[php]\nversoin = '8.1'\n", "unknown key 'php.versoin'"),
    ("exclude = ['ok/**', 'bad\\']\n", "'exclude': bad glob"),
    ("include = ['a[b']\n", "bad glob"),
    ("mode = 'newish'\n", "'mode' must be one of"),
    ("[[tests]]\ncommand = ['true']\n", "'tests[0].name' is required"),
    ("jobs = \n", "invalid TOML"),
])
def test_invalid_config_names_key_and_file(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(UserError) as err:
        load_text(tmp_path, "commit-guard.toml", text)
    assert needle in str(err.value)
    assert str(err.value).startswith("commit-guard.toml:")


def test_pyproject_key_named_with_prefix(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"pyproject.toml: unknown key 'tool.commit-guard.bad'"):
        load_text(tmp_path, "pyproject.toml", "[tool.commit-guard]\nbad = 1\n")


def test_explicit_config_missing_file(tmp_path: Path) -> None:
    res = cli(tmp_path, "check", "--all", "--config", "nope.toml")
    assert res.returncode == 2
    assert "nope.toml" in res.stderr and "Traceback" not in res.stderr


def test_config_command_prints_effective_toml(tmp_path: Path) -> None:
    write(tmp_path, "commit-guard.toml", "jobs = 4\n[php]\nversion = '7.4'\n")
    res = cli(tmp_path, "config")
    assert res.returncode == 0
    body = res.stdout.split("\n", 1)[1]
    parsed = tomllib.loads(body)
    assert parsed["jobs"] == 4
    assert parsed["php"]["version"] == "7.4"
    assert parsed["pylint"]["enabled"] is True
