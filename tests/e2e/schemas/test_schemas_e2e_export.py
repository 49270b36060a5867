"""`activity-schemas export` -> `pulumi up` adopts what the org has and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from activity_schemas.engine import Stack
from activity_schemas.export_cmd import export

pytestmark = pytest.mark.e2e

PROGRAM = "from activity_schemas.program import main\nmain()\n"


def _stack_reading(pulumi_stack: Any, schema: Path) -> Stack:
    stack: Stack = pulumi_stack(PROGRAM, config={"activity-schemas:schemas": json.dumps([str(schema)])})
    return stack


def prefill_eloqua(control: Any) -> None:
    tradeshow = control.admin("eloqua", "POST", "asset-types", json={
        "name": "Tradeshow", "description": "Trade shows we exhibit at",
        "activityTypes": ["Registered", "Attended", "Viewed a Demo"]}).json()
    control.admin("eloqua", "POST", "asset-types", json={"name": "Webinar", "activityTypes": ["Attended"]})
    control.admin("eloqua", "POST", "assets", json={"name": "Tradeshow 2021", "assetTypeId": tradeshow["id"]})
    control.admin("eloqua", "POST", "assets", json={"name": "Tradeshow 2022", "assetTypeId": tradeshow["id"],
                                                    "description": "Austin, March"})


def test_export_then_up_adopts_eloqua_without_changes(
    pulumi_stack: Any, control: Any, sandbox: Any, tmp_path: Path
) -> None:
    prefill_eloqua(control)
    schema = tmp_path / "exported.yaml"
    stack = _stack_reading(pulumi_stack, schema)
    text, _ = export(stack)
    schema.write_text(text)
    doc = yaml.safe_load(text)
    assert doc["eloqua"] == {"externalAssetTypes": [
        {"name": "Tradeshow", "description": "Trade shows we exhibit at",
         "activityTypes": ["Registered", "Attended", "Viewed a Demo"],
         "assets": ["Tradeshow 2021", {"name": "Tradeshow 2022", "description": "Austin, March"}]},
        {"name": "Webinar", "activityTypes": ["Attended"]},
    ]}
    objects_before = _objects(control)
    mark = control.mark()
    stack.set_config("activity-schemas:adopt", "true")
    stack.up()
    assert _objects(control) == objects_before
    # The provider may try a create and adopt on Eloqua's 409: a refused write changes nothing.
    assert [c for c in control.calls(since=mark, writes_only=True) if c["status"] < 400] == []
    assert len(stack.resources()) == 4
    stack.preview("--expect-no-changes", "--refresh")


EXPECTED_KINDS = ("eloqua/asset", "eloqua/assetType", "marketo/customType", "salesforce/MarketingAppExtension",
                  "salesforce/MarketingAppExtActivity", "salesforce/MarketingAppExtAssignment")
OBJECT_KINDS = ("eloqua/assetType", "eloqua/asset", "marketo/customType")


def _objects(control: Any) -> dict[str, Any]:
    """Every vendor object the sandbox holds (Salesforce: its Tooling records)."""
    state = control.state()
    return {kind: docs for kind, docs in state.items()
            if kind in OBJECT_KINDS or kind.startswith("salesforce/MarketingApp")}


def prefill_marketo(control: Any) -> None:
    control.admin("marketo", "POST", "types", json={
        "apiName": "attendConference", "name": "Attend Conference", "description": "Attended a conference",
        "triggerName": "Attends Conference", "filterName": "Attended Conference",
        "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name", "description": "The name"},
        "attributes": [{"apiName": "badgeNumber", "name": "Badge Number", "dataType": "integer"}],
    })


def prefill_account_engagement(control: Any, *, active: bool = False) -> None:
    [unit] = control.admin("salesforce", "GET", "objects/PardotTenant").json()[:1]
    ext = control.admin("salesforce", "POST", "objects/MarketingAppExtension", json={
        "DeveloperName": "Webinar_Service", "MasterLabel": "Webinar Service", "Description": "Webinars"}).json()
    control.admin("salesforce", "POST", "objects/MarketingAppExtActivity", json={
        "MarketingAppExtensionId": ext["Id"], "DeveloperName": "registered", "MasterLabel": "Registered",
        "IsActive": active})
    if active:
        control.admin("salesforce", "PATCH", f"objects/MarketingAppExtension/{ext['Id']}", json={"IsActive": True})
    control.admin("salesforce", "POST", "objects/MarketingAppExtAssignment", json={
        "MarketingAppExtensionId": ext["Id"], "ParentId": unit["Id"]})


def test_export_then_up_adopts_every_vendor_without_changes(
    pulumi_stack: Any, control: Any, sandbox: Any, tmp_path: Path
) -> None:
    prefill_eloqua(control)
    prefill_marketo(control)
    prefill_account_engagement(control)
    schema = tmp_path / "exported.yaml"
    stack = _stack_reading(pulumi_stack, schema)
    text, inventory = export(stack)
    assert inventory.unreachable == {}
    schema.write_text(text)
    doc = yaml.safe_load(text)
    assert doc["marketo"]["customActivityTypes"][0]["apiName"] == "attendConference"
    assert doc["marketo"]["customActivityTypes"][0]["attributes"] == [
        {"apiName": "badgeNumber", "name": "Badge Number", "dataType": "integer"}]
    [ext] = doc["accountEngagement"]["extensions"]
    assert ext["developerName"] == "Webinar_Service" and ext["active"] is False
    assert ext["activityTypes"] == [{"developerName": "registered", "masterLabel": "Registered"}]
    objects_before = _objects(control)
    assert sorted(k for k, docs in objects_before.items() if docs) == sorted(EXPECTED_KINDS)
    mark = control.mark()
    stack.set_config("activity-schemas:adopt", "true")
    stack.up()
    assert _objects(control) == objects_before
    calls = [c for c in control.calls(since=mark, writes_only=True)
             if "token" not in c["path"]]  # getting a token changes nothing in the org
    # The Marketo and Eloqua providers create first and adopt when the vendor refuses the duplicate
    # (Eloqua: 409; Marketo: HTTP 200 with success: false): those refused creates changed nothing,
    # as the unchanged objects above show. No other write was made.
    creates = {"/rest/v1/activities/external/type.json", "/api/REST/2.0/assets/external/type",
               "/api/REST/2.0/assets/external"}
    assert [(c["method"], c["path"]) for c in calls if c["method"] != "POST" or c["path"] not in creates] == []
    assert all(c["status"] >= 400 for c in calls if c["vendor"] == "eloqua")
    stack.preview("--expect-no-changes", "--refresh")


def test_export_of_an_active_extension_keeps_it_active(pulumi_stack: Any, control: Any, tmp_path: Path) -> None:
    prefill_account_engagement(control, active=True)
    schema = tmp_path / "exported.yaml"
    stack = _stack_reading(pulumi_stack, schema)
    text, _ = export(stack)
    schema.write_text(text)
    [ext] = yaml.safe_load(text)["accountEngagement"]["extensions"]
    assert ext["active"] is True
    objects_before = _objects(control)
    stack.set_config("activity-schemas:adopt", "true")
    stack.up()
    assert _objects(control) == objects_before
    assert stack.outputs()["ae:Webinar_Service"]["active"] is True
    stack.preview("--expect-no-changes", "--refresh")
