"""The guide's webinar example (examples/account_engagement) and its demo hook, end to end."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "account_engagement"


def _demo() -> Any:
    spec = importlib.util.spec_from_file_location("ae_example_demo", EXAMPLE / "demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ae_webinar_example_refused_before_activation_accepted_after(
    pulumi_stack: Any, control: Any, sandbox: Any
) -> None:
    stack = pulumi_stack((EXAMPLE / "__main__.py").read_text(), config={"accountEngagement:activate": "true"})
    demo = _demo()

    stack.up()
    outputs = stack.outputs()
    assert outputs["extension"] == "Webinar_Service" and outputs["businessUnitName"] == "HappyHomeTX"
    assert outputs["active"] is False
    lines = demo.after_up(sandbox.endpoints, outputs)
    assert any("refused: 154" in line for line in lines), lines
    assert control.requests()["by_vendor"].get("account_engagement") == 1

    stack.up()  # the reviewed activation
    outputs = stack.outputs()
    assert outputs["active"] is True
    lines = demo.after_up(sandbox.endpoints, outputs)
    assert any("accepted (202)" in line for line in lines), lines
    activities = control.admin("account_engagement", "GET", "activities").json()
    assert [(a["extension"], a["type"], a["email"]) for a in activities] == [
        ("Webinar_Service", "registered", sandbox.endpoints["salesforce"]["prospects"][0])]

    # the schema program's output layout works too
    schema_outputs = {"ae:Webinar_Service": {"extensionId": "x", "businessUnitId": outputs["businessUnitId"],
                                             "activityTypes": ["registered"], "active": True}}
    lines = demo.after_up(sandbox.endpoints, schema_outputs)
    assert any("accepted (202)" in line for line in lines), lines
    assert demo.after_up(sandbox.endpoints, {}) == [
        "account engagement: no extension in the stack outputs; nothing to submit"]
