"""The Eloqua REST 2.0 calls the providers make: asset types, assets, lookups by name.

Every call goes through the shared HttpCore (retries on 429/503, auth, TLS). A 401 from the pod
triggers one base URL re-discovery (Oracle: the instance may have moved pods).
"""

from __future__ import annotations

from typing import Any

from providers.core.errors import AuthenticationError, NotFoundError
from providers.eloqua.connection import Connection

REST = "/api/REST/2.0"
PAGE_SIZE = 1000


def _search_expression(name: str) -> str | None:
    """``name='...'``; None for names a search expression cannot hold (quotes, wildcards)."""
    if "'" in name or "*" in name:
        return None
    return f"name='{name}'"


class EloquaClient:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _call(self, method: str, path: str, operation: str, **kwargs: Any) -> Any:
        for attempt in (1, 2):
            url = f"{self.connection.base_url}{REST}{path}"
            try:
                return self.connection.http.request(method, url, operation=operation, auth=self.connection.auth,
                                                    **kwargs).body
            except AuthenticationError as error:
                if attempt == 2 or error.status != 401 or error.code is not None:  # only a pod's own 401
                    raise
                self.connection.forget_base_url()
        return None  # pragma: no cover - the loop returns or raises

    # -- asset types ----------------------------------------------------------------------------
    def find_asset_type(self, name: str) -> dict[str, Any] | None:
        """The asset type with this exact name (names are unique, compared case-insensitively)."""
        for item in self._search("/assets/external/types", name, f"look up external asset type {name!r}"):
            if item.get("name", "").casefold() == name.casefold():
                return item
        return None

    def get_asset_type(self, id_: str) -> dict[str, Any] | None:
        try:
            body: dict[str, Any] = self._call("GET", f"/assets/external/type/{id_}",
                                              f"read external asset type {id_}", params={"depth": "complete"})
        except NotFoundError:
            return None
        return body

    def create_asset_type(self, body: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = self._call("POST", "/assets/external/type",
                                            f"create external asset type {body.get('name')!r}", json=body)
        return result

    def update_asset_type(self, id_: str, body: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = self._call("PUT", f"/assets/external/type/{id_}",
                                            f"update external asset type {id_}", json=body)
        return result

    def delete_asset_type(self, id_: str) -> bool:
        """False when it was already gone."""
        try:
            self._call("DELETE", f"/assets/external/type/{id_}", f"delete external asset type {id_}")
        except NotFoundError:
            return False
        return True

    # -- assets ---------------------------------------------------------------------------------
    def find_asset(self, name: str) -> dict[str, Any] | None:
        for item in self._search("/assets/externals", name, f"look up external asset {name!r}"):
            if item.get("name", "").casefold() == name.casefold():
                return item
        return None

    def get_asset(self, id_: str) -> dict[str, Any] | None:
        try:
            body: dict[str, Any] = self._call("GET", f"/assets/external/{id_}", f"read external asset {id_}",
                                              params={"depth": "complete"})
        except NotFoundError:
            return None
        return body

    def create_asset(self, body: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = self._call("POST", "/assets/external",
                                            f"create external asset {body.get('name')!r}", json=body)
        return result

    def update_asset(self, id_: str, body: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = self._call("PUT", f"/assets/external/{id_}", f"update external asset {id_}",
                                            json=body)
        return result

    def delete_asset(self, id_: str) -> bool:
        try:
            self._call("DELETE", f"/assets/external/{id_}", f"delete external asset {id_}")
        except NotFoundError:
            return False
        return True

    # -- helpers --------------------------------------------------------------------------------
    def _search(self, path: str, name: str, operation: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            params: dict[str, Any] = {"depth": "complete", "count": PAGE_SIZE, "page": page}
            expression = _search_expression(name)
            if expression is not None:
                params["search"] = expression
            body = self._call("GET", path, operation, params=params)
            elements = body.get("elements", []) if isinstance(body, dict) else []
            items.extend(elements)
            if not elements or len(items) >= int(body.get("total", 0)):
                return items
            page += 1
