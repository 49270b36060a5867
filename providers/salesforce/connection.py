"""Module-level connection state: one token and one HTTP core per org per provider process.

The dynamic-provider server unpickles every provider instance and calls ``configure`` on each;
they all land here, and instances configured for the same org share one :class:`Connection`
(one token cache, one limiter). Nothing here is ever pickled into Pulumi state.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

from requests.adapters import BaseAdapter

from providers.core.auth import BearerAuth, Token, TokenCache
from providers.core.config import ConfigSource
from providers.core.errors import ConfigurationError
from providers.core.http import HttpCore
from providers.core.ratelimit import RateLimiter, shared_limiter
from providers.salesforce.errors import interpret_oauth, interpret_tooling, interpret_v5
from providers.salesforce.oauth import request_token
from providers.salesforce.settings import SalesforceSettings, settings_from_config, settings_from_endpoints

AE_CONCURRENT_REQUESTS = 5  # Account Engagement API: 5 concurrent requests (reference §6)


class Connection:
    """Everything needed to call one org: settings, token cache, HTTP cores, instance URL."""

    def __init__(self, settings: SalesforceSettings, transport: BaseAdapter | None = None) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._instance_url: str | None = None
        self.oauth_http = HttpCore("salesforce oauth", interpret=interpret_oauth,
                                   ca_bundle=settings.ca_bundle, transport=transport)
        self.tooling_http = HttpCore("salesforce", interpret=interpret_tooling,
                                     ca_bundle=settings.ca_bundle, transport=transport)
        limiter = shared_limiter(
            "account_engagement", settings.ae_base_url,
            lambda: RateLimiter(concurrency=AE_CONCURRENT_REQUESTS),
        )
        self.v5_http = HttpCore("account engagement", interpret=interpret_v5, ca_bundle=settings.ca_bundle,
                                limiter=limiter, transport=transport)
        self.tokens = TokenCache(self._fetch_token, key=f"salesforce:{settings.org_key}")
        self.auth = BearerAuth(self.tokens)

    def _fetch_token(self) -> Token:
        issued = request_token(self.oauth_http, self.settings)
        with self._lock:
            self._instance_url = issued.instance_url
            if issued.refresh_token and self.settings.auth_flow == "refresh_token":
                # refresh-token rotation: the old one stops working, keep the new one (memory only)
                self.settings = dataclasses.replace(self.settings, refresh_token=issued.refresh_token)
        return Token(issued.access_token, extra={"instance_url": issued.instance_url})

    @property
    def instance_url(self) -> str:
        """The API host the token response named (fetches a token on first use)."""
        token = self.tokens.current()
        with self._lock:
            if self._instance_url is None:  # a token handed over by the parent process
                self._instance_url = token.extra.get("instance_url")
            if self._instance_url is None:  # pragma: no cover - set by every successful fetch
                raise ConfigurationError("salesforce: no instance_url known")
            return self._instance_url

    @property
    def tooling_base(self) -> str:
        return f"{self.instance_url}/services/data/v{self.settings.api_version}/tooling"


_connections: dict[str, Connection] = {}
_current: Connection | None = None
_config_error: ConfigurationError | None = None
_registry_lock = threading.Lock()


def connect(settings: SalesforceSettings, transport: BaseAdapter | None = None) -> Connection:
    """The process's connection for these settings (created on first use, then shared)."""
    global _current, _config_error
    with _registry_lock:
        _config_error = None
        existing = _connections.get(settings.org_key)
        if existing is None or transport is not None or _comparable(existing.settings) != _comparable(settings):
            existing = Connection(settings, transport=transport)
            _connections[settings.org_key] = existing
        _current = existing
        return existing


def _comparable(settings: SalesforceSettings) -> SalesforceSettings:
    """Settings without the refresh token, which rotation may have replaced in memory."""
    return dataclasses.replace(settings, refresh_token=None)


def configure(raw_config: Any) -> Connection | None:
    """Called from every provider's ``configure``: stack config, environment or endpoints.json.

    A configuration error is kept and raised by the first operation that needs the org, so that
    the CLI shows it as that resource's one-line error rather than a failed provider start.
    """
    global _config_error, _current
    try:
        return connect(settings_from_config(ConfigSource(raw_config)))
    except ConfigurationError as error:
        with _registry_lock:
            _config_error, _current = error, None
        return None


def from_endpoints(endpoints: dict[str, Any], auth_flow: str | None = None) -> Connection:
    """A connection to the sandbox described by an endpoints.json document (demo, tests)."""
    return connect(settings_from_endpoints(endpoints, auth_flow=auth_flow))


def current() -> Connection:
    """The connection ``configure`` set up; a clear error when it never ran."""
    with _registry_lock:
        if _config_error is not None:
            raise _config_error
        if _current is None:
            raise ConfigurationError(
                "salesforce: no connection configured; set salesforce:loginUrl, salesforce:clientId and "
                "the credentials of salesforce:authFlow in the stack config (or use the sandbox stack)"
            )
        return _current


def reset() -> None:
    """Forget every connection (tests)."""
    global _current, _config_error
    with _registry_lock:
        _connections.clear()
        _current = _config_error = None
