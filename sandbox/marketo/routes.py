"""The Marketo REST routes: custom activity types, activity types, adding and reading activities.

Why thin handlers: each one maps the path and body onto ``CustomTypes`` / ``Activities``; the
rules live there, the envelope and auth in ``Wire``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.routing import BaseRoute, Route

from sandbox.marketo.activities import Activities
from sandbox.marketo.custom_types import CustomTypes
from sandbox.marketo.envelope import MarketoError
from sandbox.marketo.identity import Identity
from sandbox.marketo.read_activities import ActivityReader
from sandbox.marketo.standard_types import STANDARD_TYPES
from sandbox.marketo.wire import Wire

EXTERNAL = "/rest/v1/activities/external"
TYPE = EXTERNAL + "/type/{apiName}"

Doc = dict[str, Any]


def _draft_flag(request: Request) -> bool:
    raw = request.query_params.get("draft")
    if raw is None or raw == "":
        return False
    if raw.lower() not in ("true", "false"):
        raise MarketoError("1003", f"Invalid data: 'draft' must be true or false, got '{raw}'")
    return raw.lower() == "true"


def _activity_type_view(types: CustomTypes, doc: Doc) -> Doc:
    """An approved custom type in the ``ActivityType`` shape of ``GET /activities/types.json``."""
    live = doc["live"]
    out: Doc = {"id": doc["id"], "apiName": doc["apiName"], "name": live["name"]}
    if live.get("description") is not None:
        out["description"] = live["description"]
    primary = live["primaryAttribute"]
    out["primaryAttribute"] = {"apiName": primary["apiName"], "name": primary["name"],
                               "dataType": primary.get("dataType", "string")}
    out["attributes"] = [{"apiName": a["apiName"], "name": a["name"], "dataType": a["dataType"]}
                         for a in live.get("attributes", [])]
    return out


def marketo_routes(
    wire: Wire, identity: Identity, types: CustomTypes, activities: Activities, reader: ActivityReader,
) -> list[BaseRoute]:
    def name(request: Request) -> str:
        return str(request.path_params["apiName"])

    def all_types(request: Request, body: Doc) -> list[Doc]:
        custom = [_activity_type_view(types, d) for d in types.all() if d.get("live")]
        return [dict(t) for t in STANDARD_TYPES] + custom

    def list_custom(request: Request, body: Doc) -> list[Doc]:
        return types.list()

    def describe(request: Request, body: Doc) -> list[Doc]:
        return [types.describe(name(request), _draft_flag(request))]

    routes: list[BaseRoute] = [
        Route("/identity/oauth/token", identity.token_endpoint, methods=["GET", "POST"]),
        Route("/rest/v1/activities/types.json", wire.endpoint(all_types, body=False), methods=["GET"]),
        Route(EXTERNAL + "/types.json", wire.endpoint(list_custom, body=False), methods=["GET"]),
        Route(TYPE + "/describe.json", wire.endpoint(describe, body=False), methods=["GET"]),
        Route(EXTERNAL + "/type.json",
              wire.endpoint(lambda r, b: [types.create(b)], body=True), methods=["POST"]),
        Route(TYPE + ".json",
              wire.endpoint(lambda r, b: [types.update(name(r), b)], body=True), methods=["POST"]),
        Route(TYPE + "/approve.json",
              wire.endpoint(lambda r, b: [types.approve(name(r))], body=False), methods=["POST"]),
        Route(TYPE + "/discardDraft.json",
              wire.endpoint(lambda r, b: [types.discard(name(r))], body=False), methods=["POST"]),
        Route(TYPE + "/delete.json",
              wire.endpoint(lambda r, b: [types.delete(name(r))], body=False), methods=["POST"]),
        Route(TYPE + "/attributes/create.json",
              wire.endpoint(lambda r, b: [types.create_attributes(name(r), b)], body=True), methods=["POST"]),
        Route(TYPE + "/attributes/update.json",
              wire.endpoint(lambda r, b: [types.update_attributes(name(r), b)], body=True), methods=["POST"]),
        Route(TYPE + "/attributes/delete.json",
              wire.endpoint(lambda r, b: [types.delete_attributes(name(r), b)], body=True), methods=["POST"]),
        Route(EXTERNAL + ".json", wire.endpoint(lambda r, b: activities.add(b), body=True), methods=["POST"]),
        Route("/rest/v1/activities/pagingtoken.json", wire.paged_endpoint(reader.paging_token), methods=["GET"]),
        Route("/rest/v1/activities.json", wire.paged_endpoint(reader.page), methods=["GET"]),
    ]
    return routes
