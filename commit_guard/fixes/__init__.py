"""`commit-guard fix`: mechanical fixes applied to the staged content and
to the work tree, without a stash.

text.py fixes the text rules (CG101, CG103, CG104/CG105, CG108) in bytes;
linters.py runs a linter's fix_command on a private copy; apply.py plans
each file's new content and writes it to the index and the work tree.
"""
