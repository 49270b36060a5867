"""Drift of an Eloqua schema-driven stack, each kind made through the sandbox's admin surface."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from drift_helpers import ELOQUA_SCHEMA, schema_stack, state_of

from activity_schemas.drift_cmd import check
from activity_schemas.engine import Stack

pytestmark = pytest.mark.e2e


def _verdict(stack: Any) -> bool:
    """True when ``pulumi preview --refresh --expect-no-changes`` says something changed."""
    return stack.preview("--refresh", "--expect-no-changes", check=False).returncode != 0


def test_clean_stack_reports_nothing_and_leaves_the_real_state_alone(
    pulumi_stack: Any, control: Any, tmp_path: Path
) -> None:
    stack, schema = schema_stack(pulumi_stack, tmp_path, ELOQUA_SCHEMA)
    stack.set_config("test:token", "s3cret-value", secret=True)
    stack.up()
    state_before = stack.export()
    text, code = check(stack, [schema])
    assert code == 0, text
    assert "No drift" in text
    assert "2 managed resources checked: 0 drifted; 0 unmanaged objects" in text
    assert _verdict(stack) is False
    # The copy was refreshed, never the real state; the stack's secrets still decrypt.
    assert stack.export()["deployment"]["resources"] == state_before["deployment"]["resources"]
    assert stack.run("config", "get", "test:token").stdout.strip() == "s3cret-value"


def test_renamed_activity_type_is_named_with_the_schema_line(pulumi_stack: Any, control: Any, tmp_path: Path) -> None:
    stack, schema = schema_stack(pulumi_stack, tmp_path, ELOQUA_SCHEMA)
    stack.up()
    [live] = state_of(control, "eloqua", "assetType")
    attended = next(a for a in live["activityTypes"] if a["name"] == "Attended")
    control.admin("eloqua", "PATCH", f"asset-types/{live['id']}/activity-types/{attended['id']}",
                  json={"name": "Attended in person"})
    text, code = check(stack, [schema], "json")
    assert code == 1
    report = json.loads(text)
    [finding] = report["findings"]
    assert finding["category"] == "changed"
    assert finding["name"] == "eloqua-type-Tradeshow"
    assert finding["id"] == live["id"]
    changes = {(c["path"], c["kind"], c["old"], c["live"]) for c in finding["changes"]}
    assert changes == {("activityTypes[Attended]", "removed", "Attended", None),
                       ("activityTypes[Attended in person]", "added", None, "Attended in person")}
    assert finding["schemaLines"] == [
        f"{schema}:4: replace with: activityTypes: [Registered, Attended in person, Viewed a Demo]"]
    assert _verdict(stack) is True


def test_deleted_objects_and_unmanaged_ones_outside_every_stack(
    pulumi_stack: Any, control: Any, sandbox: Any, tmp_path: Path
) -> None:
    stack, schema = schema_stack(pulumi_stack, tmp_path, ELOQUA_SCHEMA)
    stack.up()
    # A second stack of the same project manages "Webinar": not unmanaged, though not in this stack.
    other_schema = tmp_path / "other.yaml"
    other_schema.write_text("eloqua:\n  externalAssetTypes:\n    - {name: Webinar, activityTypes: [Attended]}\n")
    other = Stack(stack.project_dir, "other", stack.env).init()
    other.set_config("activity-schemas:sandboxEndpoints", str(sandbox.endpoints_file))
    other.set_config("activity-schemas:schemas", json.dumps([str(other_schema)]))
    other.up()

    roadshow = control.admin("eloqua", "POST", "asset-types",
                             json={"name": "Roadshow", "activityTypes": ["Visited", "Met Sales"]}).json()
    [tradeshow] = [d for d in state_of(control, "eloqua", "assetType") if d["name"] == "Tradeshow"]
    control.admin("eloqua", "DELETE", f"asset-types/{tradeshow['id']}")

    text, code = check(stack, [schema], "json")
    assert code == 1
    report = json.loads(text)
    assert sorted(report["stacksRead"]) == ["other", "test"]
    summary = [(f["category"], f["kind"], f["name"], f["id"]) for f in report["findings"]]
    assert summary == [
        ("deleted outside Pulumi", "Eloqua external asset", "eloqua-asset-Tradeshow 2021", summary[0][3]),
        ("deleted outside Pulumi", "Eloqua external asset type", "eloqua-type-Tradeshow", tradeshow["id"]),
        ("unmanaged", "Eloqua external asset type", "Roadshow", str(roadshow["id"])),
    ]
    deleted_type = report["findings"][1]
    assert deleted_type["schemaLines"] == [f"{schema}:3: remove this entry (it no longer exists in the org)"]
    assert report["findings"][2]["entry"] == {"name": "Roadshow", "activityTypes": ["Visited", "Met Sales"]}
    assert "adopt" in report["findings"][2]["hint"]
    assert _verdict(stack) is True

    markdown, _ = check(stack, [schema])
    assert "### Unmanaged (in the org, in no stack)" in markdown
    assert "`Roadshow`" in markdown and "Webinar" not in markdown


def test_ui_edits_of_types_and_assets_each_found_with_their_schema_edit(
    pulumi_stack: Any, control: Any, tmp_path: Path
) -> None:
    """Asset type renamed, an activity type added, an asset's description set, another asset
    deleted on its own, an empty type made: drift names each, and agrees with preview."""
    stack, schema = schema_stack(pulumi_stack, tmp_path, ELOQUA_SCHEMA.replace(
        "assets: [Tradeshow 2021]", "assets: [Tradeshow 2021, Tradeshow 2022]"))
    stack.up()
    [live] = state_of(control, "eloqua", "assetType")
    assets = {a["name"]: a for a in state_of(control, "eloqua", "asset")}
    control.admin("eloqua", "PATCH", f"asset-types/{live['id']}", json={"name": "Trade Show"})
    control.admin("eloqua", "POST", f"asset-types/{live['id']}/activity-types", json={"name": "Visited Booth"})
    control.admin("eloqua", "PATCH", f"assets/{assets['Tradeshow 2021']['id']}", json={"description": "Austin"})
    control.admin("eloqua", "DELETE", f"assets/{assets['Tradeshow 2022']['id']}")
    empty = control.admin("eloqua", "POST", "asset-types", json={"name": "Empty", "activityTypes": []}).json()

    text, code = check(stack, [schema], "json")
    assert code == 1, text
    findings = {f["name"]: f for f in json.loads(text)["findings"]}
    assert set(findings) == {"eloqua-type-Tradeshow", "eloqua-asset-Tradeshow 2021", "eloqua-asset-Tradeshow 2022",
                             "Empty"}
    type_changes = {(c["path"], c["kind"]) for c in findings["eloqua-type-Tradeshow"]["changes"]}
    assert type_changes == {("name", "changed"), ("activityTypes[Visited Booth]", "added")}
    assert findings["eloqua-type-Tradeshow"]["schemaLines"] == [
        f"{schema}:4: replace with: activityTypes: [Registered, Attended, Viewed a Demo, Visited Booth]",
        f"{schema}:3: replace with: name: Trade Show"]
    asset = findings["eloqua-asset-Tradeshow 2021"]
    assert [(c["path"], c["live"]) for c in asset["changes"]] == [("description", "Austin")]
    assert asset["schemaLines"] == [f"{schema}:5: replace with: - {{name: Tradeshow 2021, description: Austin}}"]
    assert findings["eloqua-asset-Tradeshow 2022"]["category"] == "deleted outside Pulumi"
    assert (findings["Empty"]["category"], findings["Empty"]["id"]) == ("unmanaged", str(empty["id"]))
    assert _verdict(stack) is True
