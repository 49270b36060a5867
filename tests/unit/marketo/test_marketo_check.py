"""check: naming rules, 0-20 attributes, data types, stack-wide unique names, 10 types; no API call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from providers.marketo import names
from providers.marketo.provider import CustomActivityTypeProvider


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    names.reset()
    yield
    names.reset()


def inputs(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "apiName": "attendConference", "name": "Attend Conference", "description": "Attend the conference",
        "triggerName": "Attends Conference", "filterName": "Attended Conference",
        "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name"},
        "attributes": [{"apiName": "conferenceDate", "name": "Conference Date", "dataType": "datetime"},
                       {"apiName": "numberOfAttendees", "name": "Number of Attendees", "dataType": "integer"}],
    }
    base.update(over)
    return base


def failures(props: dict[str, Any]) -> dict[str, str]:
    result = CustomActivityTypeProvider().check({}, props)
    return {f.property: f.reason for f in result.failures}


def test_valid_inputs_are_normalised_with_defaults() -> None:
    result = CustomActivityTypeProvider().check({}, inputs())
    assert result.failures == []
    assert result.inputs["approve"] is True and result.inputs["adopt"] is False
    assert result.inputs["attributes"][1] == {"apiName": "numberOfAttendees", "name": "Number of Attendees",
                                              "dataType": "integer"}


@pytest.mark.parametrize(("field", "value", "words"), [
    ("apiName", "attend-conference", "alphanumeric"),
    ("apiName", "12345", "at least one letter"),
    ("apiName", "a" * 256, "at most 255"),
    ("name", "Attend: Conference!", "letters, digits, spaces and underscores"),
    ("name", "123", "at least one letter"),
    ("triggerName", "", "must not be empty"),
    ("filterName", " Attended", "spaces"),
])
def test_naming_rules_name_the_field_and_the_rule(field: str, value: str, words: str) -> None:
    found = failures(inputs(**{field: value}))
    assert field in found and words in found[field]


def test_attribute_rules() -> None:
    bad_type = failures(inputs(attributes=[{"apiName": "x1", "name": "X", "dataType": "money"}]))
    assert "attributes[0].dataType" in bad_type and "'currency'" in bad_type["attributes[0].dataType"]
    too_many = [{"apiName": f"a{i}", "name": f"A {i}", "dataType": "string"} for i in range(21)]
    assert "0-20 secondary attributes" in failures(inputs(attributes=too_many))["attributes"]
    twenty = too_many[:20]
    assert failures(inputs(attributes=twenty)) == {}
    names.reset()
    assert failures(inputs(attributes=[])) == {}
    dup = [{"apiName": "x1", "name": "X", "dataType": "string"}, {"apiName": "x1", "name": "Y", "dataType": "string"}]
    assert "appears twice" in failures(inputs(attributes=dup))["attributes"]
    clash = [{"apiName": "conferenceName", "name": "X", "dataType": "string"}]
    assert "primary attribute" in next(iter(failures(inputs(attributes=clash)).values()))
    bad_attr_name = [{"apiName": "has space", "name": "X", "dataType": "string"}]
    assert "attributes[0].apiName" in failures(inputs(attributes=bad_attr_name))


def test_unknown_properties_are_refused() -> None:
    assert "colour" in failures({**inputs(), "colour": "red"})


def test_ints_arriving_as_floats_and_missing_optional_keys_are_fine() -> None:
    props = inputs()
    props.pop("description")
    assert failures(props) == {}


def test_trigger_and_filter_names_are_unique_across_the_stack() -> None:
    assert failures(inputs()) == {}
    assert failures(inputs()) == {}  # the same type checked again (preview, then update)
    other = failures(inputs(apiName="visitBooth", name="Visit Booth", triggerName="attends conference",
                            filterName="Visited Booth"))
    assert set(other) == {"triggerName"}
    assert "'attendConference'" in other["triggerName"] and "unique" in other["triggerName"]
    other = failures(inputs(apiName="visitBooth2", name="Visit Booth", triggerName="Visits Booth",
                            filterName="Attended Conference"))
    assert set(other) == {"filterName"}


def test_more_than_ten_types_in_a_stack_fail_in_check() -> None:
    for i in range(10):
        assert failures(inputs(apiName=f"type{i}", triggerName=f"T{i}", filterName=f"F{i}")) == {}
    found = failures(inputs(apiName="type10", triggerName="T10", filterName="F10"))
    assert "at most 10" in found["apiName"]
