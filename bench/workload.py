"""The reference workload of issue 10, as plain data every part of the benchmark shares.

3 Account Engagement extensions x 10 activity types + their assignments; 10 Marketo custom
activity types x 20 attributes; 5 Eloqua external asset types x 5 activity types. Names are
deterministic and satisfy each vendor's naming rules (Account Engagement activity-type names are
unique org-wide, so they carry the extension's number).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

VENDORS = ("account_engagement", "marketo", "eloqua")
MARKETO_DATA_TYPES = ("string", "integer", "boolean", "date", "email", "float")


@dataclass(frozen=True)
class AeExtension:
    developer_name: str
    master_label: str
    description: str
    activity_types: tuple[tuple[str, str], ...]  # (DeveloperName, MasterLabel)


@dataclass(frozen=True)
class MarketoType:
    api_name: str
    name: str
    description: str
    trigger_name: str
    filter_name: str
    primary_attribute: dict[str, str]
    attributes: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class EloquaType:
    name: str
    activity_types: tuple[str, ...]


@dataclass(frozen=True)
class Workload:
    ae_extensions: int = 3
    ae_types_per_extension: int = 10
    marketo_types: int = 10
    marketo_attributes: int = 20
    eloqua_asset_types: int = 5
    eloqua_activity_types: int = 5
    business_unit: str = "PardotTenant"
    vendors: tuple[str, ...] = VENDORS  # the vendors whose part is provisioned

    def __post_init__(self) -> None:
        for name in ("ae_extensions", "ae_types_per_extension", "marketo_types", "marketo_attributes",
                     "eloqua_asset_types", "eloqua_activity_types"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"Workload.{name} must be an integer >= 0 (got {value!r})")
        if self.marketo_types > 10:
            raise ValueError("Workload.marketo_types must be <= 10: a Marketo instance holds at most 10 custom types")
        if self.marketo_attributes > 20:
            raise ValueError("Workload.marketo_attributes must be <= 20: Marketo allows 20 secondary attributes")
        unknown = set(self.vendors) - set(VENDORS)
        if unknown:
            raise ValueError(f"Workload.vendors: unknown vendor(s) {sorted(unknown)}; known: {list(VENDORS)}")

    # -- variants ----------------------------------------------------------------------------------
    def quick(self) -> Workload:
        """About 1/5 of the workload: the same shapes (20 attributes per Marketo type), fewer objects."""
        return dataclasses.replace(
            self,
            ae_types_per_extension=max(1, self.ae_types_per_extension // 5),
            marketo_types=max(1, self.marketo_types // 5),
            eloqua_asset_types=max(1, self.eloqua_asset_types // 5),
        )

    def scaled_ae(self, factor: int) -> Workload:
        """The Account Engagement part times ``factor`` (more extensions); the rest unchanged."""
        if factor < 1:
            raise ValueError(f"scale factor must be >= 1 (got {factor})")
        return dataclasses.replace(self, ae_extensions=self.ae_extensions * factor)

    def only(self, vendors: tuple[str, ...]) -> Workload:
        return dataclasses.replace(self, vendors=tuple(v for v in VENDORS if v in vendors))

    # -- the objects -------------------------------------------------------------------------------
    def ae(self) -> list[AeExtension]:
        if "account_engagement" not in self.vendors:
            return []
        return [
            AeExtension(
                developer_name=f"Bench_Ext{e:02d}",
                master_label=f"Bench Extension {e:02d}",
                description=f"Benchmark extension {e:02d}",
                activity_types=tuple(
                    (f"Bench_E{e:02d}_Type{t:02d}", f"Bench E{e:02d} Type {t:02d}")
                    for t in range(1, self.ae_types_per_extension + 1)
                ),
            )
            for e in range(1, self.ae_extensions + 1)
        ]

    def marketo(self) -> list[MarketoType]:
        if "marketo" not in self.vendors:
            return []
        return [
            MarketoType(
                api_name=f"benchType{m:02d}",
                name=f"Bench Type {m:02d}",
                description=f"Benchmark custom activity type {m:02d}",
                trigger_name=f"Bench Trigger {m:02d}",
                filter_name=f"Bench Filter {m:02d}",
                primary_attribute={"apiName": f"benchKey{m:02d}", "name": f"Bench Key {m:02d}"},  # string
                attributes=tuple(
                    {"apiName": f"benchAttr{a:02d}", "name": f"Bench Attribute {a:02d}",
                     "dataType": MARKETO_DATA_TYPES[a % len(MARKETO_DATA_TYPES)]}
                    for a in range(1, self.marketo_attributes + 1)
                ),
            )
            for m in range(1, self.marketo_types + 1)
        ]

    def eloqua(self) -> list[EloquaType]:
        if "eloqua" not in self.vendors:
            return []
        return [
            EloquaType(name=f"Bench Asset Type {n:02d}",
                       activity_types=tuple(f"Bench Activity {a:02d}"
                                            for a in range(1, self.eloqua_activity_types + 1)))
            for n in range(1, self.eloqua_asset_types + 1)
        ]

    # -- counts ------------------------------------------------------------------------------------
    def resource_counts(self) -> dict[str, int]:
        """Pulumi resources per vendor: AE extension + types + assignment; one per Marketo/Eloqua type."""
        ae = self.ae()
        return {
            "account_engagement": sum(2 + len(x.activity_types) for x in ae),
            "marketo": len(self.marketo()),
            "eloqua": len(self.eloqua()),
        }

    @property
    def resources(self) -> int:
        return sum(self.resource_counts().values())

    def to_json(self) -> dict[str, Any]:
        """What the generated Pulumi programs read (``workload.json`` in the project directory)."""
        return {
            "account_engagement": [
                {"developerName": x.developer_name, "masterLabel": x.master_label, "description": x.description,
                 "activityTypes": [list(t) for t in x.activity_types], "businessUnit": self.business_unit}
                for x in self.ae()
            ],
            "marketo": [
                {"apiName": t.api_name, "name": t.name, "description": t.description, "triggerName": t.trigger_name,
                 "filterName": t.filter_name, "primaryAttribute": t.primary_attribute,
                 "attributes": list(t.attributes)}
                for t in self.marketo()
            ],
            "eloqua": [{"name": t.name, "activityTypes": list(t.activity_types)} for t in self.eloqua()],
        }

    def describe(self) -> dict[str, Any]:
        return {
            "ae_extensions": self.ae_extensions, "ae_types_per_extension": self.ae_types_per_extension,
            "marketo_types": self.marketo_types, "marketo_attributes": self.marketo_attributes,
            "eloqua_asset_types": self.eloqua_asset_types, "eloqua_activity_types": self.eloqua_activity_types,
            "vendors": list(self.vendors), "resources": self.resource_counts(),
        }
