"""examples/two-stacks: one schema, a sandbox-org stack (inactive) and a production stack (active),
applied against two separate sandboxes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from activity_schemas.engine import REPO_ROOT, Stack, offline_env
from sandbox.controlclient import SandboxControl
from sandbox.server import SandboxServer

pytestmark = pytest.mark.e2e

EXAMPLE = REPO_ROOT / "examples" / "two-stacks"


@pytest.fixture
def production_sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    server = SandboxServer(data_dir=tmp_path / "production-sandbox")
    server.start()
    yield server
    server.stop()


def _records(control: SandboxControl, sobject: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = control.admin("salesforce", "GET", f"objects/{sobject}").json()
    return records


def test_one_schema_two_stacks_two_orgs(
    tmp_path: Path, sandbox: Any, control: SandboxControl, production_sandbox: SandboxServer, pulumi_cli_dir: Path
) -> None:
    project = tmp_path / "two-stacks"
    shutil.copytree(EXAMPLE, project)
    pulumi_yaml = project / "Pulumi.yaml"
    pulumi_yaml.write_text(pulumi_yaml.read_text().replace("../../.venv", str(REPO_ROOT / ".venv")))
    env = offline_env(tmp_path / "state", tmp_path / "home", bin_dir=pulumi_cli_dir)
    production_control = SandboxControl(production_sandbox.endpoints()["control"],
                                        production_sandbox.endpoints()["ca_bundle"])

    stacks = {}
    for name, endpoints in (("sandbox", sandbox.endpoints_file), ("production", production_sandbox.endpoints_file)):
        stack = Stack(project, name, env).init()
        stack.set_config("activity-schemas:sandboxEndpoints", str(endpoints))
        stack.up()
        stack.up()  # activation (production) applies on the run after creation
        stack.preview("--expect-no-changes")
        stacks[name] = stack

    for org, active, status in ((control, False, "draft"), (production_control, True, "approved")):
        [ext] = _records(org, "MarketingAppExtension")
        assert (ext["DeveloperName"], ext["IsActive"]) == ("Webinar_Service", active)
        [activity] = _records(org, "MarketingAppExtActivity")
        assert (activity["DeveloperName"], activity["IsActive"]) == ("registered", active)
        [cat] = org.admin("marketo", "GET", "types").json()
        assert (cat["apiName"], cat["status"]) == ("attendConference", status)
        [asset_type] = org.state("eloqua")["eloqua/assetType"]
        assert [a["name"] for a in asset_type["activityTypes"]] == ["Registered", "Attended", "Viewed a Demo"]
    assert stacks["production"].outputs()["ae:Webinar_Service"]["active"] is True
    assert stacks["sandbox"].outputs()["ae:Webinar_Service"]["active"] is False
