"""The reliability matrix's recorder, for the end-to-end fault scenarios in this folder."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest
from reliability_record import Cell, cell_for, record_report, register_marker


def pytest_configure(config: pytest.Config) -> None:
    register_marker(config)


@pytest.fixture
def cell(request: pytest.FixtureRequest) -> Cell:
    return cell_for(request)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    record_report(item, outcome.get_result())
