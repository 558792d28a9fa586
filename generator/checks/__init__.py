"""The checks only `bulletin check` runs (a build runs the loaders' own checks)."""
