"""Marketo's call limits: 606 (calls per sliding window), 615 (concurrent calls), 607 (daily quota).

Why a context variable: the middleware calls ``enter`` and ``leave`` (and the error renderer) in
the same asyncio task for one request, and ``leave`` runs even when ``enter`` refused the call; the
variable remembers whether this request was admitted, so only admitted calls are released or
refunded. Why the store for the quota: a day's count survives a sandbox restart, as Marketo's does.
"""

from __future__ import annotations

import threading
from collections import deque
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sandbox.context import SandboxContext

QUOTA_ZONE = ZoneInfo("America/Chicago")  # the daily quota resets at 00:00 US Central


@dataclass
class Admission:
    """One admitted call: its slot in the sliding window and the quota day it was counted on."""

    stamp: list[float]
    day: str
    refunded: bool = False


_current: ContextVar[Admission | None] = ContextVar("marketo_admission", default=None)


@dataclass
class Refusal:
    code: str
    message: str


class CallLimits:
    def __init__(self, ctx: SandboxContext, vendor: str) -> None:
        self.ctx = ctx
        self.vendor = vendor
        self._lock = threading.Lock()
        self._window: deque[list[float]] = deque()
        self._in_flight = 0

    def _setting(self, name: str, default: int) -> int:
        return int(self.ctx.setting(self.vendor, name, default))

    def quota_day(self, now: float) -> str:
        return datetime.fromtimestamp(now, QUOTA_ZONE).date().isoformat()

    def quota_used(self, day: str) -> int:
        used = self.ctx.store.get_setting(f"{self.vendor}/quota/{day}", 0)
        return int(used)

    def clear(self) -> None:
        """After a reset: forget the window (quota counters live in the store and are reset there)."""
        with self._lock:
            self._window.clear()

    def admit(self) -> Refusal | None:
        """Count one REST call, or say why it is refused (refused calls are not counted)."""
        _current.set(None)
        now = self.ctx.clock.now()
        calls = self._setting("rate_limit_calls", 100)
        window = self._setting("rate_limit_window_seconds", 20)
        concurrent = self._setting("max_concurrent", 10)
        quota = self._setting("daily_quota", 50000)
        day = self.quota_day(now)
        if self.quota_used(day) >= quota:
            return Refusal("607", "Daily quota reached")
        with self._lock:
            while self._window and self._window[0][0] <= now - window:
                self._window.popleft()
            if len(self._window) >= calls:
                return Refusal("606", f"Max rate limit '{calls}' exceeded with in '{window}' secs")
            if self._in_flight >= concurrent:
                return Refusal("615", "Concurrent access limit reached")
            stamp = [now]
            self._window.append(stamp)
            self._in_flight += 1
        self._bump_quota(day, 1)  # outside the lock: never hold it while waiting for the store
        _current.set(Admission(stamp=stamp, day=day))
        return None

    def release(self) -> None:
        admission = _current.get()
        if admission is None:
            return
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
        _current.set(None)

    def refund(self) -> None:
        """The call was answered with a code Marketo does not count (601, 602, 605, ...)."""
        admission = _current.get()
        if admission is None or admission.refunded:
            return
        admission.refunded = True
        with self._lock:
            for i, stamp in enumerate(self._window):
                if stamp is admission.stamp:
                    del self._window[i]
                    break
        self._bump_quota(admission.day, -1)

    def _bump_quota(self, day: str, delta: int) -> None:
        key = f"{self.vendor}/quota/{day}"
        with self.ctx.store.transaction() as store:
            store.set_setting(key, int(store.get_setting(key, 0)) + delta)

    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight
