"""A small client of the sandbox's control surface, for tests, the demo and the benchmark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests
from requests import Response as HttpResponse


class SandboxControl:
    def __init__(self, control_url: str, ca_bundle: str | None, timeout: float = 30.0) -> None:
        self.control_url = control_url.rstrip("/")
        self.ca_bundle = ca_bundle
        self.session = requests.Session()
        self.session.verify = ca_bundle if ca_bundle else True
        # REQUESTS_CA_BUNDLE in the environment would override session.verify (requests#3829);
        # the sandbox is on loopback, so no proxy or CA setting from the environment applies.
        self.session.trust_env = False
        self.timeout = timeout

    @classmethod
    def from_endpoints_file(cls, path: Path) -> SandboxControl:
        import json

        doc = json.loads(Path(path).read_text())
        return cls(doc["control"], doc.get("ca_bundle"))

    def _call(self, method: str, path: str, **kwargs: Any) -> HttpResponse:
        response = self.session.request(method, f"{self.control_url}{path}", timeout=self.timeout, **kwargs)
        if response.status_code >= 400:
            raise RuntimeError(f"sandbox control {method} {path}: {response.status_code} {response.text[:500]}")
        return response

    def endpoints(self) -> dict[str, Any]:
        doc: dict[str, Any] = self._call("GET", "/endpoints").json()
        return doc

    def reset(self, vendor: str | None = None) -> None:
        self._call("POST", "/reset", params={"vendor": vendor} if vendor else None)
        self.clear_requests()

    def state(self, vendor: str | None = None) -> dict[str, list[dict[str, Any]]]:
        doc: dict[str, list[dict[str, Any]]] = self._call(
            "GET", "/state", params={"vendor": vendor} if vendor else None
        ).json()
        return doc

    def requests(self, since: int = 0) -> dict[str, Any]:
        doc: dict[str, Any] = self._call("GET", "/requests", params={"since": since}).json()
        return doc

    def mark(self) -> int:
        """The sequence number of the last logged request: count calls made after it."""
        return int(self.requests(since=1 << 62)["last_seq"])

    def calls(self, since: int = 0, vendor: str | None = None, writes_only: bool = False) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = self.requests(since)["entries"]
        return [
            e for e in entries
            if (vendor is None or e["vendor"] == vendor) and (not writes_only or e["write"])
        ]

    def clear_requests(self) -> None:
        self._call("DELETE", "/requests")

    def fault(self, vendor: str, action: str, **fields: Any) -> int:
        return int(self._call("POST", "/faults", json={"vendor": vendor, "action": action, **fields}).json()["id"])

    def faults(self) -> list[dict[str, Any]]:
        doc: list[dict[str, Any]] = self._call("GET", "/faults").json()
        return doc

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    def latency(self, **per_vendor_ms: int) -> dict[str, int]:
        doc: dict[str, int] = self._call("PUT", "/latency", json=per_vendor_ms).json()
        return doc

    def expire_tokens(self, vendor: str | None = None) -> None:
        self._call("POST", "/tokens/expire", params={"vendor": vendor} if vendor else None)

    def advance_clock(self, seconds: float) -> None:
        self._call("POST", "/clock/advance", json={"seconds": seconds})

    def settings(self, vendor: str, **values: Any) -> dict[str, Any]:
        method = "PUT" if values else "GET"
        doc: dict[str, Any] = self._call(method, f"/settings/{vendor}", json=values or None).json()
        return doc

    def admin(self, vendor: str, method: str, path: str, json: Any = None) -> HttpResponse:
        """An admin action as in the vendor's UI; returns the response whatever its status."""
        return self.session.request(
            method, f"{self.control_url}/{vendor}/{path.lstrip('/')}", json=json, timeout=self.timeout
        )
