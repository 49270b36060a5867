"""An authenticated HTTP session on the sandbox's Eloqua pod, for the contract tests."""

from __future__ import annotations

from typing import Any

import requests

REST = "/api/REST/2.0"


class Eloqua:
    """A bare HTTP session (no project client): the contract tests check the wire itself."""

    def __init__(self, endpoints: dict[str, Any]) -> None:
        self.conf = endpoints["eloqua"]
        self.base = self.conf["base_url"]
        self.session = requests.Session()
        self.session.trust_env = False  # REQUESTS_CA_BUNDLE would override verify (requests#3829)
        self.session.verify = endpoints["ca_bundle"]
        self.session.auth = (f"{self.conf['site']}\\{self.conf['user']}", self.conf["password"])

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, f"{self.base}{path}", timeout=30, **kwargs)

    def anonymous(self) -> requests.Session:
        session = requests.Session()
        session.trust_env = False
        session.verify = self.session.verify
        return session

    def create_type(self, name: str, activity_types: list[str]) -> dict[str, Any]:
        response = self.call("POST", f"{REST}/assets/external/type",
                             json={"name": name, "activityTypes": [{"name": n} for n in activity_types]})
        if response.status_code != 201:
            raise RuntimeError(response.text)
        body: dict[str, Any] = response.json()
        return body

    def create_asset(self, name: str, type_id: str) -> dict[str, Any]:
        response = self.call("POST", f"{REST}/assets/external", json={"name": name, "externalAssetTypeId": type_id})
        if response.status_code != 201:
            raise RuntimeError(response.text)
        body: dict[str, Any] = response.json()
        return body
