"""Helpers for the Salesforce / Account Engagement contract tests: raw HTTPS calls to the sandbox.

A uniquely named module (not conftest) so that test files import it without clashing with the
other vendors' conftest modules."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import jwt
import requests

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
V5_PATH = "/api/v5/external-activities"


class SalesforceClient:
    """A deliberately thin client: the tests check the wire, not a client's interpretation of it."""

    def __init__(self, endpoints: dict[str, Any], ca_bundle: str, version: str = "67.0") -> None:
        self.ep = endpoints["salesforce"]
        self.ae_base = endpoints["account_engagement"]["base_url"]
        self.base = self.ep["instance_url"]
        self.version = version
        self.http = requests.Session()
        self.http.verify = ca_bundle
        self.http.trust_env = False  # REQUESTS_CA_BUNDLE would override verify (requests#3829)
        self.token: str | None = None

    # -- OAuth ------------------------------------------------------------------------------
    def oauth(self, **form: str) -> requests.Response:
        return self.http.post(f"{self.ep['login_url']}/services/oauth2/token", data=form, timeout=30)

    def login(self) -> str:
        response = self.oauth(grant_type="client_credentials", client_id=self.ep["client_id"],
                              client_secret=self.ep["client_secret"])
        assert response.status_code == 200, response.text
        self.token = response.json()["access_token"]
        return self.token

    def assertion(self, *, aud: str = "https://login.salesforce.com", exp_in: float = 170,
                  key: str | None = None, sub: str | None = None, iss: str | None = None,
                  algorithm: str = "RS256") -> str:
        private_key = key if key is not None else Path(self.ep["private_key_file"]).read_text()
        claims = {"iss": iss or self.ep["client_id"], "sub": sub or self.ep["username"], "aud": aud,
                  "exp": int(time.time() + exp_in)}
        return jwt.encode(claims, private_key, algorithm=algorithm)

    # -- Tooling ----------------------------------------------------------------------------
    @property
    def tooling(self) -> str:
        return f"{self.base}/services/data/v{self.version}/tooling"

    def headers(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token or self.login()}"}

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {**self.headers(), **kwargs.pop("headers", {})}
        url = path if path.startswith("http") else f"{self.tooling}{path}"
        return self.http.request(method, url, headers=headers, timeout=30, **kwargs)

    def create(self, sobject: str, body: dict[str, Any]) -> requests.Response:
        return self.call("POST", f"/sobjects/{sobject}/", json=body)

    def created_id(self, sobject: str, body: dict[str, Any]) -> str:
        response = self.create(sobject, body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def query(self, soql: str, **kwargs: Any) -> requests.Response:
        return self.call("GET", "/query/", params={"q": soql}, **kwargs)

    @staticmethod
    def error(response: requests.Response) -> dict[str, Any]:
        """The single item of a Salesforce REST error array (the shape is checked too)."""
        body = response.json()
        assert isinstance(body, list) and len(body) == 1, body
        item: dict[str, Any] = body[0]
        assert set(item) <= {"message", "errorCode", "fields"} and "errorCode" in item, item
        return item

    # -- AE v5 ------------------------------------------------------------------------------
    def submit(self, body: Any, business_unit: str | None, *, token: str | None = None,
               headers: dict[str, str] | None = None) -> requests.Response:
        all_headers = {**self.headers(token), **(headers or {})}
        if business_unit is not None:
            all_headers["Pardot-Business-Unit-Id"] = business_unit
        if isinstance(body, dict | list):
            return self.http.post(f"{self.ae_base}{V5_PATH}", json=body, headers=all_headers, timeout=30)
        return self.http.post(f"{self.ae_base}{V5_PATH}", data=body, headers=all_headers, timeout=30)

    # -- setup used by many tests -----------------------------------------------------------
    def webinar(self, *, name: str = "Webinar_Service", active: bool = True, activity_active: bool = True,
                unit: str = "HappyHomeTX", assign: bool = True) -> dict[str, str]:
        ext = self.created_id("MarketingAppExtension", {
            "MasterLabel": "Webinar Service", "DeveloperName": name, "Description": "Webinar integration",
            "IsActive": active})
        act = self.created_id("MarketingAppExtActivity", {
            "MasterLabel": "Registered", "DeveloperName": "Registered", "MarketingAppExtensionId": ext,
            "IsActive": activity_active})
        bu = self.ep["business_units"][unit]
        out = {"extension": ext, "activity": act, "business_unit": bu}
        if assign:
            out["assignment"] = self.created_id("MarketingAppExtAssignment",
                                                {"MarketingAppExtensionId": ext, "ParentId": bu})
        return out

    def activity(self, **overrides: Any) -> dict[str, Any]:
        body = {"extension": "Webinar_Service", "type": "Registered", "value": "webinar-2024-05",
                "email": self.ep["prospects"][0], "activityDate": "2024-05-01T09:00:00-07:00"}
        body.update(overrides)
        return body
