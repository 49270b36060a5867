"""Sandbox-level behaviour of the Salesforce side: faults in vendor shape, the request log,
persistence across restarts, admin (Setup) routes, endpoints.json, limits, no 500s on bad input."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sf_contract_helpers import SalesforceClient

from sandbox.controlclient import SandboxControl
from sandbox.server import SandboxServer

pytestmark = pytest.mark.contract


def test_endpoints_shape(sandbox: Any, control: SandboxControl) -> None:
    doc = json.loads(Path(sandbox.endpoints_file).read_text())
    sf = doc["salesforce"]
    assert set(sf) == {"login_url", "instance_url", "client_id", "client_secret", "username", "private_key_file",
                       "refresh_token", "api_version", "business_units", "prospects"}
    assert set(sf["business_units"]) == {"PardotTenant", "HappyHomeTX"}
    assert sf["instance_url"] == doc["base_url"] and sf["api_version"] == "67.0"
    assert len(sf["prospects"]) >= 3 and all("@" in p for p in sf["prospects"])
    assert doc["account_engagement"] == {"base_url": doc["base_url"]}
    # the JWT flow's key, generated per data dir (never committed): a usable RSA private key
    key = serialization.load_pem_private_key(Path(sf["private_key_file"]).read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)


def test_reset_issues_fresh_credentials(sandbox: Any, control: SandboxControl) -> None:
    before = control.endpoints()["salesforce"]
    control.reset("salesforce")
    after = control.endpoints()["salesforce"]
    assert before["client_secret"] != after["client_secret"]
    assert before["business_units"]["HappyHomeTX"] != after["business_units"]["HappyHomeTX"]


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (401, "INVALID_SESSION_ID", [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]),
        (403, "REQUEST_LIMIT_EXCEEDED", [{"message": "TotalRequests Limit exceeded.",
                                         "errorCode": "REQUEST_LIMIT_EXCEEDED"}]),
        (400, "UNABLE_TO_LOCK_ROW", [{"message": "unable to obtain exclusive access to this record or 1 records",
                                     "errorCode": "UNABLE_TO_LOCK_ROW"}]),
        (500, None, [{"message": "An unexpected error occurred. Please include this ErrorId if you contact support: "
                                 "1234567890-12345 (-1234567890)", "errorCode": "UNKNOWN_EXCEPTION"}]),
    ],
)
def test_tooling_faults_render_as_salesforce_arrays(sf: SalesforceClient, control: SandboxControl, status: int,
                                                    code: str | None, expected: list[dict[str, str]]) -> None:
    sf.login()
    control.fault("salesforce", "status", status=status, code=code, path="/tooling/")
    response = sf.query("SELECT Id FROM PardotTenant")
    assert (response.status_code, response.json()) == (status, expected)
    assert sf.query("SELECT Id FROM PardotTenant").status_code == 200  # the fault was for one request


def test_oauth_fault_renders_as_oauth_error(sf: SalesforceClient, control: SandboxControl) -> None:
    control.fault("salesforce", "status", status=400, code="invalid_grant", message="expired access/refresh token",
                  path="oauth2/token")
    response = sf.oauth(grant_type="refresh_token", client_id=sf.ep["client_id"], refresh_token=sf.ep["refresh_token"])
    assert response.json() == {"error": "invalid_grant", "error_description": "expired access/refresh token"}


@pytest.mark.parametrize(("status", "code"), [(429, "66"), (429, "122"), (500, None), (503, "183")])
def test_v5_faults_render_as_code_message(sf: SalesforceClient, control: SandboxControl, status: int,
                                          code: str | None) -> None:
    setup = sf.webinar()
    control.fault("account_engagement", "status", status=status, code=code)
    response = sf.submit(sf.activity(), setup["business_unit"])
    body = response.json()
    assert response.status_code == status and set(body) == {"code", "message"}
    assert body["code"] == (int(code) if code else 183)
    assert sf.submit(sf.activity(), setup["business_unit"]).status_code == 202


def test_dropped_response_after_commit(sf: SalesforceClient, control: SandboxControl) -> None:
    sf.login()
    control.fault("salesforce", "drop_after", method="POST", path="/sobjects/MarketingAppExtension")
    with pytest.raises(requests.exceptions.RequestException):
        sf.create("MarketingAppExtension", {"MasterLabel": "Lost", "DeveloperName": "Lost_Answer"})
    found = sf.query("SELECT Id FROM MarketingAppExtension WHERE DeveloperName = 'Lost_Answer'").json()
    assert found["totalSize"] == 1  # the write was committed although the answer was lost


def test_request_log_counts_the_walkthrough(sf: SalesforceClient, control: SandboxControl) -> None:
    mark = control.mark()
    sf.webinar(activity_active=True)
    assert sf.submit(sf.activity(), sf.ep["business_units"]["HappyHomeTX"]).status_code == 202
    calls = control.calls(since=mark)
    by_endpoint = Counter(f"{call['vendor']} {call['endpoint']}" for call in calls)
    assert by_endpoint == {
        "salesforce POST /services/oauth2/token": 1,
        "salesforce POST /services/data/{version}/tooling/sobjects/{sobject}": 3,
        "account_engagement POST /api/v5/external-activities": 1,
    }
    assert len(control.calls(since=mark, writes_only=True)) == 5


def test_org_daily_api_limit(sf: SalesforceClient, control: SandboxControl) -> None:
    control.settings("salesforce", daily_api_requests=2)
    sf.login()
    first = sf.query("SELECT Id FROM PardotTenant")
    assert first.headers["Sforce-Limit-Info"] == "api-usage=1/2"
    assert sf.query("SELECT Id FROM PardotTenant").status_code == 200
    refused = sf.query("SELECT Id FROM PardotTenant")
    assert (refused.status_code, sf.error(refused)["errorCode"]) == (403, "REQUEST_LIMIT_EXCEEDED")


def test_admin_routes_drift(sf: SalesforceClient, control: SandboxControl) -> None:
    setup = sf.webinar()
    ext_path = f"objects/MarketingAppExtension/{setup['extension']}"
    renamed = control.admin("salesforce", "PATCH", ext_path, json={"DeveloperName": "Renamed_In_Setup",
                                                                   "MasterLabel": "Renamed"})
    assert renamed.status_code == 200 and renamed.json()["DeveloperName"] == "Renamed_In_Setup"
    assert sf.call("GET", f"/sobjects/MarketingAppExtension/{setup['extension']}").json()["MasterLabel"] == "Renamed"
    bad = control.admin("salesforce", "PATCH", ext_path, json={"DeveloperName": "bad name"})
    assert bad.status_code == 400 and bad.json()["errorCode"] == "FIELD_INTEGRITY_EXCEPTION"
    unmanaged = control.admin("salesforce", "POST", "objects/MarketingAppExtension",
                              json={"MasterLabel": "Admin Made", "DeveloperName": "Admin_Made",
                                    "ManageableState": "installed", "NamespacePrefix": "acme"})
    assert unmanaged.status_code == 201
    clash = sf.create("MarketingAppExtension", {"MasterLabel": "X", "DeveloperName": "admin_made"})
    assert sf.error(clash)["errorCode"] == "DUPLICATE_VALUE"
    act_path = f"objects/MarketingAppExtActivity/{setup['activity']}"
    assert control.admin("salesforce", "DELETE", act_path).status_code == 204
    assert sf.call("GET", f"/sobjects/MarketingAppExtActivity/{setup['activity']}").status_code == 404
    assert control.admin("salesforce", "DELETE", ext_path).status_code == 204  # cascades to the assignment
    assert sf.call("GET", f"/sobjects/MarketingAppExtAssignment/{setup['assignment']}").status_code == 404
    assert control.admin("salesforce", "DELETE", ext_path).status_code == 404
    listed = control.admin("salesforce", "GET", "objects/MarketingAppExtension").json()
    assert [e["DeveloperName"] for e in listed] == ["Admin_Made"]


def test_bad_input_never_answers_500(sf: SalesforceClient) -> None:
    sf.login()
    ext = sf.created_id("MarketingAppExtension", {"MasterLabel": "X"})
    bodies: list[bytes] = [b"", b"{", b"null", b"[]", b"1", b'"x"', b"{\"MasterLabel\": {}}",
                           b"{\"MasterLabel\": [1]}", b"\xff\xfe", b"{\"IsActive\": null}",
                           b"{\"MarketingAppExtensionId\": 5}", b"{\"attributes\": 1, \"MasterLabel\": \"a\"}"]
    targets = [f"{sf.tooling}/sobjects/{t}/" for t in ("MarketingAppExtension", "MarketingAppExtActivity",
                                                       "MarketingAppExtAssignment", "PardotTenant")]
    targets.append(f"{sf.tooling}/sobjects/MarketingAppExtension/{ext}")
    for url in targets:
        for body in bodies:
            for method in ("POST", "PATCH"):
                response = sf.http.request(method, url, data=body, timeout=30, headers={
                    **sf.headers(), "Content-Type": "application/json"})
                assert response.status_code < 500, (method, url, body, response.text)
                if response.status_code >= 400:
                    assert isinstance(response.json(), list), (method, url, body, response.text)
    for body in bodies:
        response = sf.submit(body, sf.ep["business_units"]["HappyHomeTX"], headers={"Content-Type": "application/json"})
        assert response.status_code < 500 and set(response.json()) == {"code", "message"}, response.text
    for weird in ("/services/data/vX/tooling/sobjects", "/services/data/v67.0/tooling/query/%00",
                  "/services/oauth2/token?grant_type=%ff", "/id/x/y"):
        response = sf.http.get(f"{sf.base}{weird}", headers=sf.headers(), timeout=30)
        assert response.status_code < 500, (weird, response.text)


def test_state_survives_a_restart(tmp_path: Path) -> None:
    first = SandboxServer(data_dir=tmp_path)
    endpoints = first.start()
    client = SalesforceClient(endpoints, endpoints["ca_bundle"])
    setup = client.webinar()
    token = client.login()
    assert client.submit(client.activity(), setup["business_unit"]).status_code == 202
    first.stop()

    second = SandboxServer(data_dir=tmp_path)
    again = second.start()
    try:
        assert again["salesforce"]["client_id"] == endpoints["salesforce"]["client_id"]
        assert again["salesforce"]["business_units"] == endpoints["salesforce"]["business_units"]
        client2 = SalesforceClient(again, again["ca_bundle"])
        got = client2.call("GET", f"/sobjects/MarketingAppExtension/{setup['extension']}",
                           headers={"Authorization": f"Bearer {token}"})  # tokens persist too
        assert got.status_code == 200 and got.json()["DeveloperName"] == "Webinar_Service"
        jwt_login = client2.oauth(grant_type="urn:ietf:params:oauth:grant-type:jwt-bearer",
                                  assertion=client2.assertion())
        assert jwt_login.status_code == 200  # the key file still matches the stored certificate
        control = SandboxControl(again["control"], again["ca_bundle"])
        assert len(control.state("account_engagement")["account_engagement/ExternalActivity"]) == 1
    finally:
        second.stop()
