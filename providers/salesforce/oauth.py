"""Salesforce OAuth 2.0 token requests: JWT bearer, client credentials and refresh token.

Each flow is one form-encoded POST to ``<loginUrl>/services/oauth2/token`` (reference §4). The
answer carries the access token and the ``instance_url`` every later API call must use. Salesforce
sends no ``expires_in``: a token is used until the API answers 401 ``INVALID_SESSION_ID``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import jwt

from providers.core.errors import ApiError, ConfigurationError
from providers.core.http import HttpCore
from providers.core.redact import register_secret
from providers.salesforce.settings import SalesforceSettings

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
JWT_LIFETIME = 170  # seconds: Salesforce accepts an `exp` at most about 3 minutes ahead


@dataclass(frozen=True)
class IssuedToken:
    access_token: str = field(repr=False)
    instance_url: str
    refresh_token: str | None = field(default=None, repr=False)  # set when the org rotates it


def jwt_assertion(settings: SalesforceSettings, now: float | None = None) -> str:
    """An RS256-signed assertion: iss = consumer key, sub = username, aud = login/test host."""
    issued = int(now if now is not None else time.time())
    claims = {
        "iss": settings.client_id,
        "sub": settings.username,
        "aud": settings.jwt_audience,
        "exp": issued + JWT_LIFETIME,
    }
    try:
        token = jwt.encode(claims, settings.private_key or "", algorithm="RS256")
    except (ValueError, TypeError, jwt.PyJWTError) as exc:
        raise ConfigurationError(
            f"salesforce:privateKey: not a usable RSA private key in PEM form ({type(exc).__name__})"
        ) from None
    register_secret(token)
    return token


def token_form(settings: SalesforceSettings) -> dict[str, str]:
    """The form fields of the token request for the configured flow."""
    if settings.auth_flow == "jwt":
        return {"grant_type": JWT_GRANT, "assertion": jwt_assertion(settings)}
    if settings.auth_flow == "client_credentials":
        return {"grant_type": "client_credentials", "client_id": settings.client_id,
                "client_secret": settings.client_secret or ""}
    form = {"grant_type": "refresh_token", "refresh_token": settings.refresh_token or "",
            "client_id": settings.client_id}
    if settings.client_secret:
        form["client_secret"] = settings.client_secret
    return form


def request_token(http: HttpCore, settings: SalesforceSettings) -> IssuedToken:
    """One token request. Safe to resend (a second token is harmless), so transport losses retry."""
    result = http.request(
        "POST", f"{settings.login_url}/services/oauth2/token", operation=f"{settings.auth_flow} token request",
        data=token_form(settings), headers={"Accept": "application/json"}, idempotent=True,
    )
    body: dict[str, Any] = result.body
    token = str(body["access_token"])
    register_secret(token)
    rotated = body.get("refresh_token")
    if isinstance(rotated, str):
        register_secret(rotated)
    else:
        rotated = None
    instance_url = str(body.get("instance_url") or "").rstrip("/")
    if not instance_url.startswith("https://"):
        raise ApiError("salesforce oauth", "the token response has no https instance_url",
                       status=result.status, operation="token request")
    return IssuedToken(token, instance_url, rotated)
