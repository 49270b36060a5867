"""Account Engagement v5 submissions to an extension provisioned through the engine: code 66
(concurrent requests) is retried with backoff, code 122 (daily limit) stops at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reliability_harness import start
from reliability_profiles import ACCOUNT_ENGAGEMENT
from reliability_record import Cell

from providers.core.errors import ApiError
from providers.salesforce.connection import from_endpoints
from providers.salesforce.submission import ExternalActivity, SubmissionClient

pytestmark = pytest.mark.e2e


@pytest.mark.matrix(scenario="AE v5 submissions: 66 retried, 122 stops", provider="account-engagement")
def test_v5_codes_66_and_122(pulumi_stack: Any, control: Any, sandbox: Any, tmp_path: Path, cell: Cell) -> None:
    scenario = start(ACCOUNT_ENGAGEMENT, pulumi_stack, control, sandbox, cell, tmp_path)
    scenario.converge()
    submitter = SubmissionClient(from_endpoints(sandbox.endpoints))
    email = sandbox.endpoints["salesforce"]["prospects"][0]
    unit = sandbox.endpoints["salesforce"]["business_units"]["HappyHomeTX"]
    activity = ExternalActivity("Reliability_Service", "reliability_registered", email, "webinar 42")  # DeveloperNames

    control.fault("account_engagement", "status", status=429, code="66", count=2)
    mark = control.mark()
    submitter.submit(activity, unit)
    statuses = [e["status"] for e in control.calls(since=mark, vendor="account_engagement")]
    assert statuses[:2] == [429, 429] and len(statuses) == 3 and statuses[2] < 300, statuses
    recorded = control.state("account_engagement").get("account_engagement/Activity", [])
    assert len(recorded) <= 1, "a retried submission was recorded twice"

    control.fault("account_engagement", "status", status=429, code="122", count=-1)
    mark = control.mark()
    with pytest.raises(ApiError) as stopped:
        submitter.submit(activity, unit)
    assert stopped.value.code == "122" and not stopped.value.retryable
    assert len(control.calls(since=mark, vendor="account_engagement")) == 1, "the daily limit was retried"
    control.clear_faults()
    cell.note(f"66 x2 retried then accepted ({len(statuses)} calls); 122 stopped after 1 call: "
              f"\"{str(stopped.value)[:120]}\"")
    scenario.finish()
