"""`commit-guard cache`: where the result cache is, and clearing it."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from commit_guard import config as config_mod

if TYPE_CHECKING:
    from commit_guard.cache.store import Cache


def _cache(config_file: str | None) -> Cache:
    from commit_guard.cache.store import Cache, default_dir  # pylint: disable=import-outside-toplevel
    from commit_guard.sources import git  # pylint: disable=import-outside-toplevel

    root = git.toplevel(Path.cwd()) or Path.cwd()
    cfg = config_mod.load(config_file, root)
    return Cache(default_dir(cfg))


@click.group("cache")
def cache() -> None:
    """The result cache (findings by content hash, config and tool versions).

    \b
    Examples:
      commit-guard cache info
      commit-guard cache clear
      commit-guard check --no-cache     # one run without it
    """


@cache.command("clear")
@click.option("--config", "config_file", metavar="FILE", help="Configuration file to use.")
def clear(config_file: str | None) -> None:
    """Remove every cached result."""
    store = _cache(config_file)
    removed = store.clear()
    click.echo(f"removed {removed} cache entries from {store.root}")


@cache.command("info")
@click.option("--config", "config_file", metavar="FILE", help="Configuration file to use.")
def info(config_file: str | None) -> None:
    """Print the cache directory, its entries and size."""
    store = _cache(config_file)
    entries, size = store.size()
    click.echo(f"{store.root}: {entries} entries, {size / 1024 / 1024:.1f} MiB")
