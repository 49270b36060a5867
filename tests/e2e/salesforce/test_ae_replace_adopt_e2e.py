"""Replacement ordering, adoption and bad input through the real pulumi, against the sandbox."""

from __future__ import annotations

from typing import Any

import pytest
from ae_program import ASSIGNMENT, EXT, PROGRAM, TYPE, records, tooling_calls

pytestmark = pytest.mark.e2e


def _replaced(preview: dict[str, Any]) -> set[str]:
    return {s["urn"].split("::")[-1] for s in preview["steps"] if s["op"] == "replace"}


def _first(calls: list[dict[str, Any]], method: str, fragment: str) -> int:
    """Sequence number of the first call with that method whose path contains ``fragment``."""
    return next(e["seq"] for e in calls if e["method"] == method and fragment in e["path"])


def test_ae_replacements_delete_before_create(pulumi_stack: Any, control: Any) -> None:
    stack = pulumi_stack(PROGRAM, config={"salesforce:authFlow": "refresh_token"})  # the flow is configurable
    stack.up()
    first = stack.outputs()

    # an extension DeveloperName change is a replacement, the old one retired before the new is created
    stack.set_config("t:extName", "Webinar_Service_v2")
    assert _replaced(stack.preview_json()) == {"ext", "registered", "assignment", "activation"}
    mark = control.mark()
    stack.up()
    second = stack.outputs()
    calls = tooling_calls(control, mark, writes_only=True)
    assert _first(calls, "PATCH", f"{EXT}/{first['extId']}") < _first(calls, "POST", f"{EXT}/")
    assert second["extId"] != first["extId"]
    old = next(r for r in records(control, EXT) if r["Id"] == first["extId"])
    assert old["IsActive"] is False and old["Description"].startswith("[retired by activity-schemas: Webinar_Service]")
    new = next(r for r in records(control, EXT) if r["Id"] == second["extId"])
    assert new["DeveloperName"] == "Webinar_Service_v2" and new["IsActive"] is False
    # dependents followed: the type and the assignment now belong to the new extension
    assigned = records(control, ASSIGNMENT)
    assert [a["MarketingAppExtensionId"] for a in assigned] == [second["extId"]]
    live_types = [t for t in records(control, TYPE) if t["DeveloperName"] == "Registered"]
    assert [t["MarketingAppExtensionId"] for t in live_types] == [second["extId"]]

    # moving the activity type to another extension: replaced, names never collide (org-wide unique)
    stack.set_config("t:moveType", "true")
    assert _replaced(stack.preview_json()) == {"registered"}
    mark = control.mark()
    stack.up()
    third = stack.outputs()
    calls = tooling_calls(control, mark, writes_only=True)
    assert _first(calls, "PATCH", f"{TYPE}/{second['typeId']}") < _first(calls, "POST", f"{TYPE}/")
    live_types = [t for t in records(control, TYPE) if t["DeveloperName"] == "Registered"]
    assert [(t["Id"], t["MarketingAppExtensionId"]) for t in live_types] == [(third["typeId"], third["otherId"])]
    retired = [t for t in records(control, TYPE) if t["Id"] == second["typeId"]]
    assert retired[0]["IsActive"] is False and retired[0]["DeveloperName"].startswith("Registered_retired")
    stack.preview("--expect-no-changes")


def _touching(control: Any, since: int, id_: str) -> list[dict[str, Any]]:
    """Writes to the record ``id_`` (a duplicate create is caught by comparing the records)."""
    return [e for e in tooling_calls(control, since, writes_only=True) if id_ in e["path"]]


def test_ae_adoption_only_when_allowed_and_matching(pulumi_stack: Any, control: Any) -> None:
    # an admin created the extension in Setup beforehand
    made = control.admin("salesforce", "POST", f"objects/{EXT}", json={
        "DeveloperName": "Webinar_Service", "MasterLabel": "Webinar Service", "Description": "Webinar integration"})
    assert made.status_code == 201, made.text
    existing_id = made.json()["Id"]
    stack = pulumi_stack(PROGRAM, config={"salesforce:authFlow": "client_credentials"})

    # without adopt: refused with a clear error, and the existing object is untouched
    before = next(r for r in records(control, EXT) if r["Id"] == existing_id)
    mark = control.mark()
    result = stack.up(check=False)
    assert result.returncode != 0
    assert "already exists" in result.stdout + result.stderr and "adopt: true" in result.stdout + result.stderr
    assert _touching(control, mark, existing_id) == []
    assert [r for r in records(control, EXT) if r["DeveloperName"] == "Webinar_Service"] == [before]

    # adopt, but the labels differ: refused, nothing changed
    stack.set_config("t:adopt", "true")
    stack.set_config("t:extLabel", "Another label")
    mark = control.mark()
    result = stack.up(check=False)
    assert result.returncode != 0
    assert "does not match" in result.stdout + result.stderr and "masterLabel" in result.stdout + result.stderr
    assert _touching(control, mark, existing_id) == []
    assert [r for r in records(control, EXT) if r["DeveloperName"] == "Webinar_Service"] == [before]

    # adopt and matching: taken over without a create
    stack.set_config("t:extLabel", "Webinar Service")
    stack.up()
    assert stack.outputs()["extId"] == existing_id
    assert len([r for r in records(control, EXT) if r["DeveloperName"] == "Webinar_Service"]) == 1
    stack.preview("--expect-no-changes")


def test_ae_check_rejects_bad_input_before_any_call(pulumi_stack: Any, control: Any) -> None:
    stack = pulumi_stack(PROGRAM, config={"t:extName": "Webinar__Service", "t:businessUnit": "NoSuchUnit"})
    mark = control.mark()
    result = stack.preview(check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0
    assert "developerName" in text and "two underscores" in text
    assert tooling_calls(control, mark, writes_only=True) == []

    stack.set_config("t:extName", "Webinar_Service")
    result = stack.up(check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0
    assert "unknown business unit 'NoSuchUnit'" in text and "HappyHomeTX (0Uv" in text
    assert records(control, ASSIGNMENT) == []


def test_adopting_a_live_active_integration_never_switches_it_off(pulumi_stack: Any, control: Any) -> None:
    """A stack that adopts an active extension but declares it inactive leaves it on; the next
    preview shows the deactivation as a change a person reviews, and only then is it applied."""
    [unit] = control.admin("salesforce", "GET", "objects/PardotTenant").json()[:1]
    ext_id = control.admin("salesforce", "POST", f"objects/{EXT}", json={
        "DeveloperName": "Webinar_Service", "MasterLabel": "Webinar Service",
        "Description": "Webinar integration"}).json()["Id"]
    type_id = control.admin("salesforce", "POST", f"objects/{TYPE}", json={
        "MarketingAppExtensionId": ext_id, "DeveloperName": "Registered", "MasterLabel": "Registered",
        "IsActive": True}).json()["Id"]
    control.admin("salesforce", "POST", f"objects/{ASSIGNMENT}", json={
        "MarketingAppExtensionId": ext_id, "ParentId": unit["Id"]})
    control.admin("salesforce", "PATCH", f"objects/{EXT}/{ext_id}", json={"IsActive": True})
    stack = pulumi_stack(PROGRAM, config={"t:adopt": "true"})  # `active` not declared: false

    mark = control.mark()
    stack.up()
    flags = [e for e in tooling_calls(control, mark, writes_only=True) if e["method"] == "PATCH"]
    assert flags == []  # nothing switched off by the adoption
    assert [r["IsActive"] for r in records(control, EXT) if r["Id"] == ext_id] == [True]
    assert [r["IsActive"] for r in records(control, TYPE) if r["Id"] == type_id] == [True]
    assert stack.outputs()["active"] is True  # the live state, not the declaration

    preview = stack.preview_json()
    [step] = [s for s in preview["steps"] if s["urn"].endswith("::activation")]
    assert step["op"] == "update"
    assert (step["oldState"]["outputs"]["active"], step["newState"]["inputs"]["active"]) == (True, False)
    stack.up()  # the reviewed deactivation
    assert [r["IsActive"] for r in records(control, EXT) if r["Id"] == ext_id] == [False]
    assert [r["IsActive"] for r in records(control, TYPE) if r["Id"] == type_id] == [False]
    stack.preview("--expect-no-changes")
