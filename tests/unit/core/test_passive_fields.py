"""An update that changes only a passive input (``adopt``) is recorded without a vendor call."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
import requests

from providers.eloqua.asset_type import ExternalAssetTypeProvider

STATE = {
    "name": "Tradeshow", "activityTypes": ["Registered", "Attended"], "adopt": True,
    "id": "10001", "__provider": "opaque",
}


def _no_call(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError(f"the update called the vendor: {args[1:3]}")


def test_adopt_switched_off_is_recorded_without_a_call() -> None:
    provider = ExternalAssetTypeProvider()
    news = {k: v for k, v in STATE.items() if k not in ("id", "__provider")} | {"adopt": False}
    with mock.patch.object(requests.Session, "request", _no_call):
        result = provider.update("10001", dict(STATE), news)
    assert result.outs is not None
    assert result.outs["adopt"] is False
    assert result.outs["id"] == "10001" and "__provider" not in result.outs


def test_a_real_change_next_to_adopt_still_reaches_the_vendor() -> None:
    provider = ExternalAssetTypeProvider()
    news = {"name": "Tradeshow 2", "activityTypes": ["Registered", "Attended"], "adopt": False}
    with mock.patch.object(provider, "update_resource", side_effect=RuntimeError("called")), \
            pytest.raises(Exception, match="called"):
        provider.update("10001", dict(STATE), news)
