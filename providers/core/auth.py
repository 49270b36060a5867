"""Token caching shared by every vendor client: one token per vendor instance per process.

A token is fetched on first use, shared by all threads, reused until it expires, and renewed
once when the vendor rejects it (the first thread to see the rejection renews; the others reuse
the fresh token instead of fetching their own).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from providers.core.redact import register_secret


@dataclass(frozen=True)
class Token:
    value: str
    expires_at: float | None = None  # monotonic seconds; None = until the vendor rejects it


class Authenticator(Protocol):
    def headers(self) -> dict[str, str]:
        """Headers that authenticate one request (may fetch a token first)."""

    def renew(self, rejected: Mapping[str, str]) -> None:
        """The vendor rejected the credentials sent in ``rejected``; get fresh ones."""


class TokenCache:
    """``fetch`` obtains a new token; ``early`` renews that many seconds before expiry."""

    def __init__(self, fetch: Callable[[], Token], early: float = 30.0) -> None:
        self._fetch = fetch
        self._early = early
        self._lock = threading.Lock()
        self._token: Token | None = None
        self.fetch_count = 0  # how many token requests this process made (benchmarks read it)

    def get(self) -> str:
        with self._lock:
            token = self._token
            if token is None or (
                token.expires_at is not None and time.monotonic() >= token.expires_at - self._early
            ):
                token = self._fetch()
                register_secret(token.value)
                self.fetch_count += 1
                self._token = token
            return token.value

    def invalidate(self, value: str) -> None:
        """Forget ``value`` if it is still the cached token (another thread may have renewed)."""
        with self._lock:
            if self._token is not None and self._token.value == value:
                self._token = None


class BearerAuth:
    """``Authorization: Bearer <token>`` from a TokenCache."""

    def __init__(self, cache: TokenCache) -> None:
        self.cache = cache

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.cache.get()}"}

    def renew(self, rejected: Mapping[str, str]) -> None:
        header = rejected.get("Authorization", "")
        if header.startswith("Bearer "):
            self.cache.invalidate(header[len("Bearer "):])
