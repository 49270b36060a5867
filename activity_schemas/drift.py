"""Drift: what differs between the last applied state and the live org, found on a *copy* of the
state so the real one is never written.

The copy is refreshed with the real engine (``pulumi refresh``: one ``read`` per resource); the
refreshed copy is then compared with the original, resource by resource, field by field.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from activity_schemas.engine import Stack
from activity_schemas.review import KindInfo
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


@contextmanager
def stack_copy(stack: Stack) -> Iterator[Stack]:
    """The same stack in a throw-away file backend, holding a copy of its current state."""
    exported = stack.export()
    with tempfile.TemporaryDirectory(prefix="activity-schemas-drift-") as tmp:
        env = dict(stack.env)
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
