"""The control surface, ``/_sandbox/...``: state, reset, faults, latency, tokens, request log.

It is separate from the vendor paths and not counted in the request log. Vendor-specific admin
operations (rename, deactivate, add an attribute...) are mounted under ``/_sandbox/<vendor>/``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from sandbox.context import SandboxContext
from sandbox.faults import Fault
from sandbox.vendor import VendorSurface


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    body = json.loads(raw)
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def control_routes(ctx: SandboxContext, surfaces: Sequence[VendorSurface]) -> list[BaseRoute]:
    by_name = {s.name: s for s in surfaces}

    def vendor_param(request: Request) -> str | None:
        vendor = request.query_params.get("vendor")
        if vendor is not None and vendor not in by_name:
            raise KeyError(vendor)
        return vendor

    async def endpoints(request: Request) -> Response:
        return JSONResponse(build_endpoints(ctx, surfaces))

    async def state(request: Request) -> Response:
        try:
            vendor = vendor_param(request)
        except KeyError as exc:
            return _error(404, f"unknown vendor {exc}")
        return JSONResponse(ctx.store.dump(vendor))

    async def reset(request: Request) -> Response:
        try:
            vendor = vendor_param(request)
        except KeyError as exc:
            return _error(404, f"unknown vendor {exc}")
        ctx.store.reset(vendor)
        ctx.faults.clear()
        if vendor is None:
            ctx.clock.offset = 0.0  # a full reset also undoes clock moves (token expiry, quotas)
        for surface in surfaces:
            if vendor in (None, surface.name):
                surface.seed()
        return JSONResponse({"reset": vendor or "all", "endpoints": build_endpoints(ctx, surfaces)})

    async def requests_log(request: Request) -> Response:
        if request.method == "DELETE":
            ctx.log.clear()
            return Response(status_code=204)
        since = int(request.query_params.get("since", "0"))
        return JSONResponse(ctx.log.summary(since))

    async def faults(request: Request) -> Response:
        if request.method == "DELETE":
            ctx.faults.clear()
            return Response(status_code=204)
        if request.method == "GET":
            return JSONResponse(ctx.faults.pending())
        try:
            body = await _json_body(request)
            if body.get("vendor") not in by_name:
                return _error(400, f"'vendor' must be one of {sorted(by_name)}")
            fault = ctx.faults.add(Fault(**body))
        except (TypeError, ValueError) as exc:
            return _error(400, str(exc))
        return JSONResponse({"id": fault.id}, status_code=201)

    async def latency(request: Request) -> Response:
        if request.method == "PUT":
            try:
                body = await _json_body(request)
                for vendor, ms in body.items():
                    if vendor not in by_name:
                        return _error(400, f"unknown vendor {vendor!r}")
                    ctx.faults.latency_ms[vendor] = int(ms)
            except (TypeError, ValueError) as exc:
                return _error(400, str(exc))
        return JSONResponse(ctx.faults.latency_ms)

    async def expire_tokens(request: Request) -> Response:
        try:
            vendor = vendor_param(request)
        except KeyError as exc:
            return _error(404, f"unknown vendor {exc}")
        for surface in surfaces:
            if vendor in (None, surface.name):
                surface.expire_tokens()
        return JSONResponse({"expired": vendor or "all"})

    async def advance_clock(request: Request) -> Response:
        body = await _json_body(request)
        ctx.clock.advance(float(body.get("seconds", 0)))
        return JSONResponse({"offset": ctx.clock.offset})

    async def settings(request: Request) -> Response:
        vendor = request.path_params["vendor"]
        if vendor not in by_name:
            return _error(404, f"unknown vendor {vendor!r}")
        if request.method == "PUT":
            for key, value in (await _json_body(request)).items():
                ctx.set_setting(vendor, key, value)
        prefix = f"{vendor}/"
        dumped = {k[len(prefix):]: v for k, v in _all_settings(ctx).items() if k.startswith(prefix)}
        return JSONResponse(dumped)

    routes: list[BaseRoute] = [
        Route("/_sandbox/endpoints", endpoints, methods=["GET"]),
        Route("/_sandbox/state", state, methods=["GET"]),
        Route("/_sandbox/reset", reset, methods=["POST"]),
        Route("/_sandbox/requests", requests_log, methods=["GET", "DELETE"]),
        Route("/_sandbox/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/_sandbox/latency", latency, methods=["GET", "PUT"]),
        Route("/_sandbox/tokens/expire", expire_tokens, methods=["POST"]),
        Route("/_sandbox/clock/advance", advance_clock, methods=["POST"]),
        Route("/_sandbox/settings/{vendor}", settings, methods=["GET", "PUT"]),
    ]
    for surface in surfaces:
        admin = surface.admin_routes()
        if admin:
            routes.append(Mount(f"/_sandbox/{surface.name}", routes=admin))
    return routes


def _all_settings(ctx: SandboxContext) -> dict[str, Any]:
    with ctx.store._lock:  # settings are few; read them in one go
        rows = ctx.store._db.execute("SELECT key, value FROM settings").fetchall()
    return {k: json.loads(v) for k, v in rows}


def build_endpoints(ctx: SandboxContext, surfaces: Sequence[VendorSurface]) -> dict[str, Any]:
    """The content of ``endpoints.json``."""
    doc: dict[str, Any] = {"control": f"{ctx.base_url}/_sandbox", "base_url": ctx.base_url,
                           "ca_bundle": ctx.ca_bundle}
    for surface in surfaces:
        doc[surface.name] = surface.endpoints()
    return doc
