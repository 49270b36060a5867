"""A scripted Marketo behind HttpCore's transport seam: no network, every request recorded."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter

from providers.core.ratelimit import RateLimiter
from providers.core.retry import RetryPolicy
from providers.marketo.client import MarketoClient
from providers.marketo.connection import Connection

Handler = Callable[[requests.PreparedRequest], tuple[int, Any]]


class FakeMarketo(BaseAdapter):
    """``routes`` maps "METHOD /path" to a handler or a list of (status, body) answered in turn."""

    def __init__(self) -> None:
        super().__init__()
        self.routes: dict[str, Any] = {}
        self.sent: list[tuple[str, str, Any, dict[str, list[str]], dict[str, str]]] = []
        self.token_calls = 0
        self.token = "tok-0000-aaaa:int"
        self.on("GET /identity/oauth/token", self._token)

    def on(self, key: str, answer: Any) -> None:
        self.routes[key] = answer

    def _token(self, request: requests.PreparedRequest) -> tuple[int, Any]:
        self.token_calls += 1
        return 200, {"access_token": self.token, "token_type": "bearer", "expires_in": 3599, "scope": "x@y"}

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        parts = urlsplit(str(request.url))
        key = f"{request.method} {parts.path}"
        body = json.loads(request.body) if request.body else None
        self.sent.append((str(request.method), parts.path, body, parse_qs(parts.query), dict(request.headers)))
        answer = self.routes.get(key)
        if answer is None:
            status, doc = 200, {"success": False,
                                "errors": [{"code": "610", "message": "Requested resource not found"}]}
        elif callable(answer):
            status, doc = answer(request)
        else:
            status, doc = answer.pop(0) if len(answer) > 1 else answer[0]
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(doc).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = str(request.url)
        response.request = request
        return response

    def close(self) -> None:
        return None

    def rest_calls(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p, *_ in self.sent if not p.startswith("/identity")]


def ok(*result: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return 200, {"requestId": "a1#b2", "success": True, "result": list(result)}


def fail(code: str, message: str = "boom") -> tuple[int, dict[str, Any]]:
    return 200, {"requestId": "a1#b2", "success": False, "errors": [{"code": code, "message": message}]}


CONNECTION = Connection("https://123-abc-456.mktorest.com", "https://123-abc-456.mktorest.com/identity",
                        "client-id-1", "client-secret-xyz")


def make_client(fake: FakeMarketo, sleeps: list[float] | None = None) -> MarketoClient:
    record = sleeps if sleeps is not None else []
    return MarketoClient(CONNECTION, transport=fake, sleep=record.append,
                         retry=RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.02, deadline=30),
                         limiter=RateLimiter())
