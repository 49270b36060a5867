"""Eloqua sandbox: base URL discovery, Basic and OAuth2 auth, 401/403/429/503 shapes."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from eloqua_wire import REST, Eloqua

pytestmark = pytest.mark.contract
TYPES = f"{REST}/assets/external/types"


def test_id_discovers_the_sandbox_as_the_pod(eloqua: Eloqua) -> None:
    response = eloqua.call("GET", "/id")
    assert response.status_code == 200
    body = response.json()
    assert body["urls"]["base"] == eloqua.base
    assert body["urls"]["apis"]["rest"]["standard"] == f"{eloqua.base}/API/REST/{{version}}/"
    assert body["site"]["name"] == eloqua.conf["site"]
    assert isinstance(body["site"]["id"], int)
    assert body["user"]["username"] == eloqua.conf["user"]


def test_id_without_credentials_answers_not_authenticated(eloqua: Eloqua, control: Any) -> None:
    response = eloqua.anonymous().get(f"{eloqua.base}/id")
    assert (response.status_code, response.json()) == (200, "Not authenticated.")
    control.settings("eloqua", id_failure_status=401)
    response = eloqua.anonymous().get(f"{eloqua.base}/id")
    assert (response.status_code, response.json()) == (401, "Not authenticated.")


def test_basic_auth_encodes_site_backslash_user(eloqua: Eloqua) -> None:
    raw = f"{eloqua.conf['site']}\\{eloqua.conf['user']}:{eloqua.conf['password']}".encode()
    session = eloqua.anonymous()
    response = session.get(f"{eloqua.base}{TYPES}",
                           headers={"Authorization": "Basic " + base64.b64encode(raw).decode()})
    assert response.status_code == 200


@pytest.mark.parametrize("login", ["{site}/{user}", "{user}", "Other\\{user}", "{site}\\nobody"])
def test_wrong_basic_credentials_are_401(eloqua: Eloqua, login: str) -> None:
    name = login.format(site=eloqua.conf["site"], user=eloqua.conf["user"])
    response = eloqua.anonymous().get(f"{eloqua.base}{TYPES}", auth=(name, eloqua.conf["password"]))
    assert response.status_code == 401
    assert response.json() == "Not authenticated."
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_wrong_password_and_missing_header_are_401(eloqua: Eloqua) -> None:
    session = eloqua.anonymous()
    login = f"{eloqua.conf['site']}\\{eloqua.conf['user']}"
    assert session.get(f"{eloqua.base}{TYPES}", auth=(login, "not-the-password")).status_code == 401
    assert session.get(f"{eloqua.base}{TYPES}").status_code == 401
    assert session.get(f"{eloqua.base}{TYPES}", headers={"Authorization": "Basic %%%"}).status_code == 401


def test_api_access_disabled_for_the_user_is_403(eloqua: Eloqua, control: Any) -> None:
    assert control.admin("eloqua", "PATCH", "site", json={"apiEnabled": False}).status_code == 200
    response = eloqua.call("GET", TYPES)
    assert response.status_code == 403
    assert response.json() == "This service has not been enabled for your site."


def _token(eloqua: Eloqua, **body: str) -> Any:
    return eloqua.anonymous().post(f"{eloqua.base}/auth/oauth2/token", json=body,
                                   auth=(eloqua.conf["client_id"], eloqua.conf["client_secret"]))


def test_oauth_refresh_token_grant_gives_a_bearer_token(eloqua: Eloqua, control: Any) -> None:
    response = _token(eloqua, grant_type="refresh_token", refresh_token=eloqua.conf["refresh_token"], scope="full")
    assert response.status_code == 200
    token = response.json()
    assert token["token_type"] == "bearer" and token["expires_in"] > 0
    assert token["refresh_token"] == eloqua.conf["refresh_token"]  # no rotation by default
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    session = eloqua.anonymous()
    assert session.get(f"{eloqua.base}/id", headers=bearer).json()["urls"]["base"] == eloqua.base
    assert session.get(f"{eloqua.base}{TYPES}", headers=bearer).status_code == 200
    control.expire_tokens("eloqua")
    assert session.get(f"{eloqua.base}{TYPES}", headers=bearer).status_code == 401


def test_oauth_tokens_expire_with_the_clock(eloqua: Eloqua, control: Any) -> None:
    control.settings("eloqua", token_ttl=60)
    token = _token(eloqua, grant_type="refresh_token", refresh_token=eloqua.conf["refresh_token"]).json()
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    assert eloqua.anonymous().get(f"{eloqua.base}{TYPES}", headers=bearer).status_code == 200
    control.advance_clock(61)
    assert eloqua.anonymous().get(f"{eloqua.base}{TYPES}", headers=bearer).status_code == 401


def test_oauth_password_grant_and_rotation(eloqua: Eloqua, control: Any) -> None:
    login = f"{eloqua.conf['site']}\\{eloqua.conf['user']}"
    token = _token(eloqua, grant_type="password", username=login, password=eloqua.conf["password"]).json()
    control.settings("eloqua", rotate_refresh_tokens=True)
    renewed = _token(eloqua, grant_type="refresh_token", refresh_token=token["refresh_token"]).json()
    assert renewed["refresh_token"] != token["refresh_token"]
    again = _token(eloqua, grant_type="refresh_token", refresh_token=token["refresh_token"])
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_oauth_errors(eloqua: Eloqua) -> None:
    session = eloqua.anonymous()
    bad_client = session.post(f"{eloqua.base}/auth/oauth2/token", auth=("nobody", "nothing"),
                              json={"grant_type": "refresh_token", "refresh_token": "x"})
    assert bad_client.status_code == 401 and bad_client.json()["error"] == "invalid_client"
    assert _token(eloqua, grant_type="password", username="a\\b", password="c").json()["error"] == "invalid_grant"
    assert _token(eloqua, grant_type="client_credentials").json()["error"] == "unsupported_grant_type"
    form = session.post(f"{eloqua.base}/auth/oauth2/token", auth=(eloqua.conf["client_id"],
                        eloqua.conf["client_secret"]), data={"grant_type": "refresh_token",
                                                            "refresh_token": eloqua.conf["refresh_token"]})
    assert form.status_code == 200 and form.json()["access_token"]


@pytest.mark.parametrize(("status", "text"), [
    (429, "Too Many Requests"),
    (503, "There was a timeout processing the request."),
    (500, "The service has encountered an error."),
    (404, "The requested resource was not found."),
])
def test_injected_faults_answer_in_eloqua_shape(eloqua: Eloqua, control: Any, status: int, text: str) -> None:
    control.fault("eloqua", "status", status=status, path="/assets/external/types")
    response = eloqua.call("GET", TYPES)
    assert (response.status_code, response.json()) == (status, text)
    assert eloqua.call("GET", TYPES).status_code == 200  # count=1: the next call is served


def test_rate_limit_switch_answers_429(eloqua: Eloqua, control: Any) -> None:
    control.settings("eloqua", requests_per_second=2)
    statuses = [eloqua.call("GET", TYPES).status_code for _ in range(4)]
    assert statuses[:2] == [200, 200]
    assert 429 in statuses[2:]
    control.settings("eloqua", requests_per_second=0)


def test_unknown_paths_and_wrong_methods_get_eloqua_errors(eloqua: Eloqua) -> None:
    missing = eloqua.call("GET", f"{REST}/assets/external/nothing/here")
    assert (missing.status_code, missing.json()) == (404, "The requested resource was not found.")
    wrong = eloqua.call("PATCH", f"{REST}/assets/external/type/1")
    assert wrong.status_code == 405 and isinstance(wrong.json(), str)
    assert eloqua.call("DELETE", TYPES).status_code == 405


def test_paths_match_case_insensitively_and_are_logged(eloqua: Eloqua, control: Any) -> None:
    mark = control.mark()
    for path in ("/api/REST/2.0/assets/external/types", "/api/rest/2.0/assets/external/types",
                 "/API/REST/2.0/assets/external/types"):
        assert eloqua.call("GET", path).status_code == 200
    calls = control.calls(since=mark, vendor="eloqua")
    assert [c["endpoint"] for c in calls] == ["GET /api/REST/2.0/assets/external/types"] * 3
