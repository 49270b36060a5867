"""The shipped example (examples/eloqua) and its demo hook, through the real pulumi engine."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "eloqua"


def _demo_module() -> Any:
    spec = importlib.util.spec_from_file_location("eloqua_example_demo", EXAMPLE / "demo.py")
    if spec is None or spec.loader is None:
        raise RuntimeError("cannot load examples/eloqua/demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tradeshow_example_and_demo_submission(pulumi_stack: Any, control: Any, sandbox: Any) -> None:
    stack = pulumi_stack((EXAMPLE / "__main__.py").read_text())
    stack.up()
    outputs = stack.outputs()
    state = control.state("eloqua")
    [asset_type] = state["eloqua/assetType"]
    assert asset_type["name"] == "Tradeshow"
    assert [a["name"] for a in asset_type["activityTypes"]] == ["Registered", "Attended", "Viewed a Demo"]
    assert [a["name"] for a in state["eloqua/asset"]] == ["Tradeshow 2021"]

    mark = control.mark()
    lines = _demo_module().after_up(sandbox.endpoints, outputs)
    assert any("Viewed a Demo" in line and "Tradeshow 2021" in line for line in lines)
    [activity] = control.state("eloqua")["eloqua/activity"]
    assert activity["activityDate"] is not None and activity["linkedToContact"] is True
    assert activity["contactId"] == sandbox.endpoints["eloqua"]["contacts"][0]
    writes = control.calls(since=mark, vendor="eloqua", writes_only=True)
    assert [w["endpoint"] for w in writes] == ["POST /api/REST/2.0/data/activity"]

    stack.preview("--expect-no-changes")
    stack.destroy()
    assert "eloqua/assetType" not in control.state("eloqua")
