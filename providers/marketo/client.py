"""The Marketo REST calls this project makes, one method per documented endpoint.

Paths are ``marketo.md`` section 3.1 verbatim. Every call goes through :class:`HttpCore` with the
process-wide limiter of the instance (90 calls per 20 s, 9 in flight: headroom under Marketo's
100/20 s and 10 concurrent) and the process-wide token of the client id.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from requests.adapters import BaseAdapter

from providers.core.auth import BearerAuth, Token, TokenCache
from providers.core.errors import NotFoundError
from providers.core.http import HttpCore
from providers.core.ratelimit import RateLimiter, shared_limiter
from providers.core.redact import install_log_redaction
from providers.core.retry import RetryPolicy
from providers.marketo.connection import Connection
from providers.marketo.envelope import VENDOR, interpret_identity, interpret_rest

CALLS_PER_WINDOW = 90
WINDOW_SECONDS = 20.0
MAX_IN_FLIGHT = 9
MAX_ACTIVITIES_PER_CALL = 300
# 606 clears only when the 20 s window moves on: back off long enough to outlast it.
MARKETO_RETRY = RetryPolicy(max_attempts=7, base_delay=1.0, max_delay=20.0, deadline=120.0)

TYPES_PATH = "/rest/v1/activities/external/types.json"
CREATE_TYPE_PATH = "/rest/v1/activities/external/type.json"
ADD_ACTIVITIES_PATH = "/rest/v1/activities/external.json"


# The documented token call carries the client secret in its query string (marketo.md 1.2), and
# urllib3 logs request lines at DEBUG: mask registered secrets in its records too.
install_log_redaction(logging.getLogger("urllib3.connectionpool"))


def default_limiter() -> RateLimiter:
    return RateLimiter(calls=CALLS_PER_WINDOW, period=WINDOW_SECONDS, concurrency=MAX_IN_FLIGHT)


def _type_path(api_name: str, suffix: str = "") -> str:
    return f"/rest/v1/activities/external/type/{quote(api_name, safe='')}{suffix}.json"


class MarketoClient:
    """``transport``/``sleep``/``limiter`` are test seams; production uses the shared defaults."""

    def __init__(
        self,
        connection: Connection,
        *,
        transport: BaseAdapter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        retry: RetryPolicy | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.connection = connection
        policy = retry or MARKETO_RETRY
        self.http = HttpCore(
            VENDOR, interpret=interpret_rest, ca_bundle=connection.ca_bundle, retry=policy,
            limiter=limiter or shared_limiter(VENDOR, connection.base_url, default_limiter),
            transport=transport, sleep=sleep,
        )
        # Identity calls do not count against the call limit (marketo.md 1.2): no limiter.
        self.identity_http = HttpCore(
            VENDOR, interpret=interpret_identity, ca_bundle=connection.ca_bundle, retry=policy,
            transport=transport, sleep=sleep,
        )
        self.tokens = TokenCache(self._fetch_token, key=f"marketo:{connection.base_url}:{connection.client_id}")
        self.auth = BearerAuth(self.tokens)

    # -- auth ------------------------------------------------------------------------------------
    def _fetch_token(self) -> Token:
        result = self.identity_http.request(
            "GET", f"{self.connection.identity_url}/oauth/token", operation="token request",
            params={"grant_type": "client_credentials", "client_id": self.connection.client_id,
                    "client_secret": self.connection.client_secret},
        )
        body = result.body
        expires_in = float(body.get("expires_in") or 0)
        return Token(str(body["access_token"]), time.monotonic() + expires_in if expires_in > 0 else None)

    # -- plumbing --------------------------------------------------------------------------------
    def _call(self, method: str, path: str, operation: str, *, json: Any = None,
              params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        result = self.http.request(method, f"{self.connection.base_url}{path}", operation=operation,
                                   json=json, params=params, auth=self.auth)
        body: dict[str, Any] = result.body
        return body

    def _type_call(self, path: str, operation: str, json: Any = None) -> dict[str, Any]:
        """A type-management POST: the answer is ``result: [CustomActivityType]``."""
        body = self._call("POST", path, operation, json=json if json is not None else {})
        return _first(body)

    # -- custom activity types -------------------------------------------------------------------
    def list_types(self) -> list[dict[str, Any]]:
        body = self._call("GET", TYPES_PATH, "list custom activity types")
        return [t for t in body.get("result") or [] if isinstance(t, dict)]

    def describe(self, api_name: str, *, draft: bool = False) -> dict[str, Any] | None:
        """The approved version (or the draft with ``draft``); None when there is none."""
        version = "draft" if draft else "approved version"
        try:
            body = self._call("GET", _type_path(api_name, "/describe"), f"describe {api_name} ({version})",
                              params={"draft": "true"} if draft else None)
        except NotFoundError:
            return None
        found = _first(body)
        return found or None

    def create_type(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        return self._type_call(CREATE_TYPE_PATH, f"create type {fields.get('apiName')}", dict(fields))

    def update_type(self, api_name: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        return self._type_call(_type_path(api_name), f"update type {api_name}", dict(fields))

    def approve(self, api_name: str) -> dict[str, Any]:
        return self._type_call(_type_path(api_name, "/approve"), f"approve {api_name}")

    def discard_draft(self, api_name: str) -> dict[str, Any]:
        return self._type_call(_type_path(api_name, "/discardDraft"), f"discard draft of {api_name}")

    def delete_type(self, api_name: str) -> dict[str, Any]:
        return self._type_call(_type_path(api_name, "/delete"), f"delete type {api_name}")

    def create_attributes(self, api_name: str, attributes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        return self._type_call(_type_path(api_name, "/attributes/create"),
                               f"create attributes {_names(attributes)} of {api_name}",
                               {"attributes": [dict(a) for a in attributes]})

    def update_attributes(self, api_name: str, attributes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        return self._type_call(_type_path(api_name, "/attributes/update"),
                               f"update attributes {_names(attributes)} of {api_name}",
                               {"attributes": [dict(a) for a in attributes]})

    def delete_attributes(self, api_name: str, attribute_names: Iterable[str]) -> dict[str, Any]:
        names = list(attribute_names)
        return self._type_call(_type_path(api_name, "/attributes/delete"),
                               f"delete attributes {', '.join(names)} of {api_name}",
                               {"attributes": [{"apiName": n} for n in names]})

    # -- activities ------------------------------------------------------------------------------
    def add_activities(self, records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """One Add Custom Activities call (at most 300 records); results in input order."""
        if not 1 <= len(records) <= MAX_ACTIVITIES_PER_CALL:
            raise ValueError(f"add_activities takes 1-{MAX_ACTIVITIES_PER_CALL} records; got {len(records)}")
        body = self._call("POST", ADD_ACTIVITIES_PATH, f"add {len(records)} custom activities",
                          json={"input": [dict(r) for r in records]})
        return [r if isinstance(r, dict) else {} for r in body.get("result") or []]


def _first(body: Mapping[str, Any]) -> dict[str, Any]:
    result = body.get("result")
    if isinstance(result, list) and result and isinstance(result[0], dict):
        return dict(result[0])
    return {}


def _names(attributes: Sequence[Mapping[str, Any]]) -> str:
    return ", ".join(str(a.get("apiName")) for a in attributes)
