"""External assets: named instances of an external asset type ("Tradeshow 2021")."""

from __future__ import annotations

from typing import Any

from sandbox.context import SandboxContext
from sandbox.eloqua import assettypes
from sandbox.eloqua.errors import EloquaError, object_error
from sandbox.eloqua.rules import check_fields, conflict, name_value, named, now, setting, stored, text_value

KIND = "eloqua/asset"
OBJECT = "ExternalAsset"
WRITABLE = ("name", "description", "externalAssetTypeId")
PERMISSIONS = ["Retrieve", "SetSecurity", "Delete", "Update"]


def get(ctx: SandboxContext, id_: str) -> dict[str, Any]:
    return stored(ctx, KIND, id_)


def by_name(ctx: SandboxContext, name: str) -> dict[str, Any] | None:
    return named(ctx, KIND, name)


def _type_id(ctx: SandboxContext, value: Any) -> str:
    if value is None:
        raise EloquaError(400, [object_error(OBJECT, "externalAssetTypeId", "NotNullRequirement", None)])
    text = str(value)
    if not text.isdigit() or int(text) <= 0:
        raise EloquaError(400, [object_error(OBJECT, "externalAssetTypeId", "IdRequirement", value)])
    if ctx.store.get(assettypes.KIND, str(int(text))) is None:
        raise EloquaError(400, [object_error(OBJECT, "externalAssetTypeId", "RelationshipRequirement", value)])
    return str(int(text))


def create(ctx: SandboxContext, body: dict[str, Any], user: str) -> dict[str, Any]:
    check_fields(ctx, OBJECT, body, WRITABLE)
    name = name_value(ctx, OBJECT, body.get("name"))
    description = text_value(OBJECT, "description", body.get("description"))
    type_id = _type_id(ctx, body.get("externalAssetTypeId"))
    if by_name(ctx, name) is not None:
        raise conflict(OBJECT, name)
    stamp = now(ctx)
    doc: dict[str, Any] = {
        "id": str(ctx.store.next_counter("eloqua/assetId") + 20000), "name": name, "description": description,
        "externalAssetTypeId": type_id, "createdAt": stamp, "createdBy": user, "updatedAt": stamp,
        "updatedBy": user,
    }
    return ctx.store.insert(KIND, doc["id"], doc)


def update(ctx: SandboxContext, id_: str, body: dict[str, Any], user: str) -> dict[str, Any]:
    doc = get(ctx, id_)
    check_fields(ctx, OBJECT, body, WRITABLE)
    if body.get("id") is not None and str(body["id"]) != id_:
        raise EloquaError(400, [object_error(OBJECT, "id", "ImmutabilityRequirement", body["id"])])
    name = name_value(ctx, OBJECT, body.get("name"))
    description = text_value(OBJECT, "description", body.get("description"))
    type_id = _type_id(ctx, body.get("externalAssetTypeId", doc["externalAssetTypeId"]))
    if type_id != doc["externalAssetTypeId"] and setting(ctx, "asset_type_change", "refuse") == "refuse":
        raise EloquaError(400, [object_error(OBJECT, "externalAssetTypeId", "ImmutabilityRequirement", type_id)])
    other = by_name(ctx, name)
    if other is not None and other["id"] != id_:
        raise conflict(OBJECT, name)
    doc.update(name=name, description=description, externalAssetTypeId=type_id, updatedAt=now(ctx), updatedBy=user)
    return ctx.store.put(KIND, id_, doc)


def delete(ctx: SandboxContext, id_: str) -> None:
    get(ctx, id_)
    ctx.store.delete(KIND, id_)


def render(doc: dict[str, Any], depth: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": OBJECT, "id": doc["id"], "depth": depth, "name": doc["name"],
        "externalAssetTypeId": doc["externalAssetTypeId"],
        "createdAt": doc["createdAt"], "createdBy": doc["createdBy"],
        "updatedAt": doc["updatedAt"], "updatedBy": doc["updatedBy"],
    }
    if depth != "minimal":
        if doc.get("description") is not None:
            out["description"] = doc["description"]
        out["permissions"] = list(PERMISSIONS)
    return out
