"""Counting calls from the request log, the memory poller, the median pick, targets and the page."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

import pytest

from bench import report
from bench.measure import ProviderMemoryPoller, count_calls, is_token_endpoint, pick_median


def entry(vendor: str, endpoint: str, status: int = 200) -> dict[str, Any]:
    method = endpoint.split(" ", 1)[0]
    return {"vendor": vendor, "endpoint": endpoint, "status": status, "at": 0.0,
            "write": method in {"POST", "PATCH", "PUT", "DELETE"}}


@pytest.mark.parametrize(
    ("endpoint", "token"),
    [("POST /services/oauth2/token", True), ("GET /identity/oauth/token", True), ("POST /auth/oauth2/token", True),
     ("GET /id", False), ("POST /rest/v1/activities/external/type.json", False),
     ("GET /services/data/{version}/tooling/query", False)],
)
def test_token_endpoints_of_the_three_vendors(endpoint: str, token: bool) -> None:
    assert is_token_endpoint(endpoint) is token


def test_counts_split_writes_tokens_and_errors() -> None:
    counts = count_calls([
        entry("salesforce", "POST /services/oauth2/token"),
        entry("salesforce", "POST /services/data/{version}/tooling/sobjects/{sobject}"),
        entry("salesforce", "GET /services/data/{version}/tooling/query"),
        entry("marketo", "GET /identity/oauth/token"),
        entry("marketo", "POST /rest/v1/activities/external/type.json"),
        entry("eloqua", "DELETE /api/REST/2.0/assets/external/type/{id}", status=404),
        entry("eloqua", "GET /id", status=0),
    ])
    assert counts.total == 7
    assert counts.by_vendor == {"eloqua": 2, "marketo": 2, "salesforce": 3}
    assert counts.writes == 3  # the two token POSTs are not writes
    assert counts.writes_by_vendor == {"eloqua": 1, "marketo": 1, "salesforce": 1}
    assert counts.tokens == {"marketo": 1, "salesforce": 1}
    assert counts.errors == 2
    assert counts.by_endpoint["salesforce GET /services/data/{version}/tooling/query"] == 1


def test_the_poller_finds_a_provider_process_under_this_one_and_reads_its_peak() -> None:
    # A child whose command line carries the provider's marker, holding ~30 MB for a moment.
    child = subprocess.Popen([sys.executable, "-c", "import time; b = bytearray(30 * 1024 * 1024); time.sleep(1.5)",
                              "pulumi.dynamic"])
    try:
        with ProviderMemoryPoller(interval=0.02) as poller:
            time.sleep(1.0)
        assert child.pid in poller.peaks
        assert poller.peak_kb is not None and poller.peak_kb > 30 * 1024
    finally:
        child.wait(timeout=10)


def test_the_poller_ignores_other_children() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.6)"])
    try:
        with ProviderMemoryPoller(interval=0.02) as poller:
            time.sleep(0.3)
        assert poller.peaks == {} and poller.peak_kb is None
    finally:
        child.wait(timeout=10)


def test_the_median_run_is_a_real_run_and_failed_runs_do_not_count() -> None:
    runs = [{"wall_s": 5.0, "ok": True}, {"wall_s": 1.0, "ok": False}, {"wall_s": 3.0, "ok": True},
            {"wall_s": 4.0, "ok": True}]
    chosen = pick_median(runs)
    assert chosen["wall_s"] == 4.0
    assert chosen["runs_wall_s"] == [5.0, 1.0, 3.0, 4.0] and chosen["runs_failed"] == 1
    assert chosen["runs_ok_wall_s"] == [5.0, 3.0, 4.0]
    assert pick_median([{"wall_s": 2.0, "ok": False}])["ok"] is False
    with pytest.raises(ValueError):
        pick_median([])


def measurement(wall: float, by_endpoint: dict[str, int], *, writes: int = 0, tokens: dict[str, int] | None = None,
                processes: int = 1) -> dict[str, Any]:
    by_vendor: dict[str, int] = {}
    for key, n in by_endpoint.items():
        vendor = key.split(" ", 1)[0]
        by_vendor[vendor] = by_vendor.get(vendor, 0) + n
    return {"wall_s": wall, "ok": True, "calls": {"total": sum(by_endpoint.values()), "by_vendor": by_vendor,
            "by_endpoint": by_endpoint, "writes": writes, "tokens": tokens or {}},
            "provider_processes": processes, "peak_rss_kb": 80_000, "extra": {}}


def results(up_wall: float = 6.0, noop_writes: int = 0,
            scale_walls: tuple[float, float] = (3.6, 14.4)) -> dict[str, Any]:
    mk = {"marketo GET /identity/oauth/token": 1, "marketo POST /rest/v1/activities/external/type.json": 2,
          "marketo POST /rest/v1/activities/external/type/{apiName}/attributes/create.json": 2,
          "marketo POST /rest/v1/activities/external/type/{apiName}/approve.json": 2}
    refresh = {"salesforce POST /services/oauth2/token": 1,
               "salesforce GET /services/data/{version}/tooling/sobjects/{sobject}/{record_id}": 4,
               "marketo GET /identity/oauth/token": 1,
               "marketo GET /rest/v1/activities/external/type/{apiName}/describe.json": 2}
    return {
        "workload": {"resources": {"account_engagement": 4, "marketo": 2, "eloqua": 0}},
        "providers": {
            "up": measurement(up_wall, mk, writes=6),
            "noop_up": measurement(2.0, {}, writes=noop_writes),
            "preview_refresh": measurement(3.0, refresh, tokens={"salesforce": 1, "marketo": 1}),
        },
        "engine_floor": {"up": {"wall_s": 2.0}},
        "lower_bound": {"up": {"total_s": 5.5, "calls": 7, "calls_by_vendor": {"marketo": 7}}},
        "sequential": {"total_wall_s": 20.0, "total_calls": 7},
        "observed_call_s": 0.15,
        "scale": [{"factor": 1, "up": {"ok": True}, "up_per_resource_s": scale_walls[0] / 36},
                  {"factor": 4, "up": {"ok": True}, "up_per_resource_s": scale_walls[1] / 144}],
    }


def test_targets_are_read_from_the_measurements() -> None:
    targets = {t["target"]: t["met"] for t in report.evaluate_targets(results())}
    assert all(targets.values()), targets
    assert len(targets) == 6


def test_missed_targets_are_reported_as_missed() -> None:
    doc = results(up_wall=7.0, noop_writes=2, scale_walls=(3.6, 20.0))
    targets = {t["target"]: t["met"] for t in report.evaluate_targets(doc)}
    assert targets["no-op `pulumi up` makes zero write calls"] is False
    assert targets["`pulumi up` within 1.2x of the lower bound"] is False  # 7.0 / 5.5 = 1.27
    assert targets["cost per resource flat from 1x to 4x"] is False
    assert targets["`pulumi up` at least 3x faster than the sequential script"] is False  # 20 / 7 = 2.9


def test_a_refresh_with_a_second_token_in_one_process_misses_its_target() -> None:
    doc = results()
    doc["providers"]["preview_refresh"]["calls"]["tokens"] = {"salesforce": 2, "marketo": 1}
    doc["providers"]["preview_refresh"]["calls"]["by_vendor"]["salesforce"] += 1
    refresh = next(t for t in report.evaluate_targets(doc) if "refresh" in t["target"])
    assert refresh["met"] is False


def test_the_closing_note_profiles_a_missed_bound_from_the_measurements() -> None:
    doc = results(up_wall=7.0)
    doc["lower_bound"]["up"].update({"floor_s": 2.0, "calls_s": 3.5, "calls": 5, "calls_by_vendor": {"marketo": 5}})
    doc["providers"]["up"]["profile"] = {"before_first_call_s": 2.1, "calls_span_s": 4.0, "after_last_call_s": 0.9,
                                         "mean_calls_in_flight": 3.9}
    doc["ratios"] = {}
    doc["targets"] = report.evaluate_targets(doc)
    notes = " ".join(report.closing_note(doc))
    assert "lower bound of 5.50 s (2.00 s engine floor + 3.50 s for 5 calls" in notes
    assert "2.1 s before the first API call" in notes and "3.9 calls in flight" in notes
    assert "7 calls where 5 suffice (marketo 7 calls (fewest 5))" in notes
    assert "`marketo POST /rest/v1/activities/external/type.json` x2" in notes


def test_the_closing_note_says_when_the_script_target_is_beyond_the_lower_bound() -> None:
    doc = results(up_wall=7.0)
    doc["sequential"]["total_wall_s"] = 9.0  # 3x would be 3.0 s, under the 5.5 s bound
    doc["ratios"] = {}
    doc["targets"] = report.evaluate_targets(doc)
    notes = " ".join(report.closing_note(doc))
    assert "`up` in 3.00 s, but the lower bound itself is 5.50 s" in notes


def test_the_closing_note_attributes_a_slow_noop_to_provider_cpu() -> None:
    doc = results()
    doc["providers"]["noop_up"]["provider_cpu_s"] = 2.5
    doc["engine_floor"]["noop_up"] = {"wall_s": 1.0, "provider_cpu_s": 0.8}
    doc["lower_bound"]["noop_up"] = {"floor_s": 1.0}
    doc["ratios"] = {"noop_up": 2.0}
    doc["import_s"] = {"probe": 0.5, "providers": 0.9}
    doc["targets"] = report.evaluate_targets(doc)
    notes = " ".join(report.closing_note(doc))
    assert "used 2.50 s of CPU against the probe's 0.80 s (+1.70 s" in notes and "0.90 s against 0.50 s" in notes
    assert "do not attribute" not in notes  # the 1.0 s gap is covered by the 1.7 s of extra CPU


def test_an_unexplained_noop_gap_is_called_unexplained() -> None:
    note = report._noop_note({"wall_s": 4.0, "provider_cpu_s": 0.6, "runs_wall_s": [4.0, 4.5]},
                             {"provider_cpu_s": 0.5, "runs_wall_s": [3.0, 3.6]}, 3.0, None)
    assert "(+1.00 s)" in note and "leaves 0.90 s that these measurements do not attribute" in note
    assert "spread over 1.50 s" in note


def test_timeline_splits_before_during_and_after_the_calls() -> None:
    m = measurement(5.0, {"marketo POST /x": 8})
    m["extra"] = {"started_at": 100.0, "ended_at": 105.0, "first_call_at": 102.2, "last_call_at": 104.0}
    profile = report.timeline(m, 0.2)
    assert profile == {"before_first_call_s": 2.0, "calls_span_s": 2.0, "after_last_call_s": 1.0,
                       "mean_calls_in_flight": 0.8}
    assert report.timeline(measurement(1.0, {}), 0.2) == {}


def test_the_page_has_every_section() -> None:
    doc = results()
    doc.update({"generated_at": "now", "mode": "quick", "latency_ms": 100, "machine": "test", "repeat": 1,
                "workload": {**doc["workload"], "ae_extensions": 1, "ae_types_per_extension": 2, "marketo_types": 2,
                             "marketo_attributes": 20, "eloqua_asset_types": 0, "eloqua_activity_types": 5},
                "ratios": {"up": 1.09}, "missing_vendors": {"eloqua": "not importable"}})
    doc["lower_bound"]["up"].update({"floor_s": 2.0, "calls_s": 3.5, "calls_s_at_observed_call_time": 5.0})
    doc["sequential"].update({"by_vendor": {"marketo": {**measurement(20.0, {}), "extra": {"objects": 2}}},
                              "wall_s": 20.0})
    for row in doc["scale"]:
        row.update({"resources": 36, "up": measurement(3.6, {"salesforce POST /x": 40}),
                    "destroy": measurement(3.0, {}), "up_calls_per_resource": 1.1, "floor_up_s": 2.0})
    doc["targets"] = report.evaluate_targets(doc)
    doc["closing_note"] = ["because"]
    page = report.render_markdown(doc)
    for heading in ("## Operations", "## Against the hand-written sequential script", "## Scale",
                    "## Targets", "## Closing note", "## API calls per endpoint", "## Method"):
        assert heading in page
    assert "eloqua (not importable)" in page
    assert "| `pulumi up` from empty | 6.00 | 5.50 = 2.00 + 3.50 | 1.09 | 7 / 7 |" in page


def test_render_only_rewrites_the_page_from_a_runs_json(tmp_path: Any) -> None:
    import json

    from bench.run import main

    doc = results()
    doc.update({"generated_at": "then", "mode": "full", "latency_ms": 100, "machine": "test", "repeat": 3,
                "ratios": {"up": 1.09}, "missing_vendors": {}})
    doc["workload"].update({"ae_extensions": 1, "ae_types_per_extension": 2, "marketo_types": 2,
                            "marketo_attributes": 20, "eloqua_asset_types": 0, "eloqua_activity_types": 5})
    doc["lower_bound"]["up"].update({"floor_s": 2.0, "calls_s": 3.5})
    doc["sequential"].update({"by_vendor": {}, "wall_s": 20.0})
    doc["scale"] = []
    source, page = tmp_path / "run.json", tmp_path / "performance.md"
    source.write_text(json.dumps(doc))
    assert main(["--render-only", "--out-json", str(source), "--markdown", str(page)]) == 0
    text = page.read_text()
    assert "on then" in text and "| `pulumi up` from empty | 6.00 |" in text
    assert main(["--render-only", "--out-json", str(tmp_path / "absent.json"), "--markdown", str(page)]) == 2
