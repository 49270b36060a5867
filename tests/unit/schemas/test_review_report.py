"""The pull-request report: field-level changes, risks first, thresholds. Golden Markdown."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from activity_schemas.review import KindInfo, Thresholds, collect, render, verdict

GOLDEN = Path(__file__).parent / "golden"
TYPE = "pulumi-python:dynamic/test:Thing"
KINDS = {
    TYPE: KindInfo(
        label="Thing",
        keyed_lists={"attributes": "apiName"},
        submission_fields=("apiName",),
        activation_fields=("active",),
        lossy_lists=("attributes",),
        delete_note="retired in the org (deactivated), not deleted",
    )
}


def _state(name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    return {"urn": f"urn:pulumi:s::p::{TYPE}::{name}", "type": TYPE, "custom": True,
            "inputs": {"__provider": "[secret]", **inputs}}


def _step(op: str, name: str, old: dict[str, Any] | None, new: dict[str, Any] | None,
          replace: list[str] | None = None) -> dict[str, Any]:
    step: dict[str, Any] = {"op": op, "urn": f"urn:pulumi:s::p::{TYPE}::{name}"}
    if old is not None:
        step["oldState"] = _state(name, old)
    if new is not None:
        step["newState"] = _state(name, new)
    if replace:
        step["replaceReasons"] = replace
    return step


ATTRS = [{"apiName": "badge", "name": "Badge"}, {"apiName": "city", "name": "City"}]
PREVIEW = {
    "steps": [
        {"op": "same", "urn": "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s",
         "newState": {"type": "pulumi:pulumi:Stack", "custom": False}},
        _step("create", "new", None, {"apiName": "fresh", "active": False}),
        _step("update", "edited", {"apiName": "a", "name": "Old", "attributes": ATTRS},
              {"apiName": "a", "name": "New", "attributes": [{"apiName": "badge", "name": "Badge no."}]}),
        _step("update", "activated", {"apiName": "b", "active": False}, {"apiName": "b", "active": True}),
        _step("replace", "renamed", {"apiName": "c"}, {"apiName": "c2"}, replace=["apiName"]),
        _step("create-replacement", "renamed", {"apiName": "c"}, {"apiName": "c2"}, replace=["apiName"]),
        _step("delete-replaced", "renamed", {"apiName": "c"}, None),
        _step("delete", "gone", {"apiName": "d"}, None),
        _step("same", "untouched", {"apiName": "e"}, {"apiName": "e"}),
    ]
}


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text(), f"report differs from {path}; UPDATE_GOLDEN=1 rewrites it after review"


def test_each_kind_of_change_renders_risks_first() -> None:
    changes = collect(PREVIEW, KINDS)
    assert [(c.name, c.op) for c in changes] == [
        ("activated", "update in place"), ("edited", "update in place"), ("gone", "delete"),
        ("renamed", "replace"), ("new", "create"),
    ]
    _golden("review_all_kinds.md", render("production", changes))


def test_no_changes_says_so() -> None:
    _golden("review_no_changes.md", render("production", collect({"steps": []}, KINDS)))


def test_removed_attribute_is_called_out_as_data_loss() -> None:
    edited = next(c for c in collect(PREVIEW, KINDS) if c.name == "edited")
    assert "`attributes[city]` **removed**: its data is lost, and submitters that send it fail" in edited.risks
    assert [fc.path for fc in edited.changes] == ["attributes[badge].name", "attributes[city]", "name"]


@pytest.mark.parametrize(("limit", "failed"), [(None, False), (2, False), (1, True), (0, True)])
def test_destructive_threshold(limit: int | None, failed: bool) -> None:
    changes = collect(PREVIEW, KINDS)  # one replacement + one deletion
    message = verdict(changes, total_resources=6, thresholds=Thresholds(max_destructive=limit))
    assert (message is not None) is failed


def test_percent_threshold() -> None:
    changes = collect(PREVIEW, KINDS)
    assert verdict(changes, 6, Thresholds(max_destructive_percent=50)) is None
    assert "33%" in (verdict(changes, 6, Thresholds(max_destructive_percent=20)) or "")
