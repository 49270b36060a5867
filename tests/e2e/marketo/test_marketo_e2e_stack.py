"""Stack-wide behaviour: no secret in the state, ten types within Marketo's limits, adopt."""

from __future__ import annotations

import json

import pytest
from marketo_e2e_support import program, rest_calls, sandbox_type, spec

pytestmark = pytest.mark.e2e


def _secrets(sandbox, control) -> list[str]:  # type: ignore[no-untyped-def]
    """Every credential and token the sandbox knows for Marketo."""
    values = {sandbox.endpoints["marketo"]["client_secret"]}

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str) and any(w in key.lower() for w in ("secret", "token")):
                    values.add(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(control.state("marketo"))
    return sorted(v for v in values if len(v) >= 8)


def test_stack_export_holds_no_secret_in_plaintext(pulumi_stack, control, sandbox) -> None:  # type: ignore[no-untyped-def]
    stack = pulumi_stack(program(spec()))
    stack.up()
    secrets = _secrets(sandbox, control)
    tokens = [v for v in secrets if v != sandbox.endpoints["marketo"]["client_secret"]]
    assert tokens, "the sandbox state should hold the issued token"
    exported = json.dumps(stack.export())
    for value in secrets:
        assert value not in exported
    assert sandbox.endpoints["marketo"]["client_id"] not in exported  # not a secret, but not state either


def test_ten_types_never_trip_the_rate_limiter(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    attributes = [{"apiName": f"field{i}", "name": f"Field {i}", "dataType": "string"} for i in range(20)]
    specs = [spec(resource=f"type-{n}", api_name=f"conference{n}", name=f"Conference {n}",
                  trigger_name=f"Attends Conference {n}", filter_name=f"Attended Conference {n}",
                  attributes=attributes) for n in range(10)]
    stack = pulumi_stack(program(*specs))
    mark = control.mark()
    stack.up()
    calls = rest_calls(control, mark)
    # every refusal (606/615) would have been retried and shown up as an extra call; the one list is
    # check's count of the live types (once per process, for the 10-type limit)
    assert len([c for c in calls if c[1].startswith("/rest")]) == 31
    assert calls.count(("GET", "/rest/v1/activities/external/types.json")) == 1
    assert len([c for c in calls if c[1].startswith("/identity")]) == 1  # one token per process
    for n in range(10):
        doc = sandbox_type(control, f"conference{n}")
        assert doc is not None and doc["status"] == "approved" and len(doc["live"]["attributes"]) == 20
    mark = control.mark()
    stack.destroy()
    assert len([c for c in rest_calls(control, mark) if c[1].startswith("/rest")]) == 10


def test_existing_type_is_adopted_only_when_allowed_and_matching(pulumi_stack, control) -> None:  # type: ignore[no-untyped-def]
    body = {"apiName": "attendConference", "name": "Attend Conference", "description": "Attend the conference",
            "triggerName": "Attends Conference", "filterName": "Attended Conference",
            "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name",
                                 "description": "Name of the conference"},
            "attributes": spec()["attributes"]}
    control.admin("marketo", "POST", "types", json=body).raise_for_status()
    before = sandbox_type(control, "attendConference")

    stack = pulumi_stack(program(spec()))
    failed = stack.up(check=False)
    assert failed.returncode != 0 and "already exists" in failed.stdout and "adopt: true" in failed.stdout
    mismatched = spec(adopt=True, description="Something else")
    (stack.project_dir / "__main__.py").write_text(program(mismatched))
    failed = stack.up(check=False)
    assert failed.returncode != 0 and "does not match" in failed.stdout and "description" in failed.stdout
    assert sandbox_type(control, "attendConference") == before  # nothing changed

    (stack.project_dir / "__main__.py").write_text(program(spec(adopt=True)))
    mark = control.mark()
    stack.up()
    assert [m for m, p in rest_calls(control, mark) if p.startswith("/rest") and m == "POST"] == ["POST"]
    assert stack.outputs()["attend-conference-id"] == before["id"]  # type: ignore[index]
    stack.preview("--expect-no-changes")
