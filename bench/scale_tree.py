"""The repository the server-hook benchmarks (svn_scale.py, git_server.py) push into:
F small Python modules in packages of 100, and K of them changed per round."""
from __future__ import annotations

import argparse
from pathlib import Path

MODULE = '"""Module {n}."""\n\n\ndef value():\n    """The value."""\n    return {v}\n'
# A server config under which the hook runs every step but no checker.
SKIP_ALL = 'skip = ["pylint", "php-syntax", "style", "tests"]\n'


def write_modules(tree: Path, files: int) -> None:
    for i in range(files):
        pkg = tree / f"pkg{i // 100}"
        pkg.mkdir(parents=True, exist_ok=True)
        (pkg / f"mod{i}.py").write_text(MODULE.format(n=i, v=0), encoding="utf-8")
        (pkg / "__init__.py").write_text('"""Package."""\n', encoding="utf-8")


def edit_modules(tree: Path, files: int, changed: int, value: int) -> None:
    """Change ``changed`` modules, spread over the packages."""
    for k in range(changed):
        i = k * 997 % files
        path = tree / f"pkg{i // 100}" / f"mod{i}.py"
        path.write_text(MODULE.format(n=i, v=value), encoding="utf-8")


class ScaleBench:
    """A benchmark's rounds: the work tree ``root/wc`` of F modules, K of
    them changed each round (``edit``)."""

    def __init__(self, root: Path, files: int, changed: int) -> None:
        self.root = root
        self.wc = root / "wc"
        self.files = files
        self.changed = changed
        self.round = 0

    def edit(self) -> None:
        self.round += 1
        edit_modules(self.wc, self.files, self.changed, self.round)


def arguments(doc: str) -> argparse.Namespace:
    """--repeat N, --files F, --changed K."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--changed", type=int, default=5)
    return parser.parse_args()
