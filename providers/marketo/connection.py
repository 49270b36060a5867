"""Where a Marketo instance and its credentials come from, and the one client per instance.

Read in the provider's ``configure`` (stack config ``marketo:*`` or the environment, or the
sandbox's ``endpoints.json`` for the local stack) into this module's state, never onto a
provider instance: the instance is pickled into Pulumi state.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from providers.core.config import ConfigSource
from providers.core.errors import ConfigurationError
from providers.core.redact import register_secret

if TYPE_CHECKING:
    from providers.marketo.client import MarketoClient

NAMESPACE = "marketo"


@dataclass(frozen=True)
class Connection:
    """One Marketo instance: REST host, identity host, a LaunchPoint client id and secret."""

    base_url: str  # https://<munchkin>.mktorest.com (no /rest)
    identity_url: str  # https://<munchkin>.mktorest.com/identity
    client_id: str
    client_secret: str = field(repr=False)
    ca_bundle: str | bool = True

    def __post_init__(self) -> None:
        register_secret(self.client_secret)


def _clean_url(value: str, setting: str, strip_suffix: str | None = None) -> str:
    """No trailing slash (Marketo deprecates ``//`` in paths), https only."""
    url = value.strip().rstrip("/")
    if strip_suffix and url.endswith(strip_suffix):
        url = url[: -len(strip_suffix)]
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise ConfigurationError(
            f"{NAMESPACE}:{setting} must be an https URL such as https://123-ABC-456.mktorest.com; got {url!r}"
        )
    return url


def connection_from_endpoints(doc: Mapping[str, Any]) -> Connection:
    """The sandbox's endpoints.json: ``marketo`` {base_url, identity_url, client_id, client_secret}."""
    section = doc.get("marketo")
    if not isinstance(section, Mapping):
        raise ConfigurationError("the sandbox endpoints.json has no 'marketo' section: is the Marketo sandbox built?")
    try:
        base = _clean_url(str(section["base_url"]), "baseUrl", "/rest")
        identity = _clean_url(str(section.get("identity_url") or f"{base}/identity"), "identityUrl")
        return Connection(base, identity, str(section["client_id"]), str(section["client_secret"]),
                          doc.get("ca_bundle") or True)
    except KeyError as missing:
        raise ConfigurationError(f"the sandbox endpoints.json 'marketo' section lacks {missing}") from None


def connection_from_config(source: ConfigSource) -> Connection:
    """The sandbox endpoints when the stack names them, else ``marketo:*`` settings."""
    endpoints = source.sandbox_endpoints()
    if endpoints is not None:
        return connection_from_endpoints(endpoints)
    base = _clean_url(source.require(NAMESPACE, "baseUrl"), "baseUrl", "/rest")
    identity_setting = source.get(NAMESPACE, "identityUrl")
    identity = _clean_url(identity_setting, "identityUrl") if identity_setting else f"{base}/identity"
    client_id = source.require(NAMESPACE, "clientId")
    secret = source.require(NAMESPACE, "clientSecret", secret=True)
    ca_bundle = source.get(NAMESPACE, "caBundle")
    return Connection(base, identity, client_id, secret, ca_bundle or True)


_lock = threading.Lock()
_configured: Connection | None = None
_clients: dict[tuple[str, str], MarketoClient] = {}
_errors: list[ConfigurationError] = []


def configure(raw_config: Any) -> None:
    """Called by the provider's ``configure``; a wrong setting fails when first used, with its name."""
    global _configured
    try:
        connection = connection_from_config(ConfigSource(raw_config))
    except ConfigurationError as error:
        with _lock:
            _configured = None
            _errors[:] = [error]
        return
    with _lock:
        _configured = connection
        _errors.clear()


def client_for(connection: Connection) -> MarketoClient:
    """One client (one token, one limiter) per instance and client id in this process."""
    from providers.marketo.client import MarketoClient

    key = (connection.base_url, connection.client_id)
    with _lock:
        client = _clients.get(key)
        if client is None or client.connection != connection:
            client = MarketoClient(connection)
            _clients[key] = client
        return client


def current_client() -> MarketoClient:
    """The client of the instance ``configure`` named; a clear error when it named none."""
    with _lock:
        connection, errors = _configured, list(_errors)
    if connection is None:
        if errors:
            raise errors[0]
        raise ConfigurationError(
            "no Marketo connection: set marketo:baseUrl, marketo:clientId and (with --secret) "
            "marketo:clientSecret, or activity-schemas:sandboxEndpoints for the sandbox"
        )
    return client_for(connection)
