"""check and diff of the Account Engagement providers: pure logic, no API call."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi.runtime import rpc

from providers.salesforce.activation import ActivationProvider
from providers.salesforce.activity_type import ActivityTypeProvider
from providers.salesforce.extension import ExtensionProvider
from providers.salesforce.models import check_developer_name
from providers.salesforce.retire import parse_marker, retired_description, retired_developer_name

EXT_ID = "1Ex5g0R0Xh0pADjCKM"
EXT2_ID = "1Ex5g0R0Xh0pADjXYZ"


@pytest.mark.parametrize("name", ["Webinar_Service", "Registered", "a", "A1_b2_C3", "x" * 40])
def test_valid_developer_names(name: str) -> None:
    assert check_developer_name(name) == name


@pytest.mark.parametrize(("name", "rule"), [
    ("1Webinar", "start with a letter"), ("_Webinar", "start with a letter"), ("Webinar__Service", "two underscores"),
    ("Webinar_", "trailing underscore"), ("Webinar Service", "letters, digits"), ("Wébinar", "letters, digits"),
    ("x" * 41, "at most 40"), ("", "required"),
])
def test_invalid_developer_names_say_the_rule(name: str, rule: str) -> None:
    with pytest.raises(ValueError, match=rule):
        check_developer_name(name)


def _failures(provider: Any, news: dict[str, Any]) -> dict[str, str]:
    return {f.property: f.reason for f in provider.check({}, news).failures}


def test_extension_check_names_fields_and_rules() -> None:
    failures = _failures(ExtensionProvider(), {"developerName": "Bad__Name", "masterLabel": "  ", "colour": "x"})
    assert "two underscores" in failures["developerName"]
    assert "blank" in failures["masterLabel"]
    assert "unknown property" in failures["colour"]


def test_activity_type_without_extension_is_refused() -> None:
    failures = _failures(ActivityTypeProvider(), {"developerName": "Registered", "masterLabel": "Registered"})
    assert "extensionId" in failures and "required" in failures["extensionId"].lower()
    failures = _failures(ActivityTypeProvider(), {"extensionId": "not an id", "developerName": "Registered",
                                                  "masterLabel": "Registered"})
    assert "Salesforce id" in failures["extensionId"]


def test_check_normalises_wire_values() -> None:
    result = ExtensionProvider().check({}, {"developerName": "Webinar_Service", "masterLabel": "Webinar",
                                            "description": ""})
    assert result.failures == []
    assert result.inputs == {"developerName": "Webinar_Service", "masterLabel": "Webinar", "adopt": False}


def test_check_with_unknown_object_values_skips_validation() -> None:
    """The provider server hands unknowns over as ``Unknown()`` objects, not the string sentinel."""
    result = ActivityTypeProvider().check({}, {"extensionId": Unknown(), "developerName": "Registered",
                                               "masterLabel": "Registered"})
    assert result.failures == []
    assert result.inputs["extensionId"] == rpc.UNKNOWN


def test_extension_diff_replaces_on_developer_name_and_updates_labels() -> None:
    provider = ExtensionProvider()
    old = {"developerName": "Webinar_Service", "masterLabel": "Webinar", "adopt": False, "isActive": True}
    renamed = provider.diff(EXT_ID, old, {**old, "developerName": "Webinar_Service2"})
    assert renamed.changes and renamed.replaces == ["developerName"] and renamed.delete_before_replace
    relabelled = provider.diff(EXT_ID, old, {**old, "masterLabel": "Webinars"})
    assert relabelled.changes and not relabelled.replaces
    same = provider.diff(EXT_ID, old, {k: v for k, v in old.items() if k != "isActive"})
    assert same.changes is False  # output-only IsActive is not an input


def test_activity_type_move_is_a_delete_before_replace() -> None:
    provider = ActivityTypeProvider()
    old = {"extensionId": EXT_ID, "developerName": "Registered", "masterLabel": "Registered", "adopt": False}
    moved = provider.diff("1Ea5g0qWytKniyoCEB", old, {**old, "extensionId": EXT2_ID})
    assert moved.replaces == ["extensionId"] and moved.delete_before_replace
    renamed = provider.diff("1Ea5g0qWytKniyoCEB", old, {**old, "developerName": "Attended"})
    assert renamed.changes and not renamed.replaces  # DeveloperName is updatable on activity types
    unknown = provider.diff("1Ea5g0qWytKniyoCEB", old, {**old, "extensionId": Unknown()})
    assert unknown.changes and unknown.replaces == ["extensionId"]


@pytest.mark.parametrize(("old", "new"), [
    ({"description": "a"}, {"description": "b"}),
    ({}, {"description": "b"}),
    ({"masterLabel": "x"}, {"masterLabel": "y"}),
])
def test_diff_is_symmetric(old: dict[str, Any], new: dict[str, Any]) -> None:
    provider = ExtensionProvider()
    base = {"developerName": "Webinar_Service", "masterLabel": "Webinar", "adopt": False}
    forward = provider.diff(EXT_ID, {**base, **old}, {**base, **new})
    backward = provider.diff(EXT_ID, {**base, **new}, {**base, **old})
    assert forward.changes is backward.changes is True
    assert forward.replaces == backward.replaces == []


def test_activation_diff_compares_live_active_with_desired() -> None:
    provider = ActivationProvider()
    state = {"extensionId": EXT_ID, "activityTypeIds": ["1Ea5g0qWytKniyoCEB"], "assignmentId": "1Es5g0YlPfXrb9wCKB",
             "active": False, "extensionActive": False, "pendingActivation": ["1Ea5g0qWytKniyoCEB"]}
    wanted = {k: state[k] for k in ("extensionId", "activityTypeIds", "assignmentId")} | {"active": True}
    assert provider.diff("activation-x", state, wanted).changes is True
    assert provider.diff("activation-x", {**state, "active": True}, wanted).changes is False
    assert provider.diff("activation-x", state, {**wanted, "extensionId": EXT2_ID}).replaces == ["extensionId"]


def test_activation_check_rules() -> None:
    failures = _failures(ActivationProvider(), {"extensionId": EXT_ID, "activityTypeIds": [],
                                                "assignmentId": "1Es5g0YlPfXrb9wCKB"})
    assert "activityTypeIds" in failures
    dup = _failures(ActivationProvider(), {"extensionId": EXT_ID, "assignmentId": "1Es5g0YlPfXrb9wCKB",
                                           "activityTypeIds": ["1Ea5g0qWytKniyoCEB", "1Ea5g0qWytKniyoCEB"]})
    assert "twice" in dup["activityTypeIds"]
    missing = _failures(ActivationProvider(), {"extensionId": EXT_ID, "activityTypeIds": ["1Ea5g0qWytKniyoCEB"]})
    assert "assignmentId" in missing


def test_retired_names_stay_valid_and_markers_round_trip() -> None:
    for name in ("Registered", "x" * 40, "Some_Long_Name_" + "y" * 20):
        retired = retired_developer_name(name, "1Ea5g0qWytKniyoCEB")
        assert check_developer_name(retired) == retired and retired != name
    assert parse_marker(retired_description("Registered", "Prospect registered")) == ("Registered",
                                                                                       "Prospect registered")
    assert parse_marker(retired_description("Registered", None)) == ("Registered", None)
    assert parse_marker("an ordinary description") is None and parse_marker(None) is None
