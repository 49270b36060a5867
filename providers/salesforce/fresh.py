"""Extensions this provider process created from nothing in this run.

Such an extension has no activity types and no assignments yet, so creating those under it needs
no look-up by natural key first: one Tooling query saved per child (30 of them for an extension
with 30 types). The POST itself still enforces uniqueness, and a conflict falls back to the
look-up, so the shortcut can never create a duplicate.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_fresh: set[str] = set()


def _key(extension_id: str) -> str:
    return extension_id[:15]  # 15- and 18-character forms of one id are the same record


def mark_fresh(extension_id: str) -> None:
    with _lock:
        _fresh.add(_key(extension_id))


def is_fresh(extension_id: str) -> bool:
    with _lock:
        return _key(extension_id) in _fresh
