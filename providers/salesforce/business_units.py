"""Business units (``PardotTenant``) are looked up, never created: by name or by ``0Uv`` id.

The list is read once per process and org (business units change rarely and a lookup is needed
by ``check`` on every preview); an unknown name gets an error listing the org's business units.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from providers.core.errors import ValidationError
from providers.salesforce.tooling import TENANT, ToolingClient, soql


@dataclass(frozen=True)
class BusinessUnit:
    id: str
    name: str
    status: str | None = None


_cache: dict[str, list[BusinessUnit]] = {}
_lock = threading.Lock()


def list_business_units(client: ToolingClient, *, fresh: bool = False) -> list[BusinessUnit]:
    key = client.conn.settings.org_key
    with _lock:
        if not fresh and key in _cache:
            return _cache[key]
    records = client.query(soql("Id, PardotTenantName, CreationStatus", TENANT),
                           operation="list business units")
    units = [BusinessUnit(str(r["Id"]), str(r.get("PardotTenantName") or ""), r.get("CreationStatus"))
             for r in records]
    with _lock:
        _cache[key] = units
    return units


def looks_like_id(value: str) -> bool:
    return value[:3] == "0Uv" and len(value) in (15, 18) and value.isalnum()


def match(units: list[BusinessUnit], name_or_id: str) -> BusinessUnit | None:
    """By id (the first 15 characters are the case-sensitive id), else by exact, then caseless name."""
    if looks_like_id(name_or_id):
        for unit in units:
            if unit.id[:15] == name_or_id[:15]:
                return unit
    exact = [u for u in units if u.name == name_or_id]
    if exact:
        return exact[0]
    caseless = [u for u in units if u.name.lower() == name_or_id.lower()]
    return caseless[0] if len(caseless) == 1 else None


def resolve(client: ToolingClient, name_or_id: str, field: str = "businessUnit") -> BusinessUnit:
    """The business unit, re-reading the list once before declaring a name unknown."""
    unit = match(list_business_units(client), name_or_id)
    if unit is None:
        units = list_business_units(client, fresh=True)
        unit = match(units, name_or_id)
        if unit is None:
            known = ", ".join(f"{u.name} ({u.id})" for u in units) or "none"
            raise ValidationError(field, f"unknown business unit {name_or_id!r}; this org has: {known}")
    if unit.status not in (None, "Created", "Updated", "Backfilled"):
        raise ValidationError(field, f"business unit {unit.name} ({unit.id}) is not ready: CreationStatus is "
                                     f"{unit.status}")
    return unit


def clear_cache() -> None:
    with _lock:
        _cache.clear()
