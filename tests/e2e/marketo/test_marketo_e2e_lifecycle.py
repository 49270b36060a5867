"""The real pulumi engine against the sandbox: create, no-op, attribute changes, destroy."""

from __future__ import annotations

import pytest
from marketo_e2e_support import program, rest_calls, sandbox_type, spec, steps_of, write_program

pytestmark = pytest.mark.e2e

TYPE = "/rest/v1/activities/external/type/{apiName}"


def test_create_is_three_calls_and_ends_approved_then_noop_and_destroy(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    stack = pulumi_stack(program(spec()))
    mark = control.mark()
    stack.up()
    assert rest_calls(control, mark) == [
        ("GET", "/identity/oauth/token"),
        ("GET", "/rest/v1/activities/external/types.json"),  # check: the 10-type limit counts live types
        ("POST", "/rest/v1/activities/external/type.json"),
        ("POST", TYPE + "/attributes/create.json"),
        ("POST", TYPE + "/approve.json"),
    ]
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "approved" and not doc.get("draft")
    assert [a["apiName"] for a in doc["live"]["attributes"]] == ["conferenceDate", "numberOfAttendees"]
    outputs = stack.outputs()
    assert outputs["attend-conference-status"] == "approved"
    assert outputs["attend-conference-id"] == doc["id"]

    stack.preview("--expect-no-changes")
    mark = control.mark()
    stack.up()
    assert control.calls(mark, vendor="marketo", writes_only=True) == []

    stack.destroy()
    assert sandbox_type(control, "attendConference") is None
    assert stack.resources() == []


def _attributes(control, api_name: str, version: str = "live") -> dict[str, dict]:  # type: ignore[no-untyped-def]
    doc = sandbox_type(control, api_name)
    assert doc is not None
    return {a["apiName"]: a for a in doc[version]["attributes"]}


def test_add_change_rename_remove_attributes_in_place(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    base = spec()
    stack = pulumi_stack(program(base))
    stack.up()
    type_id = stack.outputs()["attend-conference-id"]

    # add one attribute: one create call + approve
    added = spec(attributes=[*base["attributes"],
                             {"apiName": "badgeNumber", "name": "Badge Number", "dataType": "string"}])
    write_program(stack, added)
    preview = stack.preview_json()
    assert steps_of(preview)["attend-conference"] == ["update"]
    mark = control.mark()
    stack.up()
    writes = [p for m, p in rest_calls(control, mark) if m == "POST"]
    assert writes == [TYPE + "/attributes/create.json", TYPE + "/approve.json"]
    assert "badgeNumber" in _attributes(control, "attendConference")

    # change one attribute's name and data type
    changed = spec(attributes=[added["attributes"][0],
                               {**added["attributes"][1], "name": "Attendees", "dataType": "float"},
                               added["attributes"][2]])
    write_program(stack, changed)
    mark = control.mark()
    stack.up()
    writes = [p for m, p in rest_calls(control, mark) if m == "POST"]
    assert writes == [TYPE + "/attributes/update.json", TYPE + "/approve.json"]
    assert _attributes(control, "attendConference")["numberOfAttendees"]["dataType"] == "float"
    assert _attributes(control, "attendConference")["numberOfAttendees"]["name"] == "Attendees"

    # rename = remove + add; the preview shows the lost attribute under `attributes`, keyed by apiName
    renamed = spec(attributes=[changed["attributes"][0], changed["attributes"][1],
                               {"apiName": "badgeCode", "name": "Badge Number", "dataType": "string"}])
    write_program(stack, renamed)
    text = stack.preview("--diff").stdout + stack.preview("--diff").stderr
    assert "badgeNumber" in text and "badgeCode" in text
    assert "attributes[badgeNumber] will be removed" in text and "attributes[badgeCode] will be added" in text
    mark = control.mark()
    stack.up()
    writes = [p for m, p in rest_calls(control, mark) if m == "POST"]
    assert writes == [TYPE + "/attributes/delete.json", TYPE + "/attributes/create.json", TYPE + "/approve.json"]
    assert set(_attributes(control, "attendConference")) == {"conferenceDate", "numberOfAttendees", "badgeCode"}

    # remove two attributes
    removed = spec(attributes=[renamed["attributes"][0]])
    write_program(stack, removed)
    stack.up()
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "approved" and doc["id"] == type_id  # same type, in place
    assert set(_attributes(control, "attendConference")) == {"conferenceDate"}
    stack.preview("--expect-no-changes")
    stack.refresh("--expect-no-changes")
