"""Error interpretation: HTTP 200 envelopes with string codes, retries, token renewal, quota."""

from __future__ import annotations

import pytest
from marketo_fakes import FakeMarketo, fail, make_client, ok

from providers.core.errors import (
    ApiError,
    AuthenticationError,
    NotFoundError,
    QuotaExceededError,
    RateLimitError,
)
from providers.marketo.envelope import error_for

TYPES = "GET /rest/v1/activities/external/types.json"


@pytest.mark.parametrize("code", ["606", "615", "604", "608", "713"])
def test_throttling_and_transient_codes_are_retried_with_backoff(code: str) -> None:
    fake = FakeMarketo()
    fake.on(TYPES, [fail(code), fail(code), ok({"apiName": "a"})])
    sleeps: list[float] = []
    assert make_client(fake, sleeps).list_types() == [{"apiName": "a"}]
    assert len(fake.rest_calls()) == 3
    assert len(sleeps) == 2 and all(s > 0 for s in sleeps)


def test_daily_quota_stops_at_once_with_a_clear_message() -> None:
    fake = FakeMarketo()
    fake.on(TYPES, [fail("607", "Daily quota reached"), ok()])
    with pytest.raises(QuotaExceededError) as caught:
        make_client(fake).list_types()
    assert len(fake.rest_calls()) == 1
    assert "607" in str(caught.value) and "resets at 00:00 US Central" in str(caught.value)
    assert caught.value.retryable is False


@pytest.mark.parametrize("code", ["601", "602"])
def test_rejected_token_is_renewed_once_then_the_call_retried(code: str) -> None:
    fake = FakeMarketo()
    fake.on(TYPES, [fail(code, "Access token invalid"), ok({"apiName": "a"})])
    client = make_client(fake)
    assert client.list_types() == [{"apiName": "a"}]
    assert fake.token_calls == 2
    auth_headers = [h.get("Authorization") for m, p, b, q, h in fake.sent if p.endswith("types.json")]
    assert auth_headers == [f"Bearer {fake.token}"] * 2  # header, never the access_token parameter
    assert all("access_token" not in q for m, p, b, q, h in fake.sent)


def test_token_is_reused_while_it_lives() -> None:
    fake = FakeMarketo()
    fake.on(TYPES, [ok()])
    client = make_client(fake)
    for _ in range(5):
        client.list_types()
    assert fake.token_calls == 1
    token_query = next(q for m, p, b, q, h in fake.sent if p == "/identity/oauth/token")
    assert token_query["grant_type"] == ["client_credentials"]
    assert token_query["client_id"] == ["client-id-1"]


def test_a_token_that_stays_rejected_fails_after_one_renewal() -> None:
    fake = FakeMarketo()
    fake.on(TYPES, [fail("601")])
    with pytest.raises(ApiError) as caught:
        make_client(fake).list_types()
    assert caught.value.code == "601"
    assert fake.token_calls == 2


def test_refused_client_credentials_are_an_authentication_error_without_the_secret() -> None:
    fake = FakeMarketo()
    refusal = {"error": "invalid_client", "error_description": "Bad client credentials"}
    fake.on("GET /identity/oauth/token", [(401, refusal)])
    with pytest.raises(AuthenticationError) as caught:
        make_client(fake).list_types()
    text = str(caught.value)
    assert "Bad client credentials" in text and "marketo:clientSecret" in text
    assert "client-secret-xyz" not in text
    assert fake.rest_calls() == []


def test_system_error_611_is_not_retried() -> None:
    fake = FakeMarketo()
    fake.on(TYPES, [fail("611", "System error"), ok()])
    with pytest.raises(ApiError) as caught:
        make_client(fake).list_types()
    assert caught.value.code == "611" and len(fake.rest_calls()) == 1


def test_http_5xx_is_retried_and_413_is_not() -> None:
    fake = FakeMarketo()
    fake.on(TYPES, [(502, {}), ok()])
    make_client(fake).list_types()
    assert len(fake.rest_calls()) == 2
    fake2 = FakeMarketo()
    fake2.on(TYPES, [(413, {}), ok()])
    with pytest.raises(ApiError, match="larger than 1 MB"):
        make_client(fake2).list_types()
    assert len(fake2.rest_calls()) == 1


def test_describe_of_an_unknown_type_is_none() -> None:
    fake = FakeMarketo()
    fake.on("GET /rest/v1/activities/external/type/nope/describe.json", [fail("1013", "Object not found")])
    assert make_client(fake).describe("nope") is None


def test_codes_map_to_the_error_classes() -> None:
    assert isinstance(error_for("606", "x", status=200, operation="op"), RateLimitError)
    assert isinstance(error_for("702", "x", status=200, operation="op"), NotFoundError)
    assert error_for("601", "x", status=200, operation="op").auth_expired
    assert not error_for("709", "x", status=200, operation="op").retryable
    assert "during op: 709: x" in str(error_for("709", "x", status=200, operation="op"))


def test_paths_are_the_documented_ones_without_double_slashes() -> None:
    fake = FakeMarketo()
    client = make_client(fake)
    t = "/rest/v1/activities/external/type/attendConference"
    for path in (f"{t}.json", f"{t}/approve.json", f"{t}/discardDraft.json", f"{t}/delete.json",
                 f"{t}/attributes/create.json", f"{t}/attributes/update.json", f"{t}/attributes/delete.json",
                 "/rest/v1/activities/external/type.json"):
        fake.on(f"POST {path}", [ok({"apiName": "attendConference"})])
    client.create_type({"apiName": "attendConference"})
    client.update_type("attendConference", {"name": "n"})
    client.create_attributes("attendConference", [{"apiName": "a"}])
    client.update_attributes("attendConference", [{"apiName": "a"}])
    client.delete_attributes("attendConference", ["a"])
    client.approve("attendConference")
    client.discard_draft("attendConference")
    client.delete_type("attendConference")
    paths = [p for m, p in fake.rest_calls()]
    assert all(m == "POST" for m, p in fake.rest_calls())
    assert "//" not in "".join(paths) and len(paths) == 8
    bodies = {p: b for m, p, b, q, h in fake.sent}
    assert bodies[f"{t}/attributes/delete.json"] == {"attributes": [{"apiName": "a"}]}
