"""The ASGI layer in front of every vendor route: request log, faults, latency, limits, 500s.

Why pure ASGI rather than Starlette's BaseHTTPMiddleware: dropping a connection needs control of
the raw ``send`` channel (a started response followed by an exception makes uvicorn close the
socket without completing it, which a client sees as a broken connection).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sandbox.context import SandboxContext
from sandbox.vendor import VendorSurface

log = logging.getLogger("sandbox")


class ConnectionDropped(Exception):
    """Raised after a started response so that the server closes the socket mid-answer."""


def surface_for(surfaces: Sequence[VendorSurface], path: str) -> VendorSurface | None:
    for surface in surfaces:
        if surface.owns(path):
            return surface
    return None


def endpoint_of(scope: Scope) -> str:
    route = scope.get("route")
    template = getattr(route, "path", None) or scope.get("path", "")
    if len(template) > 1:
        template = template.rstrip("/")  # /x and /x/ are one endpoint (both served: no redirect)
    return f"{scope.get('method', '')} {template}"


class VendorMiddleware:
    def __init__(self, app: ASGIApp, ctx: SandboxContext, surfaces: Sequence[VendorSurface]) -> None:
        self.app = app
        self.ctx = ctx
        self.surfaces = surfaces

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        surface = surface_for(self.surfaces, path)
        if surface is None:
            await self.app(scope, receive, send)
            return
        method: str = scope["method"]
        status_seen: dict[str, Any] = {"status": 0, "started": False}

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_seen["status"] = message["status"]
                status_seen["started"] = True
            await send(message)

        try:
            await self._serve(surface, scope, receive, recording_send, method, path)
        except ConnectionDropped:
            status_seen["status"] = 0  # the log says "dropped", whatever status line went out
            raise
        finally:
            self.ctx.log.record(
                vendor=surface.name,
                method=method,
                path=path,
                endpoint=endpoint_of(scope),
                status=status_seen["status"],
            )

    async def _serve(
        self, surface: VendorSurface, scope: Scope, receive: Receive, send: Send, method: str, path: str
    ) -> None:
        fault = self.ctx.faults.take(surface.name, method, path)
        steady = self.ctx.faults.latency_ms.get(surface.name, 0)
        refusal = surface.enter(method, path)
        try:
            if steady:
                await asyncio.sleep(steady / 1000)
            if fault and fault.latency_ms:
                await asyncio.sleep(fault.latency_ms / 1000)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
            if fault and fault.action == "status":
                await surface.error_response_for(path, fault.status or 500, fault.code, fault.message)(
                    scope, receive, send
                )
                return
            if fault and fault.action == "drop":
                await self._drop(send)
            if fault and fault.action == "drop_after":
                await self._run_handler(surface, scope, receive, _swallow)
                await self._drop(send)
            await self._run_handler(surface, scope, receive, send)
        finally:
            surface.leave(method, path)

    async def _run_handler(self, surface: VendorSurface, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except ConnectionDropped:
            raise
        except Exception:
            # The sandbox never answers with a traceback: log it here, answer in the vendor's shape.
            log.exception("unexpected error in %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise ConnectionDropped() from None
            await surface.error_response_for(scope["path"], 500, None, None)(scope, receive, send)

    @staticmethod
    async def _drop(send: Send) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")]})
        await send({"type": "http.response.body", "body": b"{", "more_body": True})
        raise ConnectionDropped()


async def _swallow(message: Message) -> None:
    """A ``send`` that discards the answer of a request whose response is to be lost."""
