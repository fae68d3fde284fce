"""Installing and removing commit-guard's hooks without losing the ones already there."""
