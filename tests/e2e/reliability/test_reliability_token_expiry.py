"""Tokens expire in the middle of a run: the provider renews once and carries on, nothing doubled."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from reliability_harness import Scenario, start
from reliability_profiles import ACCOUNT_ENGAGEMENT, ELOQUA, MARKETO, Profile
from reliability_record import Cell

pytestmark = pytest.mark.e2e

# (profile, the vendor's own rejection injected on a later step, the first write's path)
CASES: dict[str, tuple[Profile, list[dict[str, Any]], str]] = {
    "eloqua": (ELOQUA, [dict(status=401, method="POST", path="/assets/external$")],
               "/assets/external/type$"),
    "account-engagement": (ACCOUNT_ENGAGEMENT, [
        dict(status=401, code="INVALID_SESSION_ID", method="POST", path="sobjects/MarketingAppExtAssignment/$")],
        "sobjects/MarketingAppExtension/$"),
    # the real expiry after the draft makes the sandbox answer 602 on the attributes call
    "marketo": (MARKETO, [dict(status=200, code="601", method="POST", path="/approve.json$")],
        "/activities/external/type.json$"),
}


def _expire_after_first_write(scenario: Scenario, path: str, done: threading.Event,
                              fired: threading.Event) -> threading.Thread:
    """Expires every token the sandbox issued as soon as the run's first create is answered."""
    import re

    mark = scenario.control.mark()

    def watch() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not done.is_set():
            calls = scenario.control.calls(since=mark, vendor=scenario.profile.vendor)
            if any(c["method"] == "POST" and re.search(path, c["path"]) and c["status"] < 300 for c in calls):
                scenario.control.expire_tokens(scenario.profile.vendor)
                fired.set()
                done.set()
                return
            time.sleep(0.02)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("key", list(CASES))
def test_token_expiry_mid_run(key: str, request: pytest.FixtureRequest, pulumi_stack: Any, control: Any,
                              sandbox: Any, tmp_path: Path) -> None:
    request.applymarker(pytest.mark.matrix(scenario="token-expiry", provider=key))
    cell: Cell = request.getfixturevalue("cell")
    profile, faults, first_write = CASES[key]
    scenario = start(profile, pulumi_stack, control, sandbox, cell, tmp_path)
    if key == "eloqua":  # Basic auth has no token to expire: the OAuth mode has
        scenario.stack.set_config("eloqua:authMode", "oauth")
    # the vendor's rejection on a later step, and every issued token really expired mid-run
    control.latency(**{profile.vendor: 150})  # slow enough for the watcher to expire between steps
    for fault in faults:
        control.fault(profile.vendor, "status", **fault)
    mark = control.mark()
    expired, fired = threading.Event(), threading.Event()
    watcher = _expire_after_first_write(scenario, first_write, expired, fired)
    scenario.converge()
    expired.set()
    watcher.join(timeout=5)
    control.latency(**{profile.vendor: 0})
    calls = control.calls(since=mark, vendor=profile.vendor)
    token_calls = [c for c in calls if "token" in c["path"]]
    assert fired.is_set(), "the tokens were expired while the run was going on"
    assert control.faults() == [], "every injected rejection was met"
    # one token per provider process (one per up), one renewal per injected rejection, one more
    # after the real expiry
    assert len(token_calls) >= profile.ups_to_converge + len(faults) + 1, [c["endpoint"] for c in calls]
    cell.note(f"{len(faults)} injected {'/'.join(str(f.get('code') or f['status']) for f in faults)} "
              f"+ real expiry mid-run; {len(token_calls)} token requests, 1 renewal per rejection")
    cell.count("calls", len(calls))
    scenario.finish()
