"""Eloqua providers, pure logic: error mapping, settings, auth header, activity bodies, recovery."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from providers.core.config import ConfigSource
from providers.core.errors import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    NotFoundError,
    RateLimitError,
    TransportError,
    ValidationError,
)
from providers.core.redact import redact
from providers.eloqua.activity import ExternalActivity
from providers.eloqua.base import create_once
from providers.eloqua.connection import BasicAuth
from providers.eloqua.errors import DependencyError, describe, interpret, interpret_no_resend
from providers.eloqua.settings import DEFAULT_LOGIN_URL, settings_from_config, settings_from_endpoints


def _response(status: int, body: Any) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = b"" if body is None else json.dumps(body).encode()
    return response


UNIQUE = [{"type": "ObjectValidationError", "container": {"type": "ObjectKey", "objectType": "ExternalAssetType"},
           "property": "name", "requirement": {"type": "UniquenessRequirement"}, "value": "Tradeshow"}]


@pytest.mark.parametrize(("status", "body", "kind", "retryable"), [
    (400, UNIQUE, ApiError, False),
    (401, "Not authenticated.", AuthenticationError, False),
    (403, "This service has not been enabled for your site.", ApiError, False),
    (404, "The requested resource was not found.", NotFoundError, False),
    (409, UNIQUE, ConflictError, False),
    (412, "dependencies", DependencyError, False),
    (429, "Too Many Requests", RateLimitError, True),
    (503, "There was a timeout processing the request.", ApiError, True),
    (500, "The service has encountered an error.", ApiError, False),
])
def test_status_mapping(status: int, body: Any, kind: type[Exception], retryable: bool) -> None:
    with pytest.raises(kind) as caught:
        interpret(_response(status, body), "create external asset type 'Tradeshow'")
    error = caught.value
    assert isinstance(error, ApiError) and error.retryable is retryable
    assert error.status == status and "create external asset type" in str(error)


def test_401_asks_for_one_renewal_and_validation_bodies_read_well() -> None:
    with pytest.raises(AuthenticationError) as caught:
        interpret(_response(401, None), "x")
    assert caught.value.auth_expired is True
    assert describe(UNIQUE) == "ExternalAssetType.name: UniquenessRequirement (value 'Tradeshow')"
    assert describe(UNIQUE[0]) == describe(UNIQUE)  # a single object or an array
    parameter = {"type": "EndpointParameterError", "parameter": "id", "requirement": {"type": "IdRequirement"},
                 "value": "sandwich"}
    assert describe(parameter) == "id: IdRequirement (value 'sandwich')"


def test_submissions_never_resend_after_a_5xx_and_id_failure_is_an_auth_error() -> None:
    with pytest.raises(ApiError) as caught:
        interpret_no_resend(_response(503, "x"), "submit")
    assert caught.value.retryable is False
    with pytest.raises(AuthenticationError):
        interpret(_response(200, "Not authenticated."), "discover the base URL (GET /id)")
    assert interpret(_response(200, {"urls": {"base": "https://x"}}), "x") == {"urls": {"base": "https://x"}}
    assert interpret(_response(200, None), "delete") is None


def test_settings_from_stack_config_and_defaults() -> None:
    raw = {"eloqua:site": "Acme", "eloqua:user": "api", "eloqua:password": "s3cret-password"}
    settings = settings_from_config(ConfigSource(raw, env={}))
    assert (settings.login_url, settings.site, settings.auth_mode) == (DEFAULT_LOGIN_URL, "Acme", "basic")
    assert "s3cret-password" not in repr(settings)
    assert redact("oops s3cret-password") == "oops [REDACTED]"


def test_settings_from_environment_and_oauth() -> None:
    env = {"ELOQUA_SITE": "Acme", "ELOQUA_REFRESH_TOKEN": "refresh-token-value", "ELOQUA_CLIENT_ID": "cid",
           "ELOQUA_CLIENT_SECRET": "client-secret-value", "ELOQUA_LOGIN_URL": "https://login.example.com"}
    settings = settings_from_config(ConfigSource({}, env=env))
    assert settings.auth_mode == "oauth" and settings.login_url == "https://login.example.com"


@pytest.mark.parametrize(("raw", "words"), [
    ({}, "eloqua:site"),
    ({"eloqua:site": "Acme"}, "eloqua:password"),
    ({"eloqua:site": "Acme", "eloqua:refreshToken": "refresh-token-x"}, "eloqua:clientId"),
    ({"eloqua:site": "Acme", "eloqua:user": "u", "eloqua:password": "p-123456",
      "eloqua:loginUrl": "http://login.eloqua.com"}, "https"),
])
def test_missing_or_bad_settings_are_clear(raw: dict[str, str], words: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        settings_from_config(ConfigSource(raw, env={}))
    assert words in str(caught.value)


def test_settings_from_sandbox_endpoints() -> None:
    doc = {"ca_bundle": "/tmp/ca.pem", "eloqua": {"login_url": "https://127.0.0.1:1", "site": "S", "user": "u",
                                                  "password": "pw-123456", "refresh_token": "rt-123456",
                                                  "client_id": "c", "client_secret": "cs-123456"}}
    basic = settings_from_endpoints(doc)
    assert (basic.auth_mode, basic.ca_bundle, basic.refresh_token) == ("basic", "/tmp/ca.pem", None)
    assert settings_from_endpoints(doc, auth="oauth").auth_mode == "oauth"


def test_basic_header_is_site_backslash_user() -> None:
    doc = {"eloqua": {"login_url": "https://x", "site": "COMPANYX", "user": "user1", "password": "password123"}}
    header = BasicAuth(settings_from_endpoints(doc)).headers()["Authorization"]
    assert header == "Basic Q09NUEFOWVhcdXNlcjE6cGFzc3dvcmQxMjM="  # Oracle's documented example
    assert base64.b64decode(header[6:]) == b"COMPANYX\\user1:password123"


def test_activity_body_always_carries_activity_date() -> None:
    activity = ExternalActivity(name="Tradeshow 2021", asset_name="Tradeshow 2021", asset_type="Tradeshow",
                                activity_type="Viewed a Demo", contact_id=2405, campaign_id=37)
    assert activity.body(now=1612460136.7) == {
        "name": "Tradeshow 2021", "assetName": "Tradeshow 2021", "assetType": "Tradeshow",
        "activityType": "Viewed a Demo", "activityDate": "1612460136", "contactId": 2405, "campaignId": 37}
    dated = ExternalActivity(name="n", asset_name="a", asset_type="t", activity_type="v", contact_id=1,
                             activity_date=datetime(2021, 2, 4, 17, 35, 36, tzinfo=UTC))
    assert dated.body()["activityDate"] == "1612460136"


@pytest.mark.parametrize(("change", "field"), [
    ({"contact_id": 0}, "contactId"), ({"campaign_id": -1}, "campaignId"), ({"asset_type": ""}, "assetType"),
    ({"activity_date": datetime(2021, 1, 1)}, "activityDate"), ({"activity_date": -5}, "activityDate"),
])
def test_activity_body_validation(change: dict[str, Any], field: str) -> None:
    values: dict[str, Any] = {"name": "n", "asset_name": "a", "asset_type": "t", "activity_type": "v",
                              "contact_id": 1, **change}
    with pytest.raises(ValidationError) as caught:
        ExternalActivity(**values).body()
    assert caught.value.field == field


def test_create_once_takes_its_own_object_after_a_lost_answer() -> None:
    calls: list[str] = []

    def lost() -> dict[str, Any]:
        calls.append("post")
        raise TransportError("eloqua", "connection lost", ambiguous=True)

    found = {"id": "1", "name": "Tradeshow"}
    assert create_once(lost, lambda: found, lambda doc: True, "type", adopt=False) == found
    assert calls == ["post"]

    sent: list[int] = []

    def second_try() -> dict[str, Any]:
        sent.append(1)
        if len(sent) == 1:
            raise TransportError("eloqua", "connection lost", ambiguous=True)
        return {"id": "2"}

    assert create_once(second_try, lambda: None, lambda doc: True, "type", adopt=False) == {"id": "2"}  # never arrived
    with pytest.raises(Exception, match="different definition"):
        create_once(lost, lambda: found, lambda doc: False, "type", adopt=True)

    def conflict() -> dict[str, Any]:
        raise ConflictError("eloqua", "taken", status=409)

    with pytest.raises(Exception, match=r"409.*does not match"):
        create_once(conflict, lambda: found, lambda doc: False, "type", adopt=True)


def test_create_once_takes_a_twin_created_meanwhile_only_with_adopt() -> None:
    """A 409 after our look-up found nothing: someone else made the name; it is not ours to take."""
    def conflict() -> dict[str, Any]:
        raise ConflictError("eloqua", "taken", status=409)

    twin = {"id": "7", "name": "Tradeshow"}
    with pytest.raises(Exception, match=r"409.*\(id 7\).*set adopt: true"):
        create_once(conflict, lambda: twin, lambda doc: True, "type", adopt=False)
    assert create_once(conflict, lambda: twin, lambda doc: True, "type", adopt=True) == twin
