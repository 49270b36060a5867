"""The live inventory: what an org/instance has, per vendor, read with the vendor clients.

Used by ``activity-schemas export`` (the entries, shaped as a schema file's sections) and by
``activity-schemas drift`` (the natural keys and ids, to find objects no stack manages). One
module per vendor; this module only holds the shared shapes and picks the vendors to read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from providers.core.errors import ActivitySchemasError, ConfigurationError

VENDORS = ("account_engagement", "marketo", "eloqua")
SECTION = {"account_engagement": "accountEngagement", "marketo": "marketo", "eloqua": "eloqua"}


@dataclass(frozen=True)
class LiveObject:
    """One live object: its natural key (what the schema names it by), its vendor id, its schema entry."""

    vendor: str
    kind: str  # "extension", "activity type", "custom activity type", "external asset type"
    key: str  # DeveloperName, "Extension.Type", apiName, asset type name
    id: str
    entry: dict[str, Any]  # the schema-file entry (camelCase), ready for yaml.safe_dump
    parent: str | None = None  # an activity type's extension key
    note: str | None = None  # why the entry may not round-trip exactly (shown in exports)


@dataclass
class VendorInventory:
    vendor: str
    objects: list[LiveObject] = field(default_factory=list)
    section: dict[str, Any] = field(default_factory=dict)  # the schema file's section for this vendor
    skipped: list[str] = field(default_factory=list)  # live objects a schema file cannot hold, and why


@dataclass
class Inventory:
    vendors: dict[str, VendorInventory] = field(default_factory=dict)
    unreachable: dict[str, str] = field(default_factory=dict)  # vendor -> why it was not read

    def objects(self) -> list[LiveObject]:
        return [obj for inv in self.vendors.values() for obj in inv.objects]

    def schema_document(self) -> dict[str, Any]:
        """A schema file's content: one section per vendor that has something."""
        doc: dict[str, Any] = {"version": 1}
        for vendor in VENDORS:
            inv = self.vendors.get(vendor)
            if inv is not None and any(inv.section.values()):
                doc[SECTION[vendor]] = inv.section
        return doc


Reader = Callable[[Mapping[str, Any], bool], VendorInventory]


def _readers() -> dict[str, Reader]:
    from activity_schemas.inventory import account_engagement, eloqua, marketo

    return {"account_engagement": account_engagement.read, "marketo": marketo.read, "eloqua": eloqua.read}


def read_inventory(
    raw_config: Mapping[str, Any], vendors: tuple[str, ...] = VENDORS, *, detail: bool = True
) -> Inventory:
    """Every vendor the stack config can reach; a vendor it does not configure is noted, not fatal.

    ``detail=False`` (drift) reads only what tells objects apart: list calls, no per-object describe.
    """
    inventory = Inventory()
    readers = _readers()
    for vendor in vendors:
        try:
            inventory.vendors[vendor] = readers[vendor](raw_config, detail)
        except ConfigurationError as error:
            inventory.unreachable[vendor] = str(error)
        except ActivitySchemasError as error:
            raise ActivitySchemasError(f"reading the live {vendor} inventory failed: {error}") from error
    return inventory
