"""Routes matched case-insensitively, and the request parsing every Eloqua handler shares.

Why case-insensitive: Oracle's own pages and cURL examples mix ``/api/REST/2.0``,
``/api/rest/2.0`` and ``/API/REST/2.0`` (eloqua.md 1.2), and clients copy them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.eloqua.errors import EloquaError, parameter_error

Endpoint = Callable[[Request], Awaitable[Response]]


class CaselessRoute(Route):
    def __init__(self, path: str, endpoint: Endpoint, methods: list[str]) -> None:
        super().__init__(path, endpoint, methods=methods)
        self.path_regex = re.compile(self.path_regex.pattern, re.IGNORECASE)


def path_id(request: Request, name: str = "id") -> str:
    """A numeric path id (the spec types them ``integer``); anything else is a 400."""
    raw = str(request.path_params[name])
    if not raw.isdigit() or int(raw) <= 0:
        raise EloquaError(400, [parameter_error(name, "IdRequirement", raw, isRelativeAllowed=False)])
    return str(int(raw))


async def json_object(request: Request, max_bytes: int) -> dict[str, Any]:
    """The body of a POST/PUT: JSON object, ``application/json``, at most ``max_bytes``."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise EloquaError(400, [parameter_error("Content-Type", "ContentRequirement", content_type or None)])
    raw = await request.body()
    if len(raw) > max_bytes:
        raise EloquaError(413, "Request entity too large.")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise EloquaError(400, [parameter_error("body", "SyntaxRequirement", raw[:100].decode("utf-8", "replace"))]) \
            from None
    if not isinstance(body, dict):
        raise EloquaError(400, [parameter_error("body", "SyntaxRequirement", type(body).__name__)])
    return body


def query_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.lstrip("-").isdigit() or not low <= int(raw) <= high:
        raise EloquaError(400, [parameter_error(name, "IntegerRequirement", raw, minimum=low, maximum=high)])
    return int(raw)
