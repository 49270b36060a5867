"""A failure between draft and approve leaves the live version as it was and never a draft behind."""

from __future__ import annotations

import pytest
from marketo_e2e_support import program, rest_calls, sandbox_type, spec, write_program

pytestmark = pytest.mark.e2e


def test_approve_failing_during_update_discards_the_draft_and_rerun_converges(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    base = spec()
    stack = pulumi_stack(program(base))
    stack.up()
    before = sandbox_type(control, "attendConference")
    assert before is not None

    added = spec(attributes=[*base["attributes"],
                             {"apiName": "badgeNumber", "name": "Badge Number", "dataType": "string"}])
    write_program(stack, added)
    control.fault("marketo", "status", path="/approve.json$", status=200, code="611", message="System error")
    failed = stack.up(check=False)
    assert failed.returncode != 0
    text = failed.stdout + failed.stderr
    assert "step 'approve' failed" in text and "611" in text and "System error" in text
    assert "live (approved) version is unchanged" in text

    after = sandbox_type(control, "attendConference")
    assert after is not None
    assert after["status"] == "approved" and not after.get("draft")  # draft discarded
    assert after["live"] == before["live"]  # live version untouched

    stack.up()  # the fault was used up: the rerun converges
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "approved"
    assert "badgeNumber" in {a["apiName"] for a in doc["live"]["attributes"]}
    stack.preview("--expect-no-changes")


def test_attribute_step_failing_during_create_deletes_the_never_approved_type(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    stack = pulumi_stack(program(spec()))
    control.fault("marketo", "status", path="/attributes/create.json$", status=200, code="611")
    failed = stack.up(check=False)
    assert failed.returncode != 0
    text = failed.stdout + failed.stderr
    assert "step 'create attributes' failed" in text and "it was deleted" in text
    assert sandbox_type(control, "attendConference") is None
    assert stack.resources() == []

    stack.up()
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "approved"


def test_throttling_during_up_is_retried_and_daily_quota_stops_with_a_clear_error(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    stack = pulumi_stack(program(spec()))
    control.fault("marketo", "status", path="/type.json$", status=200, code="606", count=2)
    control.fault("marketo", "status", path="/approve.json$", status=200, code="602", message="Access token expired")
    mark = control.mark()
    stack.up()
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "approved"
    calls = rest_calls(control, mark)
    assert calls.count(("POST", "/rest/v1/activities/external/type.json")) == 3  # 2 refusals, then created
    assert calls.count(("GET", "/identity/oauth/token")) == 2  # renewed once after 602

    write_program(stack, spec(attributes=[]))
    control.fault("marketo", "status", path="/attributes/delete.json$", status=200, code="607")
    failed = stack.up(check=False)
    assert failed.returncode != 0
    text = failed.stdout + failed.stderr
    assert "daily API quota" in text and "step 'delete attributes conferenceDate, numberOfAttendees' failed" in text
    assert "The draft was never created" in text, text
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "approved" and not doc.get("draft")


def test_lost_answers_of_create_and_approve_are_resolved_by_looking_the_type_up(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    stack = pulumi_stack(program(spec()))
    control.fault("marketo", "drop_after", path="/external/type.json$")  # created, answer lost
    control.fault("marketo", "drop_after", path="/approve.json$")  # approved, answer lost
    stack.up()
    doc = sandbox_type(control, "attendConference")
    assert doc is not None and doc["status"] == "approved"
    assert len(doc["live"]["attributes"]) == 2
    assert [f for f in control.faults() if f.get("vendor") == "marketo"] == []  # both faults were hit
    stack.preview("--expect-no-changes")


LIST = ("GET", "/rest/v1/activities/external/types.json")


def _foreign_types(control, count: int) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        body = {"apiName": f"foreign{n}", "name": f"Foreign {n}", "triggerName": f"Does Foreign {n}",
                "filterName": f"Did Foreign {n}", "primaryAttribute": {"apiName": "what", "name": "What"}}
        control.admin("marketo", "POST", "types", json=body).raise_for_status()


def _conference(n: int) -> dict:  # type: ignore[type-arg]
    return spec(resource=f"type-{n}", api_name=f"conference{n}", name=f"Conference {n}",
                trigger_name=f"Attends Conference {n}", filter_name=f"Attended Conference {n}")


def test_the_instance_limit_counts_types_not_managed_by_the_stack_at_preview(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    # issue 5: an instance holding 8 types, a stack adding 3: refused by check, before any write
    _foreign_types(control, 8)
    stack = pulumi_stack(program(*[_conference(n) for n in range(3)]))
    for command in (("preview",), ("up", "--yes")):  # `pulumi up` previews first
        mark = control.mark()
        failed = stack.run(*command, check=False)
        assert failed.returncode != 0, command
        text = failed.stdout + failed.stderr
        assert "apiName" in text and "a Marketo instance holds at most 10 custom activity types" in text, text
        assert "would make 11" in text and "this stack declares 3 (conference0, conference1, conference2)" in text
        assert "8 not managed by this stack (foreign0, foreign1, foreign2, foreign3" in text
        assert control.calls(mark, vendor="marketo", writes_only=True) == []  # zero write calls
        assert rest_calls(control, mark).count(LIST) == 1  # one list call per provider process
    assert all(sandbox_type(control, f"conference{n}") is None for n in range(3))
    assert stack.resources() == []

    write_program(stack, _conference(0), _conference(1))  # 8 + 2 = 10: fits
    stack.up()
    assert all(sandbox_type(control, f"conference{n}") is not None for n in range(2))
    mark = control.mark()
    stack.up()  # no-op: the types are in state, so check makes no call at all
    assert [c for c in rest_calls(control, mark) if c[1].startswith("/rest")] == []
    stack.preview("--expect-no-changes")


def test_a_create_refused_for_the_type_limit_is_explained(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    # check counted 9 live types (room for one); Marketo refuses the create anyway (another client
    # took the last place in between): the 1027 answer is explained and nothing is left behind
    _foreign_types(control, 9)
    stack = pulumi_stack(program(spec()))
    control.fault("marketo", "status", path="/external/type.json$", status=200, code="1027",
                  message="Max activity type limit reached")
    mark = control.mark()
    failed = stack.up(check=False)
    assert failed.returncode != 0
    text = failed.stdout + failed.stderr
    assert "already holds 9 custom activity types (limit 10)" in text
    assert "not managed by this stack: foreign0, foreign1" in text and "Nothing was created" in text
    assert sandbox_type(control, "attendConference") is None
    writes = [e for e in control.calls(mark, vendor="marketo", writes_only=True) if e["path"].startswith("/rest")]
    assert len(writes) == 1  # the refused create, nothing else was written
