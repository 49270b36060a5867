"""The hand-written sequential scripts: the same set-up, the way the vendors' guides show it.

Deliberately NOT the project's providers: plain ``requests``, one session, one token, one call
after another, each answer checked before the next call. One function per vendor; each takes its
part of the sandbox's ``endpoints.json`` and the CA bundle, and returns how many objects it made.
"""

from __future__ import annotations

from typing import Any

import requests

from bench.workload import Workload

TIMEOUT = 60.0


class ScriptError(RuntimeError):
    """A call of a sequential script failed: the benchmark reports it instead of its timing."""


def _session(ca_bundle: str | None) -> requests.Session:
    session = requests.Session()
    session.verify = ca_bundle if ca_bundle else True
    session.trust_env = False  # loopback sandbox: no proxy, no CA override from the environment
    return session


def _expect(response: requests.Response, status: int, what: str) -> Any:
    if response.status_code != status:
        raise ScriptError(f"{what}: HTTP {response.status_code} {response.text[:300]}")
    return response.json() if response.content else None


def account_engagement(endpoints: dict[str, Any], ca_bundle: str | None, workload: Workload) -> int:
    """Pardot guide, "external activity" set-up (reference §3.1): token, then per extension: create
    the extension, its activity types, find the business unit, assign. The business unit is looked
    up once: a script author would not repeat that query per extension."""
    sf = endpoints["salesforce"]
    session = _session(ca_bundle)
    token = _expect(session.post(f"{sf['login_url'].rstrip('/')}/services/oauth2/token", timeout=TIMEOUT, data={
        "grant_type": "refresh_token", "refresh_token": sf["refresh_token"],
        "client_id": sf["client_id"], "client_secret": sf["client_secret"],
    }), 200, "OAuth refresh-token grant")
    session.headers.update({"Authorization": f"Bearer {token['access_token']}", "Accept": "application/json"})
    instance = str(token.get("instance_url") or sf["instance_url"]).rstrip("/")
    tooling = f"{instance}/services/data/v{sf['api_version']}/tooling"
    made = 0
    unit_id: str | None = None
    for ext in workload.ae():
        ext_id = _expect(session.post(f"{tooling}/sobjects/MarketingAppExtension/", timeout=TIMEOUT, json={
            "MasterLabel": ext.master_label, "DeveloperName": ext.developer_name,
            "Description": ext.description, "IsActive": False,
        }), 201, f"create extension {ext.developer_name}")["id"]
        made += 1
        for dev, label in ext.activity_types:
            _expect(session.post(f"{tooling}/sobjects/MarketingAppExtActivity/", timeout=TIMEOUT, json={
                "MasterLabel": label, "DeveloperName": dev, "MarketingAppExtensionId": ext_id, "IsActive": False,
            }), 201, f"create activity type {dev}")
            made += 1
        if unit_id is None:
            found = _expect(session.get(f"{tooling}/query/", timeout=TIMEOUT, params={
                "q": "SELECT Id, PardotTenantName FROM PardotTenant"}), 200, "query business units")
            units = {r["PardotTenantName"]: r["Id"] for r in found["records"]}
            if workload.business_unit not in units:
                raise ScriptError(f"business unit {workload.business_unit!r} not found (have {sorted(units)})")
            unit_id = units[workload.business_unit]
        _expect(session.post(f"{tooling}/sobjects/MarketingAppExtAssignment/", timeout=TIMEOUT, json={
            "MarketingAppExtensionId": ext_id, "ParentId": unit_id,
        }), 201, f"assign extension {ext.developer_name}")
        made += 1
    return made


def _marketo_ok(response: requests.Response, what: str) -> dict[str, Any]:
    body: dict[str, Any] = _expect(response, 200, what)
    if not body.get("success"):
        raise ScriptError(f"{what}: {body.get('errors')}")
    return body


def marketo(endpoints: dict[str, Any], ca_bundle: str | None, workload: Workload) -> int:
    """Marketo's custom activity guide: a token, then per type create (draft), add the attributes,
    approve."""
    mk = endpoints["marketo"]
    session = _session(ca_bundle)
    token = _expect(session.get(f"{mk['identity_url'].rstrip('/')}/oauth/token", timeout=TIMEOUT, params={
        "grant_type": "client_credentials", "client_id": mk["client_id"], "client_secret": mk["client_secret"],
    }), 200, "identity token")
    session.headers.update({"Authorization": f"Bearer {token['access_token']}"})
    rest = f"{mk['base_url'].rstrip('/')}/rest/v1/activities/external"
    made = 0
    for t in workload.marketo():
        _marketo_ok(session.post(f"{rest}/type.json", timeout=TIMEOUT, json={
            "apiName": t.api_name, "name": t.name, "description": t.description, "triggerName": t.trigger_name,
            "filterName": t.filter_name, "primaryAttribute": t.primary_attribute,
        }), f"create type {t.api_name}")
        if t.attributes:
            _marketo_ok(session.post(f"{rest}/type/{t.api_name}/attributes/create.json", timeout=TIMEOUT,
                                     json={"attributes": list(t.attributes)}), f"attributes of {t.api_name}")
        _marketo_ok(session.post(f"{rest}/type/{t.api_name}/approve.json", timeout=TIMEOUT, json={}),
                    f"approve {t.api_name}")
        made += 1
    return made


def eloqua(endpoints: dict[str, Any], ca_bundle: str | None, workload: Workload) -> int:
    """Eloqua's guide: HTTP Basic ``Site\\User``, find the pod with ``/id`` once, then one POST per
    external asset type with its activity types."""
    el = endpoints["eloqua"]
    session = _session(ca_bundle)
    session.auth = (f"{el['site']}\\{el['user']}", el["password"])
    ident = _expect(session.get(f"{el['login_url'].rstrip('/')}/id", timeout=TIMEOUT), 200, "/id")
    if not isinstance(ident, dict):
        raise ScriptError(f"/id: not authenticated ({ident!r})")
    base = str(ident["urls"]["base"]).rstrip("/")
    made = 0
    for t in workload.eloqua():
        _expect(session.post(f"{base}/api/REST/2.0/assets/external/type", timeout=TIMEOUT, json={
            "name": t.name, "activityTypes": [{"name": a} for a in t.activity_types],
        }), 201, f"create asset type {t.name}")
        made += 1
    return made


SCRIPTS = {"account_engagement": account_engagement, "marketo": marketo, "eloqua": eloqua}
