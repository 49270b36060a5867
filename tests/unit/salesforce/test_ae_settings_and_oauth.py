"""Connection settings, the JWT assertion, business-unit matching and submission rules."""

from __future__ import annotations

import json
from pathlib import Path

import jwt
import pytest
from ae_fakes import settings
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from providers.core.config import ConfigSource
from providers.core.errors import ConfigurationError, ValidationError
from providers.core.redact import redact
from providers.salesforce.business_units import BusinessUnit, match
from providers.salesforce.oauth import JWT_GRANT, jwt_assertion, token_form
from providers.salesforce.settings import settings_from_config
from providers.salesforce.submission import ExternalActivity, validate


def _key_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def test_stack_config_jwt_flow_with_defaults() -> None:
    private, _public = _key_pair()
    source = ConfigSource({"salesforce:loginUrl": "https://test.salesforce.com/", "salesforce:clientId": "cid",
                           "salesforce:username": "u@example.com", "salesforce:privateKey": private}, env={})
    got = settings_from_config(source)
    assert got.auth_flow == "jwt" and got.api_version == "67.0" and got.login_url == "https://test.salesforce.com"
    assert got.jwt_audience == "https://test.salesforce.com"
    assert got.ae_base_url == "https://pi.pardot.com"
    assert private.splitlines()[1] not in repr(got)
    assert redact(private.strip()) == "[REDACTED]"  # registered as a secret when read


def test_environment_is_the_fallback(tmp_path: Path) -> None:
    env = {"SALESFORCE_LOGIN_URL": "https://acme.my.salesforce.com", "SALESFORCE_CLIENT_ID": "cid",
           "SALESFORCE_AUTH_FLOW": "client_credentials", "SALESFORCE_CLIENT_SECRET": "s3cret-value",
           "SALESFORCE_API_VERSION": "v66.0", "ACCOUNT_ENGAGEMENT_BASE_URL": "https://pi.demo.pardot.com"}
    got = settings_from_config(ConfigSource({}, env=env))
    assert (got.auth_flow, got.api_version, got.ae_base_url) == ("client_credentials", "66.0",
                                                                 "https://pi.demo.pardot.com")
    assert got.jwt_audience == "https://login.salesforce.com"


@pytest.mark.parametrize(("config", "message"), [
    ({"salesforce:clientId": "cid"}, "salesforce:loginUrl"),
    ({"salesforce:loginUrl": "http://login.salesforce.com", "salesforce:clientId": "c"}, "https://"),
    ({"salesforce:loginUrl": "https://login.salesforce.com", "salesforce:clientId": "c",
      "salesforce:authFlow": "password"}, "one of jwt, client_credentials, refresh_token"),
    ({"salesforce:loginUrl": "https://login.salesforce.com", "salesforce:clientId": "c",
      "salesforce:username": "u"}, "privateKey"),
    ({"salesforce:loginUrl": "https://login.salesforce.com", "salesforce:clientId": "c",
      "salesforce:authFlow": "client_credentials", "salesforce:clientSecret": "x"}, "My Domain"),
    ({"salesforce:loginUrl": "https://login.salesforce.com", "salesforce:clientId": "c",
      "salesforce:authFlow": "refresh_token"}, "salesforce:refreshToken"),
    ({"salesforce:loginUrl": "https://login.salesforce.com", "salesforce:clientId": "c",
      "salesforce:authFlow": "refresh_token", "salesforce:refreshToken": "r", "salesforce:apiVersion": "52.0"},
     "at least 53"),
])
def test_bad_settings_name_the_setting(config: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        settings_from_config(ConfigSource(config, env={}))


def test_sandbox_endpoints_unless_explicit_settings(tmp_path: Path) -> None:
    private, _public = _key_pair()
    key_file = tmp_path / "key.pem"
    key_file.write_text(private)
    doc = {"salesforce": {"login_url": "https://127.0.0.1:9", "instance_url": "https://127.0.0.1:9",
                          "client_id": "cid", "client_secret": "csecret-123", "username": "u@example.com",
                          "private_key_file": str(key_file), "refresh_token": "rtoken-123", "api_version": "67.0"},
           "account_engagement": {"base_url": "https://127.0.0.1:9"}, "ca_bundle": str(tmp_path / "ca.pem")}
    endpoints = tmp_path / "endpoints.json"
    endpoints.write_text(json.dumps(doc))
    got = settings_from_config(ConfigSource({"activity-schemas:sandboxEndpoints": str(endpoints)}, env={}))
    assert got.auth_flow == "jwt" and got.private_key == private and got.ca_bundle == str(tmp_path / "ca.pem")
    assert got.login_url == "https://127.0.0.1:9" and got.ae_base_url == "https://127.0.0.1:9"
    explicit = settings_from_config(ConfigSource({
        "activity-schemas:sandboxEndpoints": str(endpoints), "salesforce:loginUrl": "https://acme.my.salesforce.com",
        "salesforce:clientId": "other", "salesforce:authFlow": "client_credentials",
        "salesforce:clientSecret": "other-secret"}, env={}))
    assert (explicit.login_url, explicit.client_id) == ("https://acme.my.salesforce.com", "other")
    flows = settings_from_config(ConfigSource({"activity-schemas:sandboxEndpoints": str(endpoints),
                                               "salesforce:authFlow": "refresh_token"}, env={}))
    assert flows.auth_flow == "refresh_token" and flows.private_key is None
    assert "csecret-123" not in redact("x csecret-123 rtoken-123") and "rtoken-123" not in redact("rtoken-123")


def test_jwt_assertion_claims_and_signature() -> None:
    private, public = _key_pair()
    s = settings(auth_flow="jwt", username="u@example.com", private_key=private, refresh_token=None)
    form = token_form(s)
    assert form["grant_type"] == JWT_GRANT and set(form) == {"grant_type", "assertion"}
    claims = jwt.decode(form["assertion"], public, algorithms=["RS256"], audience="https://login.salesforce.com")
    assert claims["iss"] == "client-id-123" and claims["sub"] == "u@example.com"
    assert 0 < claims["exp"] - jwt_assertion.__globals__["time"].time() <= 180
    assert jwt.get_unverified_header(form["assertion"])["alg"] == "RS256"


def test_jwt_with_a_broken_key_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="privateKey"):
        jwt_assertion(settings(auth_flow="jwt", username="u", private_key="not a key"))


def test_refresh_and_client_credentials_forms() -> None:
    assert token_form(settings()) == {"grant_type": "refresh_token", "refresh_token": "refresh-token-secret-xyz",
                                      "client_id": "client-id-123"}
    cc = token_form(settings(auth_flow="client_credentials", client_secret="sec"))
    assert cc == {"grant_type": "client_credentials", "client_id": "client-id-123", "client_secret": "sec"}


UNITS = [BusinessUnit("0Uv5g0lJC879HYvCMM", "PardotTenant", "Created"),
         BusinessUnit("0Uv5g0VWpaXTtzOCGT", "HappyHomeTX", "Created")]


@pytest.mark.parametrize(("query", "expected"), [
    ("HappyHomeTX", "0Uv5g0VWpaXTtzOCGT"), ("happyhometx", "0Uv5g0VWpaXTtzOCGT"),
    ("0Uv5g0VWpaXTtzOCGT", "0Uv5g0VWpaXTtzOCGT"), ("0Uv5g0VWpaXTtzO", "0Uv5g0VWpaXTtzOCGT"),
    ("Nowhere", None), ("0Uv5g0VWpaXTtzX", None),
])
def test_business_unit_match(query: str, expected: str | None) -> None:
    unit = match(UNITS, query)
    assert (unit.id if unit else None) == expected


@pytest.mark.parametrize(("activity", "unit", "field"), [
    (ExternalActivity("E", "T", "codey@example.com", "x" * 101), "0Uv5g0VWpaXTtzOCGT", "value"),
    (ExternalActivity("E", "T", "codey@example.com", "v", "2024-05-01T09:00:00"), "0Uv5g0VWpaXTtzOCGT",
     "activityDate"),
    (ExternalActivity("E", "T", "not-an-email", "v"), "0Uv5g0VWpaXTtzOCGT", "email"),
    (ExternalActivity("", "T", "codey@example.com", "v"), "0Uv5g0VWpaXTtzOCGT", "extension"),
    (ExternalActivity("E", "T", "codey@example.com", "v"), "12345", "businessUnitId"),
])
def test_submission_rules(activity: ExternalActivity, unit: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate(activity, unit)
    assert caught.value.field == field


def test_missing_configuration_surfaces_on_first_use_with_the_setting_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from providers.salesforce import connection

    for name in ("ACTIVITY_SCHEMAS_SANDBOX_ENDPOINTS", "SALESFORCE_LOGIN_URL", "SALESFORCE_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    from providers.salesforce.extension import ExtensionProvider

    connection.reset()
    provider = ExtensionProvider()
    provider.configure_connection({})  # no salesforce settings at all: configure itself does not fail
    with pytest.raises(Exception, match="missing setting salesforce:loginUrl") as caught:
        provider.create({"developerName": "Webinar_Service", "masterLabel": "Webinar"})
    assert "Account Engagement extension: create failed" in str(caught.value)
    connection.reset()
