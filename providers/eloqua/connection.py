"""Module-level connection state: one HTTP core, one credential and one base URL per site.

Why module state: provider instances are pickled into Pulumi state, so credentials and the
discovered pod URL live here, in the provider process, never on an instance.
"""

from __future__ import annotations

import base64
import dataclasses
import threading
from collections.abc import Mapping
from typing import Any

from providers.core.auth import BearerAuth, Token, TokenCache
from providers.core.config import ConfigSource
from providers.core.errors import ApiError, ConfigurationError
from providers.core.http import HttpCore
from providers.core.redact import register_secret
from providers.eloqua.errors import VENDOR, interpret, interpret_no_resend, interpret_oauth
from providers.eloqua.settings import EloquaSettings, settings_from_config, settings_from_endpoints


class BasicAuth:
    """``Authorization: Basic base64(Site\\User:password)``: nothing to renew."""

    def __init__(self, settings: EloquaSettings) -> None:
        raw = f"{settings.site}\\{settings.user}:{settings.password}".encode()
        self._header = "Basic " + base64.b64encode(raw).decode("ascii")
        register_secret(self._header[6:])

    def headers(self) -> dict[str, str]:
        return {"Authorization": self._header}

    def renew(self, rejected: Mapping[str, str]) -> None:
        """A refused password stays refused; the retry that follows fails the same way."""


class Connection:
    def __init__(self, settings: EloquaSettings, transport: Any = None) -> None:
        self.settings = settings
        self.configured = settings  # as configured; ``settings`` may hold a rotated refresh token
        self.http = HttpCore(VENDOR, interpret=interpret, ca_bundle=settings.ca_bundle, transport=transport)
        self.oauth_http = HttpCore(VENDOR, interpret=interpret_oauth, ca_bundle=settings.ca_bundle,
                                   transport=transport)
        self.submit_http = HttpCore(VENDOR, interpret=interpret_no_resend, ca_bundle=settings.ca_bundle,
                                    transport=transport)
        self._lock = threading.Lock()
        self._base_url: str | None = None
        self.discoveries = 0  # how many GET /id calls this process made (tests read it)
        self.auth: BasicAuth | BearerAuth
        if settings.auth_mode == "oauth":
            self.tokens: TokenCache | None = TokenCache(
                self._fetch_token, key=f"eloqua:{settings.key}")
            self.auth = BearerAuth(self.tokens)
        else:
            self.tokens = None
            self.auth = BasicAuth(settings)

    def _fetch_token(self) -> Token:
        """OAuth2 refresh-token grant; client credentials in HTTP Basic (eloqua.md 2.2)."""
        pair = f"{self.settings.client_id}:{self.settings.client_secret}".encode()
        result = self.oauth_http.request(
            "POST", f"{self.settings.login_url.rstrip('/')}/auth/oauth2/token", operation="get an OAuth2 token",
            json={"grant_type": "refresh_token", "refresh_token": self.settings.refresh_token, "scope": "full"},
            headers={"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}, idempotent=True,
        )
        body = result.body if isinstance(result.body, dict) else {}
        access = body.get("access_token")
        if not isinstance(access, str):
            raise ApiError(VENDOR, "the token endpoint answered without an access_token", operation="get a token")
        register_secret(access)
        rotated = body.get("refresh_token")
        if isinstance(rotated, str) and rotated != self.settings.refresh_token:
            register_secret(rotated)  # rotation: keep the new one in memory only
            self.settings = dataclasses.replace(self.settings, refresh_token=rotated)
        return Token(access)

    @property
    def base_url(self) -> str:
        """The pod's base URL, discovered once per process with ``GET /id`` (Oracle: cache it)."""
        with self._lock:  # one discovery at a time: parallel provider calls share its answer
            if self._base_url is not None:
                return self._base_url
            result = self.http.request("GET", f"{self.settings.login_url.rstrip('/')}/id",
                                       operation="discover the base URL (GET /id)", auth=self.auth)
            body = result.body if isinstance(result.body, dict) else {}
            base = (body.get("urls") or {}).get("base")
            if not isinstance(base, str) or not base.startswith("https://"):
                raise ApiError(VENDOR, "GET /id answered without an https urls.base",
                               operation="discover the base URL")
            self.discoveries += 1
            self._base_url = base.rstrip("/")
            return self._base_url

    def forget_base_url(self) -> None:
        """After a 401 from the pod the instance may have moved: discover again (Oracle's advice)."""
        with self._lock:
            self._base_url = None


_connections: dict[str, Connection] = {}
_current: Connection | None = None
_registry_lock = threading.Lock()


def connect(settings: EloquaSettings, transport: Any = None) -> Connection:
    global _current
    with _registry_lock:
        existing = _connections.get(settings.key)
        if existing is None or transport is not None or existing.configured != settings:
            existing = Connection(settings, transport=transport)
            _connections[settings.key] = existing
        _current = existing
        return existing


def configure(raw_config: Any) -> Connection:
    """Called from every Eloqua provider's ``configure``."""
    return connect(settings_from_config(ConfigSource(raw_config)))


def from_endpoints(endpoints: dict[str, Any], auth: str = "basic") -> Connection:
    """A connection to the sandbox of an endpoints.json document (demo, tests)."""
    return connect(settings_from_endpoints(endpoints, auth="oauth" if auth == "oauth" else "basic"))


def current() -> Connection:
    with _registry_lock:
        if _current is None:
            raise ConfigurationError(
                "eloqua: no connection configured; set eloqua:site, eloqua:user and eloqua:password (secret) "
                "in the stack config, or point activity-schemas:sandboxEndpoints at the sandbox")
        return _current


def reset() -> None:
    global _current
    with _registry_lock:
        _connections.clear()
        _current = None
