"""``pulumi up`` killed hard (SIGKILL, every process it started) at each step of a multi-step
operation, then recovered the way docs/recovery.md tells a user to."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from reliability_harness import Scenario, reached, start, up_killed_when
from reliability_profiles import PROFILES
from reliability_record import Cell

from activity_schemas import recover_cmd
from activity_schemas.engine import PulumiError, Stack

pytestmark = pytest.mark.e2e
HOLD_MS = 3000


@dataclass(frozen=True)
class KillPoint:
    provider: str
    step: str  # the matrix row: "killed <step>"
    target: tuple[str, str, int]  # method, path pattern, how many answered calls before the kill
    hold: tuple[str, str] | None  # the next step's request, held in flight by the sandbox when killed
    ups_before: int = 0  # complete runs before the killed one (activation happens on the 2nd up)


AE = "sobjects/MarketingAppExt{}/$"
KILL_POINTS = [
    KillPoint("eloqua", "after the asset type, asset create in flight",
              ("POST", "/assets/external/type$", 1), ("POST", "/assets/external$")),
    KillPoint("eloqua", "after the asset, before the state is saved",
              ("POST", "/assets/external$", 1), None),
    KillPoint("account-engagement", "after the extension, type create in flight",
              ("POST", AE.format("ension"), 1), ("POST", AE.format("Activity"))),
    KillPoint("account-engagement", "after the activity types, assignment in flight",
              ("POST", AE.format("Activity"), 2), ("POST", AE.format("Assignment"))),
    KillPoint("account-engagement", "after the assignment, before activation",
              ("POST", AE.format("Assignment"), 1), None),
    KillPoint("account-engagement", "during activation (types active, extension not yet)",
              ("PATCH", "sobjects/MarketingAppExtActivity/", 1), ("PATCH", "sobjects/MarketingAppExtension/"),
              ups_before=1),
    KillPoint("marketo", "after the draft, attributes in flight",
              ("POST", "/activities/external/type.json$", 1), ("POST", "/attributes/create.json$")),
    KillPoint("marketo", "after the attributes, approve in flight",
              ("POST", "/attributes/create.json$", 1), ("POST", "/approve.json$")),
    KillPoint("marketo", "after approve, before the state is saved",
              ("POST", "/approve.json$", 1), None),
]


@dataclass
class RecordedStack(Stack):
    """The scenario's stack, keeping every output for the secrets scan."""

    texts: list[str] = field(default_factory=list)

    def run(self, *args: str, check: bool = True, timeout: float | None = None,
            stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        result = super().run(*args, check=False, timeout=timeout, stdin=stdin)
        self.texts.append(result.stdout + result.stderr)
        if check and result.returncode != 0:
            raise PulumiError(args, result)
        return result


def recover(scenario: Scenario) -> list[str]:
    """`activity-schemas recover` (docs/recovery.md as one command); returns the steps it took."""
    base = scenario.stack
    stack = RecordedStack(base.project_dir, base.name, base.env, base.timeout, texts=scenario.texts)
    said: list[str] = []
    marks: list[int] = []

    def say(line: str) -> None:
        said.append(line)
        if "--target" in line:  # recording adopt: false must not write to the org
            marks.append(scenario.control.mark())

    refused = recover_cmd.recover(stack, yes=False, say=say)
    if not refused.recovered:  # a killed run leaves the lock: only the user may say no run is going
        assert "--yes" in refused.message and refused.steps == ["pulumi up"], refused
    done = refused if refused.recovered else recover_cmd.recover(stack, yes=True, say=say)
    scenario.texts.extend(said)
    assert done.recovered, f"the recovery did not converge: {done.message}"
    for mark in marks:
        writes = [c["endpoint"] for c in scenario.control.calls(since=mark, vendor=scenario.profile.vendor,
                                                                writes_only=True) if "token" not in c["path"]]
        assert writes == [], f"recording adopt: false wrote to the org: {writes}"
    steps = list(done.steps)
    if done.activation_pending:  # left for the person who chose it: their next `pulumi up`
        scenario.up()
        steps.append("pulumi up (the activation, reviewed)")
    return (["recover without --yes: refused, names the lock"] if not refused.recovered else []) + steps


IDS = [f"{p.provider}-{p.step.split(',')[0].replace(' ', '-')}" for p in KILL_POINTS]


@pytest.mark.parametrize("point", KILL_POINTS, ids=IDS)
def test_killed_run_then_documented_recovery(point: KillPoint, request: pytest.FixtureRequest, pulumi_stack: Any,
                                             control: Any, sandbox: Any, tmp_path: Path) -> None:
    request.applymarker(pytest.mark.matrix(scenario=f"killed {point.step}", provider=point.provider))
    cell: Cell = request.getfixturevalue("cell")
    profile = PROFILES[point.provider]
    scenario = start(profile, pulumi_stack, control, sandbox, cell, tmp_path)
    for _ in range(point.ups_before):
        scenario.up()
    if point.hold:
        method, path = point.hold
        control.fault(profile.vendor, "latency", method=method, path=path, latency_ms=HOLD_MS)
    method, path, count = point.target
    # with a held next step, wait until it is in flight (sent, held by the sandbox) before the kill
    output = up_killed_when(scenario, reached(method, path, count), delay=1.0 if point.hold else 0.0)
    assert "Resources:" not in output, "the run was killed before it finished"
    time.sleep(HOLD_MS / 1000 + 1.5)  # a request in flight when the run died is committed all the same
    control.clear_faults()
    interim = profile.org_problems(control.state(profile.vendor), sandbox.endpoints, False)
    assert interim == [], f"the killed run left the org in an undeclared state: {interim}"
    pending = [op.get("resource", {}).get("urn", "").split("::")[-1]
               for op in scenario.stack.export()["deployment"].get("pending_operations") or []]
    needed = recover(scenario)
    cell.note(f"SIGKILL; pending operations recorded: {pending or 'none'}; recovery: {' -> '.join(needed)}")
    scenario.finish()


@pytest.mark.matrix(scenario="killed after the draft, recovered by deleting the draft instead of adopting it",
                    provider="marketo")
def test_marketo_orphan_draft_deleted_instead(pulumi_stack: Any, control: Any, sandbox: Any, tmp_path: Path,
                                              cell: Cell) -> None:
    """docs/recovery.md's alternative: delete the never-approved draft in Marketo, then `pulumi up`."""
    profile = PROFILES["marketo"]
    scenario = start(profile, pulumi_stack, control, sandbox, cell, tmp_path)
    control.fault(profile.vendor, "latency", method="POST", path="/attributes/create.json$", latency_ms=HOLD_MS)
    up_killed_when(scenario, reached("POST", "/activities/external/type.json$", 1), delay=1.0)
    time.sleep(HOLD_MS / 1000 + 1.5)
    control.clear_faults()
    [draft] = [t for t in control.state("marketo").get("marketo/customType", []) if t.get("origin") != "seed"]
    assert draft.get("live") is None, "the killed run left a never-approved draft"
    scenario.run("cancel", "--yes")
    deleted = control.admin("marketo", "DELETE", f"types/{draft['apiName']}")  # Admin > Marketo Custom Activities
    assert deleted.status_code < 300, deleted.text
    scenario.up()
    cell.note("SIGKILL after the draft; pulumi cancel -> draft deleted in Marketo's UI -> pulumi up")
    scenario.finish()


@pytest.mark.parametrize("key", list(PROFILES))
def test_recovery_adopt_switch_makes_no_api_write(key: str, request: pytest.FixtureRequest, pulumi_stack: Any,
                                                  control: Any, sandbox: Any, tmp_path: Path) -> None:
    """Step 3 of docs/recovery.md turns adopt on for one run and off again: neither may write."""
    request.applymarker(pytest.mark.matrix(scenario="recovery step: adopt on, then off, writes nothing",
                                           provider=key))
    cell: Cell = request.getfixturevalue("cell")
    profile = PROFILES[key]
    scenario = start(profile, pulumi_stack, control, sandbox, cell, tmp_path)
    scenario.converge()
    writes: list[str] = []
    for change in (("config", "set", "activity-schemas:adopt", "true"), ("config", "rm", "activity-schemas:adopt")):
        scenario.run(*change)
        mark = control.mark()
        scenario.up()
        writes += [c["endpoint"] for c in control.calls(since=mark, vendor=profile.vendor, writes_only=True)
                   if "token" not in c["path"]]
    assert writes == [], f"switching adopt wrote to the org: {writes}"
    cell.note("adopt set: up, adopt removed: up; 0 API writes")
    scenario.finish()
