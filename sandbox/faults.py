"""Faults the control surface injects into the next N matching vendor requests.

A fault is one of:
- ``status``: answer with an HTTP status and a vendor error code, rendered by the vendor surface
  in its own error shape (Salesforce error array, Marketo 200 envelope, AE v5 ``{code,message}``);
- ``drop``: close the connection without an answer, before the handler runs (nothing committed);
- ``drop_after``: run the handler (the write is committed) and then drop the connection: a lost
  response, the case that makes idempotent creates necessary;
- ``latency``: delay the request by ``latency_ms`` and then serve it normally.
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FaultAction = Literal["status", "drop", "drop_after", "latency"]


@dataclass
class Fault:
    vendor: str
    action: FaultAction
    method: str | None = None  # None matches every method
    path: str | None = None  # a regular expression searched in the path; None matches all
    count: int = 1  # how many matching requests it applies to; -1 means until cleared
    status: int | None = None
    code: str | None = None  # the vendor's error code, e.g. "INVALID_SESSION_ID", "606", "66"
    message: str | None = None
    latency_ms: int = 0
    id: int = 0
    hits: int = field(default=0)

    def matches(self, vendor: str, method: str, path: str) -> bool:
        if self.vendor != vendor:
            return False
        if self.method and self.method.upper() != method.upper():
            return False
        return not (self.path and not re.search(self.path, path))


class FaultBook:
    """Thread-safe list of pending faults; the first match is consumed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._next_id = 1
        self.latency_ms: dict[str, int] = {}  # steady latency per vendor, e.g. benchmark's 100 ms

    def add(self, fault: Fault) -> Fault:
        if fault.action not in ("status", "drop", "drop_after", "latency"):
            raise ValueError(f"unknown fault action {fault.action!r}")
        if fault.action == "status" and not fault.status:
            raise ValueError("a 'status' fault needs 'status'")
        with self._lock:
            fault.id = self._next_id
            self._next_id += 1
            self._faults.append(fault)
        return fault

    def take(self, vendor: str, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(vendor, method, path):
                    fault.hits += 1
                    if fault.count > 0:
                        fault.count -= 1
                        if fault.count == 0:
                            self._faults.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self.latency_ms.clear()

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(f) for f in self._faults]
