"""External asset types and the activity types nested in them (there is no activity-type endpoint).

A PUT carries the full list of activity types: an element with an ``id`` keeps that activity type
(renamed if its name changed), an element without one creates a new activity type, and an
existing activity type left out is removed (eloqua.md 4.1, the third-party reading; switches in
docs/sandbox/eloqua.md).
"""

from __future__ import annotations

from typing import Any

from sandbox.context import SandboxContext
from sandbox.eloqua.errors import EloquaError, object_error
from sandbox.eloqua.rules import (
    check_fields,
    conflict,
    name_value,
    named,
    now,
    same_name,
    setting,
    stored,
    text_value,
)

KIND = "eloqua/assetType"
OBJECT = "ExternalAssetType"
ACTIVITY_OBJECT = "ExternalActivityType"
WRITABLE = ("name", "description", "activityTypes", "image")
ACTIVITY_WRITABLE = ("name", "description")
PERMISSIONS = ["Retrieve", "SetSecurity", "Delete", "Update"]


def get(ctx: SandboxContext, id_: str) -> dict[str, Any]:
    return stored(ctx, KIND, id_)


def by_name(ctx: SandboxContext, name: str) -> dict[str, Any] | None:
    return named(ctx, KIND, name)


def _stamp(ctx: SandboxContext, user: str, doc: dict[str, Any], created: bool) -> None:
    stamp = now(ctx)
    if created:
        doc["createdAt"], doc["createdBy"] = stamp, user
    doc["updatedAt"], doc["updatedBy"] = stamp, user


def _activity_types(
    ctx: SandboxContext, raw: Any, existing: list[dict[str, Any]], user: str
) -> list[dict[str, Any]]:
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise EloquaError(400, [object_error(OBJECT, "activityTypes", "SyntaxRequirement", raw)])
    known = {a["id"]: a for a in existing}
    result: list[dict[str, Any]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise EloquaError(400, [object_error(ACTIVITY_OBJECT, "activityTypes", "SyntaxRequirement", item)])
        check_fields(ctx, ACTIVITY_OBJECT, item, ACTIVITY_WRITABLE)
        name = name_value(ctx, ACTIVITY_OBJECT, item.get("name"))
        description = text_value(ACTIVITY_OBJECT, "description", item.get("description"))
        if any(same_name(ctx, name, other["name"]) for other in result):
            raise EloquaError(400, [object_error(OBJECT, "activityTypes", "NoDuplicatesRequirement", name)])
        item_id = item.get("id")
        if item_id is not None:
            if str(item_id) not in known:
                raise EloquaError(400, [object_error(ACTIVITY_OBJECT, "id", "RelationshipRequirement", item_id)])
            activity = dict(known[str(item_id)])
            if activity["name"] != name or activity.get("description") != description:
                activity["name"], activity["description"] = name, description
                _stamp(ctx, user, activity, created=False)
        else:
            activity = {"id": str(ctx.store.next_counter("eloqua/activityTypeId") + 1000),
                        "name": name, "description": description}
            _stamp(ctx, user, activity, created=True)
        result.append(activity)
    return result


def _used_activity_types(ctx: SandboxContext, type_name: str) -> set[str]:
    return {
        a["activityType"].casefold() for a in ctx.store.all("eloqua/activity")
        if same_name(ctx, a.get("assetType", ""), type_name)
    }


def create(ctx: SandboxContext, body: dict[str, Any], user: str) -> dict[str, Any]:
    check_fields(ctx, OBJECT, body, WRITABLE)
    name = name_value(ctx, OBJECT, body.get("name"))
    description = text_value(OBJECT, "description", body.get("description"))
    activity_types = _activity_types(ctx, body.get("activityTypes"), [], user)
    if by_name(ctx, name) is not None:
        raise conflict(OBJECT, name)
    doc: dict[str, Any] = {
        "id": str(ctx.store.next_counter("eloqua/assetTypeId") + 10000),
        "name": name, "description": description, "activityTypes": activity_types,
    }
    _stamp(ctx, user, doc, created=True)
    return ctx.store.insert(KIND, doc["id"], doc)


def update(ctx: SandboxContext, id_: str, body: dict[str, Any], user: str) -> dict[str, Any]:
    doc = get(ctx, id_)
    check_fields(ctx, OBJECT, body, WRITABLE)
    if body.get("id") is not None and str(body["id"]) != id_:
        raise EloquaError(400, [object_error(OBJECT, "id", "ImmutabilityRequirement", body["id"])])
    name = name_value(ctx, OBJECT, body.get("name"))
    description = text_value(OBJECT, "description", body.get("description"))
    activity_types = _activity_types(ctx, body.get("activityTypes"), doc["activityTypes"], user)
    other = by_name(ctx, name)
    if other is not None and other["id"] != id_:
        raise conflict(OBJECT, name)
    kept = {a["id"] for a in activity_types}
    removed = [a for a in doc["activityTypes"] if a["id"] not in kept]
    if removed and setting(ctx, "in_use_activity_type_removal", "allow") == "refuse":
        used = _used_activity_types(ctx, doc["name"])
        if any(a["name"].casefold() in used for a in removed):
            raise EloquaError(412)
    doc.update(name=name, description=description, activityTypes=activity_types)
    _stamp(ctx, user, doc, created=False)
    return ctx.store.put(KIND, id_, doc)


def delete(ctx: SandboxContext, id_: str) -> None:
    get(ctx, id_)
    assets = [a for a in ctx.store.all("eloqua/asset") if a["externalAssetTypeId"] == id_]
    if assets:
        if setting(ctx, "delete_type_with_assets", "refuse") == "refuse":
            raise EloquaError(412)
        for asset in assets:
            ctx.store.delete("eloqua/asset", asset["id"])
    ctx.store.delete(KIND, id_)


def _render_activity_type(activity: dict[str, Any], depth: str) -> dict[str, Any]:
    out: dict[str, Any] = {"type": ACTIVITY_OBJECT, "id": activity["id"], "depth": depth, "name": activity["name"]}
    if depth != "minimal":
        if activity.get("description") is not None:
            out["description"] = activity["description"]
        out.update(createdAt=activity["createdAt"], createdBy=activity["createdBy"],
                   updatedAt=activity["updatedAt"], updatedBy=activity["updatedBy"])
    return out


def render(doc: dict[str, Any], depth: str) -> dict[str, Any]:
    """``minimal``: identity and timestamps; ``partial``: plus description and activity types at
    minimal depth; ``complete``: everything, activity types complete."""
    out: dict[str, Any] = {
        "type": OBJECT, "id": doc["id"], "depth": depth, "name": doc["name"],
        "createdAt": doc["createdAt"], "createdBy": doc["createdBy"],
        "updatedAt": doc["updatedAt"], "updatedBy": doc["updatedBy"],
    }
    if depth == "minimal":
        return out
    if doc.get("description") is not None:
        out["description"] = doc["description"]
    out["permissions"] = list(PERMISSIONS)
    inner = "minimal" if depth == "partial" else "complete"
    out["activityTypes"] = [_render_activity_type(a, inner) for a in doc["activityTypes"]]
    return out
