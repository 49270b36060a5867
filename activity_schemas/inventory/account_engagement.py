"""Account Engagement's live inventory: extensions, their activity types, assignments, business units.

Four Tooling SOQL queries (one per object type), whatever the number of objects. Objects that
activity-schemas retired (deactivated, renamed with a marker in the description because the
Tooling API cannot delete them) are not live declarations and are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from activity_schemas.inventory import LiveObject, VendorInventory
from providers.core.errors import ConfigurationError
from providers.salesforce import connection as sf_connection
from providers.salesforce.retire import parse_marker
from providers.salesforce.tooling import ACTIVITY_TYPE, ASSIGNMENT, EXTENSION, TENANT, ToolingClient, soql

VENDOR = "account_engagement"
EXTENSION_FIELDS = "Id, DeveloperName, MasterLabel, Description, IsActive, NamespacePrefix"
TYPE_FIELDS = "Id, MarketingAppExtensionId, DeveloperName, MasterLabel, Description, IsActive"


def _short(id_: Any) -> str:
    return str(id_ or "")[:15]


def _retired(record: Mapping[str, Any]) -> bool:
    return parse_marker(record.get("Description") or None) is not None


def inventory_of(
    extensions: list[dict[str, Any]], types: list[dict[str, Any]],
    assignments: list[dict[str, Any]], tenants: list[dict[str, Any]],
) -> VendorInventory:
    """Pure: the four query answers -> schema section and live objects."""
    inv = VendorInventory(VENDOR)
    unit_names = {_short(t["Id"]): str(t.get("PardotTenantName") or t["Id"]) for t in tenants}
    units_of: dict[str, list[str]] = {}
    for assignment in assignments:
        units_of.setdefault(_short(assignment.get("MarketingAppExtensionId")), []).append(
            unit_names.get(_short(assignment.get("ParentId")), str(assignment.get("ParentId"))))
    types_of: dict[str, list[dict[str, Any]]] = {}
    for record in types:
        if not _retired(record):
            types_of.setdefault(_short(record.get("MarketingAppExtensionId")), []).append(record)
    entries: list[dict[str, Any]] = []
    for ext in sorted(extensions, key=lambda r: str(r.get("DeveloperName"))):
        if _retired(ext):
            continue
        name = str(ext["DeveloperName"])
        if ext.get("NamespacePrefix"):
            inv.skipped.append(f"extension {name} belongs to the managed package {ext['NamespacePrefix']!r}")
            continue
        own_types = sorted(types_of.get(_short(ext["Id"]), []), key=lambda r: str(r.get("DeveloperName")))
        units = units_of.get(_short(ext["Id"]), [])
        entry: dict[str, Any] = {"developerName": name, "masterLabel": ext.get("MasterLabel")}
        if ext.get("Description"):
            entry["description"] = ext["Description"]
        notes: list[str] = []
        if units:
            entry["businessUnit"] = units[0]
            if len(units) > 1:
                notes.append(f"assigned to {len(units)} business units; the schema holds one ({units[0]})")
        else:
            entry["businessUnit"] = "REPLACE-ME"
            notes.append("not assigned to any business unit: set businessUnit before applying")
        entry["activityTypes"] = [_type_entry(t) for t in own_types]
        entry["active"] = bool(ext.get("IsActive"))
        differing = ", ".join(sorted(str(t["DeveloperName"]) for t in own_types
                                     if bool(t.get("IsActive")) != entry["active"]))
        if differing and entry["active"]:  # the schema holds one flag per extension
            notes.append(f"active, but activity type(s) {differing} inactive: after adoption the preview "
                         "shows their activation for review (the schema holds one flag per extension)")
        elif differing:
            notes.append(f"inactive, but activity type(s) {differing} active: adoption leaves them as they are "
                         "(the schema holds one flag per extension)")
        if not own_types:
            inv.skipped.append(f"extension {name} has no activity types (a schema entry needs at least one)")
        else:
            entries.append(entry)
        inv.objects.append(LiveObject(VENDOR, "extension", name, str(ext["Id"]), entry,
                                      note="; ".join(notes) or None))
        for record in own_types:
            key = f"{name}.{record['DeveloperName']}"
            inv.objects.append(LiveObject(VENDOR, "activity type", key, str(record["Id"]), _type_entry(record),
                                          parent=name))
    inv.section = {"extensions": entries}
    return inv


def _type_entry(record: Mapping[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"developerName": record["DeveloperName"], "masterLabel": record.get("MasterLabel")}
    if record.get("Description"):
        entry["description"] = record["Description"]
    return entry


def read(raw_config: Mapping[str, Any], detail: bool = True) -> VendorInventory:
    connection = sf_connection.configure(dict(raw_config))
    if connection is None:
        sf_connection.current()  # raises the configuration error that configure kept
        raise ConfigurationError("salesforce: not configured")
    client = ToolingClient(connection)
    return inventory_of(
        client.query(soql(EXTENSION_FIELDS, EXTENSION), operation="list extensions"),
        client.query(soql(TYPE_FIELDS, ACTIVITY_TYPE), operation="list activity types"),
        client.query(soql("Id, MarketingAppExtensionId, ParentId", ASSIGNMENT), operation="list assignments"),
        client.query(soql("Id, PardotTenantName", TENANT), operation="list business units"),
    )
