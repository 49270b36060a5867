"""The review of Account Engagement activation and deactivation, with the real resource kinds. Golden Markdown.

Activation is its own reviewed stage: an Activation is never switched by the ``up`` that creates it,
so the report says so for a create with ``active: true``, and shows the switch on the next update,
where the old inputs may already say ``true`` while the live ``active`` output is still ``false``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from activity_schemas.kinds import resource_kinds
from activity_schemas.review import UNKNOWN_PLACEHOLDER, collect, render

GOLDEN = Path(__file__).parent / "golden"
ACTIVATION = "pulumi-python:dynamic/accountengagement:Activation"


def _inputs(ext: str, active: bool) -> dict[str, Any]:
    return {"extensionId": f"0Xx{ext}", "activityTypeIds": [f"0Xy{ext}"], "assignmentId": f"0Xz{ext}",
            "active": active}


def _state(name: str, inputs: dict[str, Any], live_active: bool | None = None) -> dict[str, Any]:
    state: dict[str, Any] = {"urn": f"urn:pulumi:production::p::{ACTIVATION}::{name}", "type": ACTIVATION,
                             "custom": True, "inputs": {"__provider": "[secret]", **inputs}}
    if live_active is not None:  # the provider's outputs: ``active`` is the live state
        state["outputs"] = {**inputs, "active": live_active, "extensionActive": live_active,
                            "activityTypesActive": {t: live_active for t in inputs["activityTypeIds"]}}
    return state


def _update(name: str, old: dict[str, Any], live_active: bool, new: dict[str, Any]) -> dict[str, Any]:
    return {"op": "update", "urn": f"urn:pulumi:production::p::{ACTIVATION}::{name}",
            "oldState": _state(name, old, live_active), "newState": _state(name, new)}


def _create(name: str, new: dict[str, Any]) -> dict[str, Any]:
    return {"op": "create", "urn": f"urn:pulumi:production::p::{ACTIVATION}::{name}",
            "newState": _state(name, new)}


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text(), f"report differs from {path}; UPDATE_GOLDEN=1 rewrites it after review"


# Its extension, types and assignment are created by the same `up`: their ids are known after apply.
NEW_EXTENSION = {"extensionId": UNKNOWN_PLACEHOLDER, "activityTypeIds": [UNKNOWN_PLACEHOLDER],
                 "assignmentId": UNKNOWN_PLACEHOLDER, "active": True}
DECLARED = {
    "steps": [
        _update("ae-activation-Webinar_Service", _inputs("A", False), False, _inputs("A", True)),
        _update("ae-activation-Survey_Tool", _inputs("B", True), True, _inputs("B", False)),
        _create("ae-activation-Events", NEW_EXTENSION),
    ]
}


def test_activation_deactivation_and_an_active_create_are_called_out() -> None:
    changes = collect(DECLARED, resource_kinds())
    risks = {c.name: c.risks for c in changes}
    assert risks["ae-activation-Webinar_Service"] == ["activates: `active` `false` → `true`"]
    assert risks["ae-activation-Survey_Tool"] == ["deactivates: `active` `true` → `false`"]
    [create_risk] = risks["ae-activation-Events"]
    assert "creating never activates" in create_risk and "next `pulumi up` activates" in create_risk
    assert "on creation" not in create_risk  # the create itself switches nothing
    _golden("review_activation.md", render("production", changes))


def test_an_active_create_with_false_is_not_called_out() -> None:
    changes = collect({"steps": [_create("ae-activation-Events", {**NEW_EXTENSION, "active": False})]},
                      resource_kinds())
    assert [c.risks for c in changes] == [[]]


# The update after an Activation was created with `active: true` (declared true, live false), and
# after one adopted a live active extension while declaring it inactive (declared false, live true).
PENDING = {
    "steps": [
        _update("ae-activation-Webinar_Service", _inputs("A", True), False, _inputs("A", True)),
        _update("ae-activation-Survey_Tool", _inputs("B", False), True, _inputs("B", False)),
        _update("ae-activation-Events", _inputs("C", True), True, _inputs("C", True)),  # already live: no switch
    ]
}


def test_the_update_after_the_create_shows_the_switch_against_the_live_state() -> None:
    changes = collect(PENDING, resource_kinds())
    risks = {c.name: c.risks for c in changes}
    assert risks == {
        "ae-activation-Webinar_Service": ["activates: `active` `false` → `true`"],
        "ae-activation-Survey_Tool": ["deactivates: `active` `true` → `false`"],
        "ae-activation-Events": [],
    }
    _golden("review_activation_pending.md", render("production", changes))
