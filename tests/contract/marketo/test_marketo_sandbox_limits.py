"""Limits (606, 615, 607), injected faults, and bad input answered in Marketo's own shapes."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
from marketo_fixtures import ATTEND_CONFERENCE, Marketo
from marketo_openapi import validate

from sandbox.controlclient import SandboxControl

TYPES = "/rest/v1/activities/external/types.json"
DROPPED = (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)
CREATE = "/rest/v1/activities/external/type.json"


def test_606_sliding_window_and_uncounted_calls(mkto: Marketo, control: SandboxControl) -> None:
    control.settings("marketo", rate_limit_calls=5, rate_limit_window_seconds=20)
    mkto.token()
    for _ in range(10):  # identity calls and 601 answers do not count (reference 1.2, 5.1)
        mkto.token_response()
        assert mkto.error("GET", TYPES, headers={"Authorization": "Bearer bad"})["code"] == "601"
    for _ in range(5):
        mkto.ok("GET", TYPES)
    error = mkto.error("GET", TYPES)
    assert error == {"code": "606", "message": "Max rate limit '5' exceeded with in '20' secs"}
    control.advance_clock(10)
    assert mkto.error("GET", TYPES)["code"] == "606"  # refused calls are not counted either
    control.advance_clock(11)
    mkto.ok("GET", TYPES)


def test_606_default_is_100_calls_per_20_seconds(mkto: Marketo, control: SandboxControl) -> None:
    assert control.settings("marketo").get("rate_limit_calls", 100) == 100
    for _ in range(100):
        mkto.ok("GET", TYPES)
    assert mkto.error("GET", TYPES)["code"] == "606"


def test_615_concurrent_calls(mkto: Marketo, control: SandboxControl) -> None:
    token = mkto.token()
    control.latency(marketo=1500)
    barrier = threading.Barrier(12)
    codes: list[str] = []
    lock = threading.Lock()

    def one() -> None:
        session = requests.Session()
        session.verify = mkto.session.verify
        session.trust_env = False
        barrier.wait()
        body = session.get(f"{mkto.base_url}{TYPES}", headers={"Authorization": f"Bearer {token}"},
                           timeout=30).json()
        validate("get", TYPES, body)
        with lock:
            codes.append("ok" if body["success"] else body["errors"][0]["code"])

    threads = [threading.Thread(target=one) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(codes) == 12
    assert codes.count("ok") <= 10
    assert codes.count("615") >= 2
    assert set(codes) <= {"ok", "615"}
    control.latency(marketo=0)
    mkto.ok("GET", TYPES)  # in-flight slots were released


def test_607_daily_quota_resets_at_central_midnight(mkto: Marketo, control: SandboxControl, sandbox: Any) -> None:
    control.settings("marketo", daily_quota=3, token_ttl_seconds=3 * 86400)
    for _ in range(3):
        mkto.ok("GET", TYPES)
    assert mkto.error("GET", TYPES)["code"] == "607"
    assert mkto.error("POST", CREATE, json=ATTEND_CONFERENCE)["code"] == "607"
    central = ZoneInfo("America/Chicago")
    now = datetime.fromtimestamp(sandbox.ctx.clock.now(), central)
    midnight = datetime(now.year, now.month, now.day, tzinfo=central) + timedelta(days=1)
    control.advance_clock((midnight - now).total_seconds() - 5)
    assert mkto.error("GET", TYPES)["code"] == "607"  # still the same Central day
    control.advance_clock(10)
    mkto.ok("GET", TYPES)


@pytest.mark.parametrize("code", ["604", "608", "713", "606", "615", "607", "601", "602", "611"])
def test_injected_codes_render_as_envelopes(mkto: Marketo, control: SandboxControl, code: str) -> None:
    mkto.token()
    control.fault("marketo", "status", status=503, code=code, path="types\\.json$")
    error = mkto.error("GET", TYPES)  # HTTP 200 and valid against the spec
    assert error["code"] == code
    assert error["message"]
    assert mkto.ok("GET", TYPES) == []  # the fault applied once


def test_injected_fault_on_a_write_path(mkto: Marketo, control: SandboxControl) -> None:
    mkto.token()
    control.fault("marketo", "status", status=200, code="611", method="POST", path="type\\.json$")
    assert mkto.error("POST", CREATE, json=ATTEND_CONFERENCE)["code"] == "611"
    assert mkto.ok("GET", TYPES) == []  # nothing was written
    mkto.ok("POST", CREATE, json=ATTEND_CONFERENCE)


def test_http_level_faults_and_drops(mkto: Marketo, control: SandboxControl) -> None:
    mkto.token()
    control.fault("marketo", "status", status=502, path="types")
    response = mkto.raw("GET", TYPES)
    assert response.status_code == 502
    assert response.json()["errors"][0]["code"] == "502"
    control.fault("marketo", "drop", path="types")
    with pytest.raises(DROPPED):
        mkto.raw("GET", TYPES)
    control.fault("marketo", "drop_after", method="POST", path="type\\.json$")
    with pytest.raises(DROPPED):
        mkto.raw("POST", CREATE, json=ATTEND_CONFERENCE)
    assert [t["apiName"] for t in mkto.ok("GET", TYPES)] == ["attendConference"]  # the write happened


def test_unknown_path_and_method(mkto: Marketo, control: SandboxControl) -> None:
    control.settings("marketo", rate_limit_calls=3)
    error = mkto.error("GET", "/rest/v1/nothing/here.json")
    assert error == {"code": "610", "message": "Requested resource not found"}
    for _ in range(4):  # 605 is not counted against the rate limit
        assert mkto.error("GET", CREATE)["code"] == "605"
    assert mkto.error("DELETE", "/rest/v1/activities/external/type/x/delete.json")["code"] == "605"
    response = mkto.session.put(f"{mkto.base_url}/identity/oauth/token", timeout=30)
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"


def test_bad_bodies(mkto: Marketo, control: SandboxControl) -> None:
    headers = {"Content-Type": "text/plain"}
    assert mkto.error("POST", CREATE, data=b"{}", headers=headers)["code"] == "612"
    assert mkto.error("POST", CREATE, data=b"{}")["code"] == "612"  # no content type at all
    json_headers = {"Content-Type": "application/json"}
    assert mkto.error("POST", CREATE, data=b"{not json", headers=json_headers)["code"] == "609"
    assert mkto.error("POST", CREATE, data=b"[1, 2]", headers=json_headers)["code"] == "609"
    assert mkto.error("POST", CREATE, data=b"", headers=json_headers)["code"] == "609"
    # body-less calls need no content type
    mkto.ok("POST", CREATE, json=ATTEND_CONFERENCE)
    mkto.ok("POST", "/rest/v1/activities/external/type/attendConference/approve.json")
    control.settings("marketo", max_body_bytes=100)
    response = mkto.raw("POST", CREATE, json={**ATTEND_CONFERENCE, "description": "x" * 200})
    assert response.status_code == 413
    response = mkto.raw("GET", TYPES + "?x=" + "a" * 9000)
    assert response.status_code == 414


def test_request_log_counts_calls(mkto: Marketo, control: SandboxControl) -> None:
    mkto.token()
    mark = control.mark()
    mkto.create_attend_conference(approve=True)
    calls = control.calls(since=mark, vendor="marketo")
    assert [c["endpoint"] for c in calls] == [
        "POST /rest/v1/activities/external/type.json",
        "POST /rest/v1/activities/external/type/{apiName}/attributes/create.json",
        "POST /rest/v1/activities/external/type/{apiName}/approve.json",
    ]
    assert all(c["write"] for c in calls)
