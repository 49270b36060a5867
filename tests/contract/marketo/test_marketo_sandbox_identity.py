"""Identity: token issue and reuse, expiry (602), invalid tokens (601), credential errors."""

from __future__ import annotations

from marketo_fixtures import Marketo

from sandbox.controlclient import SandboxControl

TYPES = "/rest/v1/activities/external/types.json"


def test_same_token_while_valid_with_remaining_life(mkto: Marketo, control: SandboxControl) -> None:
    first = mkto.token_response().json()
    assert first["token_type"] == "bearer"
    assert 3590 <= first["expires_in"] <= 3600
    assert first["scope"]
    control.advance_clock(1000)
    second = mkto.token_response("POST").json()
    assert second["access_token"] == first["access_token"]
    assert first["expires_in"] - 1010 <= second["expires_in"] <= first["expires_in"] - 990


def test_token_expires_after_ttl_then_602_and_new_token(mkto: Marketo, control: SandboxControl) -> None:
    control.settings("marketo", token_ttl_seconds=60)
    token = mkto.token()
    assert mkto.token_response().json()["expires_in"] <= 60
    mkto.ok("GET", TYPES)
    control.advance_clock(61)
    assert mkto.error("GET", TYPES) == {"code": "602", "message": "Access token expired"}
    fresh = mkto.token_response().json()["access_token"]
    assert fresh != token
    assert mkto.ok("GET", TYPES, headers={"Authorization": f"Bearer {fresh}"}) == []
    # the old token stays expired (602), it does not become unknown (601)
    assert mkto.error("GET", TYPES, headers={"Authorization": f"Bearer {token}"})["code"] == "602"


def test_expire_tokens_control(mkto: Marketo, control: SandboxControl) -> None:
    token = mkto.token()
    control.expire_tokens("marketo")
    assert mkto.error("GET", TYPES)["code"] == "602"
    assert mkto.token_response().json()["access_token"] != token


def test_invalid_or_missing_token_is_601(mkto: Marketo) -> None:
    assert mkto.error("GET", TYPES, headers={"Authorization": "Bearer nope:sb"})["code"] == "601"
    assert mkto.error("GET", TYPES, auth=False)["code"] == "601"
    assert mkto.error("GET", TYPES, headers={"Authorization": "Basic abc"})["code"] == "601"
    error = mkto.error("POST", "/rest/v1/activities/external/type.json", auth=False, json={})
    assert error["code"] == "601"


def test_deprecated_query_token_and_its_switch(mkto: Marketo, control: SandboxControl) -> None:
    token = mkto.token()
    assert mkto.ok("GET", TYPES, auth=False, params={"access_token": token}) == []
    control.settings("marketo", accept_query_token=False)
    error = mkto.error("GET", TYPES, auth=False, params={"access_token": token})
    assert error["code"] == "601" and "Authorization" in error["message"]


def test_identity_errors(mkto: Marketo) -> None:
    response = mkto.token_response(client_secret="wrong")
    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client", "error_description": "Bad client credentials"}
    response = mkto.token_response(client_id="nobody")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert "No client with requested id" in response.json()["error_description"]
    response = mkto.token_response(grant_type="password")
    assert response.status_code == 400 and response.json()["error"] == "unsupported_grant_type"
    response = mkto.session.get(f"{mkto.base_url}/identity/oauth/token", timeout=30)
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    response = mkto.token_response(client_id="kund-åäö")
    assert response.status_code == 401 and response.json()["error"] == "unauthorized"
    # the secret never appears in an error
    assert mkto.endpoints["client_secret"] not in mkto.token_response(client_id="nobody").text


def test_token_by_form_post(mkto: Marketo) -> None:
    response = mkto.session.post(f"{mkto.base_url}/identity/oauth/token", data={
        "grant_type": "client_credentials", "client_id": mkto.endpoints["client_id"],
        "client_secret": mkto.endpoints["client_secret"]}, timeout=30)
    assert response.status_code == 200
    assert response.json()["access_token"] == mkto.token()


def test_endpoints_section(mkto: Marketo, control: SandboxControl) -> None:
    endpoints = control.endpoints()["marketo"]
    assert endpoints["identity_url"] == endpoints["base_url"] + "/identity"
    assert endpoints["leads"] == [1001, 1200, 1201, 1202, 1203]
    assert len(endpoints["munchkin_id"]) == 11
    # credentials are random per reset
    control.reset("marketo")
    again = control.endpoints()["marketo"]
    assert again["client_id"] != endpoints["client_id"]
    assert again["client_secret"] != endpoints["client_secret"]
