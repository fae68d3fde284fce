"""Legacy code: block only what a change introduces.

filter.py applies mode = "new" and the baseline to a finished run; it may
run the checkers again on the old content (oldtree.py).  matching.py pairs
findings by rule and source line; baseline.py reads and writes the file.
The runner never calls into this package: the commands call
``only_introduced`` on the runner's result.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from commit_guard.config import Config
    from commit_guard.runner import RunResult
    from commit_guard.sources.changeset import Source


def only_introduced(result: RunResult, source: Source, config: Config, jobs: int,
                    skip: Sequence[str] = (), cache: object = None) -> RunResult:
    """mode = "new" and the baseline: only what the change introduces blocks.

    Without either, nothing is imported: a plain check never pays for this.
    """
    if config["mode"] == "new" or config["baseline"]:
        from commit_guard.legacy import filter as legacy_filter  # pylint: disable=import-outside-toplevel
        legacy_filter.apply(result, source, config, jobs, skip, cache)
    return result
