"""The update plan: what goes on the draft, in how many calls, in which order."""

from __future__ import annotations

from typing import Any

from providers.marketo.models import CustomActivityTypeInputs
from providers.marketo.plan import LiveType, frozen_changes, parse_type, plan_update

LIVE_DOC: dict[str, Any] = {
    "id": 100001, "apiName": "attendConference", "name": "Attend Conference",
    "description": "Attend the conference", "triggerName": "Attends Conference",
    "filterName": "Attended Conference", "status": "approved",
    "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name",
                         "description": "Name of the conference", "dataType": "string"},
    "attributes": [
        {"apiName": "conferenceDate", "name": "Conference Date", "description": "Date of the conference",
         "dataType": "datetime"},
        {"apiName": "numberOfAttendees", "name": "Number of Attendees", "dataType": "integer"}],
}


def live(**over: Any) -> LiveType:
    return parse_type({**LIVE_DOC, **over})


def desired(**over: Any) -> CustomActivityTypeInputs:
    doc = live().inputs()
    doc.update(over)
    return CustomActivityTypeInputs.model_validate({k: v for k, v in doc.items() if v is not None})


def test_parse_type_projects_onto_inputs() -> None:
    found = live()
    assert found.id == 100001 and found.ever_approved and not found.draft_pending
    assert found.inputs()["primaryAttribute"] == {"apiName": "conferenceName", "name": "Conference Name",
                                                  "description": "Name of the conference"}
    assert [a["apiName"] for a in found.inputs()["attributes"]] == ["conferenceDate", "numberOfAttendees"]


def test_primary_listed_among_attributes_with_is_primary_is_moved_out() -> None:
    doc = {**LIVE_DOC, "primaryAttribute": None,
           "attributes": [*LIVE_DOC["attributes"],
                          {"apiName": "conferenceName", "name": "Conference Name", "dataType": "string",
                           "isPrimary": True}]}
    found = parse_type(doc)
    assert found.primary is not None and found.primary.api_name == "conferenceName"
    assert len(found.attributes) == 2


def test_no_change_no_step() -> None:
    assert plan_update(live(), desired()) == []
    assert frozen_changes(live(), desired()) == []


def test_attribute_add_change_remove_are_one_call_each() -> None:
    attrs = [
        {"apiName": "conferenceDate", "name": "Conference Day", "dataType": "date"},  # changed, desc dropped
        {"apiName": "badgeNumber", "name": "Badge Number", "dataType": "string"},  # added
    ]  # numberOfAttendees removed
    steps = plan_update(live(), desired(attributes=attrs))
    assert [s.action for s in steps] == ["update_attributes", "delete_attributes", "create_attributes"]
    assert steps[0].body == [{"apiName": "conferenceDate", "name": "Conference Day", "dataType": "date",
                              "description": ""}]
    assert steps[1].body == ["numberOfAttendees"]
    assert steps[2].body == [{"apiName": "badgeNumber", "name": "Badge Number", "dataType": "string"}]


def test_rename_is_remove_and_add() -> None:
    attrs = [live().inputs()["attributes"][0],
             {"apiName": "attendeeCount", "name": "Number of Attendees", "dataType": "integer"}]
    steps = plan_update(live(), desired(attributes=attrs))
    assert [(s.action, s.body) for s in steps] == [
        ("delete_attributes", ["numberOfAttendees"]),
        ("create_attributes", [{"apiName": "attendeeCount", "name": "Number of Attendees", "dataType": "integer"}]),
    ]


def test_type_fields_go_in_one_update_and_are_frozen_once_approved() -> None:
    wanted = desired(name="Attend Event", triggerName="Attends Event")
    steps = plan_update(live(), wanted)
    assert [s.action for s in steps] == ["update_type"]
    assert steps[0].body == {"name": "Attend Event", "triggerName": "Attends Event"}
    assert frozen_changes(live(), wanted) == ["name", "triggerName"]


def test_primary_moves_to_an_existing_attribute_demote_before_promote() -> None:
    attrs = [a for a in live().inputs()["attributes"] if a["apiName"] != "numberOfAttendees"]
    wanted = desired(primaryAttribute={"apiName": "numberOfAttendees", "name": "Attendees"}, attributes=attrs)
    steps = plan_update(live(), wanted)
    assert [s.action for s in steps] == ["update_attributes", "delete_attributes", "update_attributes"]
    demote, delete, promote = steps
    assert demote.body == [{"apiName": "conferenceName", "name": "Conference Name", "dataType": "string",
                            "description": "Name of the conference", "isPrimary": False}]
    assert delete.body == ["conferenceName"]  # the old primary is not declared as a secondary
    assert promote.body == [{"apiName": "numberOfAttendees", "name": "Attendees", "dataType": "integer",
                             "isPrimary": True}]
    assert frozen_changes(live(), wanted) == ["primaryAttribute"]


def test_new_primary_is_created_promoted_after_the_demotion_and_old_primary_kept_as_secondary() -> None:
    attrs = [*live().inputs()["attributes"],
             {"apiName": "conferenceName", "name": "Conference Name", "dataType": "string"}]
    wanted = desired(primaryAttribute={"apiName": "eventCode", "name": "Event Code"}, attributes=attrs)
    steps = plan_update(live(), wanted)
    assert [s.action for s in steps] == ["update_attributes", "create_attributes"]
    assert steps[0].body == [{"apiName": "conferenceName", "name": "Conference Name", "dataType": "string",
                              "description": "", "isPrimary": False}]
    assert steps[1].body == [{"apiName": "eventCode", "name": "Event Code", "dataType": "string", "isPrimary": True}]


def test_primary_name_change_is_a_type_update() -> None:
    wanted = desired(primaryAttribute={"apiName": "conferenceName", "name": "Conference"})
    steps = plan_update(live(), wanted)
    assert [(s.action, s.body) for s in steps] == [
        ("update_type", {"primaryAttribute": {"apiName": "conferenceName", "name": "Conference", "description": ""}}),
    ]


def test_never_approved_draft_is_not_frozen_in_status() -> None:
    assert not live(status="draft").ever_approved
    assert live(status="approved with draft").draft_pending
