"""Fixtures of the Eloqua contract tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from eloqua_wire import Eloqua


@pytest.fixture
def eloqua(control: Any, sandbox: Any) -> Eloqua:
    return Eloqua(sandbox.endpoints)


@pytest.fixture
def tradeshow(eloqua: Eloqua) -> Callable[[], tuple[dict[str, Any], dict[str, Any]]]:
    """The documented example's setup: type "Tradeshow" and its asset "Tradeshow 2021"."""

    def make() -> tuple[dict[str, Any], dict[str, Any]]:
        asset_type = eloqua.create_type("Tradeshow", ["Registered", "Attended", "Viewed a Demo"])
        asset = eloqua.create_asset("Tradeshow 2021", asset_type["id"])
        return asset_type, asset

    return make
