"""Every vendor request the sandbox answered, so tests and benchmarks can count API calls."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class LoggedRequest:
    seq: int
    at: float
    vendor: str
    method: str
    path: str
    endpoint: str  # the route template, e.g. "GET /rest/v1/activities/external/type/{apiName}.json"
    status: int
    write: bool  # POST/PATCH/PUT/DELETE that reached a handler


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LoggedRequest] = []
        self._seq = 0  # monotonic across clear(), so a mark taken before a clear stays valid

    def record(self, *, vendor: str, method: str, path: str, endpoint: str, status: int) -> None:
        with self._lock:
            self._seq += 1
            self._entries.append(
                LoggedRequest(
                    seq=self._seq,
                    at=time.time(),
                    vendor=vendor,
                    method=method,
                    path=path,
                    endpoint=endpoint,
                    status=status,
                    write=method in {"POST", "PATCH", "PUT", "DELETE"},
                )
            )

    def entries(self, since: int = 0) -> list[LoggedRequest]:
        with self._lock:
            return [e for e in self._entries if e.seq > since]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def last_seq(self) -> int:
        with self._lock:
            return self._seq

    def summary(self, since: int = 0) -> dict[str, Any]:
        entries = self.entries(since)
        by_vendor = Counter(e.vendor for e in entries)
        by_endpoint = Counter(f"{e.vendor} {e.endpoint}" for e in entries)
        return {
            "total": len(entries),
            "last_seq": self.last_seq(),
            "by_vendor": dict(by_vendor),
            "by_endpoint": dict(by_endpoint),
            "entries": [asdict(e) for e in entries],
        }
