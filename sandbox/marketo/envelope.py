"""Marketo's response envelope and its errors.

Why HTTP 200 for failures: Marketo reports response-level failures inside a 200 envelope with string
error codes (reference 2.1-2.2); clients must read ``success`` and ``errors``, never the status line.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from starlette.responses import JSONResponse

# Default messages per code (reference 5.1, 5.2); handlers pass a more precise message when useful.
MESSAGES: dict[str, str] = {
    "500": "Internal server error",
    "502": "Bad gateway",
    "601": "Access token invalid",
    "602": "Access token expired",
    "603": "Access denied",
    "604": "Request time-out",
    "605": "HTTP Method not supported",
    "606": "Max rate limit '%s' exceeded with in '%s' secs",
    "607": "Daily quota reached",
    "608": "API Temporarily Unavailable",
    "609": "Invalid JSON",
    "610": "Requested resource not found",
    "611": "System error",
    "612": "Invalid Content Type",
    "613": "Invalid Multipart Request",
    "614": "Invalid Subscription",
    "615": "Concurrent access limit reached",
    "701": "%s cannot be blank",
    "702": "No data found for given search scenario",
    "709": "Business Rule Violation",
    "713": "Transient Error",
    "1001": "Invalid value",
    "1002": "Missing value for required parameter",
    "1003": "Invalid data",
    "1004": "Lead not found",
    "1006": "Field not found",
    "1017": "Object already exists",
    "1022": "Object in use",
    "1027": "Max activity type limit reached",
    "1028": "Max field limit reached",
    "1049": "Failed to create activity",
}

# Calls answered with these codes do not count against the rate limit or quota (reference 5.1 '*').
NOT_COUNTED = frozenset({"601", "602", "604", "605", "608", "611"})

HTTP_PHRASES: dict[int, str] = {
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Request Entity Too Large",
    414: "Request-URI Too Long",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class MarketoError(Exception):
    """A response-level failure: rendered as ``success: false`` with one error."""

    def __init__(self, code: str, message: str | None = None, http_status: int = 200) -> None:
        super().__init__(message or MESSAGES.get(code, "Error"))
        self.code = code
        self.message = message or MESSAGES.get(code, "Error")
        self.http_status = http_status


def request_id(now: float | None = None) -> str:
    """Shaped like Adobe's examples, e.g. ``e42b#14272d07d78`` (random hex # epoch ms in hex)."""
    millis = int((time.time() if now is None else now) * 1000)
    return f"{secrets.token_hex(2)}#{millis:x}"


def success(
    result: list[dict[str, Any]] | None, *, style: str = "spec", now: float | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """``result`` None leaves it out (``ResponseOfVoid``); ``extra`` adds paging keys."""
    body: dict[str, Any] = {"requestId": request_id(now)}
    if result is not None:
        body["result"] = result
    body["success"] = True
    body.update(extra or {})
    if style != "examples":
        body["errors"] = []
        body["warnings"] = []
    return JSONResponse(body)


def failure(
    code: str, message: str | None = None, *, http_status: int = 200, style: str = "spec",
    now: float | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "requestId": request_id(now),
        "success": False,
        "errors": [{"code": code, "message": message or MESSAGES.get(code, "Error")}],
    }
    if style != "examples":
        body["result"] = []
        body["warnings"] = []
    return JSONResponse(body, status_code=http_status)
