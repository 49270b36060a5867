"""Drift's pure parts: comparing deployments, unmanaged objects, schema lines, the rendered report."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from activity_schemas import drift_cmd
from activity_schemas.drift import DriftReport, compare_all, managed_keys, unmanaged
from activity_schemas.drift_schema import attach_schema_lines
from activity_schemas.inventory import LiveObject
from activity_schemas.kinds import resource_kinds

AE = "pulumi-python:dynamic/accountengagement"
MKTO = "pulumi-python:dynamic/marketo:CustomActivityType"
ELQ = "pulumi-python:dynamic/eloqua:ExternalAssetType"
URN = "urn:pulumi:test::t::{type}::{name}"
EXT_ID, TYPE_ID = "1Ex000000000001AAA", "1Ea000000000001AAA"


def res(type_: str, name: str, id_: str, inputs: dict[str, Any],
        outputs: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"urn": URN.format(type=type_, name=name), "type": type_, "id": id_, "custom": True,
            "inputs": inputs, "outputs": {**inputs, **(outputs or {})}}


def deployment(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resources": [{"urn": "urn:pulumi:test::t::pulumi:pulumi:Stack::t-test", "type": "pulumi:pulumi:Stack"},
                          *resources]}


def _ae(active: bool, type_active: bool, label: str = "Webinar Service") -> dict[str, Any]:
    return deployment(
        res(f"{AE}:Extension", "ae-ext-Webinar_Service", EXT_ID,
            {"developerName": "Webinar_Service", "masterLabel": label}),
        res(f"{AE}:ActivityType", "ae-type-Webinar_Service-attended", TYPE_ID,
            {"extensionId": EXT_ID, "developerName": "attended", "masterLabel": "Attended"}),
        res(f"{AE}:Activation", "ae-activation-Webinar_Service", "activation-x",
            {"extensionId": EXT_ID, "activityTypeIds": [TYPE_ID], "active": active},
            {"extensionActive": True, "activityTypesActive": {TYPE_ID: type_active}}),
    )


def test_a_deactivated_type_is_named_by_developer_name() -> None:
    findings = compare_all(_ae(True, True), _ae(False, False), resource_kinds())
    [finding] = findings
    assert finding.category == "deactivated or unapproved"
    assert finding.name == "ae-activation-Webinar_Service"
    assert [(c.path, c.old, c.new) for c in finding.changes] == [
        ("active", True, False), ("activityTypesActive[attended]", True, False)]


def test_clean_deployments_give_no_finding_and_a_deletion_is_first() -> None:
    assert compare_all(_ae(True, True), _ae(True, True), resource_kinds()) == []
    after = _ae(True, True, label="Edited")
    after["resources"] = [r for r in after["resources"] if "ActivityType" not in r["type"]]
    findings = compare_all(_ae(True, True), after, resource_kinds())
    assert [(f.category, f.name) for f in findings] == [
        ("deleted outside Pulumi", "ae-type-Webinar_Service-attended"), ("changed", "ae-ext-Webinar_Service")]


def test_a_marketo_draft_left_pending_is_unapproved() -> None:
    inputs = {"apiName": "visitBooth", "name": "Visit Booth"}
    before = deployment(res(MKTO, "mkto-visitBooth", "visitBooth", inputs, {"status": "approved"}))
    after = deployment(res(MKTO, "mkto-visitBooth", "visitBooth", inputs, {"status": "approved with draft"}))
    [finding] = compare_all(before, after, resource_kinds())
    assert (finding.category, finding.kind) == ("deactivated or unapproved", "Marketo custom activity type")
    assert [(c.path, c.old, c.new) for c in finding.changes] == [("status", "approved", "approved with draft")]


def test_unmanaged_objects_by_id_or_natural_key() -> None:
    keys = managed_keys(_ae(True, True)) | managed_keys(deployment(
        res(ELQ, "eloqua-type-Tradeshow", "10001", {"name": "Tradeshow", "activityTypes": ["A"]})))
    live = [
        LiveObject("eloqua", "external asset type", "TRADESHOW", "10009", {}),  # same name, other case
        LiveObject("eloqua", "external asset type", "Renamed in UI", "10001", {}),  # same id
        LiveObject("eloqua", "external asset type", "Roadshow", "10002", {"name": "Roadshow"}),
        LiveObject("account_engagement", "extension", "Webinar_Service", EXT_ID[:15], {}),
        LiveObject("account_engagement", "activity type", "Webinar_Service.attended", TYPE_ID, {},
                   parent="Webinar_Service"),
        LiveObject("account_engagement", "activity type", "Webinar_Service.viewed", "1Ea000000000009AAA", {},
                   parent="Webinar_Service"),
        LiveObject("account_engagement", "extension", "Other", "1Ex000000000009AAA", {}),
        LiveObject("account_engagement", "activity type", "Other.x", "1Ea000000000008AAA", {}, parent="Other"),
        LiveObject("marketo", "custom activity type", "visitBooth", "visitBooth", {}),
    ]
    found = unmanaged(live, keys)
    assert [(f.kind, f.name) for f in found] == [
        ("Eloqua external asset type", "Roadshow"),
        ("Account Engagement activity type", "Webinar_Service.viewed"),
        ("Account Engagement extension", "Other"),  # its activity types come with it
        ("Marketo custom activity type", "visitBooth"),
    ]
    assert found[0].detail["entry"] == {"name": "Roadshow"} and "adopt" in found[0].hint


SCHEMA = """\
eloqua:
  externalAssetTypes:
    - name: Tradeshow
      activityTypes: [Registered, Attended]
      assets: [Tradeshow 2021]
"""


def test_schema_lines_accept_live_values_where_the_schema_declares_them(tmp_path: Path) -> None:
    schema = tmp_path / "s.yaml"
    schema.write_text(SCHEMA)
    before = deployment(res(ELQ, "eloqua-type-Tradeshow", "10001",
                            {"name": "Tradeshow", "activityTypes": ["Registered", "Attended"]}))
    after = deployment(res(ELQ, "eloqua-type-Tradeshow", "10001",
                           {"name": "Tradeshow", "activityTypes": ["Registered", "Came"], "description": "ui"}))
    findings = compare_all(before, after, resource_kinds())
    attach_schema_lines(findings, before, after, [schema])
    assert findings[0].detail["schema_lines"] == [
        f"{schema}:4: replace with: activityTypes: [Registered, Came]",
        f"{schema}:3: add to this entry: description: ui",
    ]


ASSETS_SCHEMA = """\
eloqua:
  externalAssetTypes:
    - name: Tradeshow
      activityTypes: [Registered]
      assets:
        - Tradeshow 2021
        - {name: Tradeshow 2022, description: Austin}
"""
ASSET = "pulumi-python:dynamic/eloqua:ExternalAsset"


def _asset(name: str, id_: str, resource: str | None = None, **inputs: Any) -> dict[str, Any]:
    return res(ASSET, f"eloqua-asset-{resource or name}", id_,
               {"name": name, "externalAssetTypeId": "10001", **inputs})


def test_schema_lines_for_assets_in_both_forms(tmp_path: Path) -> None:
    """A bare name is rewritten as a whole list item; the mapping form gets a line edit."""
    schema = tmp_path / "s.yaml"
    schema.write_text(ASSETS_SCHEMA)
    before = deployment(_asset("Tradeshow 2021", "20001"), _asset("Tradeshow 2022", "20002", description="Austin"))
    after = deployment(_asset("Tradeshow 2021", "20001", description="Set in the UI"),
                       _asset("Tradeshow 2022", "20002", description="Dallas"))
    findings = compare_all(before, after, resource_kinds())
    attach_schema_lines(findings, before, after, [schema])
    lines = {f.name: f.detail["schema_lines"] for f in findings}
    assert lines == {
        "eloqua-asset-Tradeshow 2021": [f"{schema}:6: replace with: - {{name: Tradeshow 2021, description: Set in "
                                        "the UI}"],
        "eloqua-asset-Tradeshow 2022": [f"{schema}:7: replace with: description: Dallas"],
    }
    renamed = deployment(_asset("Tradeshow 21", "20001", "Tradeshow 2021"),
                         _asset("Tradeshow 2022", "20002", description="Austin"))
    findings = compare_all(before, renamed, resource_kinds())
    attach_schema_lines(findings, before, renamed, [schema])
    assert [f.detail["schema_lines"] for f in findings] == [[f"{schema}:6: replace with: - Tradeshow 21"]]


def _report() -> DriftReport:
    findings = compare_all(_ae(True, True), _ae(False, False), resource_kinds())
    return DriftReport("prod", findings, 3, {"marketo": "missing setting marketo:baseUrl"}, ["prod"])


def test_markdown_and_json_reports() -> None:
    report = _report()
    markdown = drift_cmd.render_markdown(report)
    assert markdown.startswith("## Drift of stack `prod`\n\n3 managed resources checked: 1 drifted; 0 unmanaged")
    assert "### Deactivated or unapproved" in markdown
    assert "  - `activityTypesActive[attended]`: `true` → `false`" in markdown
    assert "_marketo was not checked for unmanaged objects: missing setting marketo:baseUrl_" in markdown
    doc = json.loads(drift_cmd.render_json(report))
    assert doc["drifted"] is True
    assert doc["findings"][0]["changes"][0] == {"path": "active", "kind": "changed", "old": True, "live": False}
    clean = drift_cmd.render_markdown(DriftReport("prod", [], 3))
    assert "No drift" in clean


def test_any_failure_of_the_check_is_exit_2_not_drift(monkeypatch: Any) -> None:
    """A nightly job reads 1 as "drifted": a vendor answer missing a key must not look like drift."""
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("activityTypes")

    monkeypatch.setattr(drift_cmd, "run_drift", broken)
    stack = argparse.Namespace(name="prod")
    text, code = drift_cmd.check(stack, [], "json")  # type: ignore[arg-type]
    assert code == 2 and json.loads(text) == {"stack": "prod", "error": "unexpected KeyError: 'activityTypes'"}


def test_an_unknown_stack_is_an_error_exit(capsys: Any) -> None:
    code = drift_cmd.run(argparse.Namespace(stack="no-such-stack", format="markdown", out=None, unmanaged=True))
    assert code == 2
    assert "no stack 'no-such-stack'" in capsys.readouterr().out


def test_the_stack_config_file_is_put_back_byte_for_byte(tmp_path: Path) -> None:
    from activity_schemas.drift import config_file_untouched, stack_config_file
    from activity_schemas.engine import Stack

    (tmp_path / "stacks").mkdir()
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\nstackConfigDir: stacks\n")
    stack = Stack(tmp_path, "prod", {})
    file = stack_config_file(stack)
    assert file == tmp_path / "stacks" / "Pulumi.prod.yaml"
    file.write_text("config:\n  a:b: c\n")
    with config_file_untouched(stack):
        file.write_text("config:\n  a:b: c\nencryptionsalt: new\n")
    assert file.read_text() == "config:\n  a:b: c\n"
    file.unlink()
    with config_file_untouched(stack):
        file.write_text("encryptionsalt: new\n")
    assert not file.exists()
