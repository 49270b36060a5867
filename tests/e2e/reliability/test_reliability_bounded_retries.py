"""A throttle that never clears: the retries stop within the retry policy's bound, with a message
naming the vendor's answer, and nothing is left half-made."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from reliability_harness import product_error, start
from reliability_profiles import PROFILES
from reliability_record import Cell

pytestmark = pytest.mark.e2e

ENDLESS: dict[str, dict[str, Any]] = {
    "eloqua": dict(status=429, method="POST", path="/assets/external/type$"),
    "account-engagement": dict(status=503, method="POST", path="sobjects/MarketingAppExtension/$"),
    "marketo": dict(status=200, code="606", method="POST", path="/activities/external/type.json$"),
}

# how each vendor's answer may be named: the status, its phrase, or the vendor's own error code
PHRASES = {"429": ("Too Many Requests",), "503": ("Service Unavailable", "SERVER_UNAVAILABLE")}


@pytest.mark.parametrize("key", list(ENDLESS))
def test_endless_throttling_gives_up_within_the_bound(key: str, request: pytest.FixtureRequest, pulumi_stack: Any,
                                                      control: Any, sandbox: Any, tmp_path: Path) -> None:
    request.applymarker(pytest.mark.matrix(scenario="endless throttling gives up, bounded", provider=key))
    cell: Cell = request.getfixturevalue("cell")
    profile = PROFILES[key]
    scenario = start(profile, pulumi_stack, control, sandbox, cell, tmp_path)
    fault = ENDLESS[key]
    control.fault(profile.vendor, "status", count=-1, **fault)
    mark = control.mark()
    started = time.monotonic()
    failed = scenario.up(check=False)
    elapsed = time.monotonic() - started
    assert failed.returncode != 0, "a throttle that never clears cannot succeed"
    attempts = [c for c in control.calls(since=mark, vendor=profile.vendor) if c["method"] == fault["method"]
                and fault["path"].rstrip("$").split("/")[-1] in c["path"]]
    assert 2 <= len(attempts) <= 7, f"{len(attempts)} attempts: the retries are not bounded by the policy"
    message = product_error(failed.stdout + failed.stderr)
    code = str(fault.get("code") or fault["status"])
    names = (code, *PHRASES.get(code, ()))
    assert any(n in message for n in names), f"the message does not name the vendor's answer {code}: {message}"
    assert profile.org_problems(control.state(profile.vendor), sandbox.endpoints, False) == []
    shown = textwrap.shorten(message.removeprefix("Exception calling application: "), 260, placeholder=" ...")
    cell.note(f"{code} on every attempt: gave up after {len(attempts)} attempts in {elapsed:.0f} s: \"{shown}\"")
    control.clear_faults()
    scenario.converge()
    scenario.finish()
