"""A thread-safe limiter shared by every call to one vendor instance in a process.

The dynamic-provider server runs up to four provider calls at once, each on its own thread; the
vendors count calls per instance, so the limiter is per (vendor, instance), not per resource.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class RateLimiter:
    """At most ``calls`` call starts per ``period`` seconds and ``concurrency`` calls in flight."""

    def __init__(
        self,
        calls: int | None = None,
        period: float = 1.0,
        concurrency: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.calls, self.period, self.concurrency = calls, period, concurrency
        self._clock, self._sleep = clock, sleep
        self._starts: deque[float] = deque()
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(concurrency) if concurrency else None

    def _wait_for_window(self) -> None:
        if not self.calls:
            return
        while True:
            with self._lock:
                now = self._clock()
                while self._starts and now - self._starts[0] >= self.period:
                    self._starts.popleft()
                if len(self._starts) < self.calls:
                    self._starts.append(now)
                    return
                wait = self.period - (now - self._starts[0])
            self._sleep(max(wait, 0.001))

    @contextmanager
    def slot(self) -> Iterator[None]:
        if self._slots:
            self._slots.acquire()
        try:
            self._wait_for_window()
            yield
        finally:
            if self._slots:
                self._slots.release()


_registry: dict[tuple[str, str], RateLimiter] = {}
_registry_lock = threading.Lock()


def shared_limiter(vendor: str, instance: str, factory: Callable[[], RateLimiter]) -> RateLimiter:
    """One limiter per vendor instance per process, whatever the number of clients."""
    with _registry_lock:
        key = (vendor, instance)
        if key not in _registry:
            _registry[key] = factory()
        return _registry[key]
