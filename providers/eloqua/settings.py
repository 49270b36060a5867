"""Connection settings for one Eloqua site, from stack config / environment or endpoints.json.

Namespace ``eloqua``: ``loginUrl`` (default https://login.eloqua.com), ``site``, ``user``,
``password`` (secret) for HTTP Basic, or ``refreshToken`` (secret), ``clientId``,
``clientSecret`` (secret) for OAuth2; ``caBundle`` for a private CA (the sandbox's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from providers.core.config import ConfigSource
from providers.core.errors import ConfigurationError
from providers.core.redact import register_secret

NAMESPACE = "eloqua"
DEFAULT_LOGIN_URL = "https://login.eloqua.com"
AuthMode = Literal["basic", "oauth"]


@dataclass(frozen=True)
class EloquaSettings:
    login_url: str
    site: str
    user: str | None = None
    password: str | None = None
    refresh_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    ca_bundle: str | bool = True

    @property
    def auth_mode(self) -> AuthMode:
        return "oauth" if self.refresh_token else "basic"

    @property
    def key(self) -> str:
        """Identifies the site (never includes a secret)."""
        return f"{self.login_url.rstrip('/')}|{self.site.lower()}|{self.user or self.client_id}"

    def __repr__(self) -> str:  # dataclass repr would print the secrets
        return f"EloquaSettings(login_url={self.login_url!r}, site={self.site!r}, auth={self.auth_mode})"


def _check(settings: EloquaSettings) -> EloquaSettings:
    if not settings.login_url.startswith("https://"):
        raise ConfigurationError(f"eloqua:loginUrl must be an https:// URL, got {settings.login_url!r}")
    if settings.auth_mode == "oauth":
        if not (settings.client_id and settings.client_secret):
            raise ConfigurationError(
                "eloqua:refreshToken needs eloqua:clientId and eloqua:clientSecret (secret) as well")
    elif not (settings.user and settings.password):
        raise ConfigurationError(
            "eloqua: set eloqua:user and eloqua:password (secret) for HTTP Basic, or eloqua:refreshToken, "
            "eloqua:clientId and eloqua:clientSecret for OAuth2")
    for secret in (settings.password, settings.refresh_token, settings.client_secret):
        register_secret(secret)
    return settings


def settings_from_endpoints(doc: dict[str, Any], auth: AuthMode = "basic") -> EloquaSettings:
    """The sandbox's endpoints.json: its throw-away site and the sandbox CA."""
    section = doc.get(NAMESPACE)
    if not isinstance(section, dict):
        raise ConfigurationError("the sandbox endpoints file has no 'eloqua' section")
    return _check(EloquaSettings(
        login_url=section["login_url"],
        site=section["site"],
        user=section["user"],
        password=section["password"] if auth == "basic" else None,
        refresh_token=section.get("refresh_token") if auth == "oauth" else None,
        client_id=section.get("client_id") if auth == "oauth" else None,
        client_secret=section.get("client_secret") if auth == "oauth" else None,
        ca_bundle=doc.get("ca_bundle") or True,
    ))


def settings_from_config(source: ConfigSource) -> EloquaSettings:
    """Explicit ``eloqua:*`` settings win; otherwise the sandbox named by the stack, if any."""
    site = source.get(NAMESPACE, "site")
    if site is None:
        endpoints = source.sandbox_endpoints()
        if endpoints is not None:
            auth = source.get(NAMESPACE, "authMode") or "basic"
            if auth not in ("basic", "oauth"):
                raise ConfigurationError(f"eloqua:authMode must be 'basic' or 'oauth', got {auth!r}")
            return settings_from_endpoints(endpoints, auth=auth)  # type: ignore[arg-type]
        source.require(NAMESPACE, "site")
    return _check(EloquaSettings(
        login_url=source.get(NAMESPACE, "loginUrl") or DEFAULT_LOGIN_URL,
        site=str(site),
        user=source.get(NAMESPACE, "user"),
        password=source.get(NAMESPACE, "password", secret=True),
        refresh_token=source.get(NAMESPACE, "refreshToken", secret=True),
        client_id=source.get(NAMESPACE, "clientId"),
        client_secret=source.get(NAMESPACE, "clientSecret", secret=True),
        ca_bundle=source.get(NAMESPACE, "caBundle") or True,
    ))
