"""Eloqua through the real pulumi engine against the sandbox: the whole life cycle."""

from __future__ import annotations

from typing import Any

import pytest
from eloqua_e2e_program import PROGRAM

pytestmark = pytest.mark.e2e


def _types(control: Any) -> list[dict[str, Any]]:
    return control.state("eloqua").get("eloqua/assetType", [])


def _assets(control: Any) -> list[dict[str, Any]]:
    return control.state("eloqua").get("eloqua/asset", [])


def _endpoints(control: Any, mark: int) -> list[str]:
    return sorted(c["endpoint"] for c in control.calls(since=mark, vendor="eloqua"))


def test_create_noop_add_remove_rename_destroy(pulumi_stack: Any, control: Any) -> None:
    stack = pulumi_stack(PROGRAM)
    mark = control.mark()
    stack.up()
    assert _endpoints(control, mark) == sorted([
        "GET /id",  # base URL discovery, once per provider process
        "GET /api/REST/2.0/assets/external/types", "POST /api/REST/2.0/assets/external/type",
        "GET /api/REST/2.0/assets/externals", "POST /api/REST/2.0/assets/external",
    ])
    outputs = stack.outputs()
    [live] = _types(control)
    assert outputs["typeId"] == live["id"]
    assert [a["name"] for a in live["activityTypes"]] == ["Registered", "Attended", "Viewed a Demo"]
    assert set(outputs["activityTypeIds"]) == {"Registered", "Attended", "Viewed a Demo"}
    [asset] = _assets(control)
    assert (asset["name"], asset["externalAssetTypeId"], outputs["assetId"]) == ("Tradeshow 2021", live["id"],
                                                                                 asset["id"])

    mark = control.mark()
    stack.preview("--expect-no-changes")
    stack.up("--expect-no-changes")
    assert control.calls(since=mark, vendor="eloqua") == []  # diff is local: no call at all

    mark = control.mark()
    stack.refresh("--expect-no-changes")
    assert _endpoints(control, mark) == sorted([
        "GET /id", "GET /api/REST/2.0/assets/external/type/{id}", "GET /api/REST/2.0/assets/external/{id}"])

    stack.set_config("test:activityTypes", "Registered,Attended,Viewed a Demo,Visited Booth")
    shown = stack.preview("--diff").stdout
    assert "activityTypes" in shown and '"Visited Booth"' in shown  # activity-type level, in the preview
    mark = control.mark()
    stack.up()
    assert _endpoints(control, mark) == sorted([
        "GET /id", "GET /api/REST/2.0/assets/external/type/{id}", "PUT /api/REST/2.0/assets/external/type/{id}"])
    [live] = _types(control)
    assert [a["name"] for a in live["activityTypes"]][-1] == "Visited Booth"
    assert live["id"] == outputs["typeId"]
    assert stack.outputs()["activityTypeIds"]["Registered"] == outputs["activityTypeIds"]["Registered"]

    stack.set_config("test:activityTypes", "Registered,Viewed a Demo,Visited Booth")
    refused = stack.preview(check=False)
    assert refused.returncode != 0
    assert "allowActivityTypeRemoval" in refused.stdout + refused.stderr
    assert "Attended" in refused.stdout + refused.stderr
    stack.set_config("test:allowRemoval", "true")
    stack.up()
    [live] = _types(control)
    assert [a["name"] for a in live["activityTypes"]] == ["Registered", "Viewed a Demo", "Visited Booth"]

    stack.set_config("test:typeName", "Trade Show")
    preview = stack.preview_json()
    ops = {s["urn"].split("::")[-1]: s["op"] for s in preview["steps"]}
    assert ops["tradeshow"] == "update"  # Eloqua renames an asset type in place
    stack.up()
    [live] = _types(control)
    assert (live["id"], live["name"]) == (outputs["typeId"], "Trade Show")

    mark = control.mark()
    stack.destroy()
    assert _endpoints(control, mark) == sorted([
        "GET /id", "DELETE /api/REST/2.0/assets/external/{id}", "DELETE /api/REST/2.0/assets/external/type/{id}"])
    assert _types(control) == [] and _assets(control) == []
    assert stack.resources() == []
