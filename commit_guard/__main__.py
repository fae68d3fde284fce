from __future__ import annotations

from commit_guard.cli import main

if __name__ == "__main__":
    main()
