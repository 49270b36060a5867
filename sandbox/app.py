"""Assembles the sandbox's ASGI app from the vendor surfaces."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from sandbox.context import SandboxContext
from sandbox.control import control_routes
from sandbox.middleware import VendorMiddleware, surface_for
from sandbox.vendor import VendorSurface

SurfaceFactory = Callable[[SandboxContext], VendorSurface]


def default_surfaces() -> list[SurfaceFactory]:
    """Every vendor the sandbox speaks. Imported here only: vendors never import each other."""
    factories: list[SurfaceFactory] = []
    try:
        from sandbox.salesforce import AccountEngagementSurface, SalesforceSurface
        factories += [SalesforceSurface, AccountEngagementSurface]
    except ImportError:  # pragma: no cover - vendor not built yet
        pass
    try:
        from sandbox.marketo import MarketoSurface
        factories.append(MarketoSurface)
    except ImportError:  # pragma: no cover
        pass
    try:
        from sandbox.eloqua import EloquaSurface
        factories.append(EloquaSurface)
    except ImportError:  # pragma: no cover
        pass
    return factories


def build_app(ctx: SandboxContext, factories: Sequence[SurfaceFactory] | None = None) -> Starlette:
    surfaces = [factory(ctx) for factory in (factories if factories is not None else default_surfaces())]
    for surface in surfaces:
        if not ctx.store.kinds(f"{surface.name}/"):
            surface.seed()

    async def http_error(request: Request, exc: Exception) -> Response:
        """Unknown paths and wrong methods answer in the owning vendor's error shape."""
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        surface = surface_for(surfaces, request.url.path)
        if surface is None:
            return JSONResponse({"error": "not found"}, status_code=status)
        path = request.url.path
        if status == 405:
            return surface.error_response_for(
                path, 405, "METHOD_NOT_ALLOWED", f"HTTP Method '{request.method}' not allowed"
            )
        return surface.error_response_for(path, status, "NOT_FOUND", "The requested resource does not exist")

    routes: list[BaseRoute] = control_routes(ctx, surfaces)
    for surface in surfaces:
        routes.extend(surface.routes())
    app = Starlette(
        routes=routes,
        middleware=[Middleware(VendorMiddleware, ctx=ctx, surfaces=surfaces)],
        exception_handlers={404: http_error, 405: http_error},
    )
    app.state.surfaces = surfaces
    app.state.ctx = ctx
    return app
