"""The style rules: text rules for every file, PHP rules on the PHP scanner's tokens.

checker.py is the checker; text.py and php.py hold the rules, php_tags.py
the PHP tags and comments, suppress.py inline suppressions, parallel.py the
worker processes for big changes.
"""
