"""The Salesforce / Account Engagement contract tests' fixture."""

from __future__ import annotations

from typing import Any

import pytest
from sf_contract_helpers import SalesforceClient

from sandbox.controlclient import SandboxControl


@pytest.fixture
def sf(control: SandboxControl, sandbox: Any) -> SalesforceClient:
    """A client on a freshly reset sandbox (``control`` resets it and rewrites endpoints.json)."""
    return SalesforceClient(sandbox.endpoints, sandbox.endpoints["ca_bundle"])

