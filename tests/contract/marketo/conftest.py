"""The ``mkto`` fixture of the Marketo contract tests."""

from __future__ import annotations

from typing import Any

import pytest
from marketo_fixtures import Marketo

from sandbox.controlclient import SandboxControl


@pytest.fixture
def mkto(control: SandboxControl, sandbox: Any) -> Marketo:
    """A Marketo client on the freshly reset sandbox (credentials from the new endpoints)."""
    return Marketo(control.endpoints()["marketo"], str(control.ca_bundle))
