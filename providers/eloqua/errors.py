"""Eloqua's HTTP answers turned into bodies or into the project's ApiError hierarchy.

Eloqua uses real status codes; a 400 (and a 409) carries typed validation objects, a single one
or an array (eloqua.md 5.2), which become one readable sentence naming the field and the rule.
"""

from __future__ import annotations

from typing import Any

import requests

from providers.core.errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RateLimitError,
)
from providers.core.http import json_body

VENDOR = "eloqua"


class DependencyError(ApiError):
    """412: the object still has dependents (an asset type with assets)."""


def describe(body: Any) -> str:
    """``name: UniquenessRequirement (value 'Tradeshow')`` for each validation object."""
    items = body if isinstance(body, list) else [body]
    parts: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            parts.append(str(item)[:200])
            continue
        requirement = (item.get("requirement") or {}).get("type", item.get("type", "error"))
        where = item.get("property") or item.get("parameter") or "request"
        container = (item.get("container") or {}).get("objectType")
        prefix = f"{container}.{where}" if container else where
        value = item.get("value")
        parts.append(f"{prefix}: {requirement}" + (f" (value {value!r})" if value not in (None, "<null>") else ""))
    return "; ".join(parts) or "no details"


def interpret(response: requests.Response, operation: str, *, retry_unavailable: bool = True) -> Any:
    status = response.status_code
    body = json_body(response, text_fallback=300)
    if 200 <= status < 300:
        if body == "Not authenticated.":  # what /id answers instead of an error status
            raise AuthenticationError(VENDOR, "the site, user or password was refused (GET /id: Not authenticated.)",
                                      status=status, operation=operation)
        return body
    common: dict[str, Any] = {"status": status, "operation": operation}
    if status == 400:
        raise ApiError(VENDOR, f"validation failed: {describe(body)}", code="ValidationError", **common)
    if status == 401:
        raise AuthenticationError(VENDOR, "not authenticated: check eloqua:site, eloqua:user and eloqua:password "
                                  "(or the OAuth2 refresh token)", auth_expired=True, **common)
    if status == 403:
        raise ApiError(VENDOR, "forbidden: the API user needs the 'Advanced Users - Marketing' permission "
                       f"({describe(body)})", **common)
    if status == 404:
        raise NotFoundError(VENDOR, "not found", **common)
    if status == 409:
        raise ConflictError(VENDOR, f"the name is already used: {describe(body)}", **common)
    if status == 412:
        raise DependencyError(VENDOR, "it still has dependent objects (e.g. external assets of this type)", **common)
    if status == 429:
        raise RateLimitError(VENDOR, "too many requests (throttled)", retryable=True, **common)
    if status in (502, 503, 504):
        raise ApiError(VENDOR, f"service unavailable (HTTP {status}); Oracle advises retrying after a delay",
                       retryable=retry_unavailable, **common)
    raise ApiError(VENDOR, f"unexpected answer: {describe(body)}", **common)


def interpret_no_resend(response: requests.Response, operation: str) -> Any:
    """For activity submission: a 5xx may have recorded the activity, so it is never resent."""
    return interpret(response, operation, retry_unavailable=False)


def interpret_oauth(response: requests.Response, operation: str) -> Any:
    """The token endpoint answers RFC 6749 errors: ``{"error", "error_description"}``."""
    status = response.status_code
    body = json_body(response, text_fallback=300)
    if 200 <= status < 300:
        return body
    if status in (400, 401) and isinstance(body, dict) and "error" in body:
        detail = f"{body['error']}: {body.get('error_description', '')}".strip(": ")
        raise AuthenticationError(VENDOR, f"the OAuth2 token request was refused ({detail}); check "
                                  "eloqua:refreshToken, eloqua:clientId and eloqua:clientSecret",
                                  status=status, code=str(body["error"]), operation=operation)
    return interpret(response, operation)
