"""The pylint checker: the in-process run, and the first-party import closure it needs."""
