"""An asset that names its type by name: renaming the type is not a reason to replace the asset.

Eloqua renames an asset type in place (its id stays), so the asset's ``assetType`` changing with
it is an update; pointing the asset at another type is a replacement (Eloqua cannot move it).
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

PROGRAM = """
import pulumi
from providers.eloqua.asset import ExternalAsset
from providers.eloqua.asset_type import ExternalAssetType

config = pulumi.Config("test")
type_name = config.get("typeName") or "Tradeshow"
tradeshow = ExternalAssetType("tradeshow", name=type_name, activity_types=["Registered"])
webinar = ExternalAssetType("webinar", name="Webinar", activity_types=["Attended"])
asset = ExternalAsset("ts-2021", name="Tradeshow 2021", asset_type=config.get("assetType") or type_name,
                      opts=pulumi.ResourceOptions(depends_on=[tradeshow, webinar]))
pulumi.export("tradeshowId", tradeshow.id)
pulumi.export("webinarId", webinar.id)
pulumi.export("assetId", asset.id)
"""


def _ops(preview: dict[str, Any]) -> dict[str, set[str]]:
    ops: dict[str, set[str]] = {}
    for step in preview["steps"]:
        ops.setdefault(step["urn"].split("::")[-1], set()).add(step["op"])
    return ops


def _assets(control: Any) -> list[tuple[str, str, str]]:
    return [(a["id"], a["name"], a["externalAssetTypeId"]) for a in control.state("eloqua").get("eloqua/asset", [])]


def test_type_rename_updates_the_asset_and_a_move_replaces_it(pulumi_stack: Any, control: Any) -> None:
    stack = pulumi_stack(PROGRAM)
    stack.up()
    first = stack.outputs()
    assert _assets(control) == [(first["assetId"], "Tradeshow 2021", first["tradeshowId"])]

    stack.set_config("test:typeName", "Trade Show")
    ops = _ops(stack.preview_json())
    assert ops["tradeshow"] == {"update"} and ops["ts-2021"] == {"update"}
    stack.up()
    assert stack.outputs()["assetId"] == first["assetId"]  # the same asset, not a new one
    assert _assets(control) == [(first["assetId"], "Tradeshow 2021", first["tradeshowId"])]
    stack.preview("--expect-no-changes", "--refresh")

    stack.set_config("test:assetType", "Webinar")
    ops = _ops(stack.preview_json())
    assert "replace" in ops["ts-2021"], ops  # Eloqua cannot move an asset to another type
    stack.up()
    [(asset_id, name, type_id)] = _assets(control)
    assert (name, type_id) == ("Tradeshow 2021", first["webinarId"]) and asset_id != first["assetId"]
    stack.destroy()
