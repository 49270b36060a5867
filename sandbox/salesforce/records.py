"""Create, update and delete rules for the Tooling objects (account-engagement.md §2, §3).

Why separate from the routes: the admin routes reuse the storage helpers without the API's
rules (Setup can do what the API refuses), and the rules are easier to read without HTTP.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from sandbox.context import SandboxContext
from sandbox.salesforce import ids
from sandbox.salesforce.objects import ACTIVITY, ASSIGNMENT, EXTENSION, OBJECTS, TENANT, FieldSpec, ObjectSpec
from sandbox.salesforce.org import VENDOR, org

DEVELOPER_NAME = re.compile(r"[A-Za-z](?:[A-Za-z0-9]|_(?!_))*")
DEVELOPER_NAME_RULE = (
    "The API Name can only contain underscores and alphanumeric characters. It must be unique, "
    "begin with a letter, not include spaces, not end with an underscore, and not contain two "
    "consecutive underscores."
)
TENANT_STUCK_SECONDS = 3600
SYSTEM_FIELDS = {"Id", "CreatedById", "CreatedDate", "LastModifiedById", "LastModifiedDate", "SystemModstamp"}


class RestError(Exception):
    """A Salesforce REST error; the route renders it as ``[{message, errorCode, fields}]``."""

    def __init__(self, status: int, code: str, message: str, fields: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields


def kind(spec: ObjectSpec) -> str:
    return f"{VENDOR}/{spec.name}"


def timestamp(epoch: float) -> str:
    """Salesforce's wire format for datetimes: ``2024-05-01T12:34:56.000+0000``."""
    millis = int((epoch % 1) * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + f".{millis:03d}+0000"


def setting(ctx: SandboxContext, name: str, default: Any) -> Any:
    return ctx.setting(VENDOR, name, default)


# -- reading ------------------------------------------------------------------------------------
def materialize(ctx: SandboxContext, spec: ObjectSpec, doc: dict[str, Any]) -> dict[str, Any]:
    """Apply time-driven changes on read: a new business unit finishes provisioning."""
    due = doc.get("_provisioned_at")
    if spec is TENANT and doc.get("CreationStatus") == "Creating" and due and ctx.clock.now() >= float(due):
        doc["CreationStatus"] = "Created"
        doc.pop("_provisioned_at", None)
        ctx.store.put(kind(spec), doc["Id"], doc)
    return doc


def get(ctx: SandboxContext, spec: ObjectSpec, id_: str) -> dict[str, Any] | None:
    doc = ctx.store.get(kind(spec), id_)
    return materialize(ctx, spec, doc) if doc else None


def all_records(ctx: SandboxContext, spec: ObjectSpec) -> list[dict[str, Any]]:
    return [materialize(ctx, spec, d) for d in ctx.store.all(kind(spec))]


def public(spec: ObjectSpec, doc: dict[str, Any]) -> dict[str, Any]:
    """A record's fields in describe order (internal ``_`` keys dropped)."""
    return {f.name: doc.get(f.name) for f in spec.fields}


def find_by_id(ctx: SandboxContext, id_: str) -> tuple[ObjectSpec, dict[str, Any]] | None:
    for spec in OBJECTS.values():
        if id_.startswith(spec.key_prefix):
            doc = get(ctx, spec, id_)
            return (spec, doc) if doc else None
    return None


# -- writing ------------------------------------------------------------------------------------
def _check_value(spec: ObjectSpec, f: FieldSpec, value: Any) -> Any:
    if value is None:
        if not f.nillable or f.type == "boolean":
            raise RestError(400, "REQUIRED_FIELD_MISSING", f"Required fields are missing: [{f.name}]", [f.name])
        return None
    if f.type == "boolean":
        if not isinstance(value, bool):
            raise RestError(400, "JSON_PARSER_ERROR",
                            f"Cannot deserialize instance of boolean from {type(value).__name__} value "
                            f"{value!r} at [line:1] for field {f.name}", [f.name])
        return value
    if not isinstance(value, str):
        raise RestError(400, "JSON_PARSER_ERROR",
                        f"Cannot deserialize instance of string from {type(value).__name__} value "
                        f"{value!r} at [line:1] for field {f.name}", [f.name])
    if f.type == "picklist" and value not in f.picklist:
        raise RestError(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                        f"{f.label}: bad value for restricted picklist field: {value}", [f.name])
    if f.type == "reference":
        normalized = ids.normalize(value)
        if normalized is None:
            raise RestError(400, "MALFORMED_ID", f"{f.label}: id value of incorrect type: {value}", [f.name])
        return normalized
    if f.length and len(value) > f.length and f.name != "DeveloperName":
        raise RestError(400, "STRING_TOO_LONG",
                        f"{f.label}: data value too large: {value[:40]} (max length={f.length})", [f.name])
    return value


def clean_body(spec: ObjectSpec, body: Any, *, creating: bool,
               also_updateable: frozenset[str] = frozenset(), admin: bool = False) -> dict[str, Any]:
    """Field names, writability and value types; returns the values keyed by canonical name."""
    if not isinstance(body, dict):
        raise RestError(400, "JSON_PARSER_ERROR",
                        f"Cannot deserialize instance of {spec.name} from {type(body).__name__} token")
    values: dict[str, Any] = {}
    for raw_name, value in body.items():
        if raw_name == "attributes":
            continue
        if raw_name.lower() == "id":
            raise RestError(400, "INVALID_FIELD", "The Id field should not be specified in the sobject data.")
        f = spec.field(raw_name)
        if f is None:
            raise RestError(400, "INVALID_FIELD", f"No such column '{raw_name}' on sobject of type {spec.name}")
        writable = f.name not in SYSTEM_FIELDS if admin else (
            f.createable if creating else (f.updateable or f.name in also_updateable))
        if not writable:
            raise RestError(
                400, "INVALID_FIELD_FOR_INSERT_UPDATE",
                f"Unable to {'create' if creating else 'create/update'} fields: {f.name}. Please check the "
                "security settings of this field and verify that it is read/write for your profile or "
                "permission set.", [f.name])
        values[f.name] = _check_value(spec, f, value)
    return values


def _check_developer_name(ctx: SandboxContext, name: str) -> None:
    max_length = int(setting(ctx, "developer_name_max_length", 40))
    if len(name) > max_length:
        raise RestError(400, "STRING_TOO_LONG",
                        f"API Name: data value too large: {name} (max length={max_length})", ["DeveloperName"])
    if not DEVELOPER_NAME.fullmatch(name) or name.endswith("_"):
        raise RestError(400, "FIELD_INTEGRITY_EXCEPTION", DEVELOPER_NAME_RULE, ["DeveloperName"])


def _name_rivals(ctx: SandboxContext, spec: ObjectSpec, record: dict[str, Any]) -> list[dict[str, Any]]:
    """Records whose DeveloperName must differ from ``record``'s (org-wide, or per extension)."""
    rivals = [d for d in all_records(ctx, spec) if d["Id"] != record.get("Id")]
    if spec is ACTIVITY and setting(ctx, "activity_name_scope", "org") == "extension":
        rivals = [d for d in rivals if d["MarketingAppExtensionId"] == record["MarketingAppExtensionId"]]
    return rivals


def _check_unique_name(ctx: SandboxContext, spec: ObjectSpec, record: dict[str, Any]) -> None:
    name = record["DeveloperName"].lower()
    for rival in _name_rivals(ctx, spec, record):
        if rival["DeveloperName"].lower() == name:
            code = str(setting(ctx, "duplicate_name_error_code", "DUPLICATE_VALUE"))
            message = (f"duplicate value found: DeveloperName duplicates value on record with id: {rival['Id']}"
                       if code == "DUPLICATE_VALUE" else
                       f"The API Name '{record['DeveloperName']}' is already in use. Enter a unique name.")
            raise RestError(400, code, message, ["DeveloperName"])


def _generated_name(ctx: SandboxContext, spec: ObjectSpec, record: dict[str, Any]) -> str:
    """From MasterLabel, as Setup does: invalid characters become single underscores."""
    base = re.sub(r"[^A-Za-z0-9]+", "_", str(record.get("MasterLabel") or spec.name)).strip("_") or "X"
    if not base[0].isalpha():
        base = "X" + base
    base = base[: int(setting(ctx, "developer_name_max_length", 40)) - 4]
    taken = {d["DeveloperName"].lower() for d in _name_rivals(ctx, spec, record)}
    candidate, n = base, 1
    while candidate.lower() in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def _check_reference(ctx: SandboxContext, f: FieldSpec, value: str) -> None:
    target = OBJECTS.get(f.reference_to[0]) if f.reference_to else None
    if target is None:
        if f.reference_to == ("User",) and value != org(ctx)["user_id"]:
            raise RestError(400, "INVALID_CROSS_REFERENCE_KEY", f"invalid cross reference id: {value}", [f.name])
        return
    if not value.startswith(target.key_prefix):
        raise RestError(400, "FIELD_INTEGRITY_EXCEPTION",
                        f"field integrity exception: {f.name} (id value of incorrect type)", [f.name])
    if get(ctx, target, value) is None:
        raise RestError(400, "INVALID_CROSS_REFERENCE_KEY", f"invalid cross reference id: {value}", [f.name])


def _check_limits(ctx: SandboxContext, spec: ObjectSpec, record: dict[str, Any]) -> None:
    if spec is EXTENSION:
        limit = setting(ctx, "max_extensions_per_org", None)
        if limit is not None and len(all_records(ctx, spec)) >= int(limit):
            raise RestError(400, "LIMIT_EXCEEDED",
                            f"You can't create more than {limit} marketing app extensions in this org.")
    if spec is ACTIVITY:
        limit = setting(ctx, "max_activity_types_per_extension", None)
        siblings = [d for d in all_records(ctx, spec)
                    if d["MarketingAppExtensionId"] == record["MarketingAppExtensionId"]]
        if limit is not None and len(siblings) >= int(limit):
            raise RestError(400, "LIMIT_EXCEEDED",
                            f"You can't create more than {limit} activity types for this extension.",
                            ["MarketingAppExtensionId"])


def _check_assignment(ctx: SandboxContext, record: dict[str, Any]) -> None:
    others = [d for d in all_records(ctx, ASSIGNMENT) if d["Id"] != record.get("Id")]
    if setting(ctx, "reject_duplicate_assignments", True):
        for other in others:
            if (other["MarketingAppExtensionId"] == record["MarketingAppExtensionId"]
                    and other["ParentId"] == record["ParentId"]):
                raise RestError(400, "DUPLICATE_VALUE",
                                "duplicate value found: MarketingAppExtensionId duplicates value on record "
                                f"with id: {other['Id']}", ["MarketingAppExtensionId", "ParentId"])
    if setting(ctx, "single_assignment_per_extension", False):
        for other in others:
            if other["MarketingAppExtensionId"] == record["MarketingAppExtensionId"]:
                raise RestError(400, "FIELD_INTEGRITY_EXCEPTION",
                                "field integrity exception: this extension is already assigned to a "
                                "business unit", ["MarketingAppExtensionId"])


def _check_tenant(ctx: SandboxContext, record: dict[str, Any], before: dict[str, Any] | None) -> None:
    name = str(record["PardotTenantName"]).lower()
    for other in all_records(ctx, TENANT):
        if other["Id"] != record.get("Id") and str(other["PardotTenantName"]).lower() == name:
            raise RestError(400, "DUPLICATE_VALUE",
                            f"duplicate value found: PardotTenantName duplicates value on record with id: "
                            f"{other['Id']}", ["PardotTenantName"])
    if before is None or record["CreationStatus"] == before["CreationStatus"]:
        return
    if record["CreationStatus"] != "Deleted":
        raise RestError(400, "FIELD_INTEGRITY_EXCEPTION",
                        "field integrity exception: CreationStatus can only be changed to Deleted",
                        ["CreationStatus"])
    status = before["CreationStatus"]
    stale = ctx.clock.now() - float(before.get("_system_updated_at", 0)) >= TENANT_STUCK_SECONDS
    if not (status == "Error" or (status in ("Creating", "Updating", "Deleting") and stale)):
        raise RestError(400, "FIELD_INTEGRITY_EXCEPTION",
                        "field integrity exception: a business unit can only be removed when its "
                        "CreationStatus is Error, or stuck in Creating, Updating or Deleting for an hour",
                        ["CreationStatus"])


def _stamp(ctx: SandboxContext, record: dict[str, Any], *, creating: bool) -> None:
    now = ctx.clock.now()
    user = org(ctx)["user_id"]
    if creating:
        record["CreatedById"], record["CreatedDate"] = user, timestamp(now)
    record["LastModifiedById"], record["LastModifiedDate"] = user, timestamp(now)
    record["SystemModstamp"] = timestamp(now)


def defaults(ctx: SandboxContext, spec: ObjectSpec) -> dict[str, Any]:
    out: dict[str, Any] = {f.name: None for f in spec.fields}
    if spec.field("IsActive"):
        out["IsActive"] = False
    if spec.field("Language"):
        out["Language"] = setting(ctx, "default_language", "en_US")
    if spec.field("ManageableState"):
        out["ManageableState"] = "unmanaged"
    if spec is TENANT:
        out["CreationStatus"] = "Creating"
    return out


def create(ctx: SandboxContext, spec: ObjectSpec, body: Any, *, admin: bool = False) -> dict[str, Any]:
    """An API create; ``admin`` is Setup's create: every non-system field is writable."""
    values = clean_body(spec, body, creating=True, admin=admin)
    missing = [f.name for f in spec.fields if f.required and values.get(f.name) in (None, "")]
    if spec is TENANT and "PardotTenantName" in missing and values.get("MasterLabel"):
        missing.remove("PardotTenantName")
        values["PardotTenantName"] = values["MasterLabel"]
    if missing:
        raise RestError(400, "REQUIRED_FIELD_MISSING", f"Required fields are missing: [{', '.join(missing)}]",
                        missing)
    record = {**defaults(ctx, spec), **values}
    for f in spec.fields:
        if f.type == "reference" and f.createable and record.get(f.name):
            _check_reference(ctx, f, record[f.name])
    if spec.has_developer_name:
        if not record.get("DeveloperName"):
            record["DeveloperName"] = _generated_name(ctx, spec, record)
        _check_developer_name(ctx, record["DeveloperName"])
        _check_unique_name(ctx, spec, record)
    _check_limits(ctx, spec, record)
    if spec is ASSIGNMENT:
        _check_assignment(ctx, record)
    if spec is TENANT:
        record["PardotTenantName"] = record.get("PardotTenantName") or record["MasterLabel"]
        record["MasterLabel"] = record["PardotTenantName"]
        record["DeveloperName"] = record.get("DeveloperName") or str(uuid.uuid4())
        _check_tenant(ctx, record, None)
        if record["CreationStatus"] == "Creating":
            record["_provisioned_at"] = ctx.clock.now() + float(setting(ctx, "tenant_provisioning_seconds", 5))
        record["_system_updated_at"] = ctx.clock.now()
    record["Id"] = ids.new_id(spec.key_prefix)
    _stamp(ctx, record, creating=True)
    ctx.store.insert(kind(spec), record["Id"], record)
    return record


def update(ctx: SandboxContext, spec: ObjectSpec, existing: dict[str, Any], body: Any, *,
           admin: bool = False) -> dict[str, Any]:
    """An API PATCH; ``admin`` is an edit in Setup (renames, any status, no transition rules)."""
    # Parity switch: whether PATCH may rename an extension is undocumented (§2.1); default no.
    renamable = spec is EXTENSION and setting(ctx, "extension_developer_name_updatable", False)
    values = clean_body(spec, body, creating=False, admin=admin,
                        also_updateable=frozenset({"DeveloperName"}) if renamable else frozenset())
    record = {**existing, **values}
    for f in spec.fields:
        if f.type == "reference" and f.name in values and values[f.name]:
            _check_reference(ctx, f, values[f.name])
    if spec.has_developer_name and "DeveloperName" in values:
        _check_developer_name(ctx, record["DeveloperName"])
        _check_unique_name(ctx, spec, record)
    if spec is ASSIGNMENT:
        _check_assignment(ctx, record)
    if spec is TENANT:
        if "PardotTenantName" in values:
            record["MasterLabel"] = record["PardotTenantName"]
        elif "MasterLabel" in values:
            record["PardotTenantName"] = record["MasterLabel"]
        _check_tenant(ctx, record, None if admin else existing)
    _stamp(ctx, record, creating=False)
    ctx.store.put(kind(spec), record["Id"], record)
    return record


def delete(ctx: SandboxContext, spec: ObjectSpec, record: dict[str, Any], *, cascade: bool = False) -> None:
    """Remove a record; ``cascade`` removes an extension's activity types and assignments too."""
    if cascade and spec is EXTENSION:
        for child_spec in (ACTIVITY, ASSIGNMENT):
            for child in all_records(ctx, child_spec):
                if child["MarketingAppExtensionId"] == record["Id"]:
                    ctx.store.delete(kind(child_spec), child["Id"])
    ctx.store.delete(kind(spec), record["Id"])


def seed_tenants(ctx: SandboxContext, names: list[str]) -> list[dict[str, Any]]:
    """Business units exactly as provisioned ones look: Created, with a numeric legacy id."""
    out = []
    for n, name in enumerate(names):
        record = defaults(ctx, TENANT)
        record.update({
            "Id": ids.new_id(TENANT.key_prefix), "PardotTenantName": name, "MasterLabel": name,
            "DeveloperName": str(uuid.uuid4()), "CreationStatus": "Created",
            "PardotTenantId": str(900000 + n + 1), "InitialPardotAdminId": org(ctx)["user_id"],
            "_system_updated_at": ctx.clock.now(),
        })
        _stamp(ctx, record, creating=True)
        ctx.store.insert(kind(TENANT), record["Id"], record)
        out.append(record)
    return out
