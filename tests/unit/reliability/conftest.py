"""The reliability matrix's recorder for the tests in this folder (shared with tests/e2e/reliability)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

_RECORD = Path(__file__).resolve().parents[2] / "e2e" / "reliability" / "reliability_record.py"


def _record_module() -> Any:
    module = sys.modules.get("reliability_record")
    if module is None:
        spec = importlib.util.spec_from_file_location("reliability_record", _RECORD)
        if spec is None or spec.loader is None:
            raise RuntimeError(f"cannot load {_RECORD}")
        module = importlib.util.module_from_spec(spec)
        sys.modules["reliability_record"] = module
        spec.loader.exec_module(module)
    return module


record = _record_module()


def pytest_configure(config: pytest.Config) -> None:
    record.register_marker(config)


@pytest.fixture
def cell(request: pytest.FixtureRequest) -> Any:
    return record.cell_for(request)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    record.record_report(item, outcome.get_result())
