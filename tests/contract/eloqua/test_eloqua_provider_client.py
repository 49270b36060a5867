"""Eloqua providers and clients against the sandbox over HTTPS: discovery, auth, retries, counts."""

from __future__ import annotations

from typing import Any

import pytest

from providers.core.errors import ApiError, AuthenticationError, TransportError
from providers.core.retry import RetryPolicy
from providers.eloqua import asset_type as asset_type_module
from providers.eloqua import connection
from providers.eloqua.activity import ActivitySubmitter, ExternalActivity
from providers.eloqua.asset import ExternalAssetProvider
from providers.eloqua.asset_type import ExternalAssetTypeProvider
from providers.eloqua.client import EloquaClient

pytestmark = pytest.mark.contract
TYPES = ["Registered", "Attended", "Viewed a Demo"]
FAST = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05)


@pytest.fixture
def conn(control: Any, sandbox: Any) -> connection.Connection:
    connection.reset()
    made = connection.from_endpoints(sandbox.endpoints)
    made.http.retry = FAST
    made.submit_http.retry = FAST
    return made


def _create_type(name: str = "Tradeshow", types: list[str] | None = None, **extra: Any) -> tuple[str, dict[str, Any]]:
    provider = ExternalAssetTypeProvider()
    checked = provider.check({}, {"name": name, "activityTypes": types or TYPES, **extra})
    assert checked.failures == []
    result = provider.create(checked.inputs)
    return str(result.id), dict(result.outs or {})


def _writes(control: Any, mark: int) -> list[str]:
    return [c["endpoint"] for c in control.calls(since=mark, vendor="eloqua", writes_only=True)]


def test_base_url_is_discovered_once_and_calls_are_counted(conn: connection.Connection, control: Any) -> None:
    mark = control.mark()
    type_id, outs = _create_type()
    calls = [c["endpoint"] for c in control.calls(since=mark, vendor="eloqua")]
    # GET /id once, a lookup by name, one POST: three calls for a new asset type.
    assert calls == ["GET /id", "GET /api/REST/2.0/assets/external/types", "POST /api/REST/2.0/assets/external/type"]
    provider = ExternalAssetTypeProvider()
    mark = control.mark()
    assert provider.read(type_id, outs).id == type_id
    updated = provider.update(type_id, outs, dict(outs, activityTypes=[*TYPES, "Booth"]))
    assert set((updated.outs or {})["activityTypeIds"]) == {*TYPES, "Booth"}
    provider.delete(type_id, updated.outs or {})
    assert [c["endpoint"] for c in control.calls(since=mark, vendor="eloqua")] == [
        "GET /api/REST/2.0/assets/external/type/{id}",  # read
        "GET /api/REST/2.0/assets/external/type/{id}",  # update reads the ids it must keep
        "PUT /api/REST/2.0/assets/external/type/{id}",
        "DELETE /api/REST/2.0/assets/external/type/{id}",
    ]
    assert conn.discoveries == 1
    assert provider.read(type_id, outs).id == ""  # deleted: gone from state


def test_wrong_password_is_a_clear_error_without_the_password(control: Any, sandbox: Any) -> None:
    connection.reset()
    endpoints = {**sandbox.endpoints, "eloqua": {**sandbox.endpoints["eloqua"], "password": "wrong-password-1"}}
    conn = connection.from_endpoints(endpoints)
    with pytest.raises(AuthenticationError) as caught:
        EloquaClient(conn).find_asset_type("Tradeshow")
    assert "wrong-password-1" not in str(caught.value) and "site" in str(caught.value)


def test_403_names_the_permission(conn: connection.Connection, control: Any) -> None:
    control.admin("eloqua", "PATCH", "site", json={"apiEnabled": False})
    with pytest.raises(ApiError, match="Advanced Users - Marketing"):
        EloquaClient(conn).find_asset_type("Tradeshow")


def test_429_and_503_are_retried_with_backoff(conn: connection.Connection, control: Any) -> None:
    control.fault("eloqua", "status", status=429, path="/assets/external/types", count=2)
    control.fault("eloqua", "status", status=503, method="POST", count=1)
    mark = control.mark()
    _create_type()
    statuses = [c["status"] for c in control.calls(since=mark, vendor="eloqua")]
    assert statuses == [200, 429, 429, 200, 503, 201]


def test_retries_stop_when_the_budget_is_spent(conn: connection.Connection, control: Any) -> None:
    control.fault("eloqua", "status", status=503, path="/assets/external/types", count=-1)
    with pytest.raises(ApiError, match="unavailable"):
        EloquaClient(conn).find_asset_type("Tradeshow")


def test_a_401_from_the_pod_rediscovers_the_base_url(conn: connection.Connection, control: Any) -> None:
    EloquaClient(conn).find_asset_type("Tradeshow")
    control.fault("eloqua", "status", status=401, path="/assets/external/types", count=2)
    assert EloquaClient(conn).find_asset_type("Tradeshow") is None
    assert conn.discoveries == 2


def test_adopt_and_mismatch(conn: connection.Connection, control: Any) -> None:
    control.admin("eloqua", "POST", "asset-types", json={"name": "Tradeshow", "activityTypes": TYPES})
    with pytest.raises(Exception, match=r"already exists.*adopt"):
        _create_type()
    with pytest.raises(Exception, match="mismatch"):
        _create_type(types=["Registered"], adopt=True)
    mark = control.mark()
    _, outs = _create_type(adopt=True, description="now managed")
    assert _writes(control, mark) == ["PUT /api/REST/2.0/assets/external/type/{id}"]  # only the description
    assert outs["description"] == "now managed"


def test_asset_by_type_name_and_delete_order(conn: connection.Connection, control: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    type_id, type_outs = _create_type()
    provider = ExternalAssetProvider()
    checked = provider.check({}, {"name": "Tradeshow 2021", "assetType": "tradeshow"})
    created = provider.create(checked.inputs)
    assert (created.outs or {})["externalAssetTypeId"] == type_id
    read = provider.read(str(created.id), created.outs or {})
    assert (read.inputs or {})["assetType"] == "Tradeshow"  # the live name
    missing = provider.check({}, {"name": "Other", "assetType": "Nope"})
    with pytest.raises(Exception, match="no external asset type named 'Nope'"):
        provider.create(missing.inputs)
    monkeypatch.setattr(asset_type_module, "DEPENDENCY_WAIT", 0.5)
    with pytest.raises(Exception, match="still has external assets"):
        ExternalAssetTypeProvider().delete(type_id, type_outs)
    provider.delete(str(created.id), created.outs or {})
    ExternalAssetTypeProvider().delete(type_id, type_outs)
    assert control.state("eloqua").get("eloqua/assetType", []) == []


def test_activity_submission_sends_activity_date_and_is_never_resent(conn: connection.Connection,
                                                                     control: Any) -> None:
    _create_type()
    ExternalAssetProvider().create({"name": "Tradeshow 2021", "assetType": "Tradeshow", "adopt": False})
    submitter = ActivitySubmitter(conn)
    activity = ExternalActivity(name="Tradeshow 2021", asset_name="Tradeshow 2021", asset_type="Tradeshow",
                                activity_type="Viewed a Demo", contact_id=2405, campaign_id=37)
    record = submitter.submit(activity)
    assert record["activityDate"].isdigit() and record["type"] == "ExternalActivities"
    assert submitter.get(record["id"]) == record
    control.fault("eloqua", "status", status=503, path="/data/activity$")
    with pytest.raises(ApiError, match="unavailable"):
        submitter.submit(activity)
    control.fault("eloqua", "drop_after", path="/data/activity$")
    with pytest.raises(TransportError):
        submitter.submit(activity)
    stored = control.state("eloqua")["eloqua/activity"]
    assert len(stored) == 2 and all(a["linkedToContact"] for a in stored)  # the lost one is recorded once
    control.fault("eloqua", "status", status=429, path="/data/activity$", count=1)
    assert submitter.submit(activity)["id"]  # 429 = refused, safe to resend
    bad = ExternalActivity(name="x", asset_name="Tradeshow 2021", asset_type="Tradeshow", activity_type="Slept",
                           contact_id=2405)
    with pytest.raises(ApiError, match="activityType: RelationshipRequirement"):
        submitter.submit(bad)


def test_oauth_token_is_fetched_once_and_renewed_once(control: Any, sandbox: Any) -> None:
    connection.reset()
    conn = connection.from_endpoints(sandbox.endpoints, auth="oauth")
    client = EloquaClient(conn)
    client.find_asset_type("Tradeshow")
    client.find_asset_type("Tradeshow")
    assert conn.tokens is not None and conn.tokens.fetch_count == 1
    control.expire_tokens("eloqua")
    client.find_asset_type("Tradeshow")
    assert conn.tokens.fetch_count == 2


def test_a_refused_refresh_token_is_a_clear_error(control: Any, sandbox: Any) -> None:
    connection.reset()
    conf = {**sandbox.endpoints["eloqua"], "refresh_token": "revoked-refresh-token"}
    conn = connection.from_endpoints({**sandbox.endpoints, "eloqua": conf}, auth="oauth")
    with pytest.raises(AuthenticationError) as caught:
        EloquaClient(conn).find_asset_type("Tradeshow")
    assert "invalid_grant" in str(caught.value) and "eloqua:refreshToken" in str(caught.value)
    assert "revoked-refresh-token" not in str(caught.value)


def test_update_refuses_to_drop_activity_types_added_outside(conn: connection.Connection, control: Any) -> None:
    type_id, outs = _create_type()
    control.admin("eloqua", "POST", f"asset-types/{type_id}/activity-types", json={"name": "Added in the UI"})
    provider = ExternalAssetTypeProvider()
    news = dict(outs, activityTypes=[*TYPES, "Booth"])
    mark = control.mark()
    with pytest.raises(Exception, match=r"'Added in the UI'.*pulumi refresh"):
        provider.update(type_id, outs, news)
    assert _writes(control, mark) == []
    updated = provider.update(type_id, outs, dict(news, allowActivityTypeRemoval=True))
    assert (updated.outs or {})["activityTypes"] == [*TYPES, "Booth"]
