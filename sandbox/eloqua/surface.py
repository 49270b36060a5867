"""The Eloqua REST 2.0 surface: ``/id``, OAuth token, external asset types, assets, activities."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from types import ModuleType
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from sandbox.context import SandboxContext
from sandbox.eloqua import activities, assets, assettypes
from sandbox.eloqua.admin import admin_routes
from sandbox.eloqua.auth import authenticate, expire_all, seed_refresh_token, token_endpoint
from sandbox.eloqua.errors import STATUS_TEXT, EloquaError, parameter_error, render
from sandbox.eloqua.identity import id_document
from sandbox.eloqua.query import depth, page_of
from sandbox.eloqua.routing import CaselessRoute, json_object, path_id
from sandbox.eloqua.site import CAMPAIGN, CONTACT, SITE, SITE_ID, seed_site, site
from sandbox.vendor import VendorSurface

REST = "/api/REST/2.0"
_ROUTING_CODES = frozenset({"NOT_FOUND", "METHOD_NOT_ALLOWED"})
Handler = Callable[[Request, dict[str, Any]], Awaitable[Response]]


class EloquaSurface(VendorSurface):
    name = "eloqua"
    prefixes = ("/id", "/api/REST", "/auth/oauth2")

    def __init__(self, ctx: SandboxContext) -> None:
        super().__init__(ctx)
        self._calls: deque[float] = deque()
        self._calls_lock = threading.Lock()

    def owns(self, path: str) -> bool:
        lowered = path.lower()
        return any(lowered == p.lower() or lowered.startswith(p.lower() + "/") for p in self.prefixes)

    # -- hooks ---------------------------------------------------------------------------------
    def seed(self) -> None:
        with self.ctx.store.transaction():
            seed_site(self.ctx)
            doc = site(self.ctx)
            # Published in endpoints.json like the password; the store keeps only its digest.
            doc["seedRefreshToken"] = seed_refresh_token(self.ctx)
            self.ctx.store.put(SITE, SITE_ID, doc)

    def endpoints(self) -> dict[str, Any]:
        doc = site(self.ctx)
        return {
            "login_url": self.base_url,
            "base_url": self.base_url,
            "site": doc["siteName"],
            "user": doc["userName"],
            "password": doc["password"],
            "client_id": doc["clientId"],
            "client_secret": doc["clientSecret"],
            "refresh_token": doc.get("seedRefreshToken"),
            "contacts": [int(c["id"]) for c in self.ctx.store.all(CONTACT)],
            "campaigns": [int(c["id"]) for c in self.ctx.store.all(CAMPAIGN)],
        }

    def error_response(self, status: int, code: str | None, message: str | None) -> Response:
        if status == 400:
            body: Any = [parameter_error("request", code or "SyntaxRequirement", message)]
        elif code in _ROUTING_CODES or not message:  # the router's generic texts: say it as Eloqua does
            body = STATUS_TEXT.get(status, "There was an error.")
        else:
            body = message
        return render(EloquaError(status, body), self.setting("validation_body", "array"))

    def expire_tokens(self) -> None:
        expire_all(self.ctx)

    def enter(self, method: str, path: str) -> Response | None:
        """Oracle publishes no REST rate limit; ``requests_per_second`` (0 = off) turns one on."""
        limit = int(self.setting("requests_per_second", 0))
        if limit <= 0:
            return None
        with self._calls_lock:
            now = time.monotonic()
            while self._calls and now - self._calls[0] >= 1.0:
                self._calls.popleft()
            if len(self._calls) >= limit:
                return self.error_response(429, None, None)
            self._calls.append(now)
        return None

    # -- routes --------------------------------------------------------------------------------
    def _api(self, handler: Handler, *, auth: bool = True) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            try:
                who = authenticate(self.ctx, request) if auth else {}
                return await handler(request, who)
            except EloquaError as exc:
                return render(exc, self.setting("validation_body", "array"))
        return endpoint

    async def _body(self, request: Request) -> dict[str, Any]:
        return await json_object(request, int(self.setting("max_body_bytes", 1_048_576)))

    def _collection(self, kind: ModuleType) -> tuple[Handler, Handler, Handler]:
        """Create, one (GET/PUT/DELETE) and list handlers for a stored asset kind.

        ``kind`` is a module with ``KIND`` and ``create/get/update/delete/render``: external
        asset types and external assets share Eloqua's asset verbs and status codes.
        """
        ctx = self.ctx

        async def create(request: Request, who: dict[str, Any]) -> Response:
            body = await self._body(request)
            with ctx.store.transaction():
                doc = kind.create(ctx, body, who["userName"])
            return JSONResponse(kind.render(doc, "complete"), status_code=201)

        async def one(request: Request, who: dict[str, Any]) -> Response:
            id_ = path_id(request)
            if request.method == "GET":
                return JSONResponse(kind.render(kind.get(ctx, id_), depth(request, "complete")))
            if request.method == "DELETE":
                with ctx.store.transaction():
                    kind.delete(ctx, id_)
                return Response(status_code=200)
            body = await self._body(request)
            with ctx.store.transaction():
                doc = kind.update(ctx, id_, body, who["userName"])
            return JSONResponse(kind.render(doc, "complete"))

        async def listing(request: Request, who: dict[str, Any]) -> Response:
            return JSONResponse(page_of(request, ctx.store.all(kind.KIND), kind.render))

        return create, one, listing

    def routes(self) -> list[BaseRoute]:
        ctx = self.ctx

        async def identity(request: Request) -> Response:
            try:
                doc = authenticate(ctx, request)
            except EloquaError as exc:
                if exc.status != 401:  # e.g. 403: the user lacks the API permission
                    return render(exc)
                # Clients check for this exact body; the status is a parity switch.
                return JSONResponse("Not authenticated.", status_code=int(self.setting("id_failure_status", 200)))
            return JSONResponse(id_document(self.base_url, doc))

        async def token(request: Request) -> Response:
            return await token_endpoint(ctx, request)

        create_type, one_type, list_types = self._collection(assettypes)
        create_asset, one_asset, list_assets = self._collection(assets)

        async def create_activity(request: Request, who: dict[str, Any]) -> Response:
            body = await self._body(request)
            with ctx.store.transaction():
                doc = activities.create(ctx, body, who["userName"])
            return JSONResponse(activities.render(doc), status_code=201)

        async def one_activity(request: Request, who: dict[str, Any]) -> Response:
            return JSONResponse(activities.render(activities.get(ctx, path_id(request))))

        async def wrong_method(request: Request) -> Response:
            """Keeps ``DELETE .../external/types`` from reading ``types`` as an asset id."""
            return self.error_response(405, "METHOD_NOT_ALLOWED", None)

        others = ["POST", "PUT", "DELETE", "PATCH"]
        return [
            CaselessRoute(f"{REST}/assets/external/types", wrong_method, methods=others),
            CaselessRoute(f"{REST}/assets/externals", wrong_method, methods=others),
            CaselessRoute("/id", identity, methods=["GET"]),
            CaselessRoute("/auth/oauth2/token", token, methods=["POST"]),
            CaselessRoute(f"{REST}/assets/external/type", self._api(create_type), methods=["POST"]),
            CaselessRoute(f"{REST}/assets/external/type/{{id}}", self._api(one_type), methods=["GET", "PUT", "DELETE"]),
            CaselessRoute(f"{REST}/assets/external/types", self._api(list_types), methods=["GET"]),
            CaselessRoute(f"{REST}/assets/externals", self._api(list_assets), methods=["GET"]),
            CaselessRoute(f"{REST}/assets/external", self._api(create_asset), methods=["POST"]),
            CaselessRoute(f"{REST}/assets/external/{{id}}", self._api(one_asset), methods=["GET", "PUT", "DELETE"]),
            CaselessRoute(f"{REST}/data/activity", self._api(create_activity), methods=["POST"]),
            CaselessRoute(f"{REST}/data/activity/{{id}}", self._api(one_activity), methods=["GET"]),
        ]

    def admin_routes(self) -> list[BaseRoute]:
        return admin_routes(self.ctx)
