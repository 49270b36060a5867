"""Custom activity types: the seed document's attendConference examples, lifecycle and rules."""

from __future__ import annotations

from typing import Any

from marketo_fixtures import ATTEND_CONFERENCE, CONFERENCE_ATTRIBUTES, Marketo

from sandbox.controlclient import SandboxControl

EXT = "/rest/v1/activities/external"
TYPE = EXT + "/type/attendConference"


def _without_times(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in ("id", "createdAt", "updatedAt")}


def test_create_type_reproduces_seed_example(mkto: Marketo) -> None:
    result = mkto.ok("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)
    assert len(result) == 1
    assert _without_times(result[0]) == {
        "apiName": "attendConference", "name": "Attend Conference", "description": "Attend the conference",
        "triggerName": "Attends Conference", "filterName": "Attended Conference", "status": "draft",
        "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name",
                             "description": "Name of the conference", "dataType": "string"},
    }
    assert result[0]["id"] == 100001  # the reference's example id is the first type id


def test_update_type_reproduces_seed_example(mkto: Marketo) -> None:
    mkto.ok("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)
    body = {k: v for k, v in ATTEND_CONFERENCE.items() if k != "apiName"}
    body["triggerName"] = "Attend Conference"
    result = mkto.ok("POST", TYPE + ".json", json=body)[0]
    assert result["triggerName"] == "Attend Conference"
    assert result["status"] == "draft"
    # A partial body is accepted: only the path's apiName is required (reference 3.7).
    result = mkto.ok("POST", TYPE + ".json", json={"description": "Attended a conference"})[0]
    assert result["description"] == "Attended a conference"
    assert result["triggerName"] == "Attend Conference"


def test_attribute_examples_on_an_approved_type(mkto: Marketo) -> None:
    mkto.ok("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)
    mkto.ok("POST", TYPE + "/approve.json")
    created = mkto.ok("POST", TYPE + "/attributes/create.json", json=CONFERENCE_ATTRIBUTES)[0]
    assert created["status"] == "approved with draft"
    assert created["attributes"] == CONFERENCE_ATTRIBUTES["attributes"]
    # Update keyed by apiName; the seed's "numberOfAttendee" does not exist here -> 1006, nothing changes.
    error = mkto.error("POST", TYPE + "/attributes/update.json", json={"attributes": [
        {"apiName": "conferenceDate", "name": "Conference Day", "dataType": "date"},
        {"apiName": "numberOfAttendee", "name": "Number of Attendee", "dataType": "integer"}]})
    assert error["code"] == "1006"
    assert "numberOfAttendee" in error["message"]
    draft = mkto.ok("GET", TYPE + "/describe.json?draft=true")[0]
    assert draft["attributes"][0]["name"] == "Conference Date"
    updated = mkto.ok("POST", TYPE + "/attributes/update.json", json={"attributes": [
        {"apiName": "conferenceDate", "name": "Conference Day", "description": "Day of the conference",
         "dataType": "date"}]})[0]
    assert updated["attributes"][0] == {"apiName": "conferenceDate", "name": "Conference Day",
                                        "description": "Day of the conference", "dataType": "date"}
    deleted = mkto.ok("POST", TYPE + "/attributes/delete.json",
                      json={"attributes": [{"apiName": "conferenceDate"}, {"apiName": "numberOfAttendees"}]})[0]
    assert deleted["status"] == "approved with draft"
    assert "attributes" not in deleted  # as in Adobe's example after deleting both
    assert deleted["primaryAttribute"]["apiName"] == "conferenceName"


def test_list_and_describe_versions(mkto: Marketo) -> None:
    assert mkto.ok("GET", EXT + "/types.json") == []
    mkto.create_attend_conference(approve=True)
    listed = mkto.ok("GET", EXT + "/types.json")
    assert [t["apiName"] for t in listed] == ["attendConference"]
    assert listed[0]["status"] == "approved"
    assert "primaryAttribute" not in listed[0] and "attributes" not in listed[0]
    described = mkto.ok("GET", TYPE + "/describe.json")[0]
    assert _without_times(described) == {
        "apiName": "attendConference", "name": "Attend Conference", "description": "Attend the conference",
        "triggerName": "Attends Conference", "filterName": "Attended Conference", "status": "approved",
        "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name",
                             "description": "Name of the conference", "dataType": "string"},
        "attributes": CONFERENCE_ATTRIBUTES["attributes"],
    }
    mkto.ok("POST", TYPE + ".json", json={"name": "Attend Summit"})
    assert mkto.ok("GET", TYPE + "/describe.json")[0]["name"] == "Attend Conference"
    assert mkto.ok("GET", TYPE + "/describe.json?draft=false")[0]["name"] == "Attend Conference"
    draft = mkto.ok("GET", TYPE + "/describe.json?draft=true")[0]
    assert draft["name"] == "Attend Summit"
    assert draft["status"] == "approved with draft"
    assert mkto.ok("GET", EXT + "/types.json")[0]["status"] == "approved with draft"


def test_lifecycle_transitions(mkto: Marketo) -> None:
    assert mkto.ok("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)[0]["status"] == "draft"
    # draft -> draft on edits; describe without draft=true shows the draft of a never-approved type
    assert mkto.ok("POST", TYPE + ".json", json={"name": "Attend Summit"})[0]["status"] == "draft"
    assert mkto.ok("GET", TYPE + "/describe.json")[0]["status"] == "draft"
    # discarding the draft of a never-approved type is refused (delete it instead)
    assert mkto.error("POST", TYPE + "/discardDraft.json")["code"] == "709"
    # draft -> approved
    assert mkto.ok("POST", TYPE + "/approve.json")[0]["status"] == "approved"
    # approved: nothing to approve or discard
    assert mkto.error("POST", TYPE + "/approve.json")["code"] == "709"
    assert mkto.error("POST", TYPE + "/discardDraft.json")["code"] == "709"
    # approved -> approved with draft -> discard restores the live version
    mkto.ok("POST", TYPE + ".json", json={"name": "Attend Gala"})
    discarded = mkto.ok("POST", TYPE + "/discardDraft.json")[0]
    assert discarded["status"] == "approved"
    assert discarded["name"] == "Attend Summit"
    assert mkto.ok("GET", TYPE + "/describe.json?draft=true")[0]["name"] == "Attend Summit"
    # approved with draft -> approve replaces the live version
    mkto.ok("POST", TYPE + ".json", json={"name": "Attend Gala"})
    approved = mkto.ok("POST", TYPE + "/approve.json")[0]
    assert (approved["status"], approved["name"]) == ("approved", "Attend Gala")
    assert mkto.ok("GET", TYPE + "/describe.json")[0]["name"] == "Attend Gala"
    # delete (not in use): gone from list and describe; the apiName can be reused
    deleted = mkto.ok("POST", TYPE + "/delete.json")[0]
    assert deleted["status"] == "deleted"
    assert mkto.ok("GET", EXT + "/types.json") == []
    assert mkto.error("GET", TYPE + "/describe.json")["code"] == "702"
    assert mkto.ok("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)[0]["status"] == "draft"


def test_unknown_type_everywhere_is_702(mkto: Marketo) -> None:
    base = EXT + "/type/noSuchType"
    for method, path, body in [
        ("GET", base + "/describe.json", None), ("POST", base + ".json", {"name": "X"}),
        ("POST", base + "/approve.json", None), ("POST", base + "/discardDraft.json", None),
        ("POST", base + "/delete.json", None),
        ("POST", base + "/attributes/create.json", CONFERENCE_ATTRIBUTES),
        ("POST", base + "/attributes/update.json", CONFERENCE_ATTRIBUTES),
        ("POST", base + "/attributes/delete.json", {"attributes": [{"apiName": "conferenceDate"}]}),
    ]:
        error = mkto.error(method, path, json=body)
        assert error["code"] == "702", (path, error)
        assert "noSuchType" in error["message"]


def test_create_validation_names_the_field(mkto: Marketo) -> None:
    cases: list[tuple[dict[str, Any], str, str]] = []
    for field in ("apiName", "name", "triggerName", "filterName", "primaryAttribute"):
        cases.append(({k: v for k, v in ATTEND_CONFERENCE.items() if k != field}, "701", field))
    cases += [
        ({**ATTEND_CONFERENCE, "apiName": "attend-conference"}, "1003", "apiName"),
        ({**ATTEND_CONFERENCE, "apiName": "12345"}, "1003", "apiName"),
        ({**ATTEND_CONFERENCE, "apiName": "a" * 256}, "1003", "apiName"),
        ({**ATTEND_CONFERENCE, "name": "Attend-Conference!"}, "1003", "name"),
        ({**ATTEND_CONFERENCE, "name": "123 456"}, "1003", "name"),
        ({**ATTEND_CONFERENCE, "triggerName": "t" * 256}, "1003", "triggerName"),
        ({**ATTEND_CONFERENCE, "primaryAttribute": {"apiName": "x y", "name": "X"}}, "1003",
         "primaryAttribute.apiName"),
        ({**ATTEND_CONFERENCE, "primaryAttribute": {"apiName": "x", "name": "X", "dataType": "money"}}, "1003",
         "primaryAttribute.dataType"),
        ({**ATTEND_CONFERENCE, "primaryAttribute": {"apiName": "x"}}, "701", "primaryAttribute.name"),
        ({**ATTEND_CONFERENCE, "attributes": []}, "1003", "attributes"),
        ({**ATTEND_CONFERENCE, "colour": "red"}, "1003", "colour"),
    ]
    for body, code, field in cases:
        error = mkto.error("POST", EXT + "/type.json", json=body)
        assert error["code"] == code, (field, error)
        assert field in error["message"], (field, error)
    assert mkto.ok("GET", EXT + "/types.json") == []


def test_unique_api_trigger_and_filter_names(mkto: Marketo) -> None:
    mkto.ok("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)
    other = {**ATTEND_CONFERENCE, "apiName": "attendWebinar", "triggerName": "Attends Webinar",
             "filterName": "Attended Webinar"}
    for field, value in [("apiName", "ATTENDCONFERENCE"), ("triggerName", "attends conference"),
                         ("filterName", "Attended Conference")]:
        error = mkto.error("POST", EXT + "/type.json", json={**other, field: value})
        assert error["code"] == "709", (field, error)
        assert field in error["message"], error
    # display names need not be unique (not documented as a rule)
    created = mkto.ok("POST", EXT + "/type.json", json=other)[0]
    assert created["name"] == "Attend Conference"
    # an update cannot take another type's trigger name either
    error = mkto.error("POST", EXT + "/type/attendWebinar.json", json={"triggerName": "Attends Conference"})
    assert error["code"] == "709"
    # nor rename the type
    error = mkto.error("POST", TYPE + ".json", json={"apiName": "attendSummit"})
    assert error["code"] == "709"


def test_type_limit_1027(mkto: Marketo, control: SandboxControl) -> None:
    for i in range(10):
        mkto.ok("POST", EXT + "/type.json", json={
            "apiName": f"type{i}", "name": f"Type {i}", "triggerName": f"Trigger {i}", "filterName": f"Filter {i}",
            "primaryAttribute": {"apiName": "value", "name": "Value"}})
    error = mkto.error("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)
    assert error["code"] == "1027"
    # deleting one frees a slot; the limit is a setting
    mkto.ok("POST", EXT + "/type/type0/delete.json")
    mkto.ok("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)
    control.settings("marketo", max_types=12)
    mkto.ok("POST", EXT + "/type.json", json={**ATTEND_CONFERENCE, "apiName": "attendGala",
                                              "triggerName": "Attends Gala", "filterName": "Attended Gala"})


def test_attribute_limit_1028_and_types(mkto: Marketo) -> None:
    mkto.ok("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)
    types = ["string", "boolean", "integer", "float", "link", "email", "currency", "date", "datetime", "phone",
             "text"]
    attrs = [{"apiName": f"attr{i}", "name": f"Attr {i}", "dataType": types[i % len(types)]} for i in range(20)]
    result = mkto.ok("POST", TYPE + "/attributes/create.json", json={"attributes": attrs})[0]
    assert [a["dataType"] for a in result["attributes"]] == [a["dataType"] for a in attrs]
    error = mkto.error("POST", TYPE + "/attributes/create.json",
                       json={"attributes": [{"apiName": "attr20", "name": "Attr 20", "dataType": "string"}]})
    assert error["code"] == "1028"
    assert len(mkto.ok("GET", TYPE + "/describe.json?draft=true")[0]["attributes"]) == 20


def test_attribute_errors(mkto: Marketo) -> None:
    mkto.create_attend_conference(approve=False)
    create = TYPE + "/attributes/create.json"
    cases = [
        ({"attributes": [{"apiName": "conferenceDate", "name": "Again", "dataType": "date"}]}, "709"),
        ({"attributes": [{"apiName": "conferenceName", "name": "Again", "dataType": "string"}]}, "709"),
        ({"attributes": [{"apiName": "venue", "name": "Venue"}]}, "701"),
        ({"attributes": [{"apiName": "venue", "name": "Venue", "dataType": "url"}]}, "1003"),
        ({"attributes": [{"apiName": "ven ue", "name": "Venue", "dataType": "string"}]}, "1003"),
        ({"attributes": [{"apiName": "venue", "name": "Venue", "dataType": "string", "size": 3}]}, "1003"),
        ({"attributes": []}, "701"),
        ({}, "701"),
    ]
    for body, code in cases:
        assert mkto.error("POST", create, json=body)["code"] == code, body
    assert mkto.error("POST", TYPE + "/attributes/delete.json",
                      json={"attributes": [{"apiName": "conferenceName"}]})["code"] == "709"
    assert mkto.error("POST", TYPE + "/attributes/delete.json",
                      json={"attributes": [{"apiName": "nope"}]})["code"] == "1006"
    # an error leaves the draft untouched (whole call fails)
    assert mkto.error("POST", TYPE + "/attributes/delete.json", json={"attributes": [
        {"apiName": "conferenceDate"}, {"apiName": "nope"}]})["code"] == "1006"
    assert len(mkto.ok("GET", TYPE + "/describe.json?draft=true")[0]["attributes"]) == 2


def test_change_primary_attribute_demote_then_promote(mkto: Marketo) -> None:
    mkto.create_attend_conference(approve=True)
    update = TYPE + "/attributes/update.json"
    # promoting while a primary exists is refused
    assert mkto.error("POST", update, json={"attributes": [
        {"apiName": "numberOfAttendees", "isPrimary": True}]})["code"] == "709"
    # two primaries in one call is invalid data
    assert mkto.error("POST", update, json={"attributes": [
        {"apiName": "numberOfAttendees", "isPrimary": True},
        {"apiName": "conferenceDate", "isPrimary": True}]})["code"] == "1003"
    # demote, then promote (one call, in that order)
    result = mkto.ok("POST", update, json={"attributes": [
        {"apiName": "conferenceName", "isPrimary": False},
        {"apiName": "numberOfAttendees", "isPrimary": True}]})[0]
    assert result["primaryAttribute"]["apiName"] == "numberOfAttendees"
    assert {a["apiName"] for a in result["attributes"]} == {"conferenceDate", "conferenceName"}
    # two separate calls work too; approving without a primary is refused
    mkto.ok("POST", update, json={"attributes": [{"apiName": "numberOfAttendees", "isPrimary": False}]})
    assert "primaryAttribute" not in mkto.ok("GET", TYPE + "/describe.json?draft=true")[0]
    assert mkto.error("POST", TYPE + "/approve.json")["code"] == "709"
    mkto.ok("POST", update, json={"attributes": [{"apiName": "conferenceDate", "isPrimary": True}]})
    approved = mkto.ok("POST", TYPE + "/approve.json")[0]
    assert approved["primaryAttribute"]["apiName"] == "conferenceDate"


def test_fields_frozen_once_approved_and_in_use(mkto: Marketo, control: SandboxControl) -> None:
    mkto.create_attend_conference(approve=True)
    # approved but not in use: the type's fields may still change (through the draft)
    mkto.ok("POST", TYPE + ".json", json={"name": "Attend Summit"})
    mkto.ok("POST", TYPE + "/approve.json")
    response = control.admin("marketo", "POST", "types/attendConference/activities", json={"count": 1})
    assert response.status_code == 200, response.text
    frozen: list[tuple[str, Any]] = [
        ("name", "Attend Gala"), ("description", "changed"), ("triggerName", "Attends Gala"),
        ("filterName", "Attended Gala"), ("primaryAttribute", {"apiName": "conferenceName", "name": "Conference"}),
        ("primaryAttribute", {"apiName": "eventName", "name": "Event Name"})]
    for field, value in frozen:
        error = mkto.error("POST", TYPE + ".json", json={field: value})
        assert error["code"] == "709", field
        assert field in error["message"]
    assert mkto.error("POST", TYPE + "/attributes/update.json", json={"attributes": [
        {"apiName": "conferenceName", "isPrimary": False}]})["code"] == "709"
    # secondary attributes stay editable while in use
    result = mkto.ok("POST", TYPE + "/attributes/create.json", json={"attributes": [
        {"apiName": "venue", "name": "Venue", "dataType": "string"}]})[0]
    assert result["status"] == "approved with draft"
    assert mkto.ok("POST", TYPE + "/approve.json")[0]["attributes"][-1]["apiName"] == "venue"
    # unchanged values are not a change
    mkto.ok("POST", TYPE + ".json", json={"name": "Attend Summit"})
    # a type in use cannot be deleted: 1022
    error = mkto.error("POST", TYPE + "/delete.json")
    assert error["code"] == "1022"
    assert mkto.ok("GET", TYPE + "/describe.json")[0]["status"] == "approved with draft"


def test_freeze_when_approved_switch(mkto: Marketo, control: SandboxControl) -> None:
    control.settings("marketo", freeze_when="approved")
    mkto.create_attend_conference(approve=True)
    assert mkto.error("POST", TYPE + ".json", json={"name": "Attend Summit"})["code"] == "709"


def test_discard_unapproved_switch_deletes(mkto: Marketo, control: SandboxControl) -> None:
    control.settings("marketo", discard_unapproved="delete")
    mkto.ok("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)
    assert mkto.ok("POST", TYPE + "/discardDraft.json")[0]["status"] == "deleted"
    assert mkto.ok("GET", EXT + "/types.json") == []


def test_describe_unapproved_error_switch(mkto: Marketo, control: SandboxControl) -> None:
    control.settings("marketo", describe_unapproved="error")
    mkto.ok("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)
    assert mkto.error("GET", TYPE + "/describe.json")["code"] == "702"
    assert mkto.ok("GET", TYPE + "/describe.json?draft=true")[0]["status"] == "draft"


def test_activity_types_lists_standard_and_approved_custom(mkto: Marketo) -> None:
    standard = mkto.ok("GET", "/rest/v1/activities/types.json")
    fill_out_form = next(t for t in standard if t["id"] == 2)
    assert fill_out_form["name"] == "Fill Out Form"
    assert fill_out_form["primaryAttribute"] == {"name": "Webform ID", "dataType": "integer"}
    mkto.create_attend_conference(approve=False)
    assert len(mkto.ok("GET", "/rest/v1/activities/types.json")) == len(standard)  # drafts are not live
    mkto.ok("POST", TYPE + "/approve.json")
    listed = mkto.ok("GET", "/rest/v1/activities/types.json")
    custom = next(t for t in listed if t.get("apiName") == "attendConference")
    assert custom == {
        "id": 100001, "apiName": "attendConference", "name": "Attend Conference",
        "description": "Attend the conference",
        "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name", "dataType": "string"},
        "attributes": [{"apiName": "conferenceDate", "name": "Conference Date", "dataType": "datetime"},
                       {"apiName": "numberOfAttendees", "name": "Number of Attendees", "dataType": "integer"}],
    }


def test_update_rules_for_blank_fields_and_primary(mkto: Marketo) -> None:
    mkto.ok("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)
    for field in ("name", "triggerName", "filterName"):
        error = mkto.error("POST", TYPE + ".json", json={field: " "})
        assert error["code"] == "701" and field in error["message"]
    assert mkto.error("POST", TYPE + ".json", json={"primaryAttribute": None})["code"] == "701"
    # the current primary can be changed partially (keyed by its apiName)
    result = mkto.ok("POST", TYPE + ".json", json={"primaryAttribute": {
        "apiName": "conferenceName", "description": "Official name"}})[0]
    assert result["primaryAttribute"] == {"apiName": "conferenceName", "name": "Conference Name",
                                          "description": "Official name", "dataType": "string"}
    # a new primary needs a full definition; it replaces the old one
    error = mkto.error("POST", TYPE + ".json", json={"primaryAttribute": {"apiName": "eventName"}})
    assert error["code"] == "701" and "primaryAttribute.name" in error["message"]
    result = mkto.ok("POST", TYPE + ".json", json={"primaryAttribute": {
        "apiName": "eventName", "name": "Event Name", "dataType": "text"}})[0]
    assert result["primaryAttribute"] == {"apiName": "eventName", "name": "Event Name", "dataType": "text"}
    assert "attributes" not in result


def test_empty_description_clears_attribute_and_primary_descriptions(mkto: Marketo) -> None:
    mkto.ok("POST", EXT + "/type.json", json=ATTEND_CONFERENCE)
    mkto.ok("POST", TYPE + "/attributes/create.json", json=CONFERENCE_ATTRIBUTES)
    first = CONFERENCE_ATTRIBUTES["attributes"][0]["apiName"]
    mkto.ok("POST", TYPE + "/attributes/update.json", json={"attributes": [{"apiName": first, "description": ""}]})
    mkto.ok("POST", TYPE + ".json", json={"primaryAttribute": {"apiName": "conferenceName", "description": ""}})
    draft = mkto.ok("GET", TYPE + "/describe.json?draft=true")[0]
    assert "description" not in next(a for a in draft["attributes"] if a["apiName"] == first)
    assert "description" not in draft["primaryAttribute"]
    assert draft["primaryAttribute"]["name"] == "Conference Name"  # other fields untouched
