"""Linters the team already uses (ruff, mypy, phpcs, PHPStan, ...), one
checker per ``[[linters]]`` entry.

checker.py is the checker (names, routing, cache salt), run.py runs a
linter on the committed content, formats.py reads its output.
"""
