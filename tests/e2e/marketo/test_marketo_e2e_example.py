"""The attendConference example program and its demo hook, end to end against the sandbox."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "marketo"


def test_example_deploys_and_demo_submits_activities(pulumi_stack, control, sandbox) -> None:  # type: ignore[no-untyped-def]
    stack = pulumi_stack((EXAMPLE / "__main__.py").read_text())
    stack.up()
    outputs = stack.outputs()
    assert outputs["apiName"] == "attendConference" and outputs["status"] == "approved"

    spec = importlib.util.spec_from_file_location("marketo_demo_hook", EXAMPLE / "demo.py")
    assert spec is not None and spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    lines = demo.after_up(sandbox.endpoints, outputs)
    leads = sandbox.endpoints["marketo"]["leads"]
    assert lines[0] == f"marketo: {len(leads) + 1} activities in 1 call(s): {len(leads)} added, 1 skipped, " \
                       "0 failed, 0 unknown"
    assert sum(": added as " in line for line in lines) == len(leads)
    assert any("skipped - 1004 Lead not found" in line for line in lines)
    # the type now has activities, so it is in use: Marketo refuses the delete and the error says why
    failed = stack.destroy(check=False)
    assert failed.returncode != 0
    assert "in use" in failed.stdout and "pulumi state delete" in failed.stdout
    assert control.admin("marketo", "GET", "types/attendConference").status_code == 200
