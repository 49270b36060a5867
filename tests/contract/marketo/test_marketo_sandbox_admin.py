"""Admin routes (drift as a Marketo admin makes it in the UI), settings, persistence, the spec helper."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import pytest
from marketo_fixtures import ATTEND_CONFERENCE, CONFERENCE_ATTRIBUTES, Marketo
from marketo_openapi import validate

from sandbox.controlclient import SandboxControl
from sandbox.server import SandboxServer

TYPE = "/rest/v1/activities/external/type/attendConference"


def test_admin_edit_leaves_a_pending_draft(mkto: Marketo, control: SandboxControl) -> None:
    mkto.create_attend_conference(approve=True)
    response = control.admin("marketo", "POST", "types/attendConference/edit", json={
        "fields": {"name": "Attend Summit"},
        "addAttributes": [{"apiName": "venue", "name": "Venue", "dataType": "string"}],
        "updateAttributes": [{"apiName": "conferenceDate", "name": "Conference Day"}],
        "removeAttributes": ["numberOfAttendees"],
    })
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "approved with draft"
    live = mkto.ok("GET", TYPE + "/describe.json")[0]
    draft = mkto.ok("GET", TYPE + "/describe.json?draft=true")[0]
    assert live["name"] == "Attend Conference"
    assert draft["name"] == "Attend Summit"
    assert [a["apiName"] for a in draft["attributes"]] == ["conferenceDate", "venue"]
    assert draft["attributes"][0]["name"] == "Conference Day"
    assert control.admin("marketo", "POST", "types/attendConference/approve").json()["status"] == "approved"
    assert mkto.ok("GET", TYPE + "/describe.json")[0]["name"] == "Attend Summit"


def test_admin_edit_published_at_once_and_discard(mkto: Marketo, control: SandboxControl) -> None:
    mkto.create_attend_conference(approve=True)
    response = control.admin("marketo", "POST", "types/attendConference/edit",
                             json={"fields": {"description": "Changed in the UI"}, "approve": True})
    assert response.json()["status"] == "approved"
    assert mkto.ok("GET", TYPE + "/describe.json")[0]["description"] == "Changed in the UI"
    control.admin("marketo", "POST", "types/attendConference/edit", json={"fields": {"name": "Pending"}})
    assert control.admin("marketo", "POST", "types/attendConference/discard").json()["status"] == "approved"
    # rules apply to UI edits too
    response = control.admin("marketo", "POST", "types/attendConference/edit",
                             json={"removeAttributes": ["conferenceName"]})
    assert response.status_code == 409 and response.json()["code"] == "709"
    assert control.admin("marketo", "POST", "types/nope/approve").status_code == 404


def test_admin_unmanaged_type_activities_and_delete(mkto: Marketo, control: SandboxControl) -> None:
    body = {**copy.deepcopy(ATTEND_CONFERENCE), "apiName": "uiType", "triggerName": "UI trigger",
            "filterName": "UI filter", "attributes": CONFERENCE_ATTRIBUTES["attributes"]}
    created = control.admin("marketo", "POST", "types", json=body).json()
    assert created["status"] == "approved" and created["origin"] == "ui"
    assert [t["apiName"] for t in mkto.ok("GET", "/rest/v1/activities/external/types.json")] == ["uiType"]
    draft_only = control.admin("marketo", "POST", "types", json={
        **ATTEND_CONFERENCE, "apiName": "uiDraft", "triggerName": "T", "filterName": "F", "approve": False})
    assert draft_only.json()["status"] == "draft"
    added = control.admin("marketo", "POST", "types/uiType/activities", json={"count": 3}).json()
    assert [r["status"] for r in added["result"]] == ["added"] * 3
    assert added["type"]["activityCount"] == 3
    assert control.admin("marketo", "POST", "types/uiDraft/activities", json={}).status_code == 409
    assert mkto.error("POST", "/rest/v1/activities/external/type/uiType/delete.json")["code"] == "1022"
    assert control.admin("marketo", "DELETE", "types/uiType").json()["status"] == "deleted"
    assert [t["apiName"] for t in control.admin("marketo", "GET", "types").json()] == ["uiDraft"]


def test_admin_in_use_flag_and_leads(mkto: Marketo, control: SandboxControl) -> None:
    mkto.create_attend_conference(approve=True)
    assert control.admin("marketo", "PUT", "types/attendConference/in-use", json={"inUse": True}).ok
    assert mkto.error("POST", TYPE + "/delete.json")["code"] == "1022"
    assert mkto.error("POST", TYPE + ".json", json={"name": "Other"})["code"] == "709"
    control.admin("marketo", "PUT", "types/attendConference/in-use", json={"inUse": False})
    assert mkto.ok("POST", TYPE + "/delete.json")[0]["status"] == "deleted"
    leads = control.admin("marketo", "POST", "leads", json={"id": 3000}).json()
    assert 3000 in [lead["id"] for lead in leads]
    assert 3000 in control.endpoints()["marketo"]["leads"]


def test_examples_envelope_switch(mkto: Marketo, control: SandboxControl) -> None:
    control.settings("marketo", envelope="examples", empty_attributes="list")
    body = mkto.raw("GET", "/rest/v1/activities/external/types.json").json()
    assert set(body) == {"requestId", "success", "result"}
    body = mkto.raw("GET", TYPE + "/describe.json").json()
    assert set(body) == {"requestId", "success", "errors"}
    created = mkto.raw("POST", "/rest/v1/activities/external/type.json", json=ATTEND_CONFERENCE).json()
    assert created["result"][0]["attributes"] == []


def test_state_survives_a_restart(tmp_path: Path) -> None:
    server = SandboxServer(data_dir=tmp_path)
    endpoints = server.start()
    try:
        client = Marketo(endpoints["marketo"], endpoints["ca_bundle"])
        client.create_attend_conference(approve=True)
        token = client.token()
    finally:
        server.stop()
    again = SandboxServer(data_dir=tmp_path)
    endpoints2 = again.start()
    try:
        assert endpoints2["marketo"]["client_secret"] == endpoints["marketo"]["client_secret"]
        client = Marketo(endpoints2["marketo"], endpoints2["ca_bundle"])
        client._token = token  # the token issued before the restart is still valid
        assert client.ok("GET", TYPE + "/describe.json")[0]["status"] == "approved"
    finally:
        again.stop()


def test_spec_helper_rejects_bad_envelopes() -> None:
    good = {"requestId": "a#b", "success": False, "errors": [{"code": "601", "message": "x"}],
            "result": [], "warnings": []}
    validate("get", "/rest/v1/activities/external/types.json", good)
    numeric_code = {**good, "errors": [{"code": 601, "message": "x"}]}
    missing_warnings = {k: v for k, v in good.items() if k != "warnings"}
    bad_status = {**good, "success": True, "result": [{"apiName": "x", "status": "published"}]}
    bad_identity = {"access_token": "t", "token_type": "Bearer", "expires_in": 1, "scope": "s"}
    for method, path, body in [
        ("get", "/rest/v1/activities/external/types.json", numeric_code),
        ("get", "/rest/v1/activities/external/types.json", missing_warnings),
        ("get", "/rest/v1/activities/external/types.json", bad_status),
        ("get", "/identity/oauth/token", bad_identity),
        ("post", "/rest/v1/activities/external.json",
         {**good, "success": True, "result": [{"status": "ok"}]}),
    ]:
        with pytest.raises(jsonschema.ValidationError):
            validate(method, path, body)


def test_no_traceback_on_unexpected_failure(mkto: Marketo, control: SandboxControl,
                                            monkeypatch: pytest.MonkeyPatch, sandbox: object) -> None:
    from sandbox.marketo.custom_types import CustomTypes

    def boom(self: CustomTypes) -> list[dict[str, object]]:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(CustomTypes, "list", boom)
    response = mkto.raw("GET", "/rest/v1/activities/external/types.json")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert response.json()["success"] is False
