"""``/_sandbox/eloqua/...``: what an admin does in Eloqua's UI, for the drift tests.

Admin changes bypass the API's dependency rules (an admin may delete a type that still has assets).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox.context import SandboxContext
from sandbox.eloqua import activities, assets, assettypes
from sandbox.eloqua.errors import EloquaError
from sandbox.eloqua.rules import now
from sandbox.eloqua.site import SITE, SITE_ID, site

ADMIN_USER = "admin.ui"


def admin_routes(ctx: SandboxContext) -> list[BaseRoute]:
    def wrap(fn: Callable[[Request, dict[str, Any]], Awaitable[Any]]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            raw = await request.body()
            try:
                body = json.loads(raw) if raw else {}
                if not isinstance(body, dict):
                    raise ValueError("the body must be a JSON object")
                with ctx.store.transaction():
                    result = await fn(request, body)
            except EloquaError as exc:
                return JSONResponse({"error": exc.body or f"HTTP {exc.status}"}, status_code=exc.status)
            except (ValueError, KeyError, TypeError) as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
            return JSONResponse(result)
        return endpoint

    async def create_type(request: Request, body: dict[str, Any]) -> Any:
        """An unmanaged asset type, made in the UI: ``{"name", "activityTypes": [names]}``."""
        payload = {"name": body["name"], "description": body.get("description"),
                   "activityTypes": [{"name": n} for n in body.get("activityTypes", [])]}
        return assettypes.create(ctx, payload, ADMIN_USER)

    async def edit_type(request: Request, body: dict[str, Any]) -> Any:
        doc = assettypes.get(ctx, request.path_params["id"])
        if request.method == "DELETE":
            for asset in [a for a in ctx.store.all(assets.KIND) if a["externalAssetTypeId"] == doc["id"]]:
                ctx.store.delete(assets.KIND, asset["id"])
            ctx.store.delete(assettypes.KIND, doc["id"])
            return {"deleted": doc["id"]}
        for key in ("name", "description"):
            if key in body:
                doc[key] = body[key]
        doc["updatedAt"], doc["updatedBy"] = now(ctx), ADMIN_USER
        return ctx.store.put(assettypes.KIND, doc["id"], doc)

    async def add_activity_type(request: Request, body: dict[str, Any]) -> Any:
        doc = assettypes.get(ctx, request.path_params["id"])
        items = [{"id": a["id"], "name": a["name"], "description": a.get("description")}
                 for a in doc["activityTypes"]] + [{"name": body["name"]}]
        return assettypes.update(ctx, doc["id"], {"name": doc["name"], "description": doc.get("description"),
                                                  "activityTypes": items}, ADMIN_USER)

    async def edit_activity_type(request: Request, body: dict[str, Any]) -> Any:
        doc = assettypes.get(ctx, request.path_params["id"])
        target = request.path_params["activity_type_id"]
        match = [a for a in doc["activityTypes"] if a["id"] == target]
        if not match:
            raise EloquaError(404)
        if request.method == "DELETE":
            doc["activityTypes"] = [a for a in doc["activityTypes"] if a["id"] != target]
        else:
            match[0]["name"] = body["name"]
            match[0]["updatedAt"], match[0]["updatedBy"] = now(ctx), ADMIN_USER
        doc["updatedAt"], doc["updatedBy"] = now(ctx), ADMIN_USER
        return ctx.store.put(assettypes.KIND, doc["id"], doc)

    async def create_asset(request: Request, body: dict[str, Any]) -> Any:
        """An unmanaged asset, made in the UI: ``{"name", "assetTypeId", "description"?}``."""
        payload = {"name": body["name"], "externalAssetTypeId": str(body["assetTypeId"]),
                   "description": body.get("description")}
        return assets.create(ctx, payload, ADMIN_USER)

    async def edit_asset(request: Request, body: dict[str, Any]) -> Any:
        doc = assets.get(ctx, request.path_params["id"])
        if request.method == "DELETE":
            ctx.store.delete(assets.KIND, doc["id"])
            return {"deleted": doc["id"]}
        for key in ("name", "description"):
            if key in body:
                doc[key] = body[key]
        doc["updatedAt"], doc["updatedBy"] = now(ctx), ADMIN_USER
        return ctx.store.put(assets.KIND, doc["id"], doc)

    async def add_activities(request: Request, body: dict[str, Any]) -> Any:
        """``count`` activities of one activity type, as a connected app would have recorded."""
        contact = body.get("contactId") or site_contact(ctx)
        created = []
        for i in range(int(body.get("count", 1))):
            payload = {"name": body.get("name", f"{body['assetName']} {i + 1}"), "assetName": body["assetName"],
                       "assetType": body["assetType"], "activityType": body["activityType"],
                       "activityDate": body.get("activityDate", now(ctx)), "contactId": contact}
            created.append(activities.create(ctx, payload, ADMIN_USER)["id"])
        return {"ids": created}

    async def edit_site(request: Request, body: dict[str, Any]) -> Any:
        doc = site(ctx)
        if "apiEnabled" in body:
            doc["apiEnabled"] = bool(body["apiEnabled"])
        ctx.store.put(SITE, SITE_ID, doc)
        return {"apiEnabled": doc["apiEnabled"]}

    return [
        Route("/asset-types", wrap(create_type), methods=["POST"]),
        Route("/asset-types/{id}", wrap(edit_type), methods=["PATCH", "DELETE"]),
        Route("/asset-types/{id}/activity-types", wrap(add_activity_type), methods=["POST"]),
        Route("/asset-types/{id}/activity-types/{activity_type_id}", wrap(edit_activity_type),
              methods=["PATCH", "DELETE"]),
        Route("/assets", wrap(create_asset), methods=["POST"]),
        Route("/assets/{id}", wrap(edit_asset), methods=["PATCH", "DELETE"]),
        Route("/activities", wrap(add_activities), methods=["POST"]),
        Route("/site", wrap(edit_site), methods=["PATCH"]),
    ]


def site_contact(ctx: SandboxContext) -> int:
    contacts = ctx.store.all("eloqua/contact")
    return int(contacts[0]["id"])
