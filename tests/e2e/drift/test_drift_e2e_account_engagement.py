"""Drift of an Account Engagement schema-driven stack: made in "Setup" (the sandbox admin routes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from drift_helpers import schema_stack

from activity_schemas.drift_cmd import check

pytestmark = pytest.mark.e2e

SCHEMA = """\
accountEngagement:
  extensions:
    - developerName: Webinar_Service
      masterLabel: Webinar Service
      businessUnit: HappyHomeTX
      active: true
      activityTypes:
        - developerName: registered
          masterLabel: Registered
        - developerName: attended
          masterLabel: Attended
"""


def _record(control: Any, sobject: str, **match: str) -> dict[str, Any]:
    records = control.admin("salesforce", "GET", f"objects/{sobject}").json()
    [found] = [r for r in records if all(r.get(k) == v for k, v in match.items())]
    return dict(found)


def _findings(text: str) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in json.loads(text)["findings"]}


def test_label_edit_deactivation_and_removed_assignment_are_each_named(
    pulumi_stack: Any, control: Any, tmp_path: Path
) -> None:
    stack, schema = schema_stack(pulumi_stack, tmp_path, SCHEMA)
    stack.up()
    stack.up()  # the activation stage switches on in the second run (the provider's review step)
    text, code = check(stack, [schema], "json")
    assert code == 0, text

    ext = _record(control, "MarketingAppExtension", DeveloperName="Webinar_Service")
    control.admin("salesforce", "PATCH", f"objects/MarketingAppExtension/{ext['Id']}",
                  json={"MasterLabel": "Webinars (edited in Setup)"})
    attended = _record(control, "MarketingAppExtActivity", DeveloperName="attended")
    control.admin("salesforce", "PATCH", f"objects/MarketingAppExtActivity/{attended['Id']}",
                  json={"IsActive": False})
    assignment = _record(control, "MarketingAppExtAssignment")
    control.admin("salesforce", "DELETE", f"objects/MarketingAppExtAssignment/{assignment['Id']}")

    setup_made = control.admin("salesforce", "POST", "objects/MarketingAppExtension", json={
        "DeveloperName": "Made_In_Setup", "MasterLabel": "Made in Setup"}).json()
    control.admin("salesforce", "POST", "objects/MarketingAppExtActivity", json={
        "MarketingAppExtensionId": setup_made["Id"], "DeveloperName": "clicked", "MasterLabel": "Clicked"})
    control.admin("salesforce", "POST", "objects/MarketingAppExtActivity", json={
        "MarketingAppExtensionId": ext["Id"], "DeveloperName": "viewed", "MasterLabel": "Viewed"})

    text, code = check(stack, [schema], "json")
    assert code == 1
    found = _findings(text)
    assert set(found) == {"ae-ext-Webinar_Service", "ae-activation-Webinar_Service", "ae-assign-Webinar_Service",
                          "Made_In_Setup", "Webinar_Service.viewed"}
    assert (found["Made_In_Setup"]["category"], found["Made_In_Setup"]["kind"]) == (
        "unmanaged", "Account Engagement extension")
    assert found["Made_In_Setup"]["entry"]["activityTypes"] == [{"developerName": "clicked", "masterLabel": "Clicked"}]
    assert (found["Webinar_Service.viewed"]["category"], found["Webinar_Service.viewed"]["kind"]) == (
        "unmanaged", "Account Engagement activity type")

    label = found["ae-ext-Webinar_Service"]
    assert label["category"] == "changed"
    assert [(c["path"], c["old"], c["live"]) for c in label["changes"]] == [
        ("masterLabel", "Webinar Service", "Webinars (edited in Setup)")]
    assert label["schemaLines"] == [f"{schema}:4: replace with: masterLabel: Webinars (edited in Setup)"]

    stage = found["ae-activation-Webinar_Service"]
    assert stage["category"] == "deactivated or unapproved"
    assert [(c["path"], c["old"], c["live"]) for c in stage["changes"]] == [
        ("active", True, False), ("activityTypesActive[attended]", True, False)]
    assert stage["schemaLines"] == [f"{schema}:6: replace with: active: false"]

    removed = found["ae-assign-Webinar_Service"]
    assert removed["category"] == "deleted outside Pulumi"
    assert removed["id"] == assignment["Id"]
    assert "pulumi up" in removed["hint"]

    assert stack.preview("--refresh", "--expect-no-changes", check=False).returncode != 0
    markdown, _ = check(stack, [schema])
    assert "### Deleted outside Pulumi" in markdown and "`ae-assign-Webinar_Service`" in markdown
    assert "`masterLabel`: `\"Webinar Service\"` → `\"Webinars (edited in Setup)\"`" in markdown
