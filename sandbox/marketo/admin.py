"""Admin routes (``/_sandbox/marketo/...``): what a Marketo admin does in the UI, for drift tests.

Why through the same ``CustomTypes`` rules: a UI edit creates a draft exactly like an API edit (or is
published at once when ``approve`` is true), so drift looks the way it would in a real instance.
Answers are plain JSON for the control surface, not Marketo envelopes.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox.context import SandboxContext
from sandbox.marketo.activities import LEAD, Activities
from sandbox.marketo.custom_types import CustomTypes, status
from sandbox.marketo.envelope import MarketoError

Doc = dict[str, Any]


def _error(exc: MarketoError, not_found_code: str) -> JSONResponse:
    http = 404 if exc.code == not_found_code else 409
    return JSONResponse({"error": exc.message, "code": exc.code}, status_code=http)


async def _body(request: Request) -> Doc:
    raw = await request.body()
    if not raw:
        return {}
    doc = json.loads(raw)
    if not isinstance(doc, dict):
        raise ValueError("the body must be a JSON object")
    return doc


def admin_routes(ctx: SandboxContext, vendor: str, types: CustomTypes, activities: Activities) -> list[BaseRoute]:
    def raw(doc: Doc) -> Doc:
        return {**doc, "status": status(doc)}

    def guarded(action: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                body = await _body(request)
                return JSONResponse(action(request, body))
            except MarketoError as exc:
                return _error(exc, str(types.setting("not_found_code")))
            except (ValueError, TypeError, KeyError) as exc:
                return JSONResponse({"error": f"bad request: {exc}"}, status_code=400)
        return endpoint

    def name(request: Request) -> str:
        return str(request.path_params["apiName"])

    def list_types(request: Request, body: Doc) -> Any:
        return [raw(d) for d in types.all()]

    def get_type(request: Request, body: Doc) -> Any:
        return raw(types.get(name(request)))

    def create_type(request: Request, body: Doc) -> Any:
        """An unmanaged type made in the UI: published at once unless ``approve`` is false."""
        attributes = body.pop("attributes", None)
        approve = bool(body.pop("approve", True))
        with ctx.store.transaction():
            types.create(body, origin="ui")
            if attributes:
                types.create_attributes(body["apiName"], {"attributes": attributes})
            if approve:
                types.approve(body["apiName"])
        return raw(types.get(body["apiName"]))

    def edit_type(request: Request, body: Doc) -> Any:
        """Change fields / attributes as the UI does: a pending draft, or published if ``approve``."""
        api_name = name(request)
        with ctx.store.transaction():
            if body.get("fields"):
                types.update(api_name, dict(body["fields"]))
            if body.get("addAttributes"):
                types.create_attributes(api_name, {"attributes": body["addAttributes"]})
            if body.get("updateAttributes"):
                types.update_attributes(api_name, {"attributes": body["updateAttributes"]})
            if body.get("removeAttributes"):
                types.delete_attributes(api_name, {"attributes": [{"apiName": n} for n in body["removeAttributes"]]})
            if body.get("approve"):
                types.approve(api_name)
        return raw(types.get(api_name))

    def approve(request: Request, body: Doc) -> Any:
        types.approve(name(request))
        return raw(types.get(name(request)))

    def discard(request: Request, body: Doc) -> Any:
        types.discard(name(request))
        doc = ctx.store.get(types.kind, name(request))
        return raw(doc) if doc else {"apiName": name(request), "status": "deleted"}

    def delete(request: Request, body: Doc) -> Any:
        """Deleted by an admin, even when in use (``force`` defaults to true here)."""
        return types.delete(name(request), force=bool(body.get("force", True)))

    def add_activities(request: Request, body: Doc) -> Any:
        """Log ``count`` activities of an approved type (it becomes "in use")."""
        doc = types.get(name(request))
        if not doc.get("live"):
            raise MarketoError("709", f"activity type '{doc['apiName']}' is not approved")
        leads = [d["id"] for d in ctx.store.all(f"{vendor}/{LEAD}")]
        count = int(body.get("count", 1))
        records = [{
            "leadId": body.get("leadId", leads[i % len(leads)]),
            "activityDate": body.get("activityDate", "2016-09-26T06:56:35+07:00"),
            "activityTypeId": doc["id"],
            "primaryAttributeValue": str(body.get("primaryAttributeValue", f"admin activity {i + 1}")),
            "attributes": body.get("attributes", []),
        } for i in range(count)]
        return {"result": activities.add({"input": records}), "type": raw(types.get(name(request)))}

    def set_in_use(request: Request, body: Doc) -> Any:
        """Mark a type as used by a trigger or filter (or not), independent of logged activities."""
        with ctx.store.transaction():
            doc = types.get(name(request))
            doc["inUse"] = bool(body.get("inUse", True))
            ctx.store.put(types.kind, doc["apiName"], doc)
        return raw(doc)

    def leads(request: Request, body: Doc) -> Any:
        if request.method == "POST":
            lead_id = int(body["id"])
            ctx.store.put(f"{vendor}/{LEAD}", str(lead_id), {
                "id": lead_id, "email": body.get("email", f"lead{lead_id}@example.com"),
                "firstName": body.get("firstName", "Lead"), "lastName": body.get("lastName", str(lead_id)),
            })
        return ctx.store.all(f"{vendor}/{LEAD}")

    type_path = "/types/{apiName}"
    return [
        Route("/types", guarded(list_types), methods=["GET"]),
        Route("/types", guarded(create_type), methods=["POST"]),
        Route(type_path, guarded(get_type), methods=["GET"]),
        Route(type_path, guarded(delete), methods=["DELETE"]),
        Route(type_path + "/edit", guarded(edit_type), methods=["POST"]),
        Route(type_path + "/approve", guarded(approve), methods=["POST"]),
        Route(type_path + "/discard", guarded(discard), methods=["POST"]),
        Route(type_path + "/activities", guarded(add_activities), methods=["POST"]),
        Route(type_path + "/in-use", guarded(set_in_use), methods=["PUT"]),
        Route("/leads", guarded(leads), methods=["GET", "POST"]),
    ]
