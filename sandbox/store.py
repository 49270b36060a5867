"""SQLite storage for the sandbox: one table of JSON documents, grouped by kind.

Why JSON documents: each vendor object is a loose record whose shape the vendor modules own, and
the control surface dumps them as they are. Why one lock: the sandbox is a test double whose
operations are tiny; a single writer keeps every vendor rule (uniqueness, limits) race-free.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

Document = dict[str, Any]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Store:
    """Kinds are namespaced by vendor, e.g. ``salesforce/MarketingAppExtension``."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(
            str(path) if path else ":memory:", check_same_thread=False, isolation_level=None
        )
        self._db.execute("PRAGMA journal_mode=WAL" if path else "PRAGMA journal_mode=MEMORY")
        self._db.executescript(_SCHEMA)
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All reads and writes of one API call happen inside one transaction."""
        with self._lock:
            outermost = self._depth == 0
            if outermost:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if outermost:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outermost:
                self._db.execute("COMMIT")

    # -- documents -------------------------------------------------------------------------
    def insert(self, kind: str, id_: str, doc: Document) -> Document:
        with self.transaction():
            seq = self.next_counter("__seq__")
            self._db.execute(
                "INSERT INTO objects (kind, id, seq, data) VALUES (?, ?, ?, ?)",
                (kind, id_, seq, json.dumps(doc)),
            )
        return doc

    def put(self, kind: str, id_: str, doc: Document) -> Document:
        """Replace a document that exists (keeps its position), or insert it."""
        with self.transaction():
            cur = self._db.execute(
                "UPDATE objects SET data = ? WHERE kind = ? AND id = ?", (json.dumps(doc), kind, id_)
            )
            if cur.rowcount == 0:
                self.insert(kind, id_, doc)
        return doc

    def get(self, kind: str, id_: str) -> Document | None:
        with self._lock:
            row = self._db.execute(
                "SELECT data FROM objects WHERE kind = ? AND id = ?", (kind, id_)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def delete(self, kind: str, id_: str) -> bool:
        with self.transaction():
            cur = self._db.execute("DELETE FROM objects WHERE kind = ? AND id = ?", (kind, id_))
        return cur.rowcount > 0

    def all(self, kind: str) -> list[Document]:
        """Documents of a kind in creation order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT data FROM objects WHERE kind = ? ORDER BY seq", (kind,)
            ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def kinds(self, prefix: str = "") -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT kind FROM objects WHERE kind LIKE ? ORDER BY kind", (prefix + "%",)
            ).fetchall()
        return [r[0] for r in rows]

    def count(self, kind: str) -> int:
        with self._lock:
            return int(
                self._db.execute("SELECT COUNT(*) FROM objects WHERE kind = ?", (kind,)).fetchone()[0]
            )

    # -- counters and settings -------------------------------------------------------------
    def next_counter(self, name: str) -> int:
        with self.transaction():
            self._db.execute(
                "INSERT INTO counters (name, value) VALUES (?, 1) "
                "ON CONFLICT(name) DO UPDATE SET value = value + 1",
                (name,),
            )
            row = self._db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        return int(row[0])

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    # -- whole state -----------------------------------------------------------------------
    def dump(self, vendor: str | None = None) -> dict[str, list[Document]]:
        prefix = f"{vendor}/" if vendor else ""
        return {kind: self.all(kind) for kind in self.kinds(prefix)}

    def reset(self, vendor: str | None = None) -> None:
        """Forget every document (of one vendor), counters and settings included."""
        with self.transaction():
            if vendor:
                self._db.execute("DELETE FROM objects WHERE kind LIKE ?", (f"{vendor}/%",))
                self._db.execute("DELETE FROM counters WHERE name LIKE ?", (f"{vendor}/%",))
                self._db.execute("DELETE FROM settings WHERE key LIKE ?", (f"{vendor}/%",))
            else:
                self._db.execute("DELETE FROM objects")
                self._db.execute("DELETE FROM counters")
                self._db.execute("DELETE FROM settings")

    def close(self) -> None:
        with self._lock:
            self._db.close()
