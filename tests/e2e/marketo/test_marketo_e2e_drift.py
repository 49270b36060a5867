"""Refresh after an admin's edit in Marketo's UI: a pending draft and a published change are drift."""

from __future__ import annotations

import pytest
from marketo_e2e_support import (
    program,
    resource_outputs,
    rest_calls,
    sandbox_type,
    spec,
    steps_of,
    write_program,
)

pytestmark = pytest.mark.e2e

TYPE = "/rest/v1/activities/external/type/{apiName}"


def test_pending_draft_made_in_the_ui_is_drift_and_up_discards_it(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    stack = pulumi_stack(program(spec()))
    stack.up()
    before = sandbox_type(control, "attendConference")
    edit = {"updateAttributes": [{"apiName": "numberOfAttendees", "name": "Headcount"}], "approve": False}
    control.admin("marketo", "POST", "types/attendConference/edit", json=edit).raise_for_status()

    assert stack.refresh("--expect-no-changes", check=False).returncode != 0  # refresh shows the drift
    assert resource_outputs(stack, "attend-conference")["status"] == "approved with draft"
    assert steps_of(stack.preview_json())["attend-conference"] == ["update"]

    mark = control.mark()
    stack.up()
    calls = [c for c in rest_calls(control, mark) if c[1].startswith("/rest")]
    # the declared (approved) version stays; the discard's answer gives the new status, no extra read
    assert calls == [("GET", TYPE + "/describe.json"), ("POST", TYPE + "/discardDraft.json")]
    after = sandbox_type(control, "attendConference")
    assert after is not None and after["status"] == "approved" and not after.get("draft")
    assert before is not None and after["live"] == before["live"]
    # the state records the status after the discard: the next run is a no-op WITHOUT a refresh
    assert resource_outputs(stack, "attend-conference")["status"] == "approved"
    assert stack.outputs()["attend-conference-status"] == "approved"
    stack.preview("--expect-no-changes")
    mark = control.mark()
    stack.up()
    assert control.calls(mark, vendor="marketo", writes_only=True) == []
    stack.refresh("--expect-no-changes")
    stack.preview("--expect-no-changes")


def test_change_published_in_the_ui_shows_on_refresh_and_up_restores_the_declaration(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    stack = pulumi_stack(program(spec()))
    stack.up()
    edit = {"updateAttributes": [{"apiName": "numberOfAttendees", "name": "Headcount"}],
            "addAttributes": [{"apiName": "uiField", "name": "UI Field", "dataType": "string"}], "approve": True}
    control.admin("marketo", "POST", "types/attendConference/edit", json=edit).raise_for_status()

    refreshed = stack.refresh("--diff", check=False)
    assert refreshed.returncode == 0
    assert "Headcount" in refreshed.stdout and "uiField" in refreshed.stdout
    assert steps_of(stack.preview_json())["attend-conference"] == ["update"]
    stack.up()
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "approved"
    attributes = {a["apiName"]: a["name"] for a in doc["live"]["attributes"]}
    assert attributes == {"conferenceDate": "Conference Date", "numberOfAttendees": "Number of Attendees"}
    stack.refresh("--expect-no-changes")


def test_approve_false_holds_changes_as_a_draft_for_review(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    base = spec()
    stack = pulumi_stack(program(base))
    stack.up()
    held = spec(approve=False, attributes=[*base["attributes"],
                                           {"apiName": "badgeNumber", "name": "Badge Number", "dataType": "string"}])
    write_program(stack, held)
    stack.up()
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "approved with draft"
    assert "badgeNumber" in {a["apiName"] for a in doc["draft"]["attributes"]}
    assert "badgeNumber" not in {a["apiName"] for a in doc["live"]["attributes"]}
    stack.preview("--expect-no-changes")  # the held draft is what the stack declares
    stack.refresh("--expect-no-changes")

    write_program(stack, spec(attributes=held["attributes"]))  # approve again: the draft goes live
    stack.up()
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "approved"
    assert "badgeNumber" in {a["apiName"] for a in doc["live"]["attributes"]}
    stack.preview("--expect-no-changes")
