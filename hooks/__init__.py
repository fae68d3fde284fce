"""Hook templates, installed with the package as commit_guard.hooks."""
