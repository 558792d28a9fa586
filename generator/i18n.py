"""Translating what editors and clerks read: every user-facing message goes through `_()`.

For now `_()` returns the message as written; issue 20 binds it to gettext catalogues
(Chinese first, English kept), so messages must be whole sentences with named
placeholders (`_("wrote {count} files").format(count=n)`), never pieced together.
"""

from __future__ import annotations


def _(message: str) -> str:
    """`message` in the reader's language."""
    return message
