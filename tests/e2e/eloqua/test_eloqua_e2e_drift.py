"""Eloqua through the real pulumi engine: drift, refresh, interrupted runs, faults, secrets."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from eloqua_e2e_program import PROGRAM

pytestmark = pytest.mark.e2e


def _state(control: Any, kind: str) -> list[dict[str, Any]]:
    return control.state("eloqua").get(f"eloqua/{kind}", [])


def test_refresh_reflects_admin_edits_and_outside_deletes(pulumi_stack: Any, control: Any) -> None:
    stack = pulumi_stack(PROGRAM)
    stack.up()
    [live] = _state(control, "assetType")
    attended = next(a for a in live["activityTypes"] if a["name"] == "Attended")
    control.admin("eloqua", "PATCH", f"asset-types/{live['id']}/activity-types/{attended['id']}",
                  json={"name": "Attended in person"})
    control.admin("eloqua", "PATCH", f"asset-types/{live['id']}", json={"description": "edited in the UI"})
    stack.refresh()
    [resource] = [r for r in stack.resources() if r["urn"].endswith("::tradeshow")]
    assert resource["outputs"]["activityTypes"] == ["Registered", "Attended in person", "Viewed a Demo"]
    assert resource["outputs"]["description"] == "edited in the UI"
    assert resource["inputs"]["activityTypes"] == ["Registered", "Attended in person", "Viewed a Demo"]

    # Putting the program's definition back removes the admin's name: flagged until confirmed.
    assert stack.preview(check=False).returncode != 0
    stack.set_config("test:allowRemoval", "true")
    stack.up()
    [live] = _state(control, "assetType")
    assert [a["name"] for a in live["activityTypes"]] == ["Registered", "Attended", "Viewed a Demo"]
    assert live.get("description") is None

    [asset] = _state(control, "asset")
    control.admin("eloqua", "DELETE", f"assets/{asset['id']}")
    stack.refresh()
    assert [r for r in stack.resources() if r["urn"].endswith("::tradeshow-2021")] == []
    stack.up()
    [recreated] = _state(control, "asset")
    assert recreated["id"] != asset["id"] and recreated["name"] == "Tradeshow 2021"

    # The whole type deleted in the UI (its assets go with it): both leave the state, up remakes them.
    [live] = _state(control, "assetType")
    control.admin("eloqua", "DELETE", f"asset-types/{live['id']}")
    stack.refresh()
    assert stack.resources() == []
    stack.up()
    assert len(_state(control, "assetType")) == 1 and len(_state(control, "asset")) == 1
    assert stack.outputs()["typeId"] != live["id"]


def test_a_run_interrupted_midway_reruns_without_duplicates(pulumi_stack: Any, control: Any) -> None:
    stack = pulumi_stack(PROGRAM)
    control.fault("eloqua", "status", status=403, method="POST", path="/assets/external$", count=-1)
    failed = stack.up(check=False)
    assert failed.returncode != 0
    assert "forbidden" in failed.stdout + failed.stderr
    assert len(_state(control, "assetType")) == 1 and _state(control, "asset") == []
    control.clear_faults()
    stack.up()
    assert len(_state(control, "assetType")) == 1 and len(_state(control, "asset")) == 1
    stack.preview("--expect-no-changes")


def test_lost_create_answers_are_recovered_by_name(pulumi_stack: Any, control: Any) -> None:
    stack = pulumi_stack(PROGRAM)
    control.fault("eloqua", "drop_after", method="POST", path="/assets/external/type$")
    control.fault("eloqua", "drop_after", method="POST", path="/assets/external$")
    stack.up()
    assert len(_state(control, "assetType")) == 1 and len(_state(control, "asset")) == 1
    outputs = stack.outputs()
    assert outputs["typeId"] == _state(control, "assetType")[0]["id"]


def test_429_and_503_are_retried(pulumi_stack: Any, control: Any) -> None:
    stack = pulumi_stack(PROGRAM)
    control.fault("eloqua", "status", status=429, method="POST", path="/assets/external/type$", count=2)
    control.fault("eloqua", "status", status=503, method="POST", path="/assets/external$", count=1)
    mark = control.mark()
    stack.up()
    assert len(_state(control, "assetType")) == 1 and len(_state(control, "asset")) == 1
    statuses = [c["status"] for c in control.calls(since=mark, vendor="eloqua", writes_only=True)]
    assert statuses.count(429) == 2 and statuses.count(503) == 1


def test_existing_objects_need_adopt(pulumi_stack: Any, control: Any) -> None:
    made = control.admin("eloqua", "POST", "asset-types",
                         json={"name": "Tradeshow", "activityTypes": ["Registered", "Attended", "Viewed a Demo"]})
    stack = pulumi_stack(PROGRAM)
    refused = stack.up(check=False)
    assert refused.returncode != 0
    assert "already exists" in refused.stdout + refused.stderr and "adopt" in refused.stdout + refused.stderr
    stack.set_config("test:adopt", "true")
    stack.up()
    assert stack.outputs()["typeId"] == made.json()["id"]
    assert len(_state(control, "assetType")) == 1


def test_stack_export_holds_no_secret(pulumi_stack: Any, control: Any, sandbox: Any) -> None:
    stack = pulumi_stack(PROGRAM)
    stack.up()
    exported = json.dumps(stack.export())
    conf = sandbox.endpoints["eloqua"]
    basic = base64.b64encode(f"{conf['site']}\\{conf['user']}:{conf['password']}".encode()).decode()
    for secret in (conf["password"], conf["client_secret"], conf["refresh_token"], basic):
        assert secret not in exported
    assert conf["site"] not in exported  # the site name is not needed in state either


def test_oauth_refresh_token_mode(pulumi_stack: Any, control: Any, sandbox: Any) -> None:
    stack = pulumi_stack(PROGRAM, config={"eloqua:authMode": "oauth"})
    mark = control.mark()
    stack.up()
    endpoints = [c["endpoint"] for c in control.calls(since=mark, vendor="eloqua")]
    assert "POST /auth/oauth2/token" in endpoints
    assert len(_state(control, "assetType")) == 1
    exported = json.dumps(stack.export())
    assert sandbox.endpoints["eloqua"]["refresh_token"] not in exported
    stack.destroy()
    assert _state(control, "assetType") == []
