"""The per-file result cache: store.py keeps entries, run.py runs a checker through it."""
