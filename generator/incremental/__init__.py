"""Incremental builds: what the last build read and wrote, and what an edit makes stale."""
