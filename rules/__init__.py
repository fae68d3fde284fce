"""The shipped rule sets: the house pylintrc, PHP style settings and rule docs."""
