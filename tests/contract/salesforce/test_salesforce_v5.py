"""Account Engagement API v5 external activities (§5, §6, §8), incl. the guide's walk-through (§3.1)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import requests
from sf_contract_helpers import SalesforceClient

from sandbox.controlclient import SandboxControl

pytestmark = pytest.mark.contract


def _v5(response: requests.Response) -> tuple[int, int]:
    body = response.json()
    assert set(body) == {"code", "message"}, body
    return response.status_code, body["code"]


def test_webinar_walkthrough(sf: SalesforceClient, control: SandboxControl) -> None:
    """§3.1: extension, activity type "registered", find HappyHomeTX, assign, activate, submit."""
    ext = sf.created_id("MarketingAppExtension", {"MasterLabel": "Webinar Service", "DeveloperName": "Webinar_Service",
                                                  "Description": "Webinar integration", "IsActive": True})
    act = sf.created_id("MarketingAppExtActivity", {"MasterLabel": "Registered", "DeveloperName": "Registered",
                                                    "MarketingAppExtensionId": ext})
    units = sf.query("SELECT Id, PardotTenantName FROM PardotTenant").json()["records"]
    bu = next(u["Id"] for u in units if u["PardotTenantName"] == "HappyHomeTX")
    body = sf.activity()
    before_assignment = sf.submit(body, bu)
    assert _v5(before_assignment) == (400, 154)
    sf.created_id("MarketingAppExtAssignment", {"MarketingAppExtensionId": ext, "ParentId": bu})
    before_activation = sf.submit(body, bu)
    assert _v5(before_activation) == (400, 154)
    assert before_activation.json()["message"].endswith(": type")
    assert sf.call("PATCH", f"/sobjects/MarketingAppExtActivity/{act}", json={"IsActive": True}).status_code == 204
    wrong_bu = sf.submit(body, sf.ep["business_units"]["PardotTenant"])
    assert _v5(wrong_bu) == (400, 154)
    accepted = sf.submit(body, bu)
    assert accepted.status_code == 202, accepted.text
    assert accepted.json() == {"id": accepted.json()["id"], **body}
    stored = control.state("account_engagement")["account_engagement/ExternalActivity"]
    assert [(a["extension"], a["type"], a["email"], a["businessUnitId"]) for a in stored] == [
        ("Webinar_Service", "Registered", body["email"], bu)]


def test_deactivation_and_unassignment_stop_submissions(sf: SalesforceClient, control: SandboxControl) -> None:
    setup = sf.webinar()
    assert sf.submit(sf.activity(), setup["business_unit"]).status_code == 202
    ext_path = f"objects/MarketingAppExtension/{setup['extension']}"
    control.admin("salesforce", "PATCH", ext_path, json={"IsActive": False})
    refused = sf.submit(sf.activity(), setup["business_unit"])
    assert refused.json() == {"code": 154, "message": "Invalid property value in request body: extension"}
    control.admin("salesforce", "PATCH", ext_path, json={"IsActive": True})
    assert sf.submit(sf.activity(), setup["business_unit"]).status_code == 202
    unassigned = control.admin("salesforce", "DELETE", f"objects/MarketingAppExtAssignment/{setup['assignment']}")
    assert unassigned.status_code == 204
    assert _v5(sf.submit(sf.activity(), setup["business_unit"])) == (400, 154)


def test_header_errors(sf: SalesforceClient, control: SandboxControl) -> None:
    setup = sf.webinar()
    body = sf.activity()
    assert _v5(sf.submit(body, None)) == (400, 181)
    assert _v5(sf.submit(body, setup["business_unit"], token="nope")) == (401, 184)
    no_auth = sf.http.post(f"{sf.ae_base}/api/v5/external-activities", json=body, timeout=30,
                           headers={"Pardot-Business-Unit-Id": setup["business_unit"]})
    assert no_auth.json() == {"code": 184,
                              "message": "access_token is invalid, unknown, or malformed: Inactive token"}
    assert _v5(sf.submit(body, "0UvAAAAAAAAAAAAAAA")) == (400, 201)
    assert _v5(sf.submit(body, "not-an-id")) == (400, 201)
    assert sf.submit(body, setup["business_unit"][:15]).status_code == 202
    control.settings("salesforce", scopes=["api", "refresh_token"])
    assert _v5(sf.submit(body, setup["business_unit"], token=sf.login())) == (401, 184)


@pytest.mark.parametrize(
    ("body", "content_type", "code"),
    [
        (b"extension=x", "application/x-www-form-urlencoded", 151),
        (b"", "application/json", 152),
        (b"{not json", "application/json", 150),
        (b"[1, 2]", "application/json", 150),
    ],
)
def test_body_format_errors(sf: SalesforceClient, body: bytes, content_type: str, code: int) -> None:
    setup = sf.webinar()
    response = sf.submit(body, setup["business_unit"], headers={"Content-Type": content_type})
    assert _v5(response) == (400, code)


@pytest.mark.parametrize(
    ("change", "code", "detail"),
    [
        ({"email": None}, 153, "email"),
        ({"value": ""}, 153, "value"),
        ({"value": "v" * 101}, 154, "value must be at most 100 characters"),
        ({"activityDate": "2024-05-01T09:00:00"}, 154, "activityDate must be an ISO 8601 date-time with an offset"),
        ({"activityDate": "yesterday"}, 154, "activityDate must be an ISO 8601 date-time with an offset"),
        ({"activityDate": "2024-13-01T09:00:00Z"}, 154, "activityDate must be an ISO 8601 date-time with an offset"),
        ({"value": 12}, 154, "value must be a string"),
        ({"colour": "red"}, 154, "colour is not a property of an external activity"),
        ({"email": "not-an-email"}, 4, "not-an-email"),
        ({"type": "Attended"}, 154, "type"),
        ({"extension": "Other"}, 154, "extension"),
    ],
)
def test_body_rules(sf: SalesforceClient, change: dict[str, Any], code: int, detail: str) -> None:
    setup = sf.webinar()
    body = {k: v for k, v in {**sf.activity(), **change}.items() if v is not None}
    status, got = _v5(response := sf.submit(body, setup["business_unit"]))
    assert (status, got) == (400, code)
    assert response.json()["message"].endswith(": " + detail)


def test_value_of_100_and_date_with_offset_accepted(sf: SalesforceClient) -> None:
    setup = sf.webinar()
    body = sf.activity(value="v" * 100, activityDate="2021-01-01T11:08:00+00:00")
    assert sf.submit(body, setup["business_unit"]).status_code == 202
    no_date = {k: v for k, v in sf.activity().items() if k != "activityDate"}
    accepted = sf.submit(no_date, setup["business_unit"])
    assert accepted.status_code == 202 and accepted.json()["activityDate"].endswith("+00:00")


def test_unknown_prospect(sf: SalesforceClient, control: SandboxControl) -> None:
    setup = sf.webinar()
    body = sf.activity(email="stranger@example.com")
    assert _v5(sf.submit(body, setup["business_unit"])) == (404, 92)
    control.settings("account_engagement", unknown_prospect_code=4)
    assert _v5(sf.submit(body, setup["business_unit"])) == (400, 4)
    control.admin("account_engagement", "POST", "prospects", json={"email": "stranger@example.com"})
    assert sf.submit(body, setup["business_unit"]).status_code == 202
    assert not any(p["email"] == "nobody@example.com"
                   for p in control.state("account_engagement")["account_engagement/Prospect"])


def test_empty_accept_body_switch(sf: SalesforceClient, control: SandboxControl) -> None:
    setup = sf.webinar()
    control.settings("account_engagement", accepted_body="empty")
    response = sf.submit(sf.activity(), setup["business_unit"])
    assert (response.status_code, response.content) == (202, b"")


def test_read_and_query(sf: SalesforceClient) -> None:
    setup = sf.webinar()
    created = sf.submit(sf.activity(value="one"), setup["business_unit"]).json()
    sf.submit(sf.activity(value="two"), setup["business_unit"])
    headers = {**sf.headers(), "Pardot-Business-Unit-Id": setup["business_unit"]}
    url = f"{sf.ae_base}/api/v5/external-activities"
    read = sf.http.get(f"{url}/{created['id']}", params={"fields": "id,value,email"}, headers=headers, timeout=30)
    assert read.json() == {"id": created["id"], "value": "one", "email": created["email"]}
    query = sf.http.get(url, params={"fields": "value", "limit": "1", "offset": "1"}, headers=headers, timeout=30)
    assert query.json() == {"values": [{"value": "two"}]}
    assert _v5(sf.http.get(url, headers=headers, timeout=30)) == (400, 13)
    assert _v5(sf.http.get(url, params={"fields": "secret"}, headers=headers, timeout=30)) == (400, 180)
    assert _v5(sf.http.get(f"{url}/999", params={"fields": "id"}, headers=headers, timeout=30)) == (404, 109)
    assert _v5(sf.http.delete(url, headers=headers, timeout=30)) == (405, 60)
    other_bu = {**headers, "Pardot-Business-Unit-Id": sf.ep["business_units"]["PardotTenant"]}
    assert sf.http.get(url, params={"fields": "id"}, headers=other_bu, timeout=30).json() == {"values": []}


def test_unknown_v5_path(sf: SalesforceClient) -> None:
    response = sf.http.get(f"{sf.ae_base}/api/v5/objects/nothing", headers=sf.headers(), timeout=30)
    assert _v5(response) == (404, 198)


def test_concurrency_limit_gives_66(sf: SalesforceClient, control: SandboxControl) -> None:
    setup = sf.webinar()
    token = sf.login()
    control.latency(account_engagement=800)
    results: list[requests.Response] = []
    lock = threading.Lock()

    def submit() -> None:
        client = SalesforceClient({"salesforce": sf.ep, "account_engagement": {"base_url": sf.ae_base}},
                                  str(sf.http.verify))
        response = client.submit(sf.activity(), setup["business_unit"], token=token)
        with lock:
            results.append(response)

    threads = [threading.Thread(target=submit) for _ in range(7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(r.status_code for r in results)
    assert statuses == [202] * 5 + [429] * 2
    assert {r.json()["code"] for r in results if r.status_code == 429} == {66}


def test_daily_limit_gives_122(sf: SalesforceClient, control: SandboxControl) -> None:
    setup = sf.webinar()
    control.settings("account_engagement", daily_api_calls=2)
    assert sf.submit(sf.activity(), setup["business_unit"]).status_code == 202
    assert sf.submit(sf.activity(), setup["business_unit"]).status_code == 202
    assert _v5(sf.submit(sf.activity(), setup["business_unit"])) == (429, 122)
    control.advance_clock(86400)  # the next day; the old token has expired by then too
    assert sf.submit(sf.activity(), setup["business_unit"], token=sf.login()).status_code == 202


def test_setup_refusal_code_switch(sf: SalesforceClient, control: SandboxControl) -> None:
    setup = sf.webinar(activity_active=False)
    control.settings("account_engagement", inactive_setup_code=180)
    assert _v5(sf.submit(sf.activity(), setup["business_unit"])) == (400, 180)
