"""Token caching shared by every vendor client: one token per vendor instance per process.

A token is fetched on first use, shared by all threads, reused until it expires, and renewed
once when the vendor rejects it (the first thread to see the rejection renews; the others reuse
the fresh token instead of fetching their own).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from providers.core.redact import register_secret

# A process that already holds tokens (the `drift` command, after listing live objects) hands them
# to the pulumi run it starts, so the provider process reuses them instead of requesting its own.
# Environment only: never written to a file, a log or the state.
HANDOFF_ENV = "ACTIVITY_SCHEMAS_TOKEN_HANDOFF"


@dataclass(frozen=True)
class Token:
    value: str
    expires_at: float | None = None  # monotonic seconds; None = until the vendor rejects it
    extra: Mapping[str, str] = field(default_factory=dict)  # what came with it (Salesforce instance_url)


class Authenticator(Protocol):
    def headers(self) -> dict[str, str]:
        """Headers that authenticate one request (may fetch a token first)."""

    def renew(self, rejected: Mapping[str, str]) -> None:
        """The vendor rejected the credentials sent in ``rejected``; get fresh ones."""


class TokenCache:
    """``fetch`` obtains a new token; ``early`` renews that many seconds before expiry."""

    def __init__(self, fetch: Callable[[], Token], early: float = 30.0, key: str | None = None) -> None:
        """``key`` names the vendor instance and account ("marketo:<base url>:<client id>"); a keyed
        cache takes a token handed over by the parent process, and can hand its own over."""
        self._fetch = fetch
        self._early = early
        self._lock = threading.Lock()
        self._token: Token | None = _handed_over(key) if key else None
        self.fetch_count = 0  # how many token requests this process made (benchmarks read it)
        if key:
            with _caches_lock:
                _caches[key] = self

    def _valid(self, token: Token | None) -> bool:
        return token is not None and (token.expires_at is None or time.monotonic() < token.expires_at - self._early)

    def current(self) -> Token:
        """The token with what came with it, fetching one if needed."""
        with self._lock:
            token = self._token
            if token is None or not self._valid(token):
                token = self._fetch()
                register_secret(token.value)
                self.fetch_count += 1
                self._token = token
            return token

    def get(self) -> str:
        return self.current().value

    def snapshot(self) -> dict[str, Any] | None:
        with self._lock:
            token = self._token
            if token is None or not self._valid(token):
                return None
            remaining = None if token.expires_at is None else token.expires_at - time.monotonic()
            return {"value": token.value, "expires_in": remaining, "extra": dict(token.extra)}

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


_caches: dict[str, TokenCache] = {}
_caches_lock = threading.Lock()


def _handed_over(key: str) -> Token | None:
    raw = os.environ.get(HANDOFF_ENV)
    if not raw:
        return None
    try:
        entry = json.loads(raw).get(key)
    except (ValueError, AttributeError):
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("value"), str):
        return None
    register_secret(entry["value"])
    expires_in = entry.get("expires_in")
    expires_at = time.monotonic() + float(expires_in) if isinstance(expires_in, (int, float)) else None
    return Token(entry["value"], expires_at, dict(entry.get("extra") or {}))


def handoff_environment() -> dict[str, str]:
    """The tokens this process holds, as the environment of a child process of the same run."""
    with _caches_lock:
        caches = dict(_caches)
    snapshot = {key: snap for key, cache in caches.items() if (snap := cache.snapshot()) is not None}
    return {HANDOFF_ENV: json.dumps(snapshot)} if snapshot else {}
