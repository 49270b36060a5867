"""Records each scenario x provider outcome of the reliability tests as one JSON line.

Why: ``docs/reliability.md`` is rendered by ``scripts/reliability_matrix.py`` from what the tests
actually observed, never written by hand. A test marked ``@pytest.mark.matrix(scenario, provider)``
adds how it survived through the ``cell`` fixture; the report hook writes the outcome (passed, or
the first line of the failure) when the test ends.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
RESULTS_ENV = "RELIABILITY_RESULTS"
DEFAULT_RESULTS = REPO_ROOT / "build" / "reliability" / "results.jsonl"
NOTES_KEY = pytest.StashKey["Cell"]()


def results_path() -> Path:
    return Path(os.environ.get(RESULTS_ENV) or DEFAULT_RESULTS)


@dataclass
class Cell:
    """What one test learned about its cell: short facts that go into the matrix."""

    scenario: str
    provider: str
    notes: list[str] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def count(self, key: str, value: Any) -> None:
        self.counts[key] = value


def register_marker(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "matrix(scenario, provider): a cell of docs/reliability.md")


def cell_for(request: pytest.FixtureRequest) -> Cell:
    marker = request.node.get_closest_marker("matrix")
    if marker is None:
        raise pytest.UsageError(f"{request.node.nodeid} uses `cell` without @pytest.mark.matrix")
    scenario = marker.kwargs.get("scenario") or marker.args[0]
    provider = marker.kwargs.get("provider") or marker.args[1]
    cell = Cell(str(scenario), str(provider))
    request.node.stash[NOTES_KEY] = cell
    return cell


def record_report(item: pytest.Item, report: pytest.TestReport) -> None:
    """Called from ``pytest_runtest_makereport``: writes the call phase (or a setup error)."""
    cell = item.stash.get(NOTES_KEY, None)
    if cell is None:
        return
    if report.when == "setup" and report.passed:
        return
    if report.when == "teardown" and report.passed:
        return
    outcome = "survived" if report.passed else "failed"
    reason = ""
    if report.failed:
        reason = _first_line(report)
    line = {
        "scenario": cell.scenario, "provider": cell.provider, "outcome": outcome, "reason": reason,
        "notes": cell.notes, "counts": cell.counts, "test": item.nodeid, "phase": report.when,
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    path = results_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")


def _first_line(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = str(getattr(crash, "message", "") or report.longreprtext)
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped:
            return stripped[:300]
    return "failed"
