"""A scripted fake transport for the Salesforce clients (HttpCore's ``transport=`` seam)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter

from providers.salesforce.settings import SalesforceSettings

Handler = Callable[[requests.PreparedRequest], tuple[int, Any]]


def response(request: requests.PreparedRequest, status: int, body: Any) -> requests.Response:
    out = requests.Response()
    out.status_code = status
    out._content = b"" if body is None else json.dumps(body).encode()
    out.headers["Content-Type"] = "application/json"
    out.request = request
    out.url = request.url or ""
    return out


class FakeOrg(BaseAdapter):
    """Answers the token endpoint itself; every other request goes to ``handler``."""

    def __init__(self, handler: Handler) -> None:
        super().__init__()
        self.handler = handler
        self.tokens_issued = 0
        self.calls: list[tuple[str, str, dict[str, str]]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        path = urlsplit(request.url or "").path
        self.calls.append((request.method or "", path, dict(request.headers)))
        if path == "/services/oauth2/token":
            self.tokens_issued += 1
            return response(request, 200, {"access_token": f"00Dxx0000000001!token-{self.tokens_issued}-abcdef",
                                           "instance_url": "https://org.example.test", "token_type": "Bearer"})
        status, body = self.handler(request)
        return response(request, status, body)

    def close(self) -> None:
        pass


def settings(**overrides: Any) -> SalesforceSettings:
    values: dict[str, Any] = {"login_url": "https://login.example.test", "auth_flow": "refresh_token",
                              "client_id": "client-id-123", "refresh_token": "refresh-token-secret-xyz",
                              "ae_base_url": "https://pi.example.test"}
    values.update(overrides)
    return SalesforceSettings(**values)
