"""Report formatters, chosen by name from an explicit table."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commit_guard.formatting.base import Formatter

FORMATTERS: dict[str, str] = {
    "text": "commit_guard.formatting.text:TextFormatter",
}


def get(name: str, **options: object) -> Formatter:
    module, _, cls = FORMATTERS[name].partition(":")
    return getattr(importlib.import_module(module), cls)(**options)
