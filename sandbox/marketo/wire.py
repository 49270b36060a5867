"""What every Marketo REST call goes through: URI and body limits, the token, JSON parsing, the envelope.

Why one wrapper: the order of checks decides which error a client sees (size limits, then the token,
then content type and JSON, then the endpoint's own rules), and it must be the same everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from sandbox.context import SandboxContext
from sandbox.marketo.envelope import NOT_COUNTED, MarketoError, failure, success
from sandbox.marketo.identity import Identity
from sandbox.marketo.limits import CallLimits
from sandbox.marketo.settings import DEFAULTS

Handler = Callable[[Request, dict[str, Any]], list[dict[str, Any]]]
DocHandler = Callable[[Request], dict[str, Any]]
Endpoint = Callable[[Request], Awaitable[Response]]


class Wire:
    def __init__(self, ctx: SandboxContext, vendor: str, identity: Identity, limits: CallLimits) -> None:
        self.ctx = ctx
        self.vendor = vendor
        self.identity = identity
        self.limits = limits

    def setting(self, name: str) -> Any:
        return self.ctx.setting(self.vendor, name, DEFAULTS[name])

    def error(self, exc: MarketoError) -> Response:
        if exc.code in NOT_COUNTED:
            self.limits.refund()
        return failure(exc.code, exc.message, http_status=exc.http_status, style=str(self.setting("envelope")),
                       now=self.ctx.clock.now())

    def endpoint(self, handler: Handler, *, body: bool) -> Endpoint:
        """Wrap ``handler(request, json_body) -> result list`` into an ASGI endpoint."""

        async def serve(request: Request) -> Response:
            try:
                raw = await self._read(request)
                self.identity.authenticate(request)
                payload = self._parse(request, raw) if body else {}
                result = handler(request, payload)
            except MarketoError as exc:
                return self.error(exc)
            return success(result, style=str(self.setting("envelope")), now=self.ctx.clock.now())

        return serve

    def paged_endpoint(self, handler: DocHandler) -> Endpoint:
        """A GET whose answer carries paging keys: ``handler`` returns ``result`` (optional) + extras."""

        async def serve(request: Request) -> Response:
            try:
                await self._read(request)
                self.identity.authenticate(request)
                doc = dict(handler(request))
            except MarketoError as exc:
                return self.error(exc)
            result = doc.pop("result", None)
            return success(result, style=str(self.setting("envelope")), now=self.ctx.clock.now(), extra=doc)

        return serve

    async def _read(self, request: Request) -> bytes:
        target = request.url.path + ("?" + request.url.query if request.url.query else "")
        if len(target.encode()) > int(self.setting("max_uri_bytes")):
            raise MarketoError("414", "Request-URI Too Long", http_status=414)
        raw = await request.body()
        if len(raw) > int(self.setting("max_body_bytes")):
            raise MarketoError("413", "Request Entity Too Large", http_status=413)
        return raw

    @staticmethod
    def _parse(request: Request, raw: bytes) -> dict[str, Any]:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            raise MarketoError("612", f"Invalid Content Type: send 'Content-Type: application/json', got "
                                      f"'{content_type or 'none'}'")
        try:
            doc = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise MarketoError("609", "Invalid JSON") from None
        if not isinstance(doc, dict):
            raise MarketoError("609", "Invalid JSON: the request body must be a JSON object")
        return doc
