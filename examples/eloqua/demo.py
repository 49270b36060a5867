"""``make demo`` hook: after ``pulumi up``, record one external activity on "Tradeshow 2021"."""

from __future__ import annotations

from typing import Any

from providers.eloqua import connection
from providers.eloqua.activity import ActivitySubmitter, ExternalActivity


def after_up(endpoints: dict[str, Any], outputs: dict[str, Any]) -> list[str]:
    """Submits "Viewed a Demo" for the first seeded contact; returns what happened, in words."""
    site = endpoints["eloqua"]
    submitter = ActivitySubmitter(connection.from_endpoints(endpoints))
    activity = ExternalActivity(
        name=str(outputs.get("eloquaAssetName", "Tradeshow 2021")),
        asset_name=str(outputs.get("eloquaAssetName", "Tradeshow 2021")),
        asset_type=str(outputs.get("eloquaAssetType", "Tradeshow")),
        activity_type="Viewed a Demo",
        contact_id=int(site["contacts"][0]),
        campaign_id=int(site["campaigns"][0]) if site.get("campaigns") else None,
    )
    record = submitter.submit(activity)
    again = submitter.get(record["id"])
    return [
        f"Eloqua: external asset type {activity.asset_type!r} (id {outputs.get('eloquaAssetTypeId')}) with activity "
        f"types {', '.join(sorted(outputs.get('eloquaActivityTypeIds') or {}))}",
        f"Eloqua: external asset {activity.asset_name!r} (id {outputs.get('eloquaAssetId')})",
        f"Eloqua: recorded activity {record['id']}: contact {record['contactId']} {record['activityType']!r} at "
        f"{record['assetName']!r} on {record['activityDate']} (read back: {again['id'] == record['id']})",
    ]
