"""Turns Marketo answers into bodies or errors: almost every failure is HTTP 200 with a code.

``marketo.md`` 2.1/2.2 and 5.1: ``{"success": false, "errors": [{"code": "606", ...}]}``, codes
are strings; 601/602 mean "fetch a token again"; 606, 615, 604, 608, 713 (and 502) are retried
with backoff; 607 is the daily quota and is never retried. The identity endpoint answers bad
credentials with HTTP 401 and a Spring-OAuth body.
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

VENDOR = "marketo"

AUTH_EXPIRED_CODES = frozenset({"601", "602"})
THROTTLE_CODES = frozenset({"606", "615"})
TRANSIENT_CODES = frozenset({"502", "604", "608", "713"})
QUOTA_CODE = "607"
NOT_FOUND_CODES = frozenset({"610", "702", "1013"})
CONFLICT_CODES = frozenset({"1017"})
IN_USE_CODE = "1022"
TYPE_LIMIT_CODE = "1027"
ATTRIBUTE_LIMIT_CODE = "1028"


def _first_error(body: Any) -> tuple[str | None, str]:
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        code = first.get("code")
        message = "; ".join(str(e.get("message", "")) for e in errors if isinstance(e, dict))
        return (str(code) if code is not None else None), message
    return None, ""


def error_for(code: str | None, message: str, *, status: int | None, operation: str) -> ApiError:
    """The one ApiError subclass a Marketo error code stands for, with retry flags set."""
    message = redact(message or "no message")
    kwargs: dict[str, Any] = {"status": status, "code": code, "operation": operation}
    if code in AUTH_EXPIRED_CODES:
        return ApiError(VENDOR, message, auth_expired=True, **kwargs)
    if code in THROTTLE_CODES:
        return RateLimitError(VENDOR, message, retryable=True, **kwargs)
    if code in TRANSIENT_CODES:
        return ApiError(VENDOR, message, retryable=True, **kwargs)
    if code == QUOTA_CODE:
        return QuotaExceededError(
            VENDOR,
            f"{message} - the daily API quota of this Marketo instance is used up; it resets at "
            "00:00 US Central time. Nothing was retried; run again after the reset or ask Adobe "
            "for a higher quota",
            **kwargs,
        )
    if code in NOT_FOUND_CODES:
        return NotFoundError(VENDOR, message, **kwargs)
    if code in CONFLICT_CODES:
        return ConflictError(VENDOR, message, **kwargs)
    if code is None and status is not None and status >= 500:
        return ApiError(VENDOR, message, retryable=True, **kwargs)
    return ApiError(VENDOR, message, **kwargs)


def interpret_rest(response: requests.Response, operation: str) -> Any:
    """The envelope of a successful REST call, or the error it carries."""
    body = json_body(response)
    code, message = _first_error(body)
    if code is not None or (isinstance(body, dict) and body.get("success") is False):
        raise error_for(code, message, status=response.status_code, operation=operation)
    if response.status_code >= 400:
        text = {413: "request body larger than 1 MB", 414: "request URI longer than 8 KB"}.get(
            response.status_code, f"HTTP {response.status_code}"
        )
        raise error_for(None, text, status=response.status_code, operation=operation)
    if not isinstance(body, dict) or body.get("success") is not True:
        raise ApiError(VENDOR, "answer is not a Marketo envelope", status=response.status_code,
                       operation=operation)
    return body


def interpret_identity(response: requests.Response, operation: str) -> Any:
    """``/identity/oauth/token``: a token document, or refused credentials (HTTP 401)."""
    body = json_body(response)
    if response.status_code in (400, 401, 403):
        detail = ""
        if isinstance(body, dict):
            detail = str(body.get("error_description") or body.get("error") or "")
        raise AuthenticationError(
            VENDOR,
            redact(f"client id/secret refused ({detail or 'no detail'}); check marketo:clientId and "
                   "marketo:clientSecret (Admin > LaunchPoint > View Details)"),
            status=response.status_code, operation=operation,
        )
    if response.status_code >= 500:
        raise ApiError(VENDOR, f"HTTP {response.status_code}", status=response.status_code,
                       operation=operation, retryable=True)
    if not isinstance(body, dict) or not body.get("access_token"):
        code, message = _first_error(body)
        raise error_for(code, message or "no access_token in the answer", status=response.status_code,
                        operation=operation)
    return body

