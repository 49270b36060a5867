"""Eloqua's error shapes: typed validation bodies on 400 (and 409), a status message otherwise.

Why a JSON string for non-validation errors: Eloqua documents only the status line texts
(``404 The requested resource was not found.``) and answers ``/id`` failures with the JSON string
``"Not authenticated."``; the sandbox answers every other error the same way (docs/sandbox/eloqua.md).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

STATUS_TEXT: dict[int, str] = {
    400: "There was a validation error.",
    401: "Not authenticated.",
    403: "This service has not been enabled for your site.",
    404: "The requested resource was not found.",
    405: "The requested HTTP method is not allowed for this resource.",
    409: "There was a conflict.",
    412: "The resource you are attempting to delete has dependencies, and cannot be deleted",
    413: "Storage space exceeded.",
    429: "Too Many Requests",
    500: "The service has encountered an error.",
    502: "Bad Gateway",
    503: "There was a timeout processing the request.",
}


class EloquaError(Exception):
    """Raised by handlers; rendered by :func:`render`. ``body`` None means the status text."""

    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


def object_error(object_type: str, prop: str, requirement: str, value: Any, **extra: Any) -> dict[str, Any]:
    """One ``ObjectValidationError`` as Eloqua writes it (Adobe's reproduction of a real body)."""
    return {
        "type": "ObjectValidationError",
        "container": {"type": "ObjectKey", "objectType": object_type},
        "property": prop,
        "requirement": {"type": requirement, **extra},
        "value": "<null>" if value is None else str(value),
    }


def parameter_error(parameter: str, requirement: str, value: Any, **extra: Any) -> dict[str, Any]:
    """An ``EndpointParameterError`` (bad path id, bad query parameter, unreadable body)."""
    return {
        "type": "EndpointParameterError",
        "parameter": parameter,
        "requirement": {"type": requirement, **extra},
        "value": "<null>" if value is None else str(value)[:200],
    }


def invalid(*errors: dict[str, Any], status: int = 400) -> EloquaError:
    return EloquaError(status, list(errors))


def not_found() -> EloquaError:
    return EloquaError(404)


def render(error: EloquaError, validation_shape: str = "array") -> Response:
    body = error.body
    if body is None:
        body = STATUS_TEXT.get(error.status, "There was an error.")
    elif isinstance(body, list) and validation_shape == "object" and len(body) == 1:
        body = body[0]
    return JSONResponse(body, status_code=error.status, headers=error.headers)
