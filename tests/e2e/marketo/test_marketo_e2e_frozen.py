"""What approval freezes is a replacement in the preview; an in-use type says what to do instead."""

from __future__ import annotations

import pytest
from marketo_e2e_support import program, rest_calls, sandbox_type, spec, steps_of, write_program

pytestmark = pytest.mark.e2e

TYPE = "/rest/v1/activities/external/type/{apiName}"


def _replaced(preview: dict) -> bool:  # type: ignore[type-arg]
    ops = steps_of(preview)["attend-conference"]
    return "replace" in ops or "delete-replaced" in ops or "create-replacement" in ops


def test_changing_the_primary_attribute_of_an_approved_type_is_a_replacement(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    base = spec()
    stack = pulumi_stack(program(base))
    stack.up()
    changed = spec(primary_attribute={"apiName": "eventName", "name": "Event Name"})
    write_program(stack, changed)
    preview = stack.preview_json()
    assert _replaced(preview)
    mark = control.mark()
    stack.up()
    writes = [p for m, p in rest_calls(control, mark) if m == "POST"]
    assert writes[0].endswith("/delete.json")  # delete before replace: the apiName is unique
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "approved"
    assert doc["live"]["primaryAttribute"]["apiName"] == "eventName"
    stack.preview("--expect-no-changes")


def test_frozen_field_change_is_a_replacement_and_in_use_type_explains_what_to_do(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    stack = pulumi_stack(program(spec()))
    stack.up()
    write_program(stack, spec(trigger_name="Attends an Event"))
    assert _replaced(stack.preview_json())

    # in use (a smart campaign uses its trigger): Marketo refuses the delete, nothing changes
    control.admin("marketo", "PUT", "types/attendConference/in-use", json={"inUse": True}).raise_for_status()
    failed = stack.up(check=False)
    assert failed.returncode != 0
    text = failed.stdout + failed.stderr
    assert "in use" in text and "declare a new type with another apiName" in text
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["live"]["triggerName"] == "Attends Conference" and not doc.get("draft")

    # no longer in use: the replacement goes through
    control.admin("marketo", "PUT", "types/attendConference/in-use", json={"inUse": False}).raise_for_status()
    stack.up()
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["live"]["triggerName"] == "Attends an Event" and doc["status"] == "approved"
    stack.preview("--expect-no-changes")


def test_never_approved_draft_changes_primary_and_name_in_place_then_approves(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    base = spec(approve=False)
    stack = pulumi_stack(program(base))
    stack.up()
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "draft" and not doc.get("live")
    stack.preview("--expect-no-changes")

    # the primary moves to an existing secondary attribute; the old primary stays as a secondary
    moved = spec(approve=False, name="Attend Event",
                 primary_attribute={"apiName": "numberOfAttendees", "name": "Number of Attendees",
                                    "description": "Number of people attending conference"},
                 attributes=[base["attributes"][0],
                             {"apiName": "conferenceName", "name": "Conference Name", "dataType": "string",
                              "description": "Name of the conference"}])
    write_program(stack, moved)
    assert steps_of(stack.preview_json())["attend-conference"] == ["update"]  # not frozen: in place
    mark = control.mark()
    stack.up()
    writes = [p for m, p in rest_calls(control, mark) if m == "POST"]
    assert writes == [TYPE + ".json", TYPE + "/attributes/update.json",  # type fields, demote
                      TYPE + "/attributes/update.json"]  # promote: always after the demotion
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "draft"
    assert doc["draft"]["name"] == "Attend Event"
    assert doc["draft"]["primaryAttribute"]["apiName"] == "numberOfAttendees"
    assert {a["apiName"] for a in doc["draft"]["attributes"]} == {"conferenceDate", "conferenceName"}
    stack.preview("--expect-no-changes")

    write_program(stack, {**moved, "approve": True})
    stack.up()
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "approved"
    assert doc["live"]["primaryAttribute"]["apiName"] == "numberOfAttendees"
    stack.preview("--expect-no-changes")
