"""Account Engagement through the real pulumi: create, no-op, in-place update, drift, destroy, re-create."""

from __future__ import annotations

from typing import Any

import pytest
from ae_program import ASSIGNMENT, EXT, PROGRAM, TYPE, ops, records, tooling_calls

pytestmark = pytest.mark.e2e


def _per_endpoint(control: Any, since: int) -> dict[str, int]:
    """Tooling calls after ``since`` per route, e.g. ``{"GET .../query": 5}`` (token requests left out)."""
    out: dict[str, int] = {}
    for e in tooling_calls(control, since):
        key = f"{e['method']} {e['endpoint'].split(' ', 1)[-1].rsplit('/tooling', 1)[-1]}"
        out[key] = out.get(key, 0) + 1
    return out


def _by_id(control: Any, sobject: str, id_: str) -> dict[str, Any]:
    return next(r for r in records(control, sobject) if r["Id"] == id_)


def test_ae_create_noop_update_refresh_destroy_recreate(pulumi_stack: Any, control: Any) -> None:
    stack = pulumi_stack(PROGRAM)

    # create: three objects, each POSTed once, all inactive; the assignment names HappyHomeTX
    mark = control.mark()
    stack.up()
    writes = tooling_calls(control, mark, writes_only=True)
    assert sorted(e["path"].rsplit("/", 2)[-2] for e in writes) == sorted([EXT, EXT, TYPE, ASSIGNMENT])
    # pinned: 2 extension look-ups, 1 business-unit list, 4 creates, and the activation's 3 reads
    # (extension, type, assignment); the type and the assignment of an extension created in this run
    # need no look-up (providers/salesforce/fresh.py)
    assert _per_endpoint(control, mark) == {"GET /query": 3, "POST /sobjects/{sobject}": 4,
                                            "GET /sobjects/{sobject}/{record_id}": 3}
    out = stack.outputs()
    ext = _by_id(control, EXT, out["extId"])
    assert ext["DeveloperName"] == "Webinar_Service" and ext["IsActive"] is False
    assert _by_id(control, TYPE, out["typeId"])["IsActive"] is False
    assignment = _by_id(control, ASSIGNMENT, out["assignmentId"])
    assert assignment["ParentId"] == control.endpoints()["salesforce"]["business_units"]["HappyHomeTX"]
    assert out["active"] is False

    # no-op: no change in preview, and an `up` makes no Tooling call at all
    stack.preview("--expect-no-changes")
    mark = control.mark()
    stack.up()
    assert tooling_calls(control, mark) == []

    # in-place update of labels and description: one PATCH per changed object, no replacement
    stack.set_config("t:extLabel", "Webinar Service (EU)")
    stack.set_config("t:typeLabel", "Registered for webinar")
    preview = ops(stack.preview_json())
    assert preview["ext"] == ["update"] and preview["registered"] == ["update"]
    mark = control.mark()
    stack.up()
    writes = tooling_calls(control, mark, writes_only=True)
    assert sorted((e["method"], e["path"].rsplit("/", 2)[-2]) for e in writes) == [("PATCH", TYPE), ("PATCH", EXT)]
    assert _per_endpoint(control, mark) == {"PATCH /sobjects/{sobject}/{record_id}": 2}
    assert _by_id(control, EXT, out["extId"])["MasterLabel"] == "Webinar Service (EU)"
    assert _by_id(control, TYPE, out["typeId"])["MasterLabel"] == "Registered for webinar"

    # in place too: renaming an activity type (updatable) and moving the assignment to another unit
    stack.set_config("t:typeName", "Registered_Webinar")
    stack.set_config("t:businessUnit", "PardotTenant")
    preview = ops(stack.preview_json())
    assert preview["registered"] == ["update"] and preview["assignment"] == ["update"]
    mark = control.mark()
    stack.up()
    # check looks the changed business unit up (one list per process), then one PATCH each
    assert _per_endpoint(control, mark) == {"GET /query": 1, "PATCH /sobjects/{sobject}/{record_id}": 2}
    assert _by_id(control, TYPE, out["typeId"])["DeveloperName"] == "Registered_Webinar"
    units = control.endpoints()["salesforce"]["business_units"]
    assert _by_id(control, ASSIGNMENT, out["assignmentId"])["ParentId"] == units["PardotTenant"]
    assert stack.outputs()["businessUnitId"] == units["PardotTenant"]
    stack.set_config("t:typeName", "Registered")
    stack.set_config("t:businessUnit", "HappyHomeTX")
    stack.up()

    # drift made in Setup (admin surface): refresh shows it, the next up reverts it
    for sobject, id_ in ((EXT, out["extId"]), (TYPE, out["typeId"])):
        response = control.admin("salesforce", "PATCH", f"objects/{sobject}/{id_}",
                                 json={"MasterLabel": "Renamed in Setup"})
        assert response.status_code == 200, response.text
    mark = control.mark()
    stack.refresh()
    # pinned: one GET per object (ext, other, type, assignment, and the activation's ext + type),
    # plus the business-unit list that names the assignment's unit
    assert _per_endpoint(control, mark) == {"GET /sobjects/{sobject}/{record_id}": 6, "GET /query": 1}
    state = {r["urn"].split("::")[-1]: r for r in stack.resources()}
    assert state["ext"]["outputs"]["masterLabel"] == "Renamed in Setup"
    assert state["registered"]["outputs"]["masterLabel"] == "Renamed in Setup"
    preview = ops(stack.preview_json())
    assert preview["ext"] == ["update"] and preview["registered"] == ["update"]
    stack.up()
    assert _by_id(control, EXT, out["extId"])["MasterLabel"] == "Webinar Service (EU)"
    assert _by_id(control, TYPE, out["typeId"])["MasterLabel"] == "Registered for webinar"
    stack.preview("--expect-no-changes")

    # an assignment deleted in Setup disappears from state on refresh and is re-created by up
    response = control.admin("salesforce", "DELETE", f"objects/{ASSIGNMENT}/{out['assignmentId']}")
    assert response.status_code == 204, response.text
    stack.refresh()
    assert "assignment" not in {r["urn"].split("::")[-1] for r in stack.resources()}
    stack.up()
    assert len(records(control, ASSIGNMENT)) == 1

    # destroy: assignment deleted for real; extension and type retired (inactive, marked), not gone
    mark = control.mark()
    result = stack.destroy()
    # pinned: the activation reads ext + type (nothing active: no PATCH); each retirement reads its object,
    # asks describe once per object type, and PATCHes once; extensions list their assignments
    assert _per_endpoint(control, mark) == {"GET /sobjects/{sobject}/{record_id}": 5,
                                            "GET /sobjects/{sobject}/describe": 2, "GET /query": 2,
                                            "PATCH /sobjects/{sobject}/{record_id}": 3,
                                            "DELETE /sobjects/{sobject}/{record_id}": 1}
    assert "retired, not gone" in result.stdout + result.stderr
    assert stack.resources() == []
    assert records(control, ASSIGNMENT) == []
    ext = _by_id(control, EXT, out["extId"])
    assert ext["IsActive"] is False and ext["Description"].startswith("[retired by activity-schemas: Webinar_Service]")
    retired_type = _by_id(control, TYPE, out["typeId"])
    assert retired_type["IsActive"] is False and retired_type["DeveloperName"] != "Registered"

    # re-create takes the retired objects back: no duplicates
    stack.up()
    again = stack.outputs()
    assert again["extId"] == out["extId"] and again["typeId"] == out["typeId"]
    assert len([r for r in records(control, EXT) if r["DeveloperName"] == "Webinar_Service"]) == 1
    assert len(records(control, TYPE)) == 1
    assert _by_id(control, TYPE, out["typeId"])["DeveloperName"] == "Registered"
    assert _by_id(control, EXT, out["extId"])["Description"] == "Webinar integration"


def test_ae_objects_deleted_in_setup_leave_the_state_and_come_back(pulumi_stack: Any, control: Any) -> None:
    stack = pulumi_stack(PROGRAM)
    stack.up()
    out = stack.outputs()
    # Setup deletes the extension (with its activity types and assignments)
    response = control.admin("salesforce", "DELETE", f"objects/{EXT}/{out['extId']}")
    assert response.status_code == 204, response.text
    stack.refresh()
    assert {r["urn"].split("::")[-1] for r in stack.resources()} == {"other"}
    stack.up()
    again = stack.outputs()
    assert again["extId"] != out["extId"]
    assert [r["DeveloperName"] for r in records(control, TYPE)] == ["Registered"]
    assert [r["MarketingAppExtensionId"] for r in records(control, ASSIGNMENT)] == [again["extId"]]
    stack.preview("--expect-no-changes")
