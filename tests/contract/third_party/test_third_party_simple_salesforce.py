"""simple-salesforce (pinned in pyproject.toml) against the sandbox: it must not tell it from Salesforce.

How the client reaches the sandbox:

- JWT bearer login. simple-salesforce builds its token URL as ``https://{domain}.salesforce.com/
  services/oauth2/token`` (and the JWT ``aud`` as ``https://{domain}.salesforce.com``): ``domain``
  is a sub-domain of salesforce.com, never a ``host:port``. So the test gives it the real
  ``domain="login"`` and pins that one origin to the sandbox in the ``requests.Session`` it is handed
  (``PinnedOrigin`` below: what an ``/etc/hosts`` entry does, with the port and TLS name a hosts
  entry cannot give). The client then runs its own JWT code unchanged: it signs ``aud =
  https://login.salesforce.com`` (an audience the sandbox accepts, as Salesforce does), posts the
  form, and reads ``instance_url`` from the answer — the sandbox's ``https://127.0.0.1:<port>``,
  which simple-salesforce keeps with its port. Every later call goes there directly.
- ``instance_url`` + ``session_id`` (its "direct" mode) with a token the test gets from the
  sandbox's OAuth endpoint is covered too.

TLS: the session verifies against the sandbox CA bundle (``verify``); ``trust_env`` is off because
``REQUESTS_CA_BUNDLE`` in the environment would override ``Session.verify`` (requests#3829).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote_plus, urlsplit

import pytest
import requests
from requests.adapters import HTTPAdapter
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (
    SalesforceAuthenticationFailed,
    SalesforceExpiredSession,
    SalesforceGeneralError,
    SalesforceMalformedRequest,
    SalesforceResourceNotFound,
)

from sandbox.controlclient import SandboxControl
from sandbox.salesforce.ids import checksum

pytestmark = pytest.mark.contract

EXT = "MarketingAppExtension"
LOGIN_ORIGIN = "https://login.salesforce.com"
TOKEN_PATH = "/services/oauth2/token"


class PinnedOrigin(HTTPAdapter):
    """Sends the requests of one vendor origin to the sandbox origin; path and query are kept."""

    def __init__(self, vendor_origin: str, sandbox_origin: str) -> None:
        super().__init__()
        self.vendor_origin = vendor_origin
        self.sandbox_origin = sandbox_origin.rstrip("/")

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        url = str(request.url)
        assert url.startswith(self.vendor_origin + "/"), url
        request.url = self.sandbox_origin + url[len(self.vendor_origin):]
        return super().send(request, *args, **kwargs)


def sandbox_session(ca_bundle: str, login_url: str) -> requests.Session:
    session = requests.Session()
    session.verify = ca_bundle
    session.trust_env = False
    session.mount(LOGIN_ORIGIN + "/", PinnedOrigin(LOGIN_ORIGIN, login_url))
    return session


@pytest.fixture
def ep(control: SandboxControl) -> dict[str, Any]:
    endpoints: dict[str, Any] = control.endpoints()
    return endpoints


@pytest.fixture
def session(ep: dict[str, Any], control: SandboxControl) -> Iterator[requests.Session]:
    with sandbox_session(str(control.ca_bundle), ep["salesforce"]["login_url"]) as http:
        yield http


@pytest.fixture
def sf(ep: dict[str, Any], session: requests.Session) -> Salesforce:
    """Logged in by simple-salesforce's own JWT bearer flow."""
    creds = ep["salesforce"]
    return Salesforce(username=creds["username"], consumer_key=creds["client_id"],
                      privatekey_file=creds["private_key_file"], domain="login",
                      version=creds["api_version"], session=session)


def soql(sf: Salesforce, query: str) -> dict[str, Any]:
    result: dict[str, Any] = sf.toolingexecute("query/?q=" + quote_plus(query))
    return result


def token_posts(control: SandboxControl, since: int) -> list[dict[str, Any]]:
    return [c for c in control.calls(since, vendor="salesforce") if c["path"] == TOKEN_PATH]


def test_jwt_login_lands_on_the_sandbox_instance(sf: Salesforce, ep: dict[str, Any],
                                                  control: SandboxControl) -> None:
    assert sf.auth_type == "jwt-bearer"
    assert sf.sf_instance == urlsplit(ep["salesforce"]["instance_url"]).netloc  # host:port kept
    assert sf.sf_version == "67.0"
    assert sf.tooling_url == f"{ep['salesforce']['instance_url']}/services/data/v67.0/tooling/"
    logins = token_posts(control, 0)
    assert [(c["method"], c["status"]) for c in logins] == [("POST", 200)]
    # The token is the sandbox's own: its identity URL names the integration user.
    ids = control.admin("salesforce", "GET", "credentials").json()
    who = sf.session.get(f"{ep['salesforce']['instance_url']}/id/{ids['org_id']}/{ids['user_id']}",
                         headers={"Authorization": f"Bearer {sf.session_id}"}, timeout=30)
    assert who.status_code == 200, who.text
    assert who.json()["username"] == ep["salesforce"]["username"]


def test_tooling_query_of_business_units(sf: Salesforce, ep: dict[str, Any]) -> None:
    result = soql(sf, "SELECT Id, PardotTenantName, CreationStatus FROM PardotTenant ORDER BY PardotTenantName")
    assert result["done"] is True and result["totalSize"] == 2
    rows = [{k: v for k, v in r.items() if k != "attributes"} for r in result["records"]]
    assert rows == [{"Id": ep["salesforce"]["business_units"][name], "PardotTenantName": name,
                     "CreationStatus": "Created"} for name in ("HappyHomeTX", "PardotTenant")]
    assert result["records"][0]["attributes"]["type"] == "PardotTenant"


def test_query_more_follows_next_records_url(sf: Salesforce, control: SandboxControl,
                                             ep: dict[str, Any]) -> None:
    control.settings("salesforce", query_batch_size=1)
    first = soql(sf, "SELECT Id FROM PardotTenant ORDER BY PardotTenantName DESC")
    assert (first["done"], first["totalSize"], len(first["records"])) == (False, 2, 1)
    assert first["nextRecordsUrl"].startswith("/services/data/v67.0/tooling/query/01g")
    # simple-salesforce's own pagination: https://{sf_instance}{nextRecordsUrl}
    second = sf.query_more(first["nextRecordsUrl"], identifier_is_url=True)
    assert second["done"] is True and "nextRecordsUrl" not in second
    ids = [r["Id"] for r in first["records"] + second["records"]]
    assert ids == [ep["salesforce"]["business_units"][n] for n in ("PardotTenant", "HappyHomeTX")]


def test_extension_create_get_update(sf: Salesforce) -> None:
    created = sf.toolingexecute(f"sobjects/{EXT}", method="POST", data={
        "MasterLabel": "Webinar Service", "DeveloperName": "Webinar_Service", "Description": "Webinars"})
    assert created == {"id": created["id"], "success": True, "errors": [], "warnings": [], "infos": []}
    ext = created["id"]
    assert ext.startswith("1Ex") and len(ext) == 18 and checksum(ext[:15]) == ext[15:]

    record = sf.toolingexecute(f"sobjects/{EXT}/{ext}")
    assert record["attributes"] == {"type": EXT, "url": f"/services/data/v67.0/tooling/sobjects/{EXT}/{ext}"}
    assert (record["Id"], record["MasterLabel"], record["DeveloperName"], record["Description"],
            record["IsActive"]) == (ext, "Webinar Service", "Webinar_Service", "Webinars", False)

    # PATCH answers 204 with no body: toolingexecute hands back the (empty) text.
    assert sf.toolingexecute(f"sobjects/{EXT}/{ext}", method="PATCH",
                             data={"MasterLabel": "Webinars", "IsActive": True}) == ""
    again = sf.toolingexecute(f"sobjects/{EXT}/{ext}")
    assert (again["MasterLabel"], again["IsActive"]) == ("Webinars", True)
    assert again["LastModifiedDate"] >= record["LastModifiedDate"]

    found = soql(sf, "SELECT Id, DeveloperName, IsActive FROM MarketingAppExtension "
                     "WHERE DeveloperName = 'webinar_service'")
    assert [(r["Id"], r["DeveloperName"], r["IsActive"]) for r in found["records"]] == [
        (ext, "Webinar_Service", True)]


def test_duplicate_developer_name_raises_malformed_request(sf: Salesforce) -> None:
    first = sf.toolingexecute(f"sobjects/{EXT}", method="POST",
                              data={"MasterLabel": "W", "DeveloperName": "Webinar"})["id"]
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf.toolingexecute(f"sobjects/{EXT}", method="POST", data={"MasterLabel": "W", "DeveloperName": "WEBINAR"})
    error = caught.value
    assert error.status == 400
    assert error.resource_name == "toolingexecute"
    assert error.content == [{"errorCode": "DUPLICATE_VALUE", "fields": ["DeveloperName"],
                              "message": "duplicate value found: DeveloperName duplicates value on record "
                                         f"with id: {first}"}]


def test_delete_is_not_allowed_on_extensions(sf: Salesforce) -> None:
    ext = sf.toolingexecute(f"sobjects/{EXT}", method="POST", data={"MasterLabel": "Gone"})["id"]
    with pytest.raises(SalesforceGeneralError) as caught:
        sf.toolingexecute(f"sobjects/{EXT}/{ext}", method="DELETE")
    assert caught.value.status == 405
    [item] = caught.value.content
    assert item["errorCode"] == "METHOD_NOT_ALLOWED"
    assert item["message"] == "HTTP Method 'DELETE' not allowed. Allowed are GET,PATCH"
    assert sf.toolingexecute(f"sobjects/{EXT}/{ext}")["Id"] == ext  # still there


def test_unknown_record_raises_resource_not_found(sf: Salesforce) -> None:
    ext = sf.toolingexecute(f"sobjects/{EXT}", method="POST", data={"MasterLabel": "X"})["id"]
    absent = ext[:3] + ("0" if ext[3] != "0" else "1") + ext[4:15]
    absent += checksum(absent)
    with pytest.raises(SalesforceResourceNotFound) as caught:
        sf.toolingexecute(f"sobjects/{EXT}/{absent}")
    assert caught.value.status == 404
    assert [i["errorCode"] for i in caught.value.content] == ["NOT_FOUND"]


def test_expired_session_is_renewed_by_the_client(sf: Salesforce, control: SandboxControl) -> None:
    """simple-salesforce logs in again on 401 ``[{"errorCode": "INVALID_SESSION_ID"}]``, then retries."""
    old_token = sf.session_id
    mark = control.mark()
    control.expire_tokens("salesforce")
    result = soql(sf, "SELECT COUNT() FROM PardotTenant")
    assert result["totalSize"] == 2 and result["records"] == []
    assert sf.session_id != old_token
    calls = [(c["method"], c["path"], c["status"]) for c in control.calls(mark, vendor="salesforce")]
    query = "/services/data/v67.0/tooling/query/"
    # the query (401), simple-salesforce's JWT login, the query again
    assert calls == [("GET", query, 401), ("POST", TOKEN_PATH, 200), ("GET", query, 200)], calls


def test_direct_session_id_and_instance_url(ep: dict[str, Any], session: requests.Session,
                                            control: SandboxControl) -> None:
    """A token from the sandbox's OAuth endpoint (refresh-token grant), handed to the client as is."""
    creds = ep["salesforce"]
    grant = session.post(f"{creds['login_url']}{TOKEN_PATH}", timeout=30, data={
        "grant_type": "refresh_token", "refresh_token": creds["refresh_token"], "client_id": creds["client_id"]})
    assert grant.status_code == 200, grant.text
    token = grant.json()
    sf = Salesforce(instance_url=token["instance_url"], session_id=token["access_token"],
                    version=creds["api_version"], session=session)
    assert sf.auth_type == "direct"
    assert sf.sf_instance == urlsplit(creds["instance_url"]).netloc
    assert soql(sf, "SELECT COUNT() FROM PardotTenant")["totalSize"] == 2
    control.expire_tokens("salesforce")
    with pytest.raises(SalesforceExpiredSession) as caught:  # no login to renew with: the 401 surfaces
        soql(sf, "SELECT COUNT() FROM PardotTenant")
    assert caught.value.status == 401
    assert [i["errorCode"] for i in caught.value.content] == ["INVALID_SESSION_ID"]


def test_unapproved_user_raises_authentication_failed(ep: dict[str, Any], session: requests.Session) -> None:
    creds = ep["salesforce"]
    with pytest.warns(UserWarning, match="authorize this"), \
            pytest.raises(SalesforceAuthenticationFailed) as caught:
        Salesforce(username="someone.else@sandbox.example.com", consumer_key=creds["client_id"],
                   privatekey_file=creds["private_key_file"], domain="login", session=session)
    assert caught.value.code == "invalid_grant"
    assert caught.value.auth_message == "user hasn't approved this consumer"


def test_tls_is_verified(ep: dict[str, Any]) -> None:
    """Without the sandbox CA the client's HTTPS fails: nothing above ran with verification off."""
    creds = ep["salesforce"]
    with requests.Session() as untrusting:
        untrusting.trust_env = False  # the default trust store (certifi), not the sandbox CA
        untrusting.mount(LOGIN_ORIGIN + "/", PinnedOrigin(LOGIN_ORIGIN, creds["login_url"]))
        with pytest.raises(requests.exceptions.SSLError):
            Salesforce(username=creds["username"], consumer_key=creds["client_id"],
                       privatekey_file=creds["private_key_file"], domain="login", session=untrusting)
