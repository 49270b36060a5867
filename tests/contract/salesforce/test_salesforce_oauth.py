"""Salesforce OAuth (§4): the four grants, their errors, token lifetime and the identity URL."""

from __future__ import annotations

import base64
import os
import stat
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sf_contract_helpers import JWT_GRANT, SalesforceClient

from sandbox.controlclient import SandboxControl

pytestmark = pytest.mark.contract

SUCCESS_KEYS = {"access_token", "signature", "scope", "instance_url", "id", "token_type", "issued_at"}


def _check_success(sf: SalesforceClient, body: dict[str, object]) -> None:
    assert set(body) == SUCCESS_KEYS
    assert body["token_type"] == "Bearer"
    assert body["instance_url"] == sf.ep["instance_url"]
    assert str(body["issued_at"]).isdigit()
    assert set(str(body["scope"]).split()) == {"api", "pardot_api", "refresh_token"}
    assert str(body["access_token"]).startswith(str(body["id"]).split("/")[-2][:15] + "!")


def test_client_credentials_in_form_and_basic_auth(sf: SalesforceClient) -> None:
    form = sf.oauth(grant_type="client_credentials", client_id=sf.ep["client_id"],
                    client_secret=sf.ep["client_secret"])
    assert form.status_code == 200, form.text
    _check_success(sf, form.json())
    basic = base64.b64encode(f"{sf.ep['client_id']}:{sf.ep['client_secret']}".encode()).decode()
    response = sf.http.post(f"{sf.ep['login_url']}/services/oauth2/token", data={"grant_type": "client_credentials"},
                            headers={"Authorization": f"Basic {basic}"}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["access_token"] != form.json()["access_token"]


def test_client_credentials_errors(sf: SalesforceClient) -> None:
    wrong_id = sf.oauth(grant_type="client_credentials", client_id="nope", client_secret=sf.ep["client_secret"])
    assert (wrong_id.status_code, wrong_id.json()) == (
        400, {"error": "invalid_client_id", "error_description": "client identifier invalid"})
    wrong_secret = sf.oauth(grant_type="client_credentials", client_id=sf.ep["client_id"], client_secret="x")
    assert (wrong_secret.status_code, wrong_secret.json()["error"]) == (400, "invalid_client")


def test_password_grant_with_and_without_security_token(sf: SalesforceClient, control: SandboxControl) -> None:
    creds = control.admin("salesforce", "GET", "credentials").json()
    base = {"grant_type": "password", "client_id": sf.ep["client_id"], "client_secret": sf.ep["client_secret"],
            "username": sf.ep["username"]}
    with_token = sf.oauth(**base, password=creds["password"] + creds["security_token"])
    assert with_token.status_code == 200, with_token.text
    _check_success(sf, with_token.json())
    assert sf.oauth(**base, password=creds["password"]).status_code == 200
    control.settings("salesforce", password_requires_security_token=True)
    bare = sf.oauth(**base, password=creds["password"])
    assert (bare.status_code, bare.json()) == (
        400, {"error": "invalid_grant", "error_description": "authentication failure"})
    wrong = sf.oauth(**base, password="wrong")
    assert wrong.json()["error"] == "invalid_grant"
    control.settings("salesforce", password_flow_enabled=False)
    assert sf.oauth(**base, password=creds["password"] + creds["security_token"]).status_code == 400


def test_refresh_token_grant_and_rotation(sf: SalesforceClient, control: SandboxControl) -> None:
    ok = sf.oauth(grant_type="refresh_token", client_id=sf.ep["client_id"], refresh_token=sf.ep["refresh_token"])
    assert ok.status_code == 200, ok.text
    _check_success(sf, ok.json())  # no refresh_token without rotation
    bad = sf.oauth(grant_type="refresh_token", client_id=sf.ep["client_id"], refresh_token="5Aep-nope")
    assert bad.json() == {"error": "invalid_grant", "error_description": "expired access/refresh token"}
    control.settings("salesforce", refresh_token_rotation=True)
    rotated = sf.oauth(grant_type="refresh_token", client_id=sf.ep["client_id"],
                       refresh_token=sf.ep["refresh_token"])
    assert rotated.status_code == 200
    fresh = rotated.json()["refresh_token"]
    old_again = sf.oauth(grant_type="refresh_token", client_id=sf.ep["client_id"],
                         refresh_token=sf.ep["refresh_token"])
    assert old_again.json()["error"] == "invalid_grant"
    assert sf.oauth(grant_type="refresh_token", client_id=sf.ep["client_id"], refresh_token=fresh).status_code == 200


def test_jwt_bearer_success_and_key_file(sf: SalesforceClient) -> None:
    key_file = Path(sf.ep["private_key_file"])
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    for aud in ("https://login.salesforce.com", "https://test.salesforce.com", sf.ep["login_url"]):
        response = sf.oauth(grant_type=JWT_GRANT, assertion=sf.assertion(aud=aud))
        assert response.status_code == 200, (aud, response.text)
        _check_success(sf, response.json())


@pytest.mark.parametrize(("exp", "accepted"), [("{ok}", True), ("{past}", False), ("{ok}.5", False), ("soon", False)])
def test_jwt_exp_as_a_string_of_digits(sf: SalesforceClient, exp: str, accepted: bool) -> None:
    """simple-salesforce signs ``"exp": "<digits>"`` (a string), which Salesforce accepts."""
    now = int(time.time())
    claims = {"iss": sf.ep["client_id"], "sub": sf.ep["username"], "aud": "https://login.salesforce.com",
              "exp": exp.format(ok=now + 170, past=now - 120)}
    assertion = jwt.encode(claims, Path(sf.ep["private_key_file"]).read_text(), algorithm="RS256")
    response = sf.oauth(grant_type=JWT_GRANT, assertion=assertion)
    if accepted:
        assert response.status_code == 200, response.text
        _check_success(sf, response.json())
    else:
        assert response.json() == {"error": "invalid_grant", "error_description": "invalid assertion: expired"}


@pytest.mark.parametrize(
    ("variant", "error", "description"),
    [
        ("wrong_aud", "invalid_grant", "audience is invalid"),
        ("expired", "invalid_grant", "invalid assertion: expired"),
        ("too_far", "invalid_grant", "invalid assertion: exp too far in the future"),
        ("wrong_key", "invalid_grant", "invalid assertion"),
        ("wrong_iss", "invalid_client_id", "client identifier invalid"),
        ("wrong_sub", "invalid_grant", "user hasn't approved this consumer"),
        ("hs256", "invalid_grant", "invalid assertion"),
        ("garbage", "invalid_grant", "invalid assertion"),
    ],
)
def test_jwt_bearer_refusals(sf: SalesforceClient, variant: str, error: str, description: str) -> None:
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    assertions = {
        "wrong_aud": lambda: sf.assertion(aud="https://evil.example.com"),
        "expired": lambda: sf.assertion(exp_in=-120),
        "too_far": lambda: sf.assertion(exp_in=3600),
        "wrong_key": lambda: sf.assertion(key=other_key),
        "wrong_iss": lambda: sf.assertion(iss="someone-else"),
        "wrong_sub": lambda: sf.assertion(sub="nobody@example.com"),
        "hs256": lambda: sf.assertion(key="a-shared-secret-of-32-bytes-long!", algorithm="HS256"),
        "garbage": lambda: "not.a.jwt",
    }
    response = sf.oauth(grant_type=JWT_GRANT, assertion=assertions[variant]())
    assert response.status_code == 400
    assert response.json() == {"error": error, "error_description": description}


def test_jwt_needs_preauthorization_when_switched_off(sf: SalesforceClient, control: SandboxControl) -> None:
    control.settings("salesforce", jwt_preauthorized=False)
    response = sf.oauth(grant_type=JWT_GRANT, assertion=sf.assertion())
    assert response.json()["error_description"] == "user hasn't approved this consumer"


def test_token_endpoint_protocol_errors(sf: SalesforceClient) -> None:
    unsupported = sf.oauth(grant_type="authorization_code", code="x")
    assert unsupported.json() == {"error": "unsupported_grant_type", "error_description": "grant type not supported"}
    as_json = sf.http.post(f"{sf.ep['login_url']}/services/oauth2/token", timeout=30,
                           json={"grant_type": "client_credentials"})
    assert (as_json.status_code, as_json.json()["error"]) == (400, "unsupported_grant_type")
    get = sf.http.get(f"{sf.ep['login_url']}/services/oauth2/token", timeout=30)
    assert get.json() == {"error": "invalid_request", "error_description": "must use HTTP POST"}


def test_token_ttl_and_expiry(sf: SalesforceClient, control: SandboxControl) -> None:
    token = sf.login()
    query = "SELECT Id FROM PardotTenant"
    assert sf.query(query).status_code == 200
    control.settings("salesforce", token_ttl_seconds=60)
    control.advance_clock(61)
    expired = sf.query(query, headers={"Authorization": f"Bearer {token}"})
    assert expired.status_code == 401
    assert expired.json() == [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]
    assert expired.headers["WWW-Authenticate"] == "Token"
    assert sf.query(query, headers={"Authorization": f"Bearer {sf.login()}"}).status_code == 200


def test_expire_tokens_invalidates_every_token(sf: SalesforceClient, control: SandboxControl) -> None:
    first, second = sf.login(), sf.login()
    control.expire_tokens("salesforce")
    for token in (first, second):
        response = sf.query("SELECT Id FROM PardotTenant", headers={"Authorization": f"Bearer {token}"})
        assert sf.error(response)["errorCode"] == "INVALID_SESSION_ID"
    # the refresh token survives: renewal works
    renewed = sf.oauth(grant_type="refresh_token", client_id=sf.ep["client_id"],
                       refresh_token=sf.ep["refresh_token"])
    assert renewed.status_code == 200


def test_scopes_travel_with_tokens(sf: SalesforceClient, control: SandboxControl) -> None:
    control.settings("salesforce", scopes=["pardot_api"])
    token = sf.login()
    response = sf.query("SELECT Id FROM PardotTenant", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert sf.error(response)["message"] == "This session is not valid for use with the REST API"


def test_identity_url(sf: SalesforceClient) -> None:
    body = sf.oauth(grant_type="client_credentials", client_id=sf.ep["client_id"],
                    client_secret=sf.ep["client_secret"]).json()
    identity = sf.http.get(body["id"], headers={"Authorization": f"Bearer {body['access_token']}"}, timeout=30)
    assert identity.status_code == 200
    assert identity.json()["username"] == sf.ep["username"]
    assert identity.json()["id"] == body["id"]
    refused = sf.http.get(body["id"], headers={"Authorization": "Bearer nope"}, timeout=30)
    assert (refused.status_code, refused.text) == (403, "Bad_OAuth_Token")


def test_inactive_user_cannot_log_in(sf: SalesforceClient, control: SandboxControl) -> None:
    assert control.admin("salesforce", "PATCH", "user", json={"active": False}).status_code == 200
    response = sf.oauth(grant_type="client_credentials", client_id=sf.ep["client_id"],
                        client_secret=sf.ep["client_secret"])
    assert response.json() == {"error": "inactive_user", "error_description": "user is inactive"}
