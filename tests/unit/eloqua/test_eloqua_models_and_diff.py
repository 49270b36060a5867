"""Eloqua providers, pure logic: input rules, check, field-level diff, request bodies."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from providers.eloqua.asset import ExternalAssetProvider
from providers.eloqua.asset_type import ExternalAssetTypeProvider, removed_activity_types, request_body
from providers.eloqua.models import ExternalAssetTypeInputs

TYPES = ["Registered", "Attended", "Viewed a Demo"]


def _failures(provider: Any, news: dict[str, Any], olds: dict[str, Any] | None = None) -> dict[str, str]:
    result = provider.check(olds or {}, news)
    return {f.property: f.reason for f in result.failures}


def test_check_normalises_valid_inputs() -> None:
    result = ExternalAssetTypeProvider().check({}, {"name": "Tradeshow", "activityTypes": TYPES})
    assert result.failures == []
    assert result.inputs == {"name": "Tradeshow", "activityTypes": TYPES, "adopt": False,
                             "allowActivityTypeRemoval": False}


@pytest.mark.parametrize(("news", "field", "words"), [
    ({"activityTypes": TYPES}, "name", "required"),
    ({"name": "", "activityTypes": TYPES}, "name", "empty"),
    ({"name": " Tradeshow", "activityTypes": TYPES}, "name", "spaces"),
    ({"name": "x" * 101, "activityTypes": TYPES}, "name", "100"),
    ({"name": "Trade\nshow", "activityTypes": TYPES}, "name", "control"),
    ({"name": "Tradeshow", "activityTypes": []}, "activityTypes", "at least 1"),
    ({"name": "Tradeshow", "activityTypes": ["A", "a"]}, "activityTypes", "unique"),
    ({"name": "Tradeshow", "activityTypes": ["ok", ""]}, "activityTypes", "empty"),
    ({"name": "Tradeshow", "activityTypes": TYPES, "colour": "red"}, "colour", "unknown property"),
    ({"name": "Tradeshow", "activityTypes": TYPES, "description": "x" * 2001}, "description", "2000"),
])
def test_check_names_the_field_and_the_rule(news: dict[str, Any], field: str, words: str) -> None:
    failures = _failures(ExternalAssetTypeProvider(), news)
    assert field in failures, failures
    assert words in failures[field]


def test_removing_an_activity_type_is_flagged_until_confirmed() -> None:
    provider = ExternalAssetTypeProvider()
    old = {"name": "Tradeshow", "activityTypes": TYPES}
    failures = _failures(provider, {"name": "Tradeshow", "activityTypes": ["Registered", "Viewed a Demo"]}, old)
    assert "'Attended'" in failures["activityTypes"] and "allowActivityTypeRemoval" in failures["activityTypes"]
    renamed = _failures(provider, {"name": "Tradeshow", "activityTypes": ["Registered", "Went", "Viewed a Demo"]}, old)
    assert "'Attended'" in renamed["activityTypes"]  # a rename is a removal for Eloqua's activities
    assert _failures(provider, {"name": "Tradeshow", "activityTypes": ["registered", "attended", "Viewed a Demo"]},
                     old) == {}  # a case change keeps the activity type
    assert _failures(provider, {"name": "Tradeshow", "activityTypes": ["Registered"],
                                "allowActivityTypeRemoval": True}, old) == {}
    assert removed_activity_types(old, {"activityTypes": [*TYPES, "Booth"]}) == []


def test_diff_is_field_level_and_symmetric() -> None:
    provider = ExternalAssetTypeProvider()
    outs = {"name": "Tradeshow", "activityTypes": TYPES, "adopt": False, "allowActivityTypeRemoval": False,
            "activityTypeIds": {"Registered": "1"}}
    same = provider.diff("1", outs, {"name": "Tradeshow", "activityTypes": TYPES, "adopt": False,
                                     "allowActivityTypeRemoval": False})
    assert same.changes is False
    renamed = provider.diff("1", outs, dict(outs, name="Trade Show"))
    assert renamed.changes is True and not renamed.replaces  # Eloqua renames in place
    added = provider.diff("1", outs, dict(outs, activityTypes=[*TYPES, "Booth"]))
    back = provider.diff("1", dict(outs, activityTypes=[*TYPES, "Booth"]), outs)
    assert added.changes is True and back.changes is True
    reordered = provider.diff("1", outs, dict(outs, activityTypes=list(reversed(TYPES))))
    assert reordered.changes is False  # the order of activity types means nothing (drift agrees)
    recased = provider.diff("1", outs, dict(outs, activityTypes=[t.lower() for t in TYPES]))
    assert recased.changes is True and not recased.replaces


def test_asset_type_change_is_a_replacement() -> None:
    provider = ExternalAssetProvider()
    outs = {"name": "Tradeshow 2021", "assetTypeId": "10001", "adopt": False, "externalAssetTypeId": "10001"}
    moved = provider.diff("20001", outs, {"name": "Tradeshow 2021", "assetTypeId": "10002", "adopt": False})
    assert moved.replaces == ["assetTypeId"] and moved.delete_before_replace is True
    renamed = provider.diff("20001", outs, {"name": "Tradeshow 2022", "assetTypeId": "10001", "adopt": False})
    assert renamed.changes is True and not renamed.replaces


@pytest.mark.parametrize(("news", "field"), [
    # a whole-object rule is reported on the first input its message names
    ({"name": "Tradeshow 2021"}, "assetTypeId"),
    ({"name": "Tradeshow 2021", "assetTypeId": "1", "assetType": "Tradeshow"}, "assetTypeId"),
    ({"name": "Tradeshow 2021", "assetTypeId": "abc"}, "assetTypeId"),
    ({"name": "Tradeshow 2021", "assetTypeId": "0"}, "assetTypeId"),
])
def test_asset_check(news: dict[str, Any], field: str) -> None:
    assert field in _failures(ExternalAssetProvider(), news)


def test_asset_type_id_arrives_as_a_float_on_the_wire() -> None:
    result = ExternalAssetProvider().check({}, {"name": "Tradeshow 2021", "assetTypeId": 10001.0})
    assert result.failures == [] and result.inputs["assetTypeId"] == "10001"


def test_put_body_keeps_ids_of_existing_activity_types_by_name() -> None:
    model = ExternalAssetTypeInputs.model_validate({"name": "Tradeshow", "activityTypes": ["registered", "Booth"],
                                                    "description": "d"})
    current = {"activityTypes": [{"id": "7", "name": "Registered"}, {"id": "8", "name": "Attended"}]}
    assert request_body(model, current) == {
        "name": "Tradeshow", "description": "d",
        "activityTypes": [{"name": "registered", "id": "7"}, {"name": "Booth"}],
    }
    assert request_body(model, None)["activityTypes"] == [{"name": "registered"}, {"name": "Booth"}]


_names = st.lists(st.sampled_from(["Registered", "Attended", "Viewed a Demo", "Booth", "Webinar"]), min_size=1,
                  max_size=4, unique=True)


@given(old=_names, new=_names, old_name=st.sampled_from(["Tradeshow", "Trade Show"]),
       new_name=st.sampled_from(["Tradeshow", "Trade Show"]))
def test_diff_is_symmetric_and_exact(old: list[str], new: list[str], old_name: str, new_name: str) -> None:
    provider = ExternalAssetTypeProvider()
    a = {"name": old_name, "activityTypes": old, "adopt": False, "allowActivityTypeRemoval": False}
    b = {"name": new_name, "activityTypes": new, "adopt": False, "allowActivityTypeRemoval": False}
    forward, backward = provider.diff("1", a, b), provider.diff("1", b, a)
    # Exact up to order: the order of activity types carries no meaning.
    assert forward.changes == backward.changes == (old_name != new_name or set(old) != set(new))
    assert not forward.replaces and not backward.replaces
    removed = set(removed_activity_types(a, b))
    assert removed == set(old) - set(new)
