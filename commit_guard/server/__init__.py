"""What a server-side hook does: trust, bypass, check and report for the commit it is handed."""

# The hook's time limit when the server config sets none (timeout = -1): a
# commit must not hold the repository's hook forever.  Shared by the check
# (svn.py) and the sandbox's outer guard (sandbox.py).
DEFAULT_TIMEOUT = 300
