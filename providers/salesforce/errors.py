"""Turns the three Salesforce error shapes into the project's exception hierarchy.

One org answers in three shapes (reference §7.13): the REST/Tooling API with an array of
``{message, errorCode, fields}``, the OAuth token endpoint with ``{error, error_description}``,
and the Account Engagement v5 API with ``{code, message}``. Each ``interpret_*`` function is the
``interpret`` hook of :class:`~providers.core.http.HttpCore` for one of them: it returns the parsed
body of a success, or raises an ApiError whose ``retryable`` / ``auth_expired`` flags drive the
retry loop.
"""

from __future__ import annotations

from typing import Any

import requests

from providers.core.errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    QuotaExceededError,
    RateLimitError,
)
from providers.core.http import json_body
from providers.core.redact import redact

TOOLING = "salesforce"
OAUTH = "salesforce oauth"
V5 = "account engagement"

# Tooling/REST errorCodes a later identical call may get past (reference §3.2, §7.14).
_RETRYABLE_CODES = frozenset({"UNABLE_TO_LOCK_ROW", "UNKNOWN_EXCEPTION", "SERVER_UNAVAILABLE"})
_NOT_FOUND_CODES = frozenset({"NOT_FOUND", "ENTITY_IS_DELETED"})
_DUPLICATE_CODES = frozenset({"DUPLICATE_VALUE", "DUPLICATE_DEVELOPER_NAME"})

# v5 codes (reference §5.4).
V5_CONCURRENCY_LIMIT = 66
V5_DAILY_LIMIT = 122
V5_RETRY = 183
V5_INVALID_TOKEN = 184
V5_BUSINESS_UNIT = 201


def _text(response: requests.Response) -> str:
    return redact(response.text[:200].strip()) or "(empty body)"


def interpret_tooling(response: requests.Response, operation: str) -> Any:
    """Salesforce REST/Tooling: 2xx is success; errors are an array (or, tolerated, one object)."""
    status = response.status_code
    body = json_body(response)
    if 200 <= status < 300:
        return body
    first: dict[str, Any] = {}
    if isinstance(body, list) and body and isinstance(body[0], dict):
        first = body[0]
    elif isinstance(body, dict):
        first = body
    code = str(first.get("errorCode") or "") or None
    message = redact(str(first.get("message") or "")) or _text(response)
    fields = first.get("fields")
    if isinstance(fields, list) and fields:
        message = f"{message} (fields: {', '.join(str(f) for f in fields)})"
    if status == 401 or code == "INVALID_SESSION_ID":
        raise ApiError(TOOLING, message, status=status, code=code or "INVALID_SESSION_ID",
                       operation=operation, auth_expired=True)
    if code == "REQUEST_LIMIT_EXCEEDED":
        raise QuotaExceededError(
            TOOLING,
            f"{message} The org's daily API request allocation is used up; nothing was retried. "
            "Calls succeed again when the rolling 24-hour allocation frees up (Setup > System Overview "
            "shows the usage).",
            status=status, code=code, operation=operation,
        )
    if code in _NOT_FOUND_CODES or (status == 404 and code is None):
        raise NotFoundError(TOOLING, message, status=status, code=code or "NOT_FOUND", operation=operation)
    if code in _DUPLICATE_CODES:
        raise ConflictError(TOOLING, message, status=status, code=code, operation=operation)
    retryable = code in _RETRYABLE_CODES or status in (500, 502, 503, 504)
    raise ApiError(TOOLING, message, status=status, code=code, operation=operation, retryable=retryable)


def interpret_oauth(response: requests.Response, operation: str) -> Any:
    """Token endpoint: 200 with the token body, else ``{error, error_description}`` (HTTP 400)."""
    status = response.status_code
    body = json_body(response)
    if status == 200 and isinstance(body, dict) and body.get("access_token"):
        return body
    if status >= 500:
        raise ApiError(OAUTH, _text(response), status=status, operation=operation, retryable=True)
    error = str(body.get("error")) if isinstance(body, dict) and body.get("error") else None
    description = (
        redact(str(body.get("error_description") or "")) if isinstance(body, dict) else ""
    ) or _text(response)
    hint = _OAUTH_HINTS.get(description.lower(), "")
    raise AuthenticationError(OAUTH, f"{description}{hint}", status=status, code=error or f"HTTP {status}",
                              operation=operation)


_OAUTH_HINTS = {
    "user hasn't approved this consumer": (
        " (pre-authorize the user's profile or permission set for the connected app, or approve it "
        "once with a flow that issues a refresh token)"
    ),
    "audience is invalid": " (check salesforce:loginUrl: login.salesforce.com vs test.salesforce.com)",
    "expired access/refresh token": " (the refresh token was revoked or expired: issue a new one)",
}


def interpret_v5(response: requests.Response, operation: str) -> Any:
    """Account Engagement v5: any 2xx is success (202 may have no body); errors are ``{code, message}``."""
    status = response.status_code
    body = json_body(response)
    if 200 <= status < 300:
        return body
    code_value = body.get("code") if isinstance(body, dict) else None
    try:
        code = int(code_value) if code_value is not None else None
    except (TypeError, ValueError):
        code = None
    message = redact(str(body.get("message") or "")) if isinstance(body, dict) else ""
    message = message or _text(response)
    label = str(code) if code is not None else None
    if code == V5_CONCURRENCY_LIMIT:
        raise RateLimitError(V5, message, status=status, code=label, operation=operation, retryable=True)
    if code == V5_RETRY or (code is None and status >= 500):
        raise ApiError(V5, message, status=status, code=label, operation=operation, retryable=True)
    if code == V5_DAILY_LIMIT:
        raise QuotaExceededError(
            V5, f"{message} The daily Account Engagement API limit is met; it resets the next day in the "
            "business unit's time zone. Nothing was retried.",
            status=status, code=label, operation=operation,
        )
    if code == V5_INVALID_TOKEN or (code is None and status == 401):
        raise ApiError(
            V5, f"{message} (if a fresh token is refused too: the connected app needs the pardot_api scope "
            "and the user must be synced to the business unit)",
            status=status, code=label, operation=operation, auth_expired=True,
        )
    if code == V5_BUSINESS_UNIT:
        message += (" (check the Pardot-Business-Unit-Id and the host: pi.demo.pardot.com for developer orgs "
                    "and sandboxes, pi.pardot.com for production)")
    if status == 404:
        raise NotFoundError(V5, message, status=status, code=label, operation=operation)
    raise ApiError(V5, message, status=status, code=label, operation=operation)
