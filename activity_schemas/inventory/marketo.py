"""Marketo's live inventory: the custom activity types (list), each described for its attributes.

The list answer has no attributes, so an export describes each type (one call per type); drift
only needs the list. A type that was never approved is exported with ``approve: false`` so that
applying the export leaves it a draft, as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from activity_schemas.inventory import LiveObject, VendorInventory
from providers.core.config import ConfigSource
from providers.marketo.client import MarketoClient
from providers.marketo.connection import client_for, connection_from_config
from providers.marketo.plan import parse_type

VENDOR = "marketo"


def entry_of(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The schema entry (``customActivityTypes[]``) of one described type."""
    live = parse_type(doc)
    inputs = live.inputs()
    entry: dict[str, Any] = {k: v for k, v in inputs.items() if v not in (None, [])}
    if live.status == "draft":
        entry["approve"] = False
    return entry


def inventory_of(types: list[dict[str, Any]], described: Mapping[str, Mapping[str, Any]] | None) -> VendorInventory:
    """Pure: list (and describe) answers -> schema section and live objects."""
    inv = VendorInventory(VENDOR)
    entries: list[dict[str, Any]] = []
    for doc in sorted(types, key=lambda d: str(d.get("apiName"))):
        api = str(doc.get("apiName"))
        full = (described or {}).get(api, doc)
        entry = entry_of(full)
        note = None
        if doc.get("status") == "approved with draft":
            note = "a draft is pending in Marketo: the export holds the approved version"
        entries.append(entry)
        inv.objects.append(LiveObject(VENDOR, "custom activity type", api, api, entry, note=note))
    inv.section = {"customActivityTypes": entries}
    return inv


def _describe(client: MarketoClient, doc: Mapping[str, Any]) -> Mapping[str, Any]:
    api = str(doc.get("apiName"))
    found = client.describe(api) or client.describe(api, draft=True)
    return found or doc


def read(raw_config: Mapping[str, Any], detail: bool = True) -> VendorInventory:
    client = client_for(connection_from_config(ConfigSource(raw_config)))
    types = client.list_types()
    described = {str(t.get("apiName")): _describe(client, t) for t in types} if detail else None
    return inventory_of(types, described)
