"""The activation stage through the real pulumi: reviewed, never on the first up, drift visible."""

from __future__ import annotations

from typing import Any

import pytest
from ae_program import EXT, PROGRAM, TYPE, ops, records, tooling_calls

from providers.core.errors import ApiError
from providers.salesforce import connection
from providers.salesforce.submission import ExternalActivity, SubmissionClient

pytestmark = pytest.mark.e2e


def _flags(control: Any, out: dict[str, Any]) -> tuple[bool, bool]:
    ext = next(r for r in records(control, EXT) if r["Id"] == out["extId"])
    typ = next(r for r in records(control, TYPE) if r["Id"] == out["typeId"])
    return ext["IsActive"], typ["IsActive"]


def _submit(sandbox: Any, out: dict[str, Any]) -> dict[str, Any] | None:
    endpoints = sandbox.endpoints
    client = SubmissionClient(connection.from_endpoints(endpoints))
    activity = ExternalActivity("Webinar_Service", "Registered", endpoints["salesforce"]["prospects"][0], "webinar-1")
    return client.submit(activity, out["businessUnitId"])


def test_ae_activation_is_a_separate_reviewed_stage(pulumi_stack: Any, control: Any, sandbox: Any) -> None:
    stack = pulumi_stack(PROGRAM, config={"t:active": "true"})

    # the first up of a schema never activates, even with active: true
    result = stack.up()
    out = stack.outputs()
    assert _flags(control, out) == (False, False)
    assert out["active"] is False
    assert "not activated on this first" in result.stdout + result.stderr
    with pytest.raises(ApiError) as refused:
        _submit(sandbox, out)
    assert refused.value.code == "154"

    # the next preview shows the activation for review; the up applies it: types first, then extension
    assert ops(stack.preview_json())["activation"] == ["update"]
    mark = control.mark()
    stack.up()
    writes = [(e["method"], e["path"].rsplit("/", 2)[-2]) for e in tooling_calls(control, mark, writes_only=True)]
    assert writes == [("PATCH", TYPE), ("PATCH", EXT)]
    assert _flags(control, out) == (True, True)
    assert stack.outputs()["active"] is True
    accepted = _submit(sandbox, out)
    assert accepted is not None and accepted["extension"] == "Webinar_Service"
    stack.preview("--expect-no-changes")

    # a type deactivated in Setup: refresh shows it on the Activation, the next up re-activates
    response = control.admin("salesforce", "PATCH", f"objects/{TYPE}/{out['typeId']}", json={"IsActive": False})
    assert response.status_code == 200, response.text
    assert ops(stack.preview_json("--refresh"))["activation"][-1] == "update"  # preview --refresh sees it too
    stack.refresh()
    activation = next(r for r in stack.resources() if r["urn"].endswith("::activation"))
    assert activation["outputs"]["active"] is False
    assert activation["outputs"]["activityTypesActive"] == {out["typeId"]: False}
    assert ops(stack.preview_json())["activation"] == ["update"]
    stack.up()
    assert _flags(control, out) == (True, True)

    # deactivating is the same switch back: extension first, then the types; submissions refused
    stack.set_config("t:active", "false")
    mark = control.mark()
    stack.up()
    writes = [(e["method"], e["path"].rsplit("/", 2)[-2]) for e in tooling_calls(control, mark, writes_only=True)]
    assert writes == [("PATCH", EXT), ("PATCH", TYPE)]
    assert _flags(control, out) == (False, False)
    with pytest.raises(ApiError) as refused_again:
        _submit(sandbox, out)
    assert refused_again.value.code == "154"
    stack.preview("--expect-no-changes")
