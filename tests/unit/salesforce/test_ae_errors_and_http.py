"""Error interpretation of the three Salesforce error shapes, and the retry/renewal behaviour."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from ae_fakes import FakeOrg, response, settings

from providers.core.errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    QuotaExceededError,
    RateLimitError,
)
from providers.core.retry import RetryPolicy
from providers.salesforce.connection import Connection
from providers.salesforce.errors import interpret_oauth, interpret_tooling, interpret_v5
from providers.salesforce.submission import ExternalActivity, SubmissionClient
from providers.salesforce.tooling import ToolingClient


def _resp(status: int, body: Any) -> requests.Response:
    request = requests.Request("GET", "https://org.example.test/x").prepare()
    return response(request, status, body)


def test_tooling_array_error_names_code_message_and_fields() -> None:
    body = [{"message": "Required fields are missing: [MasterLabel]", "errorCode": "REQUIRED_FIELD_MISSING",
             "fields": ["MasterLabel"]}]
    with pytest.raises(ApiError) as caught:
        interpret_tooling(_resp(400, body), "create extension X")
    error = caught.value
    assert error.code == "REQUIRED_FIELD_MISSING" and not error.retryable and not error.auth_expired
    assert "create extension X" in str(error) and "MasterLabel" in str(error)


def test_tooling_single_object_error_is_tolerated() -> None:
    with pytest.raises(NotFoundError):
        interpret_tooling(_resp(404, {"errorCode": "NOT_FOUND", "message": "gone"}), "read")


@pytest.mark.parametrize(("status", "code", "kind", "retryable", "auth_expired"), [
    (401, "INVALID_SESSION_ID", ApiError, False, True),
    (403, "REQUEST_LIMIT_EXCEEDED", QuotaExceededError, False, False),
    (400, "UNABLE_TO_LOCK_ROW", ApiError, True, False),
    (500, "UNABLE_TO_LOCK_ROW", ApiError, True, False),
    (503, "SERVER_UNAVAILABLE", ApiError, True, False),
    (500, "UNKNOWN_EXCEPTION", ApiError, True, False),
    (400, "DUPLICATE_VALUE", ConflictError, False, False),
    (404, "ENTITY_IS_DELETED", NotFoundError, False, False),
    (405, "METHOD_NOT_ALLOWED", ApiError, False, False),
])
def test_tooling_error_classification(status: int, code: str, kind: type, retryable: bool, auth_expired: bool) -> None:
    with pytest.raises(ApiError) as caught:
        interpret_tooling(_resp(status, [{"message": "m", "errorCode": code}]), "op")
    assert type(caught.value) is kind
    assert (caught.value.retryable, caught.value.auth_expired) == (retryable, auth_expired)
    assert caught.value.code == code


def test_request_limit_message_says_daily_allocation() -> None:
    with pytest.raises(QuotaExceededError, match="daily API request allocation"):
        interpret_tooling(_resp(403, [{"message": "TotalRequests Limit exceeded.",
                                       "errorCode": "REQUEST_LIMIT_EXCEEDED"}]), "op")


def test_tooling_success_bodies() -> None:
    assert interpret_tooling(_resp(204, None), "update") is None
    assert interpret_tooling(_resp(201, {"id": "1Ex000000000001AAA", "success": True}), "create")["success"]


def test_oauth_error_shape_is_an_authentication_error_with_hint() -> None:
    with pytest.raises(AuthenticationError) as caught:
        interpret_oauth(_resp(400, {"error": "invalid_grant",
                                    "error_description": "user hasn't approved this consumer"}), "jwt token")
    assert caught.value.code == "invalid_grant" and not caught.value.retryable
    assert "pre-authorize" in str(caught.value)
    with pytest.raises(ApiError) as server:
        interpret_oauth(_resp(503, None), "token")
    assert server.value.retryable


@pytest.mark.parametrize(("status", "code", "kind", "retryable", "auth_expired"), [
    (429, 66, RateLimitError, True, False),
    (500, 183, ApiError, True, False),
    (429, 122, QuotaExceededError, False, False),
    (401, 184, ApiError, False, True),
    (400, 154, ApiError, False, False),
    (400, 201, ApiError, False, False),
])
def test_v5_error_classification(status: int, code: int, kind: type, retryable: bool, auth_expired: bool) -> None:
    with pytest.raises(ApiError) as caught:
        interpret_v5(_resp(status, {"code": code, "message": "meaning"}), "submit")
    assert type(caught.value) is kind
    assert (caught.value.retryable, caught.value.auth_expired) == (retryable, auth_expired)
    assert caught.value.code == str(code)


def test_v5_201_explains_host_and_business_unit() -> None:
    with pytest.raises(ApiError, match=r"pi\.demo\.pardot\.com"):
        interpret_v5(_resp(400, {"code": 201, "message": "Invalid business unit"}), "submit")


def _connection(handler: Any) -> tuple[Connection, FakeOrg]:
    fake = FakeOrg(handler)
    conn = Connection(settings(), transport=fake)
    fast = RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0)
    for http in (conn.tooling_http, conn.oauth_http, conn.v5_http):
        http.retry = fast
        http._sleep = lambda _s: None
    return conn, fake


def test_token_renewed_once_on_invalid_session_then_shared() -> None:
    answers = iter([(401, [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]),
                    (200, {"done": True, "records": [{"Id": "0Uv000000000001AAA"}]}),
                    (200, {"done": True, "records": []})])
    conn, fake = _connection(lambda _r: next(answers))
    client = ToolingClient(conn)
    assert client.query("SELECT Id FROM PardotTenant", operation="q") == [{"Id": "0Uv000000000001AAA"}]
    assert client.query("SELECT Id FROM PardotTenant", operation="q") == []
    assert fake.tokens_issued == 2  # the first, then one renewal; the renewed token is reused
    sent = [h.get("Authorization") for m, p, h in fake.calls if p != "/services/oauth2/token"]
    assert sent == ["Bearer 00Dxx0000000001!token-1-abcdef", "Bearer 00Dxx0000000001!token-2-abcdef",
                    "Bearer 00Dxx0000000001!token-2-abcdef"]


def test_second_invalid_session_after_renewal_is_raised() -> None:
    conn, fake = _connection(lambda _r: (401, [{"message": "nope", "errorCode": "INVALID_SESSION_ID"}]))
    with pytest.raises(ApiError) as caught:
        ToolingClient(conn).query("SELECT Id FROM PardotTenant", operation="q")
    assert caught.value.code == "INVALID_SESSION_ID"
    assert fake.tokens_issued == 2


def test_lock_contention_is_retried_and_daily_limit_is_not() -> None:
    answers = iter([(400, [{"message": "unable to obtain exclusive access", "errorCode": "UNABLE_TO_LOCK_ROW"}]),
                    (204, None)])
    conn, fake = _connection(lambda _r: next(answers))
    ToolingClient(conn).update("MarketingAppExtension", "1Ex000000000001AAA", {"IsActive": False}, operation="u")
    assert len([c for c in fake.calls if c[0] == "PATCH"]) == 2

    conn, fake = _connection(lambda _r: (403, [{"message": "TotalRequests Limit exceeded.",
                                                "errorCode": "REQUEST_LIMIT_EXCEEDED"}]))
    with pytest.raises(QuotaExceededError):
        ToolingClient(conn).update("MarketingAppExtension", "1Ex000000000001AAA", {"IsActive": False}, operation="u")
    assert len([c for c in fake.calls if c[0] == "PATCH"]) == 1


def test_query_follows_next_records_url() -> None:
    pages = {"/services/data/v67.0/tooling/query/": {"done": False, "records": [{"Id": "a"}],
                                                      "nextRecordsUrl": "/services/data/v67.0/tooling/query/01g-1"},
             "/services/data/v67.0/tooling/query/01g-1": {"done": True, "records": [{"Id": "b"}]}}

    def handler(request: requests.PreparedRequest) -> tuple[int, Any]:
        from urllib.parse import urlsplit
        return 200, pages[urlsplit(request.url or "").path]

    conn, _fake = _connection(handler)
    assert [r["Id"] for r in ToolingClient(conn).query("SELECT Id FROM X", operation="q")] == ["a", "b"]


def test_submission_headers_body_and_retry_on_66() -> None:
    seen: list[requests.PreparedRequest] = []
    answers = iter([(429, {"code": 66, "message": "concurrent"}), (202, None)])

    def handler(request: requests.PreparedRequest) -> tuple[int, Any]:
        seen.append(request)
        return next(answers)

    conn, _fake = _connection(handler)
    body = SubmissionClient(conn).submit(
        ExternalActivity("Webinar_Service", "Registered", "codey@example.com", "w-1", "2024-05-01T09:00:00-07:00"),
        "0Uv000000000001AAA")
    assert body is None  # a 202 without a body is a success
    assert len(seen) == 2
    assert seen[-1].headers["Pardot-Business-Unit-Id"] == "0Uv000000000001AAA"
    assert seen[-1].url == "https://pi.example.test/api/v5/external-activities"
    assert b'"activityDate": "2024-05-01T09:00:00-07:00"' in (seen[-1].body or b"")


def test_threads_share_one_token_and_v5_stays_within_five_concurrent_requests() -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    lock = threading.Lock()
    in_flight = {"now": 0, "max": 0}

    def handler(request: requests.PreparedRequest) -> tuple[int, Any]:
        with lock:
            in_flight["now"] += 1
            in_flight["max"] = max(in_flight["max"], in_flight["now"])
        time.sleep(0.02)
        with lock:
            in_flight["now"] -= 1
        if "/api/v5/" in (request.url or ""):
            return 202, None
        return 200, {"done": True, "records": []}

    fake = FakeOrg(handler)
    conn = Connection(settings(ae_base_url="https://pi-threads.example.test"), transport=fake)
    client, submitter = ToolingClient(conn), SubmissionClient(conn)
    activity = ExternalActivity("Webinar_Service", "Registered", "codey@example.com", "w-1")
    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(lambda _i: client.query("SELECT Id FROM PardotTenant", operation="q"), range(12)))
    assert fake.tokens_issued == 1
    in_flight["max"] = 0
    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(lambda _i: submitter.submit(activity, "0Uv000000000001AAA"), range(24)))
    assert 1 < in_flight["max"] <= 5
