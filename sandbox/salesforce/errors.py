"""The three error shapes of the Salesforce side (account-engagement.md §3.2, §4.3, §5.4).

Why one module: the REST array, the OAuth object and the AE v5 object are each rendered from
one place, so injected faults and handler errors look the same.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

REST_DEFAULTS: dict[str, tuple[int, str]] = {
    "INVALID_SESSION_ID": (401, "Session expired or invalid"),
    "REQUEST_LIMIT_EXCEEDED": (403, "TotalRequests Limit exceeded."),
    "API_DISABLED_FOR_ORG": (403, "The REST API is not enabled for this Organization."),
    "NOT_FOUND": (404, "The requested resource does not exist"),
    "METHOD_NOT_ALLOWED": (405, "HTTP Method not allowed"),
    "UNABLE_TO_LOCK_ROW": (400, "unable to obtain exclusive access to this record or 1 records"),
    "UNKNOWN_EXCEPTION": (500, "An unexpected error occurred. Please include this ErrorId if you "
                               "contact support: 1234567890-12345 (-1234567890)"),
    "SERVER_UNAVAILABLE": (503, "Server unavailable, please try again"),
}
STATUS_DEFAULT_CODES: dict[int, str] = {
    401: "INVALID_SESSION_ID",
    403: "REQUEST_LIMIT_EXCEEDED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    500: "UNKNOWN_EXCEPTION",
    503: "SERVER_UNAVAILABLE",
}

OAUTH_DEFAULTS: dict[str, str] = {
    "invalid_grant": "authentication failure",
    "invalid_client_id": "client identifier invalid",
    "invalid_client": "invalid client credentials",
    "unsupported_grant_type": "grant type not supported",
    "invalid_request": "invalid request",
    "rate_limit_exceeded": "rate limit exceeded",
    "inactive_user": "user is inactive",
    "inactive_org": "organization is locked, closed, or suspended",
}

V5_MESSAGES: dict[int, str] = {
    4: "Invalid prospect email address",
    13: "Required parameter is missing",
    46: "Access denied: the API user lacks the required permission",
    49: "Access denied",
    60: "Invalid HTTP method for this endpoint",
    66: "This API user has exceeded the concurrent request limit. Wait and retry.",
    92: "Prospect record not found",
    109: "The requested record was not found",
    122: "Daily API rate limit met. The limit resets the next day.",
    150: "Input needs to be valid JSON",
    151: "Unsupported Content-Type",
    152: "Request body is empty",
    153: "Missing required property in request body",
    154: "Invalid property value in request body",
    180: "Fields not valid for this operation",
    181: "Required header is missing",
    182: "Invalid header value",
    183: "Internal error, retry",
    184: "access_token is invalid, unknown, or malformed: Inactive token",
    198: "Endpoint not found",
    201: "Invalid Business Unit ID: not found or not active",
}
V5_STATUS: dict[int, int] = {
    4: 400, 13: 400, 46: 403, 49: 403, 60: 405, 66: 429, 92: 404, 109: 404, 122: 429, 150: 400,
    151: 400, 152: 400, 153: 400, 154: 400, 180: 400, 181: 400, 182: 400, 183: 500, 184: 401,
    198: 404, 201: 400,
}
_V5_BY_NAME = {"NOT_FOUND": 198, "METHOD_NOT_ALLOWED": 60}


def rest_error(status: int, code: str, message: str, fields: list[str] | None = None,
               headers: dict[str, str] | None = None) -> Response:
    """A Salesforce REST error: a JSON array of ``{message, errorCode[, fields]}``."""
    item: dict[str, Any] = {"message": message, "errorCode": code}
    if fields is not None:
        item["fields"] = fields
    all_headers = dict(headers or {})
    if status == 401:
        all_headers.setdefault("WWW-Authenticate", "Token")
    return JSONResponse([item], status_code=status, headers=all_headers)


def oauth_error(error: str, description: str | None = None, status: int = 400) -> Response:
    return JSONResponse(
        {"error": error, "error_description": description or OAUTH_DEFAULTS.get(error, error)},
        status_code=status,
    )


def v5_error(code: int, detail: str | None = None, status: int | None = None) -> Response:
    """An AE v5 error ``{code, message}``; ``detail`` is appended to the code's message."""
    base = V5_MESSAGES.get(code, "Error")
    message = f"{base}: {detail}" if detail else base
    return JSONResponse({"code": code, "message": message}, status_code=status or V5_STATUS.get(code, 400))


def is_oauth_code(code: str | None) -> bool:
    """OAuth error codes are lower snake case; Salesforce REST codes are upper case."""
    return bool(code) and code == code.lower() and not code.isdigit()  # type: ignore[union-attr]


def render_fault(status: int, code: str | None, message: str | None) -> Response:
    """Faults and generic errors on the Salesforce surface (REST array, or OAuth for oauth codes)."""
    if code and is_oauth_code(code):
        return oauth_error(code, message, status)
    code = code or STATUS_DEFAULT_CODES.get(status, "UNKNOWN_EXCEPTION")
    default_message = REST_DEFAULTS.get(code, (status, code))[1]
    if code == "METHOD_NOT_ALLOWED" and message:
        default_message = message
    return rest_error(status, code, message or default_message)


def render_v5_fault(status: int, code: str | None, message: str | None) -> Response:
    """Faults and generic errors on the AE v5 surface; non-numeric codes map to the nearest code."""
    if code and code.isdigit():
        number = int(code)
    elif code in _V5_BY_NAME:
        number = _V5_BY_NAME[code or ""]
    else:
        number = 183 if status >= 500 else 49 if status in (401, 403) else 198 if status == 404 else 154
    body = {"code": number, "message": message or V5_MESSAGES.get(number, "Error")}
    return JSONResponse(body, status_code=status)
