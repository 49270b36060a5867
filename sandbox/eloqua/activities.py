"""External activities: one record per call, referencing the setup objects by name.

``activityDate`` must be sent for the activity to be linked to the contact (Oracle's note); an
activity without it is stored unlinked (``linkedToContact`` in the state dump), unless the
``missing_activity_date`` switch says ``reject``.
"""

from __future__ import annotations

from typing import Any

from sandbox.context import SandboxContext
from sandbox.eloqua import assets, assettypes
from sandbox.eloqua.errors import EloquaError, not_found, object_error
from sandbox.eloqua.rules import check_fields, name_value, now, same_name, setting, text_value
from sandbox.eloqua.site import campaign_exists, contact_exists

KIND = "eloqua/activity"
OBJECT = "ExternalActivities"
WRITABLE = ("name", "description", "activityDate", "activityType", "assetName", "assetType", "campaignId",
            "contactId", "fieldValues")


def get(ctx: SandboxContext, id_: str) -> dict[str, Any]:
    doc = ctx.store.get(KIND, id_)
    if doc is None:
        raise not_found()
    return doc


def _id_field(prop: str, value: Any, required: bool) -> int | None:
    if value is None:
        if required:
            raise EloquaError(400, [object_error(OBJECT, prop, "NotNullRequirement", None)])
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit() or int(value) <= 0:
        raise EloquaError(400, [object_error(OBJECT, prop, "IdRequirement", value)])
    return int(value)


def _date(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.isdigit():
        raise EloquaError(400, [object_error(OBJECT, "activityDate", "DateRequirement", value)])
    return value


def create(ctx: SandboxContext, body: dict[str, Any], user: str) -> dict[str, Any]:
    check_fields(ctx, OBJECT, body, WRITABLE)
    name = name_value(ctx, OBJECT, body.get("name"))
    description = text_value(OBJECT, "description", body.get("description"))
    type_name = name_value(ctx, OBJECT, body.get("assetType"), "assetType")
    activity_name = name_value(ctx, OBJECT, body.get("activityType"), "activityType")
    asset_name = name_value(ctx, OBJECT, body.get("assetName"), "assetName")
    contact_id = _id_field("contactId", body.get("contactId"), required=True)
    campaign_id = _id_field("campaignId", body.get("campaignId"), required=False)
    date = _date(body.get("activityDate"))
    if date is None and setting(ctx, "missing_activity_date", "accept_unlinked") == "reject":
        raise EloquaError(400, [object_error(OBJECT, "activityDate", "NotNullRequirement", None)])
    asset_type = assettypes.by_name(ctx, type_name)
    if asset_type is None:
        raise EloquaError(400, [object_error(OBJECT, "assetType", "RelationshipRequirement", type_name)])
    if not any(same_name(ctx, a["name"], activity_name) for a in asset_type["activityTypes"]):
        raise EloquaError(400, [object_error(OBJECT, "activityType", "RelationshipRequirement", activity_name)])
    asset = assets.by_name(ctx, asset_name)
    if setting(ctx, "require_asset", True) and (asset is None or asset["externalAssetTypeId"] != asset_type["id"]):
        raise EloquaError(400, [object_error(OBJECT, "assetName", "RelationshipRequirement", asset_name)])
    if contact_id is not None and not contact_exists(ctx, contact_id):
        raise EloquaError(400, [object_error(OBJECT, "contactId", "RelationshipRequirement", contact_id)])
    if campaign_id is not None and not campaign_exists(ctx, campaign_id):
        raise EloquaError(400, [object_error(OBJECT, "campaignId", "RelationshipRequirement", campaign_id)])
    field_values = body.get("fieldValues")
    if field_values is not None and (
        not isinstance(field_values, list)
        or not all(isinstance(v, dict) and all(isinstance(x, str) for x in v.values()) for v in field_values)
    ):
        raise EloquaError(400, [object_error(OBJECT, "fieldValues", "SyntaxRequirement", field_values)])
    stamp = now(ctx)
    doc: dict[str, Any] = {
        "id": str(ctx.store.next_counter("eloqua/activityId") + 102331),
        "name": name, "description": description, "activityDate": date, "activityType": activity_name,
        "assetName": asset_name, "assetType": type_name, "campaignId": campaign_id, "contactId": contact_id,
        "fieldValues": field_values, "createdAt": stamp, "createdBy": user, "linkedToContact": date is not None,
    }
    return ctx.store.insert(KIND, doc["id"], doc)


def render(doc: dict[str, Any]) -> dict[str, Any]:
    """The shape of Oracle's example: sent fields echoed, ``type``/``id``/``depth`` added."""
    out: dict[str, Any] = {"type": OBJECT, "id": doc["id"], "depth": "complete"}
    for key in ("name", "description", "activityDate", "activityType", "assetName", "assetType", "campaignId",
                "contactId", "fieldValues"):
        if doc.get(key) is not None:
            out[key] = doc[key]
    return out
