"""Throttling, transient errors, daily quotas and lost responses, for every provider, through the engine."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from reliability_harness import start
from reliability_profiles import PROFILES
from reliability_record import Cell

pytestmark = pytest.mark.e2e

AE_POST = "sobjects/{}/$"
EXT, TYPE, ASSIGN = "MarketingAppExtension", "MarketingAppExtActivity", "MarketingAppExtAssignment"

# Each vendor's throttling and transient answers, on the calls of one run, in the vendor's own shape.
TRANSIENT: dict[str, list[dict[str, Any]]] = {
    "eloqua": [
        dict(status=429, method="POST", path="/assets/external/type$"),
        dict(status=429, method="POST", path="/assets/external/type$"),
        dict(status=503, method="GET", path="/assets/externals$"),
        dict(status=503, method="POST", path="/assets/external$"),
    ],
    "account-engagement": [
        dict(status=500, code="UNABLE_TO_LOCK_ROW", method="POST", path=AE_POST.format(EXT)),
        dict(status=400, code="UNABLE_TO_LOCK_ROW", method="POST", path=AE_POST.format(ASSIGN)),
        dict(status=503, method="POST", path=AE_POST.format(ASSIGN)),
        dict(status=503, method="PATCH", path=f"sobjects/{EXT}/"),
    ],
    "marketo": [
        dict(status=200, code="606", method="POST", path="/activities/external/type.json$"),
        dict(status=200, code="615", method="POST", path="/activities/external/type.json$"),
        dict(status=200, code="604", method="POST", path="/attributes/create.json$"),
        dict(status=200, code="608", method="POST", path="/attributes/create.json$"),
        dict(status=200, code="713", method="POST", path="/approve.json$"),
    ],
}

# Quotas that reset only daily: the run stops at once with a clear message, no retry.
DAILY: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "account-engagement": (dict(status=403, code="REQUEST_LIMIT_EXCEEDED", method="POST", path=AE_POST.format(EXT)),
                           ("daily API request allocation", "nothing was retried")),
    "marketo": (dict(status=200, code="607", method="POST", path="/activities/external/type.json$"),
                ("607", "daily")),
}

# The create whose answer is lost after the vendor committed it (each one, in turn, in one run).
LOST: dict[str, list[dict[str, Any]]] = {
    "eloqua": [dict(method="POST", path="/assets/external/type$"), dict(method="POST", path="/assets/external$")],
    "account-engagement": [dict(method="POST", path=AE_POST.format(p)) for p in (EXT, TYPE, ASSIGN)],
    "marketo": [dict(method="POST", path=p) for p in
                ("/activities/external/type.json$", "/attributes/create.json$", "/approve.json$")],
}


def _cell(request: pytest.FixtureRequest, scenario: str, key: str) -> Cell:
    request.applymarker(pytest.mark.matrix(scenario=scenario, provider=key))
    cell: Cell = request.getfixturevalue("cell")
    return cell


@pytest.mark.parametrize("key", list(TRANSIENT))
def test_throttling_and_transient_errors_are_retried(key: str, request: pytest.FixtureRequest, pulumi_stack: Any,
                                                     control: Any, sandbox: Any, tmp_path: Path) -> None:
    cell = _cell(request, "throttling-transient", key)
    profile = PROFILES[key]
    scenario = start(profile, pulumi_stack, control, sandbox, cell, tmp_path)
    for fault in TRANSIENT[key]:
        control.fault(profile.vendor, "status", **fault)
    mark = control.mark()
    started = time.monotonic()
    scenario.converge()
    elapsed = time.monotonic() - started
    assert control.faults() == [], f"some injected answers were never met: {control.faults()}"
    calls = control.calls(since=mark, vendor=profile.vendor)
    gaps = _retry_gaps(calls, TRANSIENT[key])
    assert len(gaps) == len(TRANSIENT[key]), "every refused call was sent again"
    # backoff: never resent at once (full jitter draws from [ceiling/2, ceiling], ceiling >= 0.5 s)
    assert min(gaps) >= 0.2, f"a retry came without backoff: {gaps}"
    codes = "/".join(str(f.get("code") or f["status"]) for f in TRANSIENT[key])
    cell.note(f"{codes} retried with backoff+jitter (waits {min(gaps):.1f}-{max(gaps):.1f} s); "
              f"converged in {elapsed:.0f} s")
    scenario.finish()


def _retry_gaps(calls: list[dict[str, Any]], faults: list[dict[str, Any]]) -> list[float]:
    """Seconds between each refused call and the call that sent it again.

    Every faulted step here creates or changes one object, so the calls matching a fault's method
    and path are that one request and its retries, in order (Marketo answers errors with HTTP 200,
    so statuses alone cannot tell them apart).
    """
    groups: dict[tuple[str, str], int] = {}
    for fault in faults:
        groups[(fault["method"], fault["path"])] = groups.get((fault["method"], fault["path"]), 0) + 1
    gaps = []
    for (method, pattern), refused in groups.items():
        matching = [c for c in calls if c["method"] == method and re.search(pattern, c["path"])]
        assert len(matching) >= refused + 1, f"{method} {pattern}: {len(matching)} calls for {refused} refusals"
        gaps += [matching[j + 1]["at"] - matching[j]["at"] for j in range(refused)]
    return gaps


@pytest.mark.parametrize("key", list(DAILY))
def test_daily_quota_stops_with_a_clear_message(key: str, request: pytest.FixtureRequest, pulumi_stack: Any,
                                                control: Any, sandbox: Any, tmp_path: Path) -> None:
    cell = _cell(request, "daily-quota", key)
    profile = PROFILES[key]
    fault, words = DAILY[key]
    scenario = start(profile, pulumi_stack, control, sandbox, cell, tmp_path)
    control.fault(profile.vendor, "status", count=-1, **fault)
    mark = control.mark()
    failed = scenario.up(check=False)
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0
    for word in words:
        assert word in output, f"the message does not say {word!r}:\n{output[-2000:]}"
    hits = [c for c in control.calls(since=mark, vendor=profile.vendor) if c["method"] == fault["method"]
            and c["path"].endswith(fault["path"].rstrip("$").split("/")[-1] or c["path"])]
    assert len([h for h in hits if "sobjects" in h["path"] or ".json" in h["path"]]) == 1, "a daily quota was retried"
    assert profile.org_problems(control.state(profile.vendor), sandbox.endpoints, False) == []
    line = next(ln.strip() for ln in output.splitlines() if any(w in ln for w in words))
    cell.note(f"stopped after 1 call, no retry: \"{line[:160]}\"")
    control.clear_faults()  # the quota resets: the next run converges
    scenario.converge()
    scenario.finish()


@pytest.mark.parametrize("key", list(LOST))
def test_lost_create_responses_create_nothing_twice(key: str, request: pytest.FixtureRequest, pulumi_stack: Any,
                                                    control: Any, sandbox: Any, tmp_path: Path) -> None:
    cell = _cell(request, "lost-response", key)
    profile = PROFILES[key]
    scenario = start(profile, pulumi_stack, control, sandbox, cell, tmp_path)
    for fault in LOST[key]:
        control.fault(profile.vendor, "drop_after", **fault)
    first = scenario.up(check=False)
    assert control.faults() == [] or first.returncode != 0, "every lost answer was met"
    assert profile.org_problems(control.state(profile.vendor), sandbox.endpoints, False) == []
    reruns = 0
    while control.faults():
        reruns += 1
        assert reruns <= len(LOST[key]), "the lost answers kept the runs failing"
        scenario.up(check=False)
        assert profile.org_problems(control.state(profile.vendor), sandbox.endpoints, False) == []
    if first.returncode != 0:
        reruns += 1
    scenario.converge()
    steps = ", ".join(f["path"].strip("$/").split("/")[-1] for f in LOST[key])
    how = "found by natural key in the same run" if first.returncode == 0 else (
        f"the run stopped ('connection lost'); the rerun found it by natural key ({reruns} rerun(s))")
    cell.note(f"answers of {steps} dropped after commit: {how}")
    scenario.finish()
