"""Add Custom Activities: batches of at most 300, one result per record, nothing dropped."""

from __future__ import annotations

import json

import pytest
import requests
from marketo_fakes import FakeMarketo, fail, make_client, ok

from providers.marketo.submission import ActivityRecord, submit_activities

ADD = "POST /rest/v1/activities/external.json"


def records(n: int) -> list[ActivityRecord]:
    return [ActivityRecord(lead_id=1000 + i, activity_date="2026-11-24T10:00:00+00:00", activity_type_id=100001,
                           primary_attribute_value="Summit", attributes={"numberOfAttendees": i})
            for i in range(n)]


def echo(request: requests.PreparedRequest) -> tuple[int, dict]:  # type: ignore[type-arg]
    """Adds every record, except leads ending in 7, which are skipped with 1004."""
    inputs = json.loads(request.body or b"{}")["input"]
    result = [{"status": "skipped", "errors": [{"code": "1004", "message": "Lead not found"}]}
              if r["leadId"] % 10 == 7 else {"id": r["leadId"], "marketoGUID": f"g{r['leadId']}", "status": "added"}
              for r in inputs]
    return ok(*result)


def test_650_records_go_in_three_calls_of_at_most_300_and_each_is_reported() -> None:
    fake = FakeMarketo()
    fake.on(ADD, echo)
    report = submit_activities(make_client(fake), records(650))
    sizes = [len(b["input"]) for m, p, b, q, h in fake.sent if p.endswith("external.json")]
    assert sizes == [300, 300, 50] and report.calls == 3
    assert [r.index for r in report.results] == list(range(650))
    assert [r.lead_id for r in report.results] == [1000 + i for i in range(650)]
    assert report.count("skipped") == 65 and report.count("added") == 585
    skipped = next(r for r in report.results if r.status == "skipped")
    assert skipped.errors == (("1004", "Lead not found"),) and "1004 Lead not found" in skipped.line()
    assert report.results[0].marketo_guid == "g1000"
    assert report.lines()[0] == "650 activities in 3 call(s): 585 added, 65 skipped, 0 failed, 0 unknown"


def test_the_record_body_is_the_documented_shape() -> None:
    body = records(1)[0].body()
    assert body == {"leadId": 1000, "activityDate": "2026-11-24T10:00:00+00:00", "activityTypeId": 100001,
                    "primaryAttributeValue": "Summit", "attributes": [{"apiName": "numberOfAttendees", "value": 0}]}


def test_a_failed_batch_reports_every_record_and_other_batches_still_go() -> None:
    fake = FakeMarketo()
    fake.on(ADD, [fail("1003", "Invalid data"), (200, {"success": True, "result": [{"status": "added"}] * 2})])
    report = submit_activities(make_client(fake), records(5), batch_size=3)
    assert [r.status for r in report.results] == ["failed"] * 3 + ["added"] * 2
    assert report.results[0].errors == (("1003", "Invalid data"),)


def test_missing_or_strange_results_are_unknown_not_dropped() -> None:
    fake = FakeMarketo()
    fake.on(ADD, [ok({"status": "added", "marketoGUID": "x"}, {"status": "weird"})])
    report = submit_activities(make_client(fake), records(3))
    assert [r.status for r in report.results] == ["added", "unknown", "unknown"]
    assert "no result" in report.results[2].line()


def test_reasons_key_is_read_as_well_as_errors() -> None:
    fake = FakeMarketo()
    fake.on(ADD, [ok({"status": "skipped", "reasons": [{"code": "1006", "message": "Field 'x' not found"}]})])
    report = submit_activities(make_client(fake), records(1))
    assert report.results[0].errors == (("1006", "Field 'x' not found"),)


def test_batch_size_is_bounded() -> None:
    with pytest.raises(ValueError, match="1-300"):
        submit_activities(make_client(FakeMarketo()), records(1), batch_size=301)
