"""Tooling REST API client: sObject create/get/update/delete, SOQL query with pagination, describe.

Paths and verbs are those of reference §3: ``/services/data/vNN.N/tooling/sobjects/{Type}/`` for
create, ``.../{Type}/{id}`` for get/PATCH/DELETE, ``/tooling/query/?q=`` for SOQL, following
``nextRecordsUrl`` (root-relative) until ``done``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from providers.core.errors import ApiError, NotFoundError, ValidationError
from providers.core.http import HttpCore
from providers.salesforce.connection import Connection

EXTENSION = "MarketingAppExtension"
ACTIVITY_TYPE = "MarketingAppExtActivity"
ASSIGNMENT = "MarketingAppExtAssignment"
TENANT = "PardotTenant"

_ID = re.compile(r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?")


def check_id(value: str, field: str) -> str:
    """A Salesforce id (15 or 18 letters and digits), before it goes into a URL or a query."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise ValidationError(field, f"must be a Salesforce id (15 or 18 letters and digits), got {value!r}")
    return value


def soql_literal(value: str) -> str:
    """A quoted SOQL string literal (backslash and quote escaped)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def soql(fields: str, sobject: str, **where: str) -> str:
    """``SELECT fields FROM sobject [WHERE a = 'x' AND ...]``; every value goes through soql_literal."""
    text = f"SELECT {fields} FROM {sobject}"  # noqa: S608 - SOQL, names are constants, values quoted below
    if where:
        text += " WHERE " + " AND ".join(f"{name} = {soql_literal(value)}" for name, value in where.items())
    return text


class ToolingClient:
    def __init__(self, connection: Connection) -> None:
        self.conn = connection

    @property
    def _http(self) -> HttpCore:
        return self.conn.tooling_http

    def _url(self, path: str) -> str:
        return f"{self.conn.tooling_base}{path}"

    def query(self, soql: str, *, operation: str) -> list[dict[str, Any]]:
        """All records of a SOQL query, following ``nextRecordsUrl`` pages."""
        result = self._http.request("GET", self._url("/query/"), params={"q": soql}, operation=operation,
                                    auth=self.conn.auth, headers={"Accept": "application/json"})
        records: list[dict[str, Any]] = []
        body: Mapping[str, Any] = result.body or {}
        pages = 0
        while True:
            records.extend(body.get("records") or [])
            next_url = body.get("nextRecordsUrl")
            if body.get("done", True) or not next_url:
                return records
            pages += 1
            if pages > 1000:
                raise ApiError("salesforce", "query pagination did not end", operation=operation)
            page = self._http.request("GET", f"{self.conn.instance_url}{next_url}", operation=operation,
                                      auth=self.conn.auth, headers={"Accept": "application/json"})
            body = page.body or {}

    def get(self, sobject: str, id_: str, *, operation: str) -> dict[str, Any] | None:
        """The record, or None when it does not exist (404)."""
        check_id(id_, "id")
        try:
            result = self._http.request("GET", self._url(f"/sobjects/{sobject}/{id_}"), operation=operation,
                                        auth=self.conn.auth, headers={"Accept": "application/json"})
        except NotFoundError:
            return None
        body: dict[str, Any] = result.body or {}
        return body

    def create(self, sobject: str, fields: Mapping[str, Any], *, operation: str) -> str:
        result = self._http.request("POST", self._url(f"/sobjects/{sobject}/"), json=dict(fields),
                                    operation=operation, auth=self.conn.auth,
                                    headers={"Accept": "application/json"})
        body = result.body or {}
        if not isinstance(body, dict) or not body.get("id") or body.get("success") is False:
            raise ApiError("salesforce", f"create answered without an id: {body!r:.200}", status=result.status,
                           operation=operation)
        return str(body["id"])

    def update(self, sobject: str, id_: str, fields: Mapping[str, Any], *, operation: str) -> None:
        check_id(id_, "id")
        # PATCH only sets fields: a lost answer is safe to resend.
        self._http.request("PATCH", self._url(f"/sobjects/{sobject}/{id_}"), json=dict(fields),
                           operation=operation, auth=self.conn.auth, idempotent=True,
                           headers={"Accept": "application/json"})

    def delete(self, sobject: str, id_: str, *, operation: str) -> None:
        check_id(id_, "id")
        self._http.request("DELETE", self._url(f"/sobjects/{sobject}/{id_}"), operation=operation,
                           auth=self.conn.auth, headers={"Accept": "application/json"})

    def describe(self, sobject: str, *, operation: str) -> dict[str, Any] | None:
        """The object's describe, or None when the org (or sandbox) does not serve it."""
        try:
            result = self._http.request("GET", self._url(f"/sobjects/{sobject}/describe"), operation=operation,
                                        auth=self.conn.auth, headers={"Accept": "application/json"})
        except ApiError as error:
            if error.status in (400, 404, 405, 501):
                return None
            raise
        body = result.body
        return body if isinstance(body, dict) else None
