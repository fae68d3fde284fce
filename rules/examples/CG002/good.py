"""A module of plain UTF-8 text."""
