"""The Pulumi program and helpers the Account Engagement end-to-end tests share."""

from __future__ import annotations

from typing import Any

PROGRAM = """
import pulumi
from providers.salesforce.resources import Activation, ActivityType, Extension, ExtensionAssignment

cfg = pulumi.Config("t")
ext = Extension("ext", developer_name=cfg.get("extName") or "Webinar_Service",
                master_label=cfg.get("extLabel") or "Webinar Service",
                description=cfg.get("extDescription") or "Webinar integration",
                adopt=cfg.get_bool("adopt") or False)
other = Extension("other", developer_name="Other_Service", master_label="Other Service")
parent = other if cfg.get_bool("moveType") else ext
registered = ActivityType("registered", extension_id=parent.id, developer_name=cfg.get("typeName") or "Registered",
                          master_label=cfg.get("typeLabel") or "Registered",
                          adopt=cfg.get_bool("adopt") or False)
assignment = ExtensionAssignment("assignment", extension_id=ext.id,
                                 business_unit=cfg.get("businessUnit") or "HappyHomeTX")
activation = Activation("activation", extension_id=ext.id, activity_type_ids=[registered.id],
                        assignment_id=assignment.id, active=cfg.get_bool("active") or False)
pulumi.export("extId", ext.id)
pulumi.export("otherId", other.id)
pulumi.export("typeId", registered.id)
pulumi.export("assignmentId", assignment.id)
pulumi.export("businessUnitId", assignment.businessUnitId)
pulumi.export("active", activation.active)
"""

EXT = "MarketingAppExtension"
TYPE = "MarketingAppExtActivity"
ASSIGNMENT = "MarketingAppExtAssignment"


def records(control: Any, sobject: str) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = control.state("salesforce").get(f"salesforce/{sobject}", [])
    return docs


def tooling_calls(control: Any, since: int, writes_only: bool = False) -> list[dict[str, Any]]:
    """Tooling API calls after ``since`` (token requests are authentication, not writes)."""
    return [e for e in control.calls(since=since, vendor="salesforce", writes_only=writes_only)
            if "/tooling/" in e["path"]]


def ops(preview: dict[str, Any]) -> dict[str, list[str]]:
    """Resource name -> the preview's step ops for it."""
    out: dict[str, list[str]] = {}
    for step in preview.get("steps", []):
        out.setdefault(step["urn"].split("::")[-1], []).append(step["op"])
    return out
