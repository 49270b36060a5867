"""The real pulumi engine through the whole life cycle of a do-nothing dynamic resource."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

PROGRAM = """
import pulumi
from providers.probe import Probe

config = pulumi.Config("probe")
probe = Probe("one", value=config.get("value") or "hello", generation=config.get_int("generation") or 0)
pulumi.export("echo", probe.echo)
pulumi.export("id", probe.id)
"""


def test_up_noop_update_replace_refresh_destroy(pulumi_stack) -> None:  # type: ignore[no-untyped-def]
    stack = pulumi_stack(PROGRAM)
    stack.up()
    assert stack.outputs() == {"echo": "hello", "id": "probe-hello-0"}

    stack.preview("--expect-no-changes")  # exits non-zero if the engine sees any change

    stack.set_config("probe:value", "world")
    preview = stack.preview_json()
    steps = {s["urn"].split("::")[-1]: s["op"] for s in preview["steps"]}
    assert steps["one"] == "update"
    stack.up()
    assert stack.outputs()["echo"] == "world"

    stack.set_config("probe:generation", "1")
    preview = stack.preview_json()
    ops = [s["op"] for s in preview["steps"] if s["urn"].endswith("::one")]
    assert "replace" in ops or "delete-replaced" in ops or "create-replacement" in ops
    stack.up()
    assert stack.outputs()["id"] == "probe-world-1"

    stack.refresh("--expect-no-changes")
    stack.destroy()
    assert stack.resources() == []
