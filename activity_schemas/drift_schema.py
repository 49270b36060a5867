"""Where a drifted resource is declared in the stack's schema files, and the lines that would accept
the live values (drift's "accept into the schema" remediation).

Objects are found by natural key with the source maps of ``activity_schemas.yamlsource``, so the
lines printed are the file's own lines, not a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pydantic
import yaml

from activity_schemas.schema import (
    ActivityTypeSchema,
    ExtensionSchema,
    ExternalAssetSchema,
    ExternalAssetTypeSchema,
    MarketoTypeSchema,
)
from activity_schemas.yamlsource import Location, SchemaFileError, SourceMap, load

if TYPE_CHECKING:
    from activity_schemas.drift import Finding

# A resource input that the schema spells differently, or holds on the parent entry.
FIELD_IN_SCHEMA: dict[tuple[str, str], str] = {
    ("Activation", "active"): "active",
    ("ExtensionAssignment", "businessUnit"): "businessUnit",
}
def _aliases(model: type[pydantic.BaseModel]) -> frozenset[str]:
    return frozenset(f.alias or name for name, f in model.model_fields.items())


# The fields a schema entry can hold, per resource kind (the schema models say it).
SCHEMA_FIELDS: dict[str, frozenset[str]] = {
    "Extension": _aliases(ExtensionSchema), "Activation": _aliases(ExtensionSchema),
    "ExtensionAssignment": _aliases(ExtensionSchema), "ActivityType": _aliases(ActivityTypeSchema),
    "CustomActivityType": _aliases(MarketoTypeSchema), "ExternalAssetType": _aliases(ExternalAssetTypeSchema),
    "ExternalAsset": _aliases(ExternalAssetSchema),
}
# Inputs that are wiring between resources, not schema fields.
WIRING = {"extensionId", "activityTypeIds", "assignmentId", "assetTypeId", "assetType", "externalAssetTypeId"}


@dataclass(frozen=True)
class Declared:
    file: Path
    source: SourceMap
    location: Location
    entry: Mapping[str, Any]
    bare: bool = False  # an asset written as a bare name: an edit rewrites the whole list item


def _items(data: Any, *path: str) -> list[Any]:
    for key in path:
        data = data.get(key) if isinstance(data, Mapping) else None
    return data if isinstance(data, list) else []


def index(files: Sequence[Path]) -> dict[tuple[str, str], Declared]:
    """(resource kind, natural key casefolded) -> where the schema declares it."""
    found: dict[tuple[str, str], Declared] = {}
    for file in files:
        try:
            data, source = load(Path(file))
        except (OSError, SchemaFileError):
            continue
        for i, ext in enumerate(_items(data, "accountEngagement", "extensions")):
            loc: Location = ("accountEngagement", "extensions", i)
            name = str(ext.get("developerName", "")).casefold()
            for kind in ("Extension", "Activation", "ExtensionAssignment"):
                found[(kind, name)] = Declared(file, source, loc, ext)
            for j, act in enumerate(_items(ext, "activityTypes")):
                key = f"{name}.{str(act.get('developerName', '')).casefold()}"
                found[("ActivityType", key)] = Declared(file, source, (*loc, "activityTypes", j), act)
        for i, cat in enumerate(_items(data, "marketo", "customActivityTypes")):
            found[("CustomActivityType", str(cat.get("apiName", "")).casefold())] = Declared(
                file, source, ("marketo", "customActivityTypes", i), cat)
        for i, eat in enumerate(_items(data, "eloqua", "externalAssetTypes")):
            loc = ("eloqua", "externalAssetTypes", i)
            found[("ExternalAssetType", str(eat.get("name", "")).casefold())] = Declared(file, source, loc, eat)
            for j, asset in enumerate(_items(eat, "assets")):
                bare = not isinstance(asset, dict)
                entry = {"name": asset} if bare else asset  # a bare name is short for {name: ...}
                found[("ExternalAsset", str(entry.get("name", "")).casefold())] = Declared(
                    file, source, (*loc, "assets", j), entry, bare)
    return found


def natural_key(resource: Mapping[str, Any], extension_names: Mapping[str, str]) -> tuple[str, str] | None:
    kind = str(resource.get("type", "")).rsplit(":", 1)[-1]
    inputs = resource.get("inputs") or {}
    if kind in ("ExternalAssetType", "ExternalAsset"):
        return kind, str(inputs.get("name", "")).casefold()
    if kind == "CustomActivityType":
        return kind, str(inputs.get("apiName", "")).casefold()
    if kind == "Extension":
        return kind, str(inputs.get("developerName", "")).casefold()
    ext = extension_names.get(str(inputs.get("extensionId") or "")[:15], "").casefold()
    if kind == "ActivityType":
        return kind, f"{ext}.{str(inputs.get('developerName', '')).casefold()}"
    if kind in ("Activation", "ExtensionAssignment"):
        return kind, ext
    return None


def render_field(field: str, value: Any) -> str:
    """``field: value`` as the schema file would hold it (a list of names on one line)."""
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return f"{field}: {yaml.safe_dump(value, default_flow_style=True, width=1000).strip()}"
    return yaml.safe_dump({field: value}, default_flow_style=False, sort_keys=False, width=1000).rstrip("\n")


def accept_lines(kind: str, declared: Declared, changes: Sequence[Any], live_inputs: Mapping[str, Any],
                 deleted: bool) -> list[str]:
    """Human-readable edits of the schema file that make it say what the org says."""
    where = declared.source
    start = where.line_of(declared.location)
    if deleted:
        return [f"{declared.file}:{start}: remove this entry (it no longer exists in the org)"]
    if kind == "ExternalAsset" and declared.bare:
        return _bare_asset_lines(declared, start, changes, live_inputs)
    lines: list[str] = []
    for top in dict.fromkeys(c.field for c in changes):
        if top in WIRING:
            continue
        field = FIELD_IN_SCHEMA.get((kind, top), top)
        if kind in ("Activation", "ExtensionAssignment") and (kind, top) not in FIELD_IN_SCHEMA:
            continue
        if kind in ("Extension", "ActivityType", "CustomActivityType") and top in ("isActive", "status"):
            continue
        value = live_inputs.get(top)
        if field not in SCHEMA_FIELDS.get(kind, frozenset({field})):
            lines.append(f"{declared.file}:{start}: the schema format has no {field!r}: re-apply with `pulumi up` "
                         "to put the code's value back")
            continue
        if field in declared.entry:
            line = where.line_of((*declared.location, field))
            if value is None:
                lines.append(f"{declared.file}:{line}: delete this line ({field})")
            else:
                lines.append(f"{declared.file}:{line}: replace with: {render_field(field, value)}")
        elif value is not None:
            lines.append(f"{declared.file}:{start}: add to this entry: {render_field(field, value)}")
    return lines


def _bare_asset_lines(declared: Declared, line: int, changes: Sequence[Any],
                      live_inputs: Mapping[str, Any]) -> list[str]:
    """A bare-name asset item is replaced whole: by the live name, or by ``{name, description}``."""
    if not any(c.field in ("name", "description") for c in changes):
        return []
    name = live_inputs.get("name") or declared.entry.get("name")
    description = live_inputs.get("description")
    item: Any = {"name": name, "description": description} if description else name
    rendered = yaml.safe_dump([item], default_flow_style=True, sort_keys=False, width=1000).strip()[1:-1]
    return [f"{declared.file}:{line}: replace with: - {rendered}"]


def attach_schema_lines(findings: Sequence[Finding], before: Mapping[str, Any], after: Mapping[str, Any],
                        files: Sequence[Path]) -> None:
    """Sets ``detail["schema_lines"]`` on each managed finding the schema files declare."""
    declared = index(files)
    resources = {r["urn"]: r for r in before.get("resources", []) if r.get("custom")}
    live = {r["urn"]: r for r in after.get("resources", []) if r.get("custom")}
    ext_names = {str(r.get("id"))[:15]: str((r.get("inputs") or {}).get("developerName", ""))
                 for r in resources.values() if str(r.get("type", "")).endswith(":Extension")}
    for finding in findings:
        if finding.category == "unmanaged":
            continue
        urn = next((u for u in resources if u.split("::")[-1] == finding.name), None)
        if urn is None:
            continue
        key = natural_key(resources[urn], ext_names)
        where = declared.get(key) if key else None
        if where is None or key is None:
            continue
        lines = accept_lines(key[0], where, finding.changes, (live.get(urn) or {}).get("inputs") or {},
                             deleted=finding.category == "deleted outside Pulumi")
        if lines:
            finding.detail["schema_lines"] = lines
