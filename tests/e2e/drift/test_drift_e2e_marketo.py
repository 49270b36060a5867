"""Drift of a Marketo schema-driven stack: an attribute added in the UI, a draft left pending."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from drift_helpers import schema_stack

from activity_schemas.drift_cmd import check

pytestmark = pytest.mark.e2e

SCHEMA = """\
marketo:
  customActivityTypes:
    - apiName: attendConference
      name: Attend Conference
      triggerName: Attends Conference
      filterName: Attended Conference
      primaryAttribute: {apiName: conferenceName, name: Conference Name}
      attributes:
        - {apiName: badgeNumber, name: Badge Number, dataType: integer}
    - apiName: visitBooth
      name: Visit Booth
      triggerName: Visits Booth
      filterName: Visited Booth
      primaryAttribute: {apiName: boothName, name: Booth Name}
"""


def test_attribute_added_in_the_ui_and_pending_draft_are_each_named(
    pulumi_stack: Any, control: Any, tmp_path: Path
) -> None:
    stack, schema = schema_stack(pulumi_stack, tmp_path, SCHEMA)
    stack.up()
    text, code = check(stack, [schema], "json")
    assert code == 0, text

    control.admin("marketo", "POST", "types/visitBooth/edit", json={
        "fields": {"description": "edited in the UI, not approved"}, "approve": False})
    text, code = check(stack, [schema], "json")
    assert code == 1
    assert [f["name"] for f in json.loads(text)["findings"]] == ["mkto-visitBooth"]
    # The engine's verdict agrees: a refresh then a diff sees the pending draft as a change.
    assert stack.preview("--refresh", "--expect-no-changes", check=False).returncode != 0

    control.admin("marketo", "POST", "types/attendConference/edit", json={
        "addAttributes": [{"apiName": "city", "name": "City", "dataType": "string"}], "approve": True})

    control.admin("marketo", "POST", "types", json={
        "apiName": "visitExpo", "name": "Visit Expo", "triggerName": "Visits Expo", "filterName": "Visited Expo",
        "primaryAttribute": {"apiName": "expoName", "name": "Expo Name"}})

    text, code = check(stack, [schema], "json")
    assert code == 1
    found = {f["name"]: f for f in json.loads(text)["findings"]}
    assert set(found) == {"mkto-attendConference", "mkto-visitBooth", "visitExpo"}
    assert (found["visitExpo"]["category"], found["visitExpo"]["kind"]) == ("unmanaged", "Marketo custom activity type")

    added = found["mkto-attendConference"]
    assert added["category"] == "changed"
    assert [(c["path"], c["kind"], c["live"]) for c in added["changes"]] == [
        ("attributes[city]", "added", {"apiName": "city", "name": "City", "dataType": "string"})]
    assert added["schemaLines"] == [
        f"{schema}:8: replace with: attributes:\n"
        "- apiName: badgeNumber\n  dataType: integer\n  name: Badge Number\n"
        "- apiName: city\n  dataType: string\n  name: City"]

    pending = found["mkto-visitBooth"]
    assert pending["category"] == "deactivated or unapproved"
    assert [(c["path"], c["old"], c["live"]) for c in pending["changes"]] == [
        ("status", "approved", "approved with draft")]
