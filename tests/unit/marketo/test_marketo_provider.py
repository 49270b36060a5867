"""Provider logic with a scripted Marketo: diff rules, create/update step order and rollback."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from marketo_fakes import FakeMarketo, fail, make_client, ok
from pulumi.runtime import rpc

from providers.core.config import ConfigSource
from providers.core.errors import ConfigurationError
from providers.core.provider import ProviderError
from providers.core.redact import redact
from providers.marketo import connection, names
from providers.marketo.provider import CustomActivityTypeProvider

T = "/rest/v1/activities/external/type/attendConference"
INPUTS: dict[str, Any] = {
    "apiName": "attendConference", "name": "Attend Conference", "triggerName": "Attends Conference",
    "filterName": "Attended Conference", "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name"},
    "attributes": [{"apiName": "conferenceDate", "name": "Conference Date", "dataType": "datetime"}],
    "approve": True, "adopt": False,
}
TYPE_DOC: dict[str, Any] = {
    "id": 100001, "apiName": "attendConference", "name": "Attend Conference", "triggerName": "Attends Conference",
    "filterName": "Attended Conference",
    "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name", "dataType": "string"},
    "attributes": [{"apiName": "conferenceDate", "name": "Conference Date", "dataType": "datetime"}],
}


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeMarketo]:
    names.reset()
    marketo = FakeMarketo()
    client = make_client(marketo)
    monkeypatch.setattr(connection, "current_client", lambda: client)
    yield marketo
    names.reset()


def outputs(status: str, **over: Any) -> dict[str, Any]:
    return {**INPUTS, "activityTypeId": 100001, "status": status, **over}


@pytest.mark.parametrize("field", ["name", "triggerName", "filterName", "description", "primaryAttribute"])
def test_frozen_fields_are_replaced_once_approved_and_edited_in_place_on_a_never_approved_draft(field: str) -> None:
    value: Any = {"apiName": "eventName", "name": "Event"} if field == "primaryAttribute" else "Something New"
    news = {**INPUTS, field: value}
    provider = CustomActivityTypeProvider()
    approved = provider.diff("attendConference", outputs("approved"), news)
    assert approved.changes and approved.replaces == [field] and approved.delete_before_replace
    draft = provider.diff("attendConference", outputs("draft"), {**news, "approve": False})
    assert draft.changes and not draft.replaces


def test_a_replacement_cannot_be_held_for_review() -> None:
    names.reset()
    provider = CustomActivityTypeProvider()
    result = provider.check(dict(INPUTS), {**INPUTS, "name": "New Name", "approve": False})
    assert [f.property for f in result.failures] == ["approve"]
    assert "cannot be held as a draft for review" in result.failures[0].reason
    assert provider.check(dict(INPUTS), {**INPUTS, "attributes": [], "approve": False}).failures == []
    never_approved = {**INPUTS, "approve": False}
    assert provider.check(never_approved, {**never_approved, "name": "New Name"}).failures == []
    names.reset()


def test_attribute_changes_are_in_place_and_api_name_is_replaced() -> None:
    provider = CustomActivityTypeProvider()
    result = provider.diff("attendConference", outputs("approved"), {**INPUTS, "attributes": []})
    assert result.changes and not result.replaces
    result = provider.diff("attendConference", outputs("approved"), {**INPUTS, "apiName": "attendEvent"})
    assert result.replaces == ["apiName"]


def test_a_pending_draft_is_drift_unless_changes_are_held_for_review() -> None:
    provider = CustomActivityTypeProvider()
    assert provider.diff("attendConference", outputs("approved"), INPUTS).changes is False
    assert provider.diff("attendConference", outputs("approved with draft"), INPUTS).changes is True
    held = {**INPUTS, "approve": False}
    assert provider.diff("attendConference", outputs("approved with draft", approve=False), held).changes is False


def test_create_is_three_calls_in_order(fake: FakeMarketo) -> None:
    fake.on("POST /rest/v1/activities/external/type.json", [ok({**TYPE_DOC, "attributes": [], "status": "draft"})])
    fake.on(f"POST {T}/attributes/create.json", [ok({**TYPE_DOC, "status": "draft"})])
    fake.on(f"POST {T}/approve.json", [ok({**TYPE_DOC, "status": "approved"})])
    result = CustomActivityTypeProvider().create(dict(INPUTS))
    assert [p for m, p in fake.rest_calls()] == [
        "/rest/v1/activities/external/type.json", f"{T}/attributes/create.json", f"{T}/approve.json"]
    assert result.id == "attendConference"
    assert result.outs is not None
    assert result.outs["status"] == "approved" and result.outs["activityTypeId"] == 100001
    assert fake.sent[1][2] == {"apiName": "attendConference", "name": "Attend Conference",
                               "triggerName": "Attends Conference", "filterName": "Attended Conference",
                               "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name"}}


def test_failed_approve_during_create_deletes_the_draft_type_and_names_the_step(fake: FakeMarketo) -> None:
    fake.on("POST /rest/v1/activities/external/type.json", [ok({**TYPE_DOC, "status": "draft"})])
    fake.on(f"POST {T}/attributes/create.json", [ok({**TYPE_DOC, "status": "draft"})])
    fake.on(f"POST {T}/approve.json", [fail("709", "needs a primary attribute")])
    fake.on(f"POST {T}/delete.json", [ok({**TYPE_DOC, "status": "deleted"})])
    with pytest.raises(ProviderError) as caught:
        CustomActivityTypeProvider().create(dict(INPUTS))
    text = str(caught.value)
    assert "step 'approve' failed" in text and "709" in text and "it was deleted" in text
    assert fake.rest_calls()[-1] == ("POST", f"{T}/delete.json")


def test_type_limit_refused_at_create_is_explained_with_the_types_not_managed_by_this_stack(
        fake: FakeMarketo) -> None:
    # check saw 9 live types (room for this one); another client took the last place before the create
    fake.on("POST /rest/v1/activities/external/type.json", [fail("1027", "Max activity type limit reached")])
    fake.on(f"GET {T}/describe.json", [fail("702", "No data")])
    fake.on("GET /rest/v1/activities/external/types.json",
            [ok(*[{"apiName": f"other{i}", "status": "approved"} for i in range(9)]),
             ok(*[{"apiName": f"other{i}", "status": "approved"} for i in range(10)])])
    provider = CustomActivityTypeProvider()
    assert provider.check({}, dict(INPUTS)).failures == []
    with pytest.raises(ProviderError) as caught:
        provider.create(dict(INPUTS))
    text = str(caught.value)
    assert "already holds 10 custom activity types" in text and "other0, other1" in text
    assert "Nothing was created" in text
    assert [m for m, p in fake.rest_calls()].count("POST") == 1


def _new_type(n: int) -> dict[str, Any]:
    return {**INPUTS, "apiName": f"conference{n}", "name": f"Conference {n}", "triggerName": f"Attends {n}",
            "filterName": f"Attended {n}"}


def test_check_of_new_types_counts_live_types_not_managed_by_this_stack(fake: FakeMarketo) -> None:
    # issue 5: 8 foreign types live, the stack adds 3: the third fails in check, before any write
    live = [{"apiName": f"foreign{i}", "status": "approved"} for i in range(8)]
    fake.on("GET /rest/v1/activities/external/types.json",
            [ok(*live, {"apiName": "gone", "status": "deleted"}, {"apiName": "conference0", "status": "approved"})])
    provider = CustomActivityTypeProvider()
    assert provider.check({}, _new_type(0)).failures == []  # live and declared: counted once
    assert provider.check({}, _new_type(1)).failures == []  # 2 declared + 8 foreign = 10
    result = provider.check({}, _new_type(2))
    assert [f.property for f in result.failures] == ["apiName"]
    reason = result.failures[0].reason
    assert "at most 10 custom activity types" in reason and "would make 11" in reason
    assert "this stack declares 3 (conference0, conference1, conference2)" in reason
    assert "8 not managed by this stack (foreign0, foreign1, foreign2" in reason and "gone" not in reason
    # one list call for the whole process, no write
    assert fake.rest_calls() == [("GET", "/rest/v1/activities/external/types.json")]


def test_check_of_a_type_in_state_and_of_unknown_inputs_makes_no_call(fake: FakeMarketo) -> None:
    provider = CustomActivityTypeProvider()
    assert provider.check(dict(INPUTS), dict(INPUTS)).failures == []
    assert provider.check({}, {**INPUTS, "attributes": rpc.UNKNOWN}).failures == []
    assert fake.sent == []


def test_check_without_a_usable_connection_or_list_does_not_fail(fake: FakeMarketo, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    fake.on("GET /rest/v1/activities/external/types.json", [fail("603", "Access denied")])
    provider = CustomActivityTypeProvider()
    assert provider.check({}, _new_type(0)).failures == []
    assert provider.check({}, _new_type(1)).failures == []
    assert fake.rest_calls() == [("GET", "/rest/v1/activities/external/types.json")]  # not retried per type
    assert "could not list the instance's custom activity types" in capsys.readouterr().err

    def absent() -> Any:
        raise ConfigurationError("no Marketo connection")

    names.reset()
    monkeypatch.setattr(connection, "current_client", absent)
    assert provider.check({}, _new_type(0)).failures == []
    unknown = make_client(fake)
    monkeypatch.setattr(unknown, "connection", dataclasses.replace(unknown.connection, client_id=rpc.UNKNOWN))
    monkeypatch.setattr(connection, "current_client", lambda: unknown)
    assert provider.check({}, _new_type(1)).failures == []
    assert len(fake.rest_calls()) == 1


def test_up_that_discards_a_ui_draft_records_the_live_status(fake: FakeMarketo) -> None:
    fake.on(f"GET {T}/describe.json", [ok({**TYPE_DOC, "status": "approved with draft"})])
    fake.on(f"POST {T}/discardDraft.json", [ok({**TYPE_DOC, "status": "approved"})])
    provider = CustomActivityTypeProvider()
    state = outputs("approved with draft")
    assert provider.diff("attendConference", state, dict(INPUTS)).changes is True
    result = provider.update("attendConference", state, dict(INPUTS))
    assert result.outs is not None and result.outs["status"] == "approved"
    assert fake.rest_calls() == [("GET", f"{T}/describe.json"), ("POST", f"{T}/discardDraft.json")]
    assert provider.diff("attendConference", result.outs, dict(INPUTS)).changes is False  # next up: no-op


def test_discard_answer_without_a_status_is_completed_by_one_read(fake: FakeMarketo) -> None:
    fake.on(f"GET {T}/describe.json", [ok({**TYPE_DOC, "status": "approved with draft"}),
                                       ok({**TYPE_DOC, "status": "approved"})])
    fake.on(f"POST {T}/discardDraft.json", [ok({"id": 100001})])
    result = CustomActivityTypeProvider().update("attendConference", outputs("approved with draft"), dict(INPUTS))
    assert result.outs is not None and result.outs["status"] == "approved"
    assert fake.rest_calls() == [("GET", f"{T}/describe.json"), ("POST", f"{T}/discardDraft.json"),
                                 ("GET", f"{T}/describe.json")]


def test_update_failure_discards_the_draft_and_keeps_the_live_version(fake: FakeMarketo) -> None:
    fake.on(f"GET {T}/describe.json", [ok({**TYPE_DOC, "status": "approved"})])
    fake.on(f"POST {T}/attributes/create.json", [ok({**TYPE_DOC, "status": "approved with draft"})])
    fake.on(f"POST {T}/approve.json", [fail("611", "System error")])
    fake.on(f"POST {T}/discardDraft.json", [ok({**TYPE_DOC, "status": "approved"})])
    badge = {"apiName": "badge", "name": "Badge", "dataType": "string"}
    news = {**INPUTS, "attributes": [*INPUTS["attributes"], badge]}
    with pytest.raises(ProviderError) as caught:
        CustomActivityTypeProvider().update("attendConference", outputs("approved"), news)
    assert "step 'approve' failed" in str(caught.value) and "draft was discarded" in str(caught.value)
    assert [p for m, p in fake.rest_calls() if m == "POST"] == [
        f"{T}/attributes/create.json", f"{T}/approve.json", f"{T}/discardDraft.json"]


def test_read_reports_a_pending_draft_and_keeps_the_stack_attribute_order(fake: FakeMarketo) -> None:
    doc = {**TYPE_DOC, "status": "approved with draft",
           "attributes": [{"apiName": "zeta", "name": "Z", "dataType": "string"}, *TYPE_DOC["attributes"]]}
    fake.on(f"GET {T}/describe.json", [ok(doc)])
    result = CustomActivityTypeProvider().read("attendConference", outputs("approved"))
    assert result.outs is not None and result.outs["status"] == "approved with draft"
    assert [a["apiName"] for a in result.outs["attributes"]] == ["conferenceDate", "zeta"]
    assert result.inputs is not None and result.inputs["approve"] is True and "status" not in result.inputs


def test_read_of_a_deleted_type_is_gone(fake: FakeMarketo) -> None:
    fake.on(f"GET {T}/describe.json", [fail("702", "No data")])
    assert CustomActivityTypeProvider().read("attendConference", outputs("approved")).id == ""


def test_configuration_from_stack_config_and_its_errors() -> None:
    source = ConfigSource({"marketo:baseUrl": "https://123-ABC-456.mktorest.com/rest/",
                           "marketo:clientId": "cid", "marketo:clientSecret": "very-secret-value"}, env={})
    found = connection.connection_from_config(source)
    assert found.base_url == "https://123-ABC-456.mktorest.com"
    assert found.identity_url == "https://123-ABC-456.mktorest.com/identity"
    assert "very-secret-value" not in repr(found)
    assert redact("oops very-secret-value") == "oops [REDACTED]"
    with pytest.raises(ConfigurationError, match="marketo:clientSecret"):
        connection.connection_from_config(ConfigSource({"marketo:baseUrl": "https://x.mktorest.com",
                                                        "marketo:clientId": "cid"}, env={}))
    with pytest.raises(ConfigurationError, match="https URL"):
        connection.connection_from_config(ConfigSource({"marketo:baseUrl": "http://x.mktorest.com"}, env={}))
    env = {"MARKETO_BASE_URL": "https://e.mktorest.com", "MARKETO_CLIENT_ID": "c",
           "MARKETO_CLIENT_SECRET": "s3cret-env"}
    assert connection.connection_from_config(ConfigSource({}, env=env)).client_id == "c"


def test_preview_lists_attribute_changes_by_api_name(capsys: pytest.CaptureFixture[str]) -> None:
    news = {**INPUTS, "attributes": [{"apiName": "conferenceDay", "name": "Conference Date", "dataType": "date"}]}
    CustomActivityTypeProvider().diff("attendConference", outputs("approved"), news)
    err = capsys.readouterr().err
    assert "attributes[conferenceDate] will be removed" in err and "values recorded under 'conferenceDate'" in err
    assert "attributes[conferenceDay] will be added" in err
    CustomActivityTypeProvider().diff("attendConference", outputs("approved"), dict(INPUTS))
    assert capsys.readouterr().err == ""  # nothing to say when nothing changes
