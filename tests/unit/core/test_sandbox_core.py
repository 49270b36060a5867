"""The sandbox's generic layer with a minimal vendor: log, faults, drops, errors, persistence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox.app import build_app
from sandbox.context import SandboxContext
from sandbox.controlclient import SandboxControl
from sandbox.server import SandboxServer
from sandbox.vendor import VendorSurface


class EchoSurface(VendorSurface):
    name = "echo"
    prefixes = ("/echo",)

    def routes(self) -> list[BaseRoute]:
        async def create(request: Request) -> Response:
            body = await request.json()
            doc = self.ctx.store.insert(self.kind("thing"), body["name"], body)
            return JSONResponse(doc, status_code=201)

        async def listing(request: Request) -> Response:
            return JSONResponse(self.ctx.store.all(self.kind("thing")))

        async def boom(request: Request) -> Response:
            raise RuntimeError("secret internals")

        return [
            Route("/echo/things", create, methods=["POST"]),
            Route("/echo/things", listing, methods=["GET"]),
            Route("/echo/boom", boom, methods=["GET"]),
        ]

    def error_response(self, status: int, code: str | None, message: str | None) -> Response:
        return JSONResponse({"echoError": code or str(status), "message": message}, status_code=status)

    def endpoints(self) -> dict[str, str]:
        return {"base_url": self.base_url}


Echo = tuple[SandboxControl, requests.Session, str]


def _start(data_dir: Path) -> tuple[SandboxServer, SandboxControl, str]:
    server = SandboxServer(data_dir=data_dir)
    server.app = build_app(server.ctx, [EchoSurface])
    endpoints = server.start()
    return server, SandboxControl(endpoints["control"], endpoints["ca_bundle"]), endpoints["base_url"]


@pytest.fixture
def echo(tmp_path: Path) -> Iterator[Echo]:
    server, control, base = _start(tmp_path)
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would override verify (requests#3829)
    session.verify = control.ca_bundle  # TLS is verified against the sandbox's own CA
    yield control, session, base
    server.stop()


def test_request_log_counts_per_vendor_and_endpoint(echo: Echo) -> None:
    control, session, base = echo
    session.post(f"{base}/echo/things", json={"name": "a"})
    session.get(f"{base}/echo/things")
    session.get(f"{base}/echo/things")
    summary = control.requests()
    assert summary["by_vendor"] == {"echo": 3}
    assert summary["by_endpoint"] == {"echo POST /echo/things": 1, "echo GET /echo/things": 2}
    assert [e["write"] for e in summary["entries"]] == [True, False, False]


def test_status_fault_renders_vendor_shape_and_is_consumed(echo: Echo) -> None:
    control, session, base = echo
    control.fault("echo", "status", status=503, code="BUSY", method="GET", count=2)
    assert session.get(f"{base}/echo/things").json() == {"echoError": "BUSY", "message": None}
    assert session.get(f"{base}/echo/things").status_code == 503
    assert session.get(f"{base}/echo/things").status_code == 200


def test_drop_after_commits_but_loses_the_answer(echo: Echo) -> None:
    control, session, base = echo
    control.fault("echo", "drop_after", method="POST")
    with pytest.raises(requests.exceptions.RequestException):
        session.post(f"{base}/echo/things", json={"name": "lost"}).json()
    assert [d["name"] for d in control.state("echo")["echo/thing"]] == ["lost"]


def test_drop_before_commits_nothing(echo: Echo) -> None:
    control, session, base = echo
    control.fault("echo", "drop", method="POST")
    with pytest.raises(requests.exceptions.RequestException):
        session.post(f"{base}/echo/things", json={"name": "never"}).json()
    assert control.state("echo") == {}


def test_unexpected_error_is_vendor_shaped_without_traceback(echo: Echo) -> None:
    _, session, base = echo
    response = session.get(f"{base}/echo/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert response.json()["echoError"] == "500"


def test_unknown_path_and_method_answer_in_vendor_shape(echo: Echo) -> None:
    _, session, base = echo
    assert session.get(f"{base}/echo/nothing").json()["echoError"] == "NOT_FOUND"
    response = session.delete(f"{base}/echo/things")
    assert response.status_code == 405 and response.json()["echoError"] == "METHOD_NOT_ALLOWED"


def test_state_survives_restart(tmp_path: Path) -> None:
    server, control, base = _start(tmp_path)
    session = requests.Session()
    session.trust_env = False
    session.verify = control.ca_bundle
    session.post(f"{base}/echo/things", json={"name": "kept"})
    server.stop()
    server, control, base = _start(tmp_path)
    try:
        assert [d["name"] for d in control.state("echo")["echo/thing"]] == ["kept"]
    finally:
        server.stop()


def test_refuses_non_loopback_host(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="loopback"):
        SandboxServer(data_dir=tmp_path, host="0.0.0.0")


def test_plain_ctx_setting_roundtrip(tmp_path: Path) -> None:
    from sandbox.store import Store

    ctx = SandboxContext(store=Store(tmp_path / "s.db"))
    ctx.set_setting("echo", "limit", 3)
    assert ctx.setting("echo", "limit", 10) == 3
    assert ctx.setting("echo", "other", 10) == 10
