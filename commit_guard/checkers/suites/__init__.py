"""The unit-test suites checker: which suites run (select.py), running them (run.py)
and reading their failures (junit.py)."""
