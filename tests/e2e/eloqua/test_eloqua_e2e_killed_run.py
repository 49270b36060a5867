"""A `pulumi up` killed while an Eloqua create is in flight, then run again: no duplicates."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from eloqua_e2e_program import PROGRAM

from tests.process_tree import descendants, kill_tree

pytestmark = pytest.mark.e2e


def _is_provider(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"pulumi.dynamic" in cmdline or b"pulumi-resource-pulumi-python" in cmdline


def _count(control: Any, kind: str) -> int:
    return len(control.state("eloqua").get(f"eloqua/{kind}", []))


def test_killed_run_then_rerun_adopts_instead_of_duplicating(pulumi_stack: Any, control: Any) -> None:
    stack = pulumi_stack(PROGRAM)
    # The asset create is held 8 s before the sandbox commits it; the run is killed meanwhile,
    # so Eloqua has the asset but the Pulumi state never learns its id.
    control.fault("eloqua", "latency", method="POST", path="/assets/external$", latency_ms=8000)
    mark = control.mark()
    process = subprocess.Popen(
        ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack.name],
        cwd=stack.project_dir, env=stack.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    providers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        lookup = "GET /api/REST/2.0/assets/externals"  # the asset's lookup by name, right before its POST
        while lookup not in [c["endpoint"] for c in control.calls(since=mark, vendor="eloqua")]:
            if time.monotonic() > deadline or process.poll() is not None:
                raise AssertionError("the run never reached the asset create")
            time.sleep(0.1)
        time.sleep(1.5)  # the asset POST is now in flight, inside its 8 s delay
        # Kill the engine (pulumi and its language host) hard; the provider process, now orphaned,
        # still sends the asset POST the sandbox holds, which Eloqua would commit all the same.
        tree = descendants(process.pid)
        providers = [pid for pid in tree if _is_provider(pid)]
        kill_tree([process.pid, *[pid for pid in tree if pid not in providers]])
        process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _count(control, "asset") == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        kill_tree([*descendants(process.pid), process.pid, *providers])  # every process this run started, by id
        process.wait(timeout=30)
    assert _count(control, "asset") == 1, "the in-flight create should have been committed"

    stack.run("cancel", "--yes")  # the killed run left its lock: the documented way to release it
    rerun = stack.up(check=False)
    output = rerun.stdout + rerun.stderr
    assert rerun.returncode != 0 and "already exists" in output and "adopt" in output
    assert (_count(control, "assetType"), _count(control, "asset")) == (1, 1)

    stack.set_config("test:adopt", "true")  # the documented recovery: adopt what the killed run made
    program_with_adopt = PROGRAM.replace('asset_type_id=tradeshow.id)', 'asset_type_id=tradeshow.id, adopt=True)')
    (stack.project_dir / "__main__.py").write_text(program_with_adopt)
    stack.up()
    assert (_count(control, "assetType"), _count(control, "asset")) == (1, 1)
    stack.preview("--expect-no-changes")
