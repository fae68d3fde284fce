"""Where a change comes from, with the version-control access it needs.

Every source yields ``ChangedFile`` records (changeset.py) through the small
``Source`` protocol: the git index (staged.py), files on disk (disk.py), a
Subversion transaction or revision (svn.py).  git.py and svnlook.py are the
only modules that talk to git and svnlook.
"""
