"""A tiny Marketo client for the contract tests (the ``mkto`` fixture is in this folder's conftest).

Every response of a spec'd path is validated against Adobe's OpenAPI file as it arrives.
"""

from __future__ import annotations

import re
from typing import Any

import requests
from marketo_openapi import has_operation, validate, validate_error_envelope

# Concrete path -> the spec's template path, most specific first.
_TEMPLATES = [
    (re.compile(r"^/rest/v1/activities/external/type/[^/]+/attributes/(create|update|delete)\.json$"),
     "/rest/v1/activities/external/type/{apiName}/attributes/%s.json"),
    (re.compile(r"^/rest/v1/activities/external/type/[^/]+/(describe|approve|discardDraft|delete)\.json$"),
     "/rest/v1/activities/external/type/{apiName}/%s.json"),
    (re.compile(r"^/rest/v1/activities/external/type/[^/]+\.json$"),
     "/rest/v1/activities/external/type/{apiName}.json"),
]
_EXACT = {
    "/rest/v1/activities/external/type.json", "/rest/v1/activities/external/types.json",
    "/rest/v1/activities/types.json", "/rest/v1/activities/external.json", "/identity/oauth/token",
    "/rest/v1/activities/pagingtoken.json", "/rest/v1/activities.json",
}

ATTEND_CONFERENCE: dict[str, Any] = {
    "apiName": "attendConference",
    "name": "Attend Conference",
    "description": "Attend the conference",
    "triggerName": "Attends Conference",
    "filterName": "Attended Conference",
    "primaryAttribute": {
        "apiName": "conferenceName",
        "name": "Conference Name",
        "description": "Name of the conference",
    },
}
CONFERENCE_ATTRIBUTES: dict[str, Any] = {"attributes": [
    {"apiName": "conferenceDate", "name": "Conference Date", "description": "Date of the conference",
     "dataType": "datetime"},
    {"apiName": "numberOfAttendees", "name": "Number of Attendees",
     "description": "Number of people attending conference", "dataType": "integer"},
]}


def template_of(path: str) -> str | None:
    if path in _EXACT:
        return path
    for pattern, template in _TEMPLATES:
        match = pattern.match(path)
        if match:
            return template % match.group(1) if "%s" in template else template
    return None


class Marketo:
    def __init__(self, endpoints: dict[str, Any], ca_bundle: str) -> None:
        self.endpoints = endpoints
        self.base_url = endpoints["base_url"]
        self.session = requests.Session()
        self.session.verify = ca_bundle
        self.session.trust_env = False
        self._token: str | None = None

    def token_response(self, method: str = "GET", **params: str) -> requests.Response:
        query = {"grant_type": "client_credentials", "client_id": self.endpoints["client_id"],
                 "client_secret": self.endpoints["client_secret"], **params}
        response = self.session.request(method, f"{self.base_url}/identity/oauth/token", params=query, timeout=30)
        if response.status_code == 200:
            validate(method, "/identity/oauth/token", response.json())
        return response

    def token(self) -> str:
        if self._token is None:
            response = self.token_response()
            assert response.status_code == 200, response.text
            self._token = str(response.json()["access_token"])
        return self._token

    def raw(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if auth:
            headers.setdefault("Authorization", f"Bearer {self.token()}")
        return self.session.request(method, f"{self.base_url}{path}", headers=headers, timeout=30, **kwargs)

    def call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """A REST call whose body must be an HTTP 200 envelope valid against the spec."""
        response = self.raw(method, path, **kwargs)
        assert response.status_code == 200, (response.status_code, response.text)
        body: dict[str, Any] = response.json()
        template = template_of(path.split("?")[0])
        if template is not None and has_operation(method, template):
            validate(method, template, body)
        else:
            validate_error_envelope(body)
        return body

    def ok(self, method: str, path: str, **kwargs: Any) -> list[dict[str, Any]]:
        body = self.call(method, path, **kwargs)
        assert body["success"] is True, body
        result: list[dict[str, Any]] = body["result"]
        return result

    def error(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """The single response-level error of a failed call."""
        body = self.call(method, path, **kwargs)
        assert body["success"] is False, body
        assert len(body["errors"]) == 1, body
        error: dict[str, Any] = body["errors"][0]
        assert isinstance(error["code"], str)
        return error

    def create_attend_conference(self, *, approve: bool = True) -> dict[str, Any]:
        self.ok("POST", "/rest/v1/activities/external/type.json", json=ATTEND_CONFERENCE)
        result = self.ok("POST", "/rest/v1/activities/external/type/attendConference/attributes/create.json",
                         json=CONFERENCE_ATTRIBUTES)[0]
        if approve:
            result = self.ok("POST", "/rest/v1/activities/external/type/attendConference/approve.json")[0]
        return result
