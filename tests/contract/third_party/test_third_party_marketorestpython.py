"""marketorestpython (pinned in pyproject.toml) against the sandbox: custom activity types end to end.

How the client reaches the sandbox: ``MarketoClient.__init__`` hard-wires
``self.host = "https://" + munchkin_id + ".mktorest.com"``, and every method builds its URL as
``self.host + "/identity/..."`` or ``self.host + "/rest/v1/..."`` at call time. So the test builds
the client with the sandbox's munchkin id and then sets that one attribute to the sandbox's
``marketo.base_url`` (the host root, as ``https://<munchkin>.mktorest.com`` is). Nothing else is
changed: authentication, paths, parameters, the envelope parsing and the retries are the client's.

TLS: the client calls the module-level ``requests.get`` / ``requests.post``, which take their CA
bundle from ``REQUESTS_CA_BUNDLE``; the test points it at the sandbox CA (verification stays on).
"""

from __future__ import annotations

from typing import Any

import pytest
import requests
from marketorestpython.client import MarketoClient
from marketorestpython.helper.exceptions import MarketoException

from sandbox.controlclient import SandboxControl

pytestmark = pytest.mark.contract

API_NAME = "attendWebinar"


def make_client(ep: dict[str, Any]) -> MarketoClient:
    creds = ep["marketo"]
    # max_retry_time bounds the client's backoff on retryable codes (default 300 s).
    client = MarketoClient(creds["munchkin_id"], creds["client_id"], creds["client_secret"], max_retry_time=20)
    assert client.host == f"https://{creds['munchkin_id']}.mktorest.com"
    client.host = creds["base_url"]
    return client


@pytest.fixture
def ep(control: SandboxControl, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(control.ca_bundle))
    endpoints: dict[str, Any] = control.endpoints()
    return endpoints


@pytest.fixture
def mc(ep: dict[str, Any]) -> MarketoClient:
    return make_client(ep)


def create_webinar_type(mc: MarketoClient) -> dict[str, Any]:
    [created] = mc.create_custom_activity_type(
        API_NAME, "Attend Webinar", "Attends Webinar", "Attended Webinar",
        primaryAttributeApiName="webinarName", primaryAttributeName="Webinar Name",
        primaryAttributeDescription="Name of the webinar", description="Attended a webinar")
    return dict(created)


def test_authenticate(mc: MarketoClient, control: SandboxControl) -> None:
    mc.authenticate()
    assert mc.token_type == "bearer"
    assert mc.expires_in == 3599
    assert isinstance(mc.scope, str) and "@" in mc.scope
    first = mc.token
    mc.valid_until = None  # ask again: Marketo hands back the same token while it is valid
    mc.authenticate()
    assert mc.token == first
    identity = [c for c in control.calls(vendor="marketo") if c["path"] == "/identity/oauth/token"]
    assert [(c["method"], c["status"]) for c in identity] == [("GET", 200), ("GET", 200)]


def test_custom_activity_type_lifecycle(mc: MarketoClient, ep: dict[str, Any]) -> None:
    assert mc.get_custom_activity_types() == []

    created = create_webinar_type(mc)
    assert created["apiName"] == API_NAME and created["status"] == "draft"
    assert created["primaryAttribute"] == {"apiName": "webinarName", "name": "Webinar Name",
                                           "description": "Name of the webinar", "dataType": "string"}
    assert (created["name"], created["triggerName"], created["filterName"], created["description"]) == (
        "Attend Webinar", "Attends Webinar", "Attended Webinar", "Attended a webinar")
    type_id = created["id"]

    [with_attribute] = mc.create_custom_activity_type_attribute(API_NAME, [
        {"apiName": "minutesWatched", "name": "Minutes Watched", "dataType": "integer"}])
    assert with_attribute["status"] == "draft"
    assert with_attribute["attributes"] == [{"apiName": "minutesWatched", "name": "Minutes Watched",
                                             "dataType": "integer"}]

    [approved] = mc.approve_custom_activity_type(API_NAME)
    assert approved["status"] == "approved"

    [described] = mc.describe_custom_activity_type(API_NAME)
    assert (described["id"], described["status"]) == (type_id, "approved")
    assert [a["apiName"] for a in described["attributes"]] == ["minutesWatched"]

    listed = mc.get_custom_activity_types()
    assert [(t["apiName"], t["status"]) for t in listed] == [(API_NAME, "approved")]
    assert type_id in [t["id"] for t in mc.get_activity_types()]

    lead = ep["marketo"]["leads"][0]
    results = mc.add_custom_activities([
        {"leadId": lead, "activityDate": "2024-05-01T09:00:00Z", "activityTypeId": type_id,
         "primaryAttributeValue": "Pulumi 101", "attributes": [{"apiName": "minutesWatched", "value": 42}]},
        {"leadId": 3000, "activityDate": "2024-05-01T09:00:00Z", "activityTypeId": type_id,
         "primaryAttributeValue": "Pulumi 101", "attributes": []},
    ])
    assert results[0]["status"] == "added" and results[0]["marketoGUID"] == str(results[0]["id"])
    assert results[1] == {"status": "skipped", "errors": [{"code": "1004", "message": "Lead not found"}]}

    # Read back through the client's paging-token + activities calls.
    read = mc.get_lead_activities(activityTypeIds=[str(type_id)], sinceDatetime="2024-05-01T00:00:00Z",
                                  leadIds=str(lead))
    assert [(a["leadId"], a["activityTypeId"], a["primaryAttributeValue"]) for a in read] == [
        (lead, type_id, "Pulumi 101")]
    assert [(a["apiName"], a["value"]) for a in read[0]["attributes"]] == [("minutesWatched", 42)]


def test_activity_dates_read_back_in_utc(mc: MarketoClient, ep: dict[str, Any]) -> None:
    """Adobe's example posts ``+07:00`` dates; reads return UTC ``...Z``, which the client parses
    when it cuts a page at ``untilDatetime`` (``%Y-%m-%dT%H:%M:%SZ``)."""
    type_id = create_webinar_type(mc)["id"]
    mc.approve_custom_activity_type(API_NAME)
    lead = ep["marketo"]["leads"][0]
    added = mc.add_custom_activities([
        {"leadId": lead, "activityDate": f"2016-09-2{day}T06:56:35+07:00", "activityTypeId": type_id,
         "primaryAttributeValue": f"day {day}", "attributes": []} for day in (6, 7, 8)])
    assert [r["status"] for r in added] == ["added"] * 3
    read = mc.get_lead_activities(activityTypeIds=[str(type_id)], sinceDatetime="2016-09-01",
                                  untilDatetime="2016-09-27T12:00:00")
    assert [(a["primaryAttributeValue"], a["activityDate"]) for a in read] == [
        ("day 6", "2016-09-25T23:56:35Z"), ("day 7", "2016-09-26T23:56:35Z")]


def test_draft_update_and_discard(mc: MarketoClient) -> None:
    create_webinar_type(mc)
    mc.approve_custom_activity_type(API_NAME)
    [updated] = mc.update_custom_activity_type(API_NAME, description="Watched a webinar")
    assert updated["status"] == "approved with draft"
    assert updated["description"] == "Watched a webinar"
    [draft] = mc.describe_custom_activity_type(API_NAME, draft=True)  # sent as draft=True
    assert (draft["status"], draft["description"]) == ("approved with draft", "Watched a webinar")
    [live] = mc.describe_custom_activity_type(API_NAME)
    assert live["description"] == "Attended a webinar"
    [discarded] = mc.discard_custom_activity_type_draft(API_NAME)
    assert (discarded["status"], discarded["description"]) == ("approved", "Attended a webinar")


def test_duplicate_api_name_raises_marketo_exception(mc: MarketoClient) -> None:
    create_webinar_type(mc)
    with pytest.raises(MarketoException) as caught:
        mc.create_custom_activity_type(
            API_NAME.upper(), "Other", "Does Other", "Did Other",
            primaryAttributeApiName="other", primaryAttributeName="Other")
    assert caught.value.code == "709"  # a string, as Marketo sends it
    assert caught.value.message.startswith("Business Rule Violation")
    assert [t["apiName"] for t in mc.get_custom_activity_types()] == [API_NAME]


def test_unknown_type_raises_marketo_exception(mc: MarketoClient) -> None:
    with pytest.raises(MarketoException) as caught:
        mc.describe_custom_activity_type("noSuchType")
    assert caught.value.code == "702"


def test_rate_limit_is_survived_through_execute(mc: MarketoClient, control: SandboxControl) -> None:
    """606 is retryable for the client (its codes are strings, as Marketo's are). Its backoff retry
    re-sends the arguments it popped the token from, so the retry carries no token and gets 601;
    ``execute`` (the client's documented entry point) takes 601 as "authenticate and call again"."""
    mc.authenticate()
    types_path = "/rest/v1/activities/external/types.json"
    control.fault("marketo", "status", status=200, code="606", path=types_path, count=1)
    mark = control.mark()
    assert mc.execute("get_custom_activity_types") == []
    assert [c["path"] for c in control.calls(mark, vendor="marketo")] == [types_path] * 3  # 606, 601, success


def test_tls_is_verified(ep: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """With the default trust store the client's HTTPS fails: verification was on above."""
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with pytest.raises(requests.exceptions.SSLError):
        make_client(ep).authenticate()
