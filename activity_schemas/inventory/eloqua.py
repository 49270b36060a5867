"""Eloqua's live inventory: every external asset type (with its activity types) and asset.

Two paged list calls (types at ``depth=complete``, then assets), no per-object reads. The
client has no list method yet, so the pages are fetched here through the connection's HttpCore
(same retries, auth and TLS as every provider call).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from activity_schemas.inventory import LiveObject, VendorInventory
from providers.core.config import ConfigSource
from providers.eloqua.client import PAGE_SIZE, REST
from providers.eloqua.connection import Connection, connect
from providers.eloqua.settings import settings_from_config

VENDOR = "eloqua"


def _list(connection: Connection, path: str, what: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        body = connection.http.request(
            "GET", f"{connection.base_url}{REST}{path}", operation=f"list {what}", auth=connection.auth,
            params={"depth": "complete", "count": PAGE_SIZE, "page": page},
        ).body
        elements = [e for e in (body.get("elements") or []) if isinstance(e, dict)] if isinstance(body, dict) else []
        items.extend(elements)
        if not elements or len(items) >= int(body.get("total", 0)):
            return items
        page += 1


def _asset_entry(asset: Mapping[str, Any]) -> str | dict[str, Any]:
    """A bare name unless the asset has a description (the schema's short form)."""
    if asset.get("description"):
        return {"name": str(asset["name"]), "description": str(asset["description"])}
    return str(asset["name"])


def entry_of(doc: Mapping[str, Any], assets: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The schema entry of one asset type (``externalAssetTypes[]``), descriptions included:
    Eloqua's PUT replaces the whole object, so one left out would be cleared on adoption."""
    entry: dict[str, Any] = {"name": doc["name"]}
    if doc.get("description"):
        entry["description"] = str(doc["description"])
    entry["activityTypes"] = [str(a["name"]) for a in doc.get("activityTypes") or []]
    if assets:
        entry["assets"] = [_asset_entry(a) for a in sorted(assets, key=lambda a: str(a["name"]).casefold())]
    return entry


def inventory_of(types: list[dict[str, Any]], assets: list[dict[str, Any]]) -> VendorInventory:
    """Pure: the list answers -> schema section and live objects (unit-tested without a server)."""
    inv = VendorInventory(VENDOR)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for asset in assets:
        by_type.setdefault(str(asset.get("externalAssetTypeId")), []).append(asset)
    entries: list[dict[str, Any]] = []
    for doc in sorted(types, key=lambda d: str(d["name"]).casefold()):
        entry = entry_of(doc, by_type.get(str(doc["id"]), []))
        if not doc.get("activityTypes"):  # not exportable, but drift still lists it as unmanaged
            inv.skipped.append(f"external asset type {doc['name']!r} has no activity types (a schema entry "
                               "needs at least one)")
        else:
            entries.append(entry)
        inv.objects.append(LiveObject(VENDOR, "external asset type", str(doc["name"]), str(doc["id"]), entry))
    inv.section = {"externalAssetTypes": entries}
    return inv


def read(raw_config: Mapping[str, Any], detail: bool = True) -> VendorInventory:
    """Both lists are needed either way (the types carry their activity types at depth=complete)."""
    connection = connect(settings_from_config(ConfigSource(raw_config)))
    types = _list(connection, "/assets/external/types", "external asset types")
    assets = _list(connection, "/assets/externals", "external assets")
    return inventory_of(types, assets)
