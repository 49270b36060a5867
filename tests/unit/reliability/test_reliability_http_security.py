"""The HTTP clients refuse to run with TLS verification off, and log no credential at DEBUG while
they obtain a token (urllib3 writes request lines, Marketo's token call carries its secret in the URL)."""

from __future__ import annotations

import base64
import logging
import re
from typing import Any

import pytest

from providers.core.errors import ConfigurationError
from providers.core.http import HttpCore

VENDORS = ["eloqua", "account-engagement", "marketo"]


def _cell(request: pytest.FixtureRequest, scenario: str, key: str) -> Any:
    request.applymarker(pytest.mark.matrix(scenario=scenario, provider=key))
    return request.getfixturevalue("cell")


def _connections(key: str, endpoints: dict[str, Any], ca_bundle: Any) -> list[tuple[str, Any]]:
    """The vendor's connections, one per credential flow it supports, built from endpoints.json."""
    doc = dict(endpoints)
    if ca_bundle is not None:
        doc = {k: (dict(v, ca_bundle=ca_bundle) if isinstance(v, dict) else v) for k, v in doc.items()}
        doc["ca_bundle"] = ca_bundle
    if key == "eloqua":
        from providers.eloqua.connection import from_endpoints as eloqua
        return [("oauth refresh token", eloqua(doc, auth="oauth"))]
    if key == "account-engagement":
        from providers.salesforce.connection import from_endpoints as salesforce
        return [(flow, salesforce(doc, auth_flow=flow)) for flow in ("jwt", "client_credentials", "refresh_token")]
    from providers.marketo.client import MarketoClient
    from providers.marketo.connection import connection_from_endpoints
    return [("client credentials", MarketoClient(connection_from_endpoints(doc)))]


@pytest.mark.parametrize("key", VENDORS)
def test_tls_verification_cannot_be_turned_off(key: str, request: pytest.FixtureRequest, sandbox: Any) -> None:
    cell = _cell(request, "TLS verification off is refused", key)
    for off in (False, ""):
        with pytest.raises(ConfigurationError, match="TLS verification cannot be turned off"):
            HttpCore(key, interpret=lambda response, operation: None, ca_bundle=off)
    outcomes = []
    for off in (False, ""):  # endpoints.json / stack config asking for no verification
        try:
            connections = _connections(key, sandbox.endpoints, off)
        except ConfigurationError as error:
            assert "TLS verification cannot be turned off" in str(error)
            outcomes.append("refused")
            continue
        cores = [v for _, conn in connections for v in vars(conn).values() if isinstance(v, HttpCore)]
        assert cores, "the connection holds no HTTP core to inspect"
        assert all(core.verify not in (False, "") for core in cores), "a connection runs with verification off"
        outcomes.append("verification kept on")
    cell.note(f"HttpCore refuses ca_bundle=False/''; the vendor connection given them: {', '.join(outcomes)}")


def test_an_untrusted_certificate_is_not_accepted(sandbox: Any) -> None:
    """Without the sandbox's CA the sandbox's certificate fails verification (nothing falls back)."""
    from providers.core.errors import TransportError
    core = HttpCore("probe", interpret=lambda response, operation: response.status_code, ca_bundle=True)
    with pytest.raises(TransportError, match="TLS verification failed"):
        core.request("GET", sandbox.endpoints["base_url"] + "/", operation="probe")


@pytest.mark.parametrize("key", VENDORS)
def test_token_requests_log_no_credential_at_debug(key: str, request: pytest.FixtureRequest, sandbox: Any,
                                                   control: Any, caplog: pytest.LogCaptureFixture) -> None:
    cell = _cell(request, "no credential in DEBUG logs of token requests", key)
    caplog.set_level(logging.DEBUG)  # every logger: urllib3, requests, the HTTP core
    tokens: list[str] = []
    flows = []
    for flow, conn in _connections(key, sandbox.endpoints, None):
        auth = conn.auth
        header = auth.headers()["Authorization"]  # fetches a token: the call under test
        tokens.append(header.split(" ", 1)[1])
        flows.append(flow)
    text = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    assert re.search(r"oauth2?/token|identity/oauth/token", text), "the token requests were not logged at DEBUG"
    secrets = _credentials(key, sandbox.endpoints, control) + tokens
    assert all(len(s) >= 8 for s in secrets)
    leaked = [f"{s[:4]}..." for s in secrets if s in text]
    assert leaked == [], f"credentials in DEBUG logs: {leaked}"
    cell.note(f"{len(flows)} token flow(s) ({', '.join(flows)}), {len(caplog.records)} DEBUG records, "
              f"{len(secrets)} credentials/tokens absent")


def _credentials(key: str, endpoints: dict[str, Any], control: Any) -> list[str]:
    if key == "eloqua":
        eq = endpoints["eloqua"]
        pair = base64.b64encode(f"{eq['client_id']}:{eq['client_secret']}".encode()).decode()
        return [eq["password"], eq["client_secret"], eq["refresh_token"], pair]
    if key == "marketo":
        return [endpoints["marketo"]["client_secret"]]
    sf = endpoints["salesforce"]
    creds = control.admin("salesforce", "GET", "credentials").json()
    return [sf["client_secret"], sf["refresh_token"], creds["password"], creds["security_token"]]
