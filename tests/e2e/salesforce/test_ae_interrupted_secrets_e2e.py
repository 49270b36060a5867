"""Interrupted runs converge without duplicates; the stack's state holds no credential or token."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ae_program import ASSIGNMENT, EXT, PROGRAM, TYPE, records

pytestmark = pytest.mark.e2e


def test_ae_interrupted_run_rerun_converges(pulumi_stack: Any, control: Any) -> None:
    stack = pulumi_stack(PROGRAM)
    # the activity type's create is committed but its answer lost: recovered in the same run
    control.fault("salesforce", "drop_after", method="POST", path=f"sobjects/{TYPE}/$")
    # the assignment's create never reaches the org: that up fails
    control.fault("salesforce", "drop", method="POST", path=f"sobjects/{ASSIGNMENT}/$")
    result = stack.up(check=False)
    assert result.returncode != 0
    assert "connection lost" in result.stdout + result.stderr
    assert len(records(control, TYPE)) == 1
    assert records(control, ASSIGNMENT) == []
    recorded = {r["urn"].split("::")[-1] for r in stack.resources()}
    assert {"ext", "other", "registered"} <= recorded and "assignment" not in recorded

    # the rerun converges: one of each object, the recovered type kept
    type_id = records(control, TYPE)[0]["Id"]
    stack.up()
    out = stack.outputs()
    assert out["typeId"] == type_id
    assert len(records(control, TYPE)) == 1
    assert [a["Id"] for a in records(control, ASSIGNMENT)] == [out["assignmentId"]]
    assert sorted(r["DeveloperName"] for r in records(control, EXT)) == ["Other_Service", "Webinar_Service"]
    stack.preview("--expect-no-changes")


def test_ae_state_holds_no_secret_or_token(pulumi_stack: Any, control: Any, sandbox: Any) -> None:
    stack = pulumi_stack(PROGRAM, config={"t:active": "true"})
    stack.up()
    stack.up()  # the activation
    stack.refresh()
    exported = json.dumps(stack.export())

    sf = sandbox.endpoints["salesforce"]
    credentials = control.admin("salesforce", "GET", "credentials").json()
    key_lines = [line for line in Path(sf["private_key_file"]).read_text().splitlines()
                 if line and not line.startswith("-----")]
    secrets = [sf["client_secret"], sf["refresh_token"], credentials["password"],
               credentials["security_token"], *key_lines]
    assert all(len(s) >= 8 for s in secrets)
    leaked = [s[:4] + "..." for s in secrets if s in exported]
    assert leaked == []

    # the sandbox keeps only SHA-256 hashes of the access tokens it issued: hash every word of the
    # export and compare, so no issued token is in the state in any form
    issued = {doc["hash"] for doc in control.state("salesforce").get("salesforce/AccessToken", [])}
    assert issued, "the providers obtained tokens during the runs"
    words = set(re.split(r"[\s\"',:{}\[\]\\]+", exported))
    assert {hashlib.sha256(w.encode()).hexdigest() for w in words if w} & issued == set()


@pytest.mark.parametrize("flow", ["jwt", "refresh_token"])
def test_ae_credentials_from_stack_config_secrets(pulumi_stack: Any, control: Any, sandbox: Any, flow: str) -> None:
    """A real org's set-up: every setting in stack config, credentials as `--secret` values."""
    sf = sandbox.endpoints["salesforce"]
    config = {"salesforce:loginUrl": sf["login_url"], "salesforce:clientId": sf["client_id"],
              "salesforce:authFlow": flow, "salesforce:caBundle": sandbox.endpoints["ca_bundle"],
              "accountEngagement:baseUrl": sandbox.endpoints["account_engagement"]["base_url"]}
    if flow == "jwt":
        config["salesforce:username"] = sf["username"]
        secrets = {"salesforce:privateKey": Path(sf["private_key_file"]).read_text()}
        stack = pulumi_stack(PROGRAM, config=config)
        # as documented: `pulumi config set --secret salesforce:privateKey < key.pem` (a PEM argument
        # would be read as a flag)
        subprocess.run(["pulumi", "config", "set", "--secret", "--stack", stack.name, "salesforce:privateKey"],
                       input=secrets["salesforce:privateKey"], cwd=stack.project_dir, env=stack.env, check=True,
                       capture_output=True, text=True)
    else:
        secrets = {"salesforce:refreshToken": sf["refresh_token"], "salesforce:clientSecret": sf["client_secret"]}
        stack = pulumi_stack(PROGRAM, config=config, secrets=secrets)
    assert not any(line in (stack.project_dir / "Pulumi.test.yaml").read_text()
                   for value in secrets.values() for line in value.splitlines() if len(line) > 20)
    stack.up()
    assert len(records(control, EXT)) == 2 and len(records(control, ASSIGNMENT)) == 1
    exported = json.dumps(stack.export())
    for value in secrets.values():
        for line in value.splitlines():
            if line and not line.startswith("-----"):
                assert line not in exported
    stack.preview("--expect-no-changes")
