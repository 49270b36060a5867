"""The Account Engagement clients against the sandbox over HTTPS: flows, renewal, limits, errors."""

from __future__ import annotations

from typing import Any

import pytest

from providers.core.errors import ApiError, AuthenticationError, QuotaExceededError
from providers.core.provider import ProviderError
from providers.salesforce import connection
from providers.salesforce.activation import ActivationProvider
from providers.salesforce.activity_type import ActivityTypeProvider
from providers.salesforce.extension import ExtensionProvider
from providers.salesforce.submission import ExternalActivity, SubmissionClient
from providers.salesforce.tooling import ToolingClient

pytestmark = pytest.mark.contract

TENANTS = "SELECT Id, PardotTenantName FROM PardotTenant"


def _client(sandbox: Any, flow: str | None = None) -> ToolingClient:
    connection.reset()
    return ToolingClient(connection.from_endpoints(sandbox.endpoints, auth_flow=flow))


@pytest.mark.parametrize("flow", ["jwt", "client_credentials", "refresh_token"])
def test_each_oauth_flow_reaches_the_tooling_api(sandbox: Any, control: Any, flow: str) -> None:
    client = _client(sandbox, flow)
    names = {r["PardotTenantName"] for r in client.query(TENANTS, operation="list business units")}
    assert "HappyHomeTX" in names
    token_calls = [e for e in control.calls(vendor="salesforce") if e["path"] == "/services/oauth2/token"]
    assert len(token_calls) == 1 and token_calls[0]["status"] == 200


def test_refused_credentials_are_an_authentication_error(sandbox: Any, control: Any) -> None:
    control.admin("salesforce", "PATCH", "user", json={"active": False})
    with pytest.raises(AuthenticationError) as caught:
        _client(sandbox).query(TENANTS, operation="list business units")
    assert caught.value.code in ("invalid_grant", "inactive_user")


def test_expired_token_is_renewed_once_and_shared(sandbox: Any, control: Any) -> None:
    client = _client(sandbox)
    client.query(TENANTS, operation="q")
    control.expire_tokens("salesforce")
    client.query(TENANTS, operation="q")
    client.query(TENANTS, operation="q")
    assert client.conn.tokens.fetch_count == 2
    statuses = [e["status"] for e in control.calls(vendor="salesforce") if "/tooling/" in e["path"]]
    assert statuses == [200, 401, 200, 200]


def test_lock_contention_retried_daily_limit_stops(sandbox: Any, control: Any) -> None:
    client = _client(sandbox)
    client.query(TENANTS, operation="q")
    mark = control.mark()
    control.fault("salesforce", "status", path="/tooling/query", status=400, code="UNABLE_TO_LOCK_ROW", count=2)
    client.query(TENANTS, operation="q")
    assert [e["status"] for e in control.calls(since=mark, vendor="salesforce")] == [400, 400, 200]

    mark = control.mark()
    control.fault("salesforce", "status", path="/tooling/query", status=403, code="REQUEST_LIMIT_EXCEEDED", count=-1)
    with pytest.raises(QuotaExceededError, match="daily API request allocation"):
        client.query(TENANTS, operation="q")
    assert len(control.calls(since=mark, vendor="salesforce")) == 1


def test_real_delete_when_the_org_allows_it(sandbox: Any, control: Any) -> None:
    control.settings("salesforce", allow_delete=True)
    _client(sandbox)
    ext = ExtensionProvider().create({"developerName": "Deletable_Ext", "masterLabel": "Deletable"})
    typ = ActivityTypeProvider().create({"extensionId": ext.id, "developerName": "Deletable_Type",
                                         "masterLabel": "Deletable"})
    ActivityTypeProvider().delete(typ.id, typ.outs or {})
    ExtensionProvider().delete(ext.id, ext.outs or {})
    deletes = [e for e in control.calls(vendor="salesforce", writes_only=True) if e["method"] == "DELETE"]
    assert len(deletes) == 2
    state = control.state("salesforce")
    assert state.get("salesforce/MarketingAppExtension", []) == []
    assert state.get("salesforce/MarketingAppExtActivity", []) == []


def test_v5_errors_are_surfaced_with_their_code(sandbox: Any, control: Any) -> None:
    submitter = SubmissionClient(_client(sandbox).conn)
    email = sandbox.endpoints["salesforce"]["prospects"][0]
    unit = sandbox.endpoints["salesforce"]["business_units"]["HappyHomeTX"]
    with pytest.raises(ApiError) as unknown_setup:
        submitter.submit(ExternalActivity("No_Such_Ext", "Registered", email, "v"), unit)
    assert unknown_setup.value.code == "154" and "extension" in unknown_setup.value.message
    with pytest.raises(ApiError) as wrong_unit:
        submitter.submit(ExternalActivity("No_Such_Ext", "Registered", email, "v"), "0Uv000000000000AAA")
    assert wrong_unit.value.code == "201" and "pi.demo.pardot.com" in str(wrong_unit.value)
    mark = control.mark()
    control.fault("account_engagement", "status", status=429, code="122", count=-1)
    with pytest.raises(QuotaExceededError):
        submitter.submit(ExternalActivity("No_Such_Ext", "Registered", email, "v"), unit)
    assert len(control.calls(since=mark, vendor="account_engagement")) == 1
    control.clear_faults()
    mark = control.mark()
    control.fault("account_engagement", "status", status=429, code="66", count=1)
    with pytest.raises(ApiError) as after_retry:
        submitter.submit(ExternalActivity("No_Such_Ext", "Registered", email, "v"), unit)
    assert after_retry.value.code == "154"  # 66 was retried; the retry met the real answer
    assert [e["status"] for e in control.calls(since=mark, vendor="account_engagement")] == [429, 400]


def test_activation_needs_the_assignment(sandbox: Any, control: Any) -> None:
    _client(sandbox)
    ext = ExtensionProvider().create({"developerName": "Unassigned_Ext", "masterLabel": "Unassigned"})
    typ = ActivityTypeProvider().create({"extensionId": ext.id, "developerName": "Unassigned_Type",
                                         "masterLabel": "Unassigned"})
    inputs = {"extensionId": ext.id, "activityTypeIds": [typ.id], "assignmentId": "1Es5g0YlPfXrb9wCKB",
              "active": True}
    with pytest.raises(ProviderError, match="assignmentId: activation needs extension"):
        ActivationProvider().create(inputs)
    with pytest.raises(ProviderError, match="assigned to its business unit first"):
        ActivationProvider().update("activation-x", {**inputs, "active": False}, inputs)
    assert not [e for e in control.calls(vendor="salesforce", writes_only=True) if e["method"] == "PATCH"]


def test_business_unit_lookup_by_name_or_id(sandbox: Any, control: Any) -> None:
    from providers.salesforce.assignment import ExtensionAssignmentProvider
    from providers.salesforce.business_unit import BusinessUnitProvider

    _client(sandbox)
    units = sandbox.endpoints["salesforce"]["business_units"]
    lookup = BusinessUnitProvider()
    checked = lookup.check({}, {"businessUnit": "HappyHomeTX"})
    assert checked.failures == []
    found = lookup.create(checked.inputs)
    assert found.id == units["HappyHomeTX"] and (found.outs or {})["businessUnitName"] == "HappyHomeTX"
    unknown = lookup.check({}, {"businessUnit": "Atlantis"})
    assert [(f.property, f.reason.split(";")[0]) for f in unknown.failures] == [
        ("businessUnit", "unknown business unit 'Atlantis'")]
    assert "HappyHomeTX (0Uv" in unknown.failures[0].reason and "PardotTenant (0Uv" in unknown.failures[0].reason

    # an assignment given the id keeps the id form in the inputs its read implies
    ext = ExtensionProvider().create({"developerName": "Id_Form_Ext", "masterLabel": "Id form"})
    made = ExtensionAssignmentProvider().create({"extensionId": ext.id, "businessUnit": units["PardotTenant"]})
    read = ExtensionAssignmentProvider().read(made.id, made.outs or {})
    assert read.inputs is not None and read.inputs["businessUnit"] == units["PardotTenant"]
    assert (read.outs or {})["businessUnitName"] == "PardotTenant"
    assert [e["method"] for e in control.calls(vendor="salesforce", writes_only=True) if "/tooling/" in e["path"]] == [
        "POST", "POST"]


def test_activity_type_added_to_an_active_extension_waits_for_the_next_up(sandbox: Any, control: Any) -> None:
    from providers.salesforce.assignment import ExtensionAssignmentProvider

    _client(sandbox)
    ext = ExtensionProvider().create({"developerName": "Growing_Ext", "masterLabel": "Growing"})
    first = ActivityTypeProvider().create({"extensionId": ext.id, "developerName": "First", "masterLabel": "First"})
    assigned = ExtensionAssignmentProvider().create({"extensionId": ext.id, "businessUnit": "HappyHomeTX"})
    inputs = {"extensionId": ext.id, "activityTypeIds": [first.id], "assignmentId": assigned.id, "active": True}
    activation = ActivationProvider()
    created = activation.create(activation.check({}, inputs).inputs)
    assert (created.outs or {})["active"] is False  # never on the up that creates it
    active = activation.update(created.id, created.outs or {}, inputs).outs or {}
    assert active["active"] is True

    second = ActivityTypeProvider().create({"extensionId": ext.id, "developerName": "Second", "masterLabel": "Second"})
    grown = {**inputs, "activityTypeIds": [first.id, second.id]}
    pending = activation.update(created.id, active, grown).outs or {}
    assert pending["active"] is False and pending["pendingActivation"] == [second.id]
    assert pending["activityTypesActive"] == {first.id: True, second.id: False}
    assert pending["extensionActive"] is True  # the reviewed part stays active
    done = activation.update(created.id, pending, grown).outs or {}
    assert done["active"] is True and "pendingActivation" not in done


def test_activity_type_check_needs_a_live_extension(sandbox: Any, control: Any) -> None:
    """Issue 4: check rejects an activity type pointing to no extension (one read, before any write)."""
    _client(sandbox)
    provider = ActivityTypeProvider()
    inputs = {"developerName": "Orphan", "masterLabel": "Orphan"}
    mark = control.mark()
    missing = provider.check({}, {**inputs, "extensionId": "1Ex5g0N63fLhMt9CCF"})
    assert [(f.property, f.reason) for f in missing.failures] == [
        ("extensionId", "no extension with id 1Ex5g0N63fLhMt9CCF exists in this org")]
    assert [c for c in control.calls(since=mark, vendor="salesforce", writes_only=True)
            if "/oauth2/token" not in c["path"]] == []  # a token, then one read; no write

    ext = ExtensionProvider().create({"developerName": "Checked_Parent", "masterLabel": "Parent"})
    mark = control.mark()
    assert provider.check({}, {**inputs, "extensionId": ext.id}).failures == []  # created here: no read
    assert provider.check({"extensionId": ext.id}, {**inputs, "extensionId": ext.id}).failures == []
    assert [c for c in control.calls(since=mark, vendor="salesforce") if "/sobjects/" in c["path"]] == []

    other = control.admin("salesforce", "POST", "objects/MarketingAppExtension", json={
        "DeveloperName": "Retired_Parent", "MasterLabel": "Retired",
        "Description": "[retired by activity-schemas: Retired_Parent] old"}).json()["Id"]
    retired = provider.check({}, {**inputs, "extensionId": other})
    assert [f.property for f in retired.failures] == ["extensionId"] and "retired" in retired.failures[0].reason
