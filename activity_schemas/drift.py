"""Drift: what differs between the last applied state and the live org, found on a *copy* of the
state so the real one is never written.

The copy is refreshed with the real engine (``pulumi refresh``: one ``read`` per resource); the
refreshed copy is then compared with the original, resource by resource, field by field.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from activity_schemas.drift_schema import attach_schema_lines
from activity_schemas.engine import PulumiError, Stack
from activity_schemas.inventory import Inventory, LiveObject
from activity_schemas.review import KindInfo
from providers.core.auth import handoff_environment
from providers.core.diffing import FieldChange, field_changes

Category = Literal["changed", "deactivated or unapproved", "deleted outside Pulumi", "unmanaged"]


@dataclass
class Finding:
    category: Category
    kind: str  # the resource kind's label
    name: str  # the logical name (URN name), or the live object's natural key for unmanaged ones
    changes: list[FieldChange] = field(default_factory=list)
    hint: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


def managed_resources(deployment: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """URN -> resource for the custom resources of an exported deployment."""
    return {
        r["urn"]: r for r in deployment.get("resources", [])
        if r.get("custom") and not r.get("type", "").startswith("pulumi:")
    }


def stack_config_file(stack: Stack) -> Path:
    """``Pulumi.<stack>.yaml``, in the project's ``stackConfigDir`` when it names one."""
    project = yaml.safe_load((Path(stack.project_dir) / "Pulumi.yaml").read_text()) or {}
    folder = Path(stack.project_dir) / str(project.get("stackConfigDir") or ".")
    return folder / f"Pulumi.{stack.name}.yaml"


@contextmanager
def config_file_untouched(stack: Stack) -> Iterator[None]:
    """``stack init`` of the copy may write a secrets salt or provider into the real stack's config
    file: its exact bytes are put back, so drift never changes the user's files."""
    file = stack_config_file(stack)
    original = file.read_bytes() if file.exists() else None
    try:
        yield
    finally:
        if original is None:
            file.unlink(missing_ok=True)
        elif file.read_bytes() != original:
            file.write_bytes(original)


@contextmanager
def stack_copy(stack: Stack, extra_env: Mapping[str, str] | None = None) -> Iterator[Stack]:
    """The same stack in a throw-away file backend, holding a copy of its current state."""
    exported = stack.export()
    with tempfile.TemporaryDirectory(prefix="activity-schemas-drift-") as tmp, config_file_untouched(stack):
        env = dict(stack.env) | dict(extra_env or {})
        env["PULUMI_BACKEND_URL"] = f"file://{tmp}/state"
        env["PULUMI_HOME"] = env.get("PULUMI_HOME") or f"{tmp}/home"
        Path(f"{tmp}/state").mkdir()
        copy = Stack(stack.project_dir, stack.name, env, timeout=stack.timeout)
        copy.run("stack", "init", stack.name)
        state_file = Path(tmp) / "export.json"
        state_file.write_text(json.dumps(exported))
        copy.run("stack", "import", "--file", str(state_file), "--stack", stack.name)
        try:
            yield copy
        finally:
            shutil.rmtree(f"{tmp}/state", ignore_errors=True)


def _inputs(resource: Mapping[str, Any]) -> dict[str, Any]:
    inputs = dict(resource.get("inputs") or {})
    inputs.pop("__provider", None)
    return inputs


def compare(
    before: Mapping[str, Any], after: Mapping[str, Any], kinds: Mapping[str, KindInfo]
) -> list[Finding]:
    """Findings for the managed resources: the deployment before and after a refresh."""
    old, new = managed_resources(before), managed_resources(after)
    findings: list[Finding] = []
    for urn, resource in sorted(old.items()):
        kind = kinds.get(resource["type"], KindInfo(label=resource["type"].split(":")[-1]))
        name = urn.split("::")[-1]
        if urn not in new:
            findings.append(Finding("deleted outside Pulumi", kind.label, name,
                                    hint="re-create it with `pulumi up`, or remove it from the schema",
                                    detail={"id": resource.get("id")}))
            continue
        changes = field_changes(_inputs(resource), _inputs(new[urn]), keyed_lists=kind.keyed_lists)
        if not changes:
            continue
        switched = [c for c in changes if c.field in kind.activation_fields or c.field == "pendingDraft"]
        category: Category = "deactivated or unapproved" if switched else "changed"
        findings.append(Finding(category, kind.label, name, changes,
                                hint="re-apply the code with `pulumi up`, or accept the live values into the schema",
                                detail={"id": resource.get("id")}))
    return findings


# -- what the providers report outside the inputs --------------------------------------------------
# Output fields that say whether an object is switched on (deactivated in Setup, a Marketo draft
# left pending): a refresh changes them without changing any input.
# (The Extension's and ActivityType's own ``isActive`` outputs are not used: the Activation resource
# owns the switch, and their outputs go stale whenever it flips them.)
STATE_OUTPUTS: dict[str, tuple[str, ...]] = {
    "Activation": ("extensionActive", "activityTypesActive"),
    "CustomActivityType": ("status",),
}
SWITCH_HINT = ("re-apply the code with `pulumi up` (it switches the object back), or accept the live state "
               "into the schema")
CHANGE_HINT = "re-apply the code with `pulumi up`, or accept the live values into the schema"
DELETE_HINT = "re-create it with `pulumi up`, or remove it from the schema"
ADOPT_HINT = ("adopt it: add the entry below to a stack's schema and apply with `activity-schemas:adopt: true` "
              "(or delete it in the org)")


def type_name(token: str) -> str:
    """``pulumi-python:dynamic/eloqua:ExternalAssetType`` -> ``ExternalAssetType``."""
    return token.rsplit(":", 1)[-1]


def _outputs(resource: Mapping[str, Any]) -> dict[str, Any]:
    return dict(resource.get("outputs") or {})


def state_changes(before: Mapping[str, Any], after: Mapping[str, Any],
                  names_by_id: Mapping[str, str] | None = None) -> list[FieldChange]:
    """Changes of the switch outputs (activation flags, Marketo status) of one resource; activity type
    ids in paths are replaced by the types' DeveloperNames so that the report names them."""
    names = STATE_OUTPUTS.get(type_name(str(before.get("type", ""))), ())
    changes = field_changes(_outputs(before), _outputs(after), fields=names)
    if not names_by_id:
        return changes
    renamed: list[FieldChange] = []
    for change in changes:
        head, _, tail = change.path.partition(".")
        label = names_by_id.get(tail) if tail else None
        renamed.append(FieldChange(f"{head}[{label}]", change.kind, change.old, change.new) if label else change)
    return renamed


def compare_all(
    before: Mapping[str, Any], after: Mapping[str, Any], kinds: Mapping[str, KindInfo]
) -> list[Finding]:
    """:func:`compare`, plus the objects switched off or left unapproved outside Pulumi."""
    findings = {f.name: f for f in compare(before, after, kinds)}
    old, new = managed_resources(before), managed_resources(after)
    type_names = {str(r.get("id")): str(_outputs(r).get("developerName"))
                  for r in old.values() if type_name(r["type"]) == "ActivityType"}
    for urn, resource in sorted(old.items()):
        if urn not in new:
            continue
        switched = state_changes(resource, new[urn], type_names)
        if not switched:
            continue
        name = urn.split("::")[-1]
        found = findings.get(name)
        if found is None:
            kind = kinds.get(resource["type"], KindInfo(label=type_name(resource["type"])))
            found = findings[name] = Finding("deactivated or unapproved", kind.label, name, [],
                                             hint=SWITCH_HINT, detail={"id": resource.get("id")})
        found.category = "deactivated or unapproved"
        found.hint = SWITCH_HINT
        found.changes.extend(switched)
    for finding in findings.values():
        finding.detail.setdefault("type", next((r["type"] for u, r in old.items()
                                                if u.split("::")[-1] == finding.name), ""))
    order = {"deleted outside Pulumi": 0, "deactivated or unapproved": 1, "changed": 2}
    return sorted(findings.values(), key=lambda f: (order.get(f.category, 3), f.name))


# -- unmanaged objects ---------------------------------------------------------------------------
ManagedKey = tuple[str, str]  # (vendor, "id:<id>" or "key:<natural key, casefolded>")


def managed_keys(deployment: Mapping[str, Any]) -> set[ManagedKey]:
    """What one stack's state manages, by vendor id and by natural key."""
    keys: set[ManagedKey] = set()
    resources = managed_resources(deployment).values()
    ext_names = {str(r.get("id"))[:15]: str(_outputs(r).get("developerName"))
                 for r in resources if type_name(r["type"]) == "Extension"}
    for resource in resources:
        kind, out, id_ = type_name(resource["type"]), _outputs(resource), str(resource.get("id") or "")
        if kind == "ExternalAssetType":
            keys |= {("eloqua", f"id:{id_}"), ("eloqua", f"key:{str(out.get('name')).casefold()}")}
        elif kind == "CustomActivityType":
            keys |= {("marketo", f"id:{id_}"), ("marketo", f"key:{str(out.get('apiName') or id_).casefold()}")}
        elif kind == "Extension":
            keys |= {("account_engagement", f"id:{id_[:15]}"),
                     ("account_engagement", f"key:{str(out.get('developerName')).casefold()}")}
        elif kind == "ActivityType":
            ext = ext_names.get(str(out.get("extensionId") or "")[:15], "")
            keys |= {("account_engagement", f"id:{id_[:15]}"),
                     ("account_engagement", f"key:{ext}.{out.get('developerName')}".casefold())}
    return keys


def unmanaged(objects: Sequence[LiveObject], keys: set[ManagedKey]) -> list[Finding]:
    """Live objects that no stack's state manages (an unmanaged extension carries its types)."""
    findings: list[Finding] = []
    reported_parents: set[str] = set()
    for obj in objects:
        ids = {(obj.vendor, f"id:{obj.id[:15] if obj.vendor == 'account_engagement' else obj.id}"),
               (obj.vendor, f"key:{obj.key.casefold()}")}
        if ids & keys:
            continue
        if obj.parent is not None and obj.parent in reported_parents:
            continue
        if obj.kind == "extension":
            reported_parents.add(obj.key)
        findings.append(Finding("unmanaged", f"{VENDOR_LABEL[obj.vendor]} {obj.kind}", obj.key, [],
                                hint=ADOPT_HINT,
                                detail={"id": obj.id, "vendor": obj.vendor, "entry": obj.entry,
                                        "parent": obj.parent}))
    return findings


VENDOR_LABEL = {"account_engagement": "Account Engagement", "marketo": "Marketo", "eloqua": "Eloqua"}


# -- the whole run ---------------------------------------------------------------------------------
@dataclass
class DriftReport:
    stack: str
    findings: list[Finding]
    resources: int
    unreachable: dict[str, str] = field(default_factory=dict)
    stacks_read: list[str] = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        return bool(self.findings)


def other_stacks(stack: Stack) -> list[Stack]:
    """The other stacks on the same backend (all of the project's stacks for a file backend)."""
    listed = json.loads(stack.run("stack", "ls", "--json").stdout or "[]")
    return [Stack(stack.project_dir, str(s["name"]), stack.env, timeout=stack.timeout)
            for s in listed if str(s["name"]) != stack.name]


def run_drift(
    stack: Stack,
    kinds: Mapping[str, KindInfo],
    *,
    inventory: Callable[[Stack], Inventory] | None = None,
    schema_files: Sequence[Path] = (),
) -> DriftReport:
    """List the live objects, refresh a copy of ``stack``'s state, compare, then report the live
    objects no stack manages.

    The listing comes first so that its tokens can be handed to the refresh's provider process
    (``providers.core.auth.handoff_environment``): one token request per vendor for the whole run.
    """
    live = inventory(stack) if inventory is not None else None
    with stack_copy(stack, handoff_environment()) as copy:
        before = copy.export()
        copy.refresh()
        after = copy.export()
    deployment_before = before.get("deployment", {})
    findings = compare_all(deployment_before, after.get("deployment", {}), kinds)
    keys = managed_keys(deployment_before)
    read: list[str] = [stack.name]
    for other in other_stacks(stack):
        try:
            keys |= managed_keys(other.export().get("deployment", {}))
            read.append(other.name)
        except PulumiError:
            continue  # a stack listed but not readable (no state yet): it manages nothing
    unreachable: dict[str, str] = {}
    if live is not None:
        findings.extend(unmanaged(live.objects(), keys))
        unreachable = dict(live.unreachable)
    if schema_files:
        attach_schema_lines(findings, deployment_before, after.get("deployment", {}), schema_files)
    return DriftReport(stack.name, findings, len(managed_resources(deployment_before)), unreachable, read)
