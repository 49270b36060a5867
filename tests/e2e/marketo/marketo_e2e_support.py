"""Helpers of the Marketo end-to-end tests: a program from type specs, the sandbox's view of a type."""

from __future__ import annotations

import copy
import json
from typing import Any

from activity_schemas.engine import Stack
from sandbox.controlclient import SandboxControl

ATTEND_CONFERENCE: dict[str, Any] = {
    "resource": "attend-conference",
    "api_name": "attendConference",
    "name": "Attend Conference",
    "description": "Attend the conference",
    "trigger_name": "Attends Conference",
    "filter_name": "Attended Conference",
    "primary_attribute": {"apiName": "conferenceName", "name": "Conference Name",
                          "description": "Name of the conference"},
    "attributes": [
        {"apiName": "conferenceDate", "name": "Conference Date", "description": "Date of the conference",
         "dataType": "datetime"},
        {"apiName": "numberOfAttendees", "name": "Number of Attendees",
         "description": "Number of people attending conference", "dataType": "integer"},
    ],
}

PROGRAM = '''
import json
import pulumi
from providers.marketo.provider import CustomActivityType

for spec in json.loads({specs!r}):
    resource = spec.pop("resource")
    t = CustomActivityType(resource, **spec)
    pulumi.export(resource + "-id", t.activityTypeId)
    pulumi.export(resource + "-status", t.status)
'''


def spec(**over: Any) -> dict[str, Any]:
    doc = copy.deepcopy(ATTEND_CONFERENCE)
    doc.update(over)
    return doc


def program(*specs: dict[str, Any]) -> str:
    return PROGRAM.format(specs=json.dumps(list(specs)))


def write_program(stack: Stack, *specs: dict[str, Any]) -> None:
    (stack.project_dir / "__main__.py").write_text(program(*specs))


def sandbox_type(control: SandboxControl, api_name: str) -> dict[str, Any] | None:
    """The sandbox's stored document (live and draft versions), via the admin route."""
    response = control.admin("marketo", "GET", f"types/{api_name}")
    if response.status_code == 404:
        return None
    response.raise_for_status()
    doc: dict[str, Any] = response.json()
    return doc


def rest_calls(control: SandboxControl, since: int) -> list[tuple[str, str]]:
    """(method, endpoint template) of every Marketo call after ``since``, the token call included."""
    return [(e["method"], e["endpoint"].split(" ", 1)[1]) for e in control.calls(since, vendor="marketo")]


def steps_of(preview: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for step in preview.get("steps", []):
        name = step["urn"].split("::")[-1]
        out.setdefault(name, []).append(step["op"])
    return out


def resource_outputs(stack: Stack, resource: str) -> dict[str, Any]:
    """The outputs the state holds for one resource (refresh updates these, not the stack outputs)."""
    for item in stack.resources():
        if item["urn"].endswith(f"::{resource}"):
            outputs: dict[str, Any] = item.get("outputs", {})
            return outputs
    raise KeyError(resource)
