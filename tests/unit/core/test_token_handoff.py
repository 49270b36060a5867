"""Tokens handed from a parent process (drift's listing) to the pulumi run it starts."""

from __future__ import annotations

import json

import pytest

from providers.core import auth
from providers.core.auth import HANDOFF_ENV, Token, TokenCache, handoff_environment
from providers.core.redact import redact


def _fetcher(value: str, counter: list[int], expires_in: float | None = None):  # type: ignore[no-untyped-def]
    def fetch() -> Token:
        counter.append(1)
        expires = None if expires_in is None else auth.time.monotonic() + expires_in
        return Token(value, expires, {"instance_url": "https://org.example"})
    return fetch


def test_keyed_cache_hands_its_token_to_a_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_caches", {})
    fetched: list[int] = []
    parent = TokenCache(_fetcher("parent-token-123", fetched, expires_in=3600), key="marketo:a")
    assert parent.get() == "parent-token-123"
    env = handoff_environment()
    entry = json.loads(env[HANDOFF_ENV])["marketo:a"]
    assert entry["value"] == "parent-token-123" and 3500 < entry["expires_in"] <= 3600

    monkeypatch.setenv(HANDOFF_ENV, env[HANDOFF_ENV])
    child_fetches: list[int] = []
    child = TokenCache(_fetcher("child-token-456", child_fetches), key="marketo:a")
    assert child.get() == "parent-token-123" and child_fetches == []
    assert child.current().extra == {"instance_url": "https://org.example"}
    assert redact("token parent-token-123") == "token [REDACTED]"  # registered as a secret
    other = TokenCache(_fetcher("other-token-789", child_fetches), key="salesforce:b")
    assert other.get() == "other-token-789" and child_fetches == [1]  # no token for that key


def test_no_handoff_of_expired_or_unkeyed_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_caches", {})
    TokenCache(_fetcher("unkeyed-token-1", [])).get()
    assert handoff_environment() == {}
    expiring = TokenCache(_fetcher("short-token-22", [], expires_in=10), key="marketo:x", early=30)
    expiring.get()
    assert handoff_environment() == {}  # within the renewal margin: the child fetches its own


def test_garbage_in_the_environment_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_caches", {})
    monkeypatch.setenv(HANDOFF_ENV, "not json")
    fetched: list[int] = []
    assert TokenCache(_fetcher("fresh-token-333", fetched), key="k").get() == "fresh-token-333"
    assert fetched == [1]
