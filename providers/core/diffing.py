"""Field-level comparison of resource inputs, shared by every provider and by the review report.

Lists of named sub-objects (Marketo attributes, Eloqua activity types) are compared by name, so
that a reviewer reads "attributes[badgeNumber].name changed", not "item 3 changed".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from deepdiff import DeepDiff

ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class FieldChange:
    path: str  # "description", "attributes[badgeNumber].dataType"
    kind: ChangeKind
    old: Any = None
    new: Any = None

    @property
    def field(self) -> str:
        """The top-level input property the change belongs to."""
        return self.path.split("[", 1)[0].split(".", 1)[0]


def keyed(items: Iterable[Mapping[str, Any]] | None, key: str) -> dict[str, Mapping[str, Any]]:
    """A list of sub-objects as a dict by their natural key (``apiName``, ``name``)."""
    return {str(item[key]): item for item in (items or [])}


def field_changes(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    fields: Iterable[str] | None = None,
    keyed_lists: Mapping[str, str] | None = None,
) -> list[FieldChange]:
    """Every difference between ``old`` and ``new``, restricted to ``fields`` when given.

    ``keyed_lists`` maps a list field to the key of its items: ``{"attributes": "apiName"}``; the
    key ``""`` compares a list of plain values as a set (``{"activityTypes": ""}``).
    Symmetric: swapping old and new swaps added/removed and old/new values, nothing else.
    """
    names = sorted(set(fields) if fields is not None else set(old) | set(new))
    keyed_lists = keyed_lists or {}
    changes: list[FieldChange] = []
    for name in names:
        left, right = old.get(name), new.get(name)
        if left is None and right is None:
            continue
        if left is None:
            changes.append(FieldChange(name, "added", None, right))
        elif right is None:
            changes.append(FieldChange(name, "removed", left, None))
        else:
            changes += _nested_changes(name, _prepare(left, keyed_lists.get(name)),
                                       _prepare(right, keyed_lists.get(name)), name in keyed_lists)
    return sorted(changes, key=lambda c: c.path)


def _nested_changes(name: str, left: Any, right: Any, keyed: bool) -> list[FieldChange]:
    """Differences inside one field's value. Keyed lists are compared key by key: DeepDiff would
    report two dicts with no key in common as one change of the whole field."""
    if keyed and isinstance(left, dict) and isinstance(right, dict):
        added, removed = right.keys() - left.keys(), left.keys() - right.keys()
        changes = [FieldChange(_render_path([name, k], True), "added", None, right[k]) for k in added]
        changes += [FieldChange(_render_path([name, k], True), "removed", left[k], None) for k in removed]
        for k in left.keys() & right.keys():
            changes += _nested_changes_of_item(name, k, left[k], right[k])
        return changes
    if isinstance(left, dict) and isinstance(right, dict) and (not left or not right):
        return [
            *(FieldChange(_render_path([name, k], keyed), "added", None, v) for k, v in right.items()),
            *(FieldChange(_render_path([name, k], keyed), "removed", v, None) for k, v in left.items()),
        ]
    return _deep_changes(name, left, right, keyed)


def _nested_changes_of_item(name: str, key: str, left: Any, right: Any) -> list[FieldChange]:
    if left == right:
        return []
    if isinstance(left, dict) and isinstance(right, dict):
        return [
            FieldChange(f"{name}[{key}]{c.path[len(name):]}", c.kind, c.old, c.new)
            for c in _nested_changes(name, left, right, False)
        ]
    return [FieldChange(_render_path([name, key], True), "changed", left, right)]


def _deep_changes(name: str, left: Any, right: Any, keyed: bool) -> list[FieldChange]:
    tree = DeepDiff({name: left}, {name: right}, view="tree", verbose_level=2)
    changes: list[FieldChange] = []
    for report, kind in (
        ("dictionary_item_added", "added"),
        ("iterable_item_added", "added"),
        ("dictionary_item_removed", "removed"),
        ("iterable_item_removed", "removed"),
        ("values_changed", "changed"),
        ("type_changes", "changed"),
    ):
        for level in tree.get(report, []):
            changes.append(
                FieldChange(
                    path=_render_path(level.path(output_format="list"), keyed),
                    kind=kind,  # type: ignore[arg-type]
                    old=None if kind == "added" else level.t1,
                    new=None if kind == "removed" else level.t2,
                )
            )
    return changes


def _prepare(value: Any, key: str | None) -> Any:
    """A keyed list as a dict by key; key "" keys a list of plain values by the values themselves."""
    if key is None or not isinstance(value, list):
        return value
    if key == "":
        return {str(item): item for item in value}
    return {str(item.get(key)): dict(item) for item in value if isinstance(item, Mapping)}


def _render_path(parts: list[Any], keyed: bool) -> str:
    """``["attributes", "badgeNumber", "name"]`` -> ``attributes[badgeNumber].name``."""
    out = str(parts[0])
    for i, part in enumerate(parts[1:], start=1):
        is_item_key = i == 1 and keyed
        out += f"[{part}]" if is_item_key or isinstance(part, int) else f".{part}"
    return out
