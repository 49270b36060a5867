"""Field-level diffs: symmetric, keyed lists compared by key, set-like plain lists."""

from __future__ import annotations

from providers.core.diffing import FieldChange, field_changes

KEYED = {"attributes": "apiName"}


def test_every_key_of_a_keyed_list_changed_reports_each_item() -> None:
    old = {"attributes": [{"apiName": "badgeNumber", "name": "Badge"}]}
    new = {"attributes": [{"apiName": "city", "name": "City"}]}
    assert field_changes(old, new, keyed_lists=KEYED) == [
        FieldChange("attributes[badgeNumber]", "removed", {"apiName": "badgeNumber", "name": "Badge"}, None),
        FieldChange("attributes[city]", "added", None, {"apiName": "city", "name": "City"}),
    ]


def test_changed_items_are_reported_per_field() -> None:
    old = {"attributes": [{"apiName": "x", "name": "X"}, {"apiName": "y", "name": "Y", "description": "d"}]}
    new = {"attributes": [{"apiName": "y", "name": "Y"}, {"apiName": "x", "name": "X2"}]}  # order is no change
    assert field_changes(old, new, keyed_lists=KEYED) == [
        FieldChange("attributes[x].name", "changed", "X", "X2"),
        FieldChange("attributes[y].description", "removed", "d", None),
    ]


def test_symmetric() -> None:
    old = {"name": "a", "attributes": [{"apiName": "x", "name": "X"}], "gone": 1}
    new = {"name": "b", "attributes": [{"apiName": "z", "name": "Z"}], "fresh": True}
    forward = field_changes(old, new, keyed_lists=KEYED)
    backward = field_changes(new, old, keyed_lists=KEYED)
    flip = {"added": "removed", "removed": "added", "changed": "changed"}
    assert sorted((c.path, flip[c.kind], c.new, c.old) for c in forward) == sorted(
        (c.path, c.kind, c.old, c.new) for c in backward
    )


def test_plain_list_as_a_set() -> None:
    changes = field_changes({"types": ["a", "b"]}, {"types": ["b", "c"]}, keyed_lists={"types": ""})
    assert [(c.path, c.kind) for c in changes] == [("types[a]", "removed"), ("types[c]", "added")]
    assert field_changes({"types": ["a", "b"]}, {"types": ["b", "a"]}, keyed_lists={"types": ""}) == []


def test_false_is_a_value_not_an_absence() -> None:
    assert field_changes({"active": True}, {"active": False}) == [FieldChange("active", "changed", True, False)]
    assert field_changes({}, {"active": False}) == [FieldChange("active", "added", None, False)]
