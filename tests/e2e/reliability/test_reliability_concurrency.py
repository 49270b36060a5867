"""Concurrent runs: the engine's lock refuses a second run of the same stack; two stacks that share
one org/instance share its limits (tightened in the sandbox) and both converge."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from reliability_harness import Scenario, product_error, start
from reliability_profiles import PROFILES, State
from reliability_record import Cell

pytestmark = pytest.mark.e2e

FIRST_WRITE = {
    "eloqua": ("POST", "/assets/external/type$"),
    "account-engagement": ("POST", "sobjects/MarketingAppExtension/$"),
    "marketo": ("POST", "/activities/external/type.json$"),
}
# the instance's limits, tightened so that two stacks running at once must run into them
TIGHT_LIMITS: dict[str, dict[str, Any]] = {
    "eloqua": {"requests_per_second": 2},
    "marketo": {"rate_limit_calls": 3, "rate_limit_window_seconds": 5},
}
DEFAULT_LIMITS: dict[str, dict[str, Any]] = {
    "eloqua": {"requests_per_second": 0},
    "marketo": {"rate_limit_calls": 100, "rate_limit_window_seconds": 20},
}
OTHER = ("Reliability", "Sharedtwo")


def _cell(request: pytest.FixtureRequest, scenario: str, key: str) -> Cell:
    request.applymarker(pytest.mark.matrix(scenario=scenario, provider=key))
    cell: Cell = request.getfixturevalue("cell")
    return cell


def _popen_up(scenario: Scenario, out: Path) -> subprocess.Popen[bytes]:
    handle = out.open("w")
    return subprocess.Popen(
        ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--color", "never",
         "--stack", scenario.stack.name],
        cwd=scenario.stack.project_dir, env=scenario.stack.env, stdout=handle, stderr=subprocess.STDOUT,
    )


@pytest.mark.parametrize("key", list(FIRST_WRITE))
def test_a_second_run_of_the_same_stack_is_refused(key: str, request: pytest.FixtureRequest, pulumi_stack: Any,
                                                   control: Any, sandbox: Any, tmp_path: Path) -> None:
    cell = _cell(request, "concurrent runs, same stack", key)
    profile = PROFILES[key]
    scenario = start(profile, pulumi_stack, control, sandbox, cell, tmp_path)
    method, path = FIRST_WRITE[key]
    control.fault(profile.vendor, "latency", method=method, path=path, latency_ms=4000)
    mark = control.mark()
    out = tmp_path / "first-run.out"
    first = _popen_up(scenario, out)
    try:
        deadline = time.monotonic() + 60
        while not control.calls(since=mark, vendor=profile.vendor):
            assert first.poll() is None and time.monotonic() < deadline, "the first run never started"
            time.sleep(0.05)
        before = len(control.calls(since=mark, vendor=profile.vendor, writes_only=True))
        second = scenario.up(check=False)
        assert first.poll() is None, "the first run ended before the second was tried"
        assert second.returncode != 0, "a second run of a running stack was allowed"
        assert "locked" in second.stdout + second.stderr
        writes = control.calls(since=mark, vendor=profile.vendor, writes_only=True)
        assert len(writes) == before, "the refused run still called the API"
    finally:
        first.wait(timeout=180)
    scenario.texts.append(out.read_text())
    assert first.returncode == 0, out.read_text()[-3000:]
    line = next(ln.strip() for ln in (second.stdout + second.stderr).splitlines() if "locked" in ln)
    cell.note(f"2nd run refused by the engine's lock before any API call: \"{line[:140]}\"")
    for _ in range(profile.ups_to_converge - 1):
        scenario.up()
    scenario.finish()


def _split(state: State, marker: str) -> tuple[State, State]:
    """The org's objects of the stack whose names carry ``marker``, and the rest."""
    theirs: dict[str, list[dict[str, Any]]] = {}
    ids: set[str] = set()
    for _ in range(2):  # a child belongs to the stack of its parent (extension id, asset type id)
        for kind, docs in state.items():
            theirs[kind] = [d for d in docs if marker.lower() in json.dumps(d).lower()
                            or any(isinstance(v, str | int) and str(v) in ids for v in d.values())]
            ids |= {str(d.get("Id") or d.get("id")) for d in theirs[kind]}
    ours = {kind: [d for d in docs if d not in theirs.get(kind, [])] for kind, docs in state.items()}
    back = json.loads(json.dumps(theirs).replace(OTHER[1], OTHER[0]).replace(OTHER[1].lower(), OTHER[0].lower()))
    return ours, back


@pytest.mark.parametrize("key", list(FIRST_WRITE))
def test_two_stacks_share_one_instance(key: str, request: pytest.FixtureRequest, pulumi_stack: Any, control: Any,
                                       sandbox: Any, tmp_path: Path) -> None:
    cell = _cell(request, "two stacks sharing one org/instance", key)
    profile = PROFILES[key]
    one = start(profile, pulumi_stack, control, sandbox, cell, tmp_path, name="one")
    other_schema = profile.schema.replace(OTHER[0], OTHER[1]).replace(OTHER[0].lower(), OTHER[1].lower())
    two = start(profile, pulumi_stack, control, sandbox, cell, tmp_path, name="two", schema=other_schema)
    if key in TIGHT_LIMITS:
        control.settings(profile.vendor, **TIGHT_LIMITS[key])
    mark = control.mark()
    for round_ in range(profile.ups_to_converge):
        runs = []
        for scenario in (one, two):
            out = tmp_path / f"{scenario.stack.project_dir.name}-up-{round_}.out"
            runs.append((scenario, out, _popen_up(scenario, out)))
        for scenario, out, process in runs:
            process.wait(timeout=300)
            scenario.texts.append(out.read_text())
        for _scenario, out, process in runs:
            assert process.returncode == 0, (
                f"a stack failed while sharing the instance: {product_error(out.read_text())}")
    calls = control.calls(since=mark, vendor=profile.vendor)
    logs = "\n".join(p.read_text() for s in (one, two) for p in s.log_dir.glob("*.log"))
    retried = logs.count("retrying in")  # the HTTP core's log line for each throttled call it sends again
    if key in TIGHT_LIMITS:
        control.settings(profile.vendor, **DEFAULT_LIMITS[key])
    state = control.state(profile.vendor)
    ours, theirs = _split(state, OTHER[1])
    for part in (ours, theirs):
        problems = profile.org_problems(part, sandbox.endpoints, True)
        assert problems == [], f"the org does not hold exactly what both stacks declared: {problems}"
    assert profile.state_problems(ours, one.stack.resources()) == []
    if key in TIGHT_LIMITS:
        assert retried > 0, "the stacks never ran into the shared limit"
    what = (f"limits tightened to {TIGHT_LIMITS[key]}" if key in TIGHT_LIMITS
            else "no per-window Tooling limit: the daily allocation is shared")
    cell.note(f"2 stacks at once on one instance, {what}; {len(calls)} calls"
              + f", {retried} throttled answers retried; both converged")
    for scenario in (one, two):
        scenario.run("preview", "--expect-no-changes")
        scenario.assert_no_secret_leaked()
