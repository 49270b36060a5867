"""What an update sends to Marketo, in which order: pure functions, no I/O.

The draft is changed in as few calls as possible (one per kind of change), in an order Marketo
accepts: the type's own fields, then attribute updates (the current primary is demoted in that
batch), deletions (making room under the 20-attribute limit), creations (a new primary is
created already promoted), and finally the promotion of an existing attribute. The primary is
always demoted before another is promoted (``marketo.md`` 3.11).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from providers.marketo.models import FROZEN_FIELDS, CustomActivityTypeInputs

StepAction = Literal["update_type", "update_attributes", "delete_attributes", "create_attributes"]
APPROVED_STATUSES = frozenset({"approved", "approved with draft"})


@dataclass(frozen=True)
class LiveAttribute:
    api_name: str
    name: str
    data_type: str
    description: str | None = None

    def secondary_input(self) -> dict[str, Any]:
        out = {"apiName": self.api_name, "name": self.name, "dataType": self.data_type}
        if self.description:
            out["description"] = self.description
        return out


@dataclass(frozen=True)
class LiveType:
    """One version (approved or draft) of a type as ``describe.json`` returns it."""

    api_name: str
    name: str | None
    description: str | None
    trigger_name: str | None
    filter_name: str | None
    primary: LiveAttribute | None
    attributes: tuple[LiveAttribute, ...]
    status: str | None
    id: int | None

    @property
    def ever_approved(self) -> bool:
        """True when a live version exists, i.e. approval has frozen the type's fields."""
        return self.status in APPROVED_STATUSES

    @property
    def draft_pending(self) -> bool:
        return self.status == "approved with draft"

    def inputs(self) -> dict[str, Any]:
        """The type projected onto the resource's inputs (what a refresh shows)."""
        out: dict[str, Any] = {
            "apiName": self.api_name, "name": self.name, "description": self.description,
            "triggerName": self.trigger_name, "filterName": self.filter_name,
            "primaryAttribute": None, "attributes": [a.secondary_input() for a in self.attributes],
        }
        if self.primary is not None:
            primary = {"apiName": self.primary.api_name, "name": self.primary.name}
            if self.primary.description:
                primary["description"] = self.primary.description
            out["primaryAttribute"] = primary
        return out


def _attribute(doc: Mapping[str, Any]) -> LiveAttribute:
    return LiveAttribute(
        api_name=str(doc.get("apiName") or ""),
        name=str(doc.get("name") or ""),
        data_type=str(doc.get("dataType") or "string"),
        description=doc.get("description") or None,
    )


def parse_type(doc: Mapping[str, Any]) -> LiveType:
    """Marketo's ``CustomActivityType``; a primary listed among ``attributes`` is moved out."""
    primary_doc = doc.get("primaryAttribute")
    primary = _attribute(primary_doc) if isinstance(primary_doc, Mapping) else None
    secondaries: list[LiveAttribute] = []
    for item in doc.get("attributes") or []:
        if not isinstance(item, Mapping):
            continue
        if item.get("isPrimary") is True:
            primary = primary or _attribute(item)
            continue
        if primary is not None and item.get("apiName") == primary.api_name:
            continue
        secondaries.append(_attribute(item))
    raw_id = doc.get("id")
    return LiveType(
        api_name=str(doc.get("apiName") or ""),
        name=doc.get("name"),
        description=doc.get("description") or None,
        trigger_name=doc.get("triggerName"),
        filter_name=doc.get("filterName"),
        primary=primary,
        attributes=tuple(secondaries),
        status=doc.get("status"),
        id=int(raw_id) if isinstance(raw_id, int | float | str) and str(raw_id).isdigit() else None,
    )


@dataclass(frozen=True)
class Step:
    action: StepAction
    label: str  # names the step in errors: "update attributes numberOfAttendees"
    body: Any = None  # fields for update_type, attribute dicts, or apiNames to delete


def frozen_changes(live: LiveType, desired: CustomActivityTypeInputs) -> list[str]:
    """The frozen input fields whose live value differs from the desired one."""
    current = live.inputs()
    wanted = desired.model_dump(mode="json", by_alias=True, exclude_none=True)
    return [f for f in FROZEN_FIELDS if current.get(f) != wanted.get(f)]


def plan_update(live: LiveType, desired: CustomActivityTypeInputs) -> list[Step]:
    """The calls that turn the ``live`` version into ``desired`` on the draft (approve excluded)."""
    steps: list[Step] = []
    type_body = _type_changes(live, desired)
    if type_body:
        steps.append(Step("update_type", f"update type fields {', '.join(sorted(type_body))}", type_body))

    old_primary = live.primary.api_name if live.primary else None
    new_primary = desired.primary_attribute
    primary_moves = old_primary is not None and old_primary != new_primary.api_name
    live_secondaries = {a.api_name: a for a in live.attributes}
    wanted = {a.api_name: a for a in desired.attributes}

    updates: list[dict[str, Any]] = []
    for api_name, attribute in wanted.items():
        current = live_secondaries.get(api_name)
        if current is not None and current.secondary_input() != attribute.model_dump(by_alias=True, exclude_none=True):
            updates.append(_update_body(attribute.model_dump(by_alias=True, exclude_none=True), current))
    if primary_moves and live.primary is not None:
        kept = wanted.get(live.primary.api_name)
        demoted = kept.model_dump(by_alias=True, exclude_none=True) if kept else live.primary.secondary_input()
        updates.append({**_update_body(demoted, live.primary if kept else None), "isPrimary": False})
    if updates:
        steps.append(Step("update_attributes", f"update attributes {_names(updates)}", updates))

    deletions = [n for n in live_secondaries if n not in wanted and n != new_primary.api_name]
    if primary_moves and old_primary is not None and old_primary not in wanted:
        deletions.append(old_primary)
    if deletions:
        steps.append(Step("delete_attributes", f"delete attributes {', '.join(deletions)}", deletions))

    creations = [a.model_dump(by_alias=True, exclude_none=True) for n, a in wanted.items()
                 if n not in live_secondaries and n != old_primary]
    promoted = _primary_body(desired)
    if primary_moves and new_primary.api_name not in live_secondaries:
        creations.append({**promoted, "dataType": "string", "isPrimary": True})
    if creations:
        steps.append(Step("create_attributes", f"create attributes {_names(creations)}", creations))

    if primary_moves and new_primary.api_name in live_secondaries:
        existing = live_secondaries[new_primary.api_name]
        body = {**promoted, "dataType": existing.data_type, "isPrimary": True}
        if existing.description and "description" not in body:
            body["description"] = ""
        steps.append(Step("update_attributes", f"promote {new_primary.api_name} to primary attribute", [body]))
    return steps


def _type_changes(live: LiveType, desired: CustomActivityTypeInputs) -> dict[str, Any]:
    """Changed type fields; the primary goes here only when its apiName stays the same."""
    body: dict[str, Any] = {}
    for key, old, new in (
        ("name", live.name, desired.name),
        ("triggerName", live.trigger_name, desired.trigger_name),
        ("filterName", live.filter_name, desired.filter_name),
        ("description", live.description, desired.description),
    ):
        if (old or None) != (new or None):
            body[key] = new if new is not None else ""  # "" clears a description
    primary = desired.primary_attribute
    if live.primary is not None and live.primary.api_name == primary.api_name and (
        live.primary.name != primary.name or (live.primary.description or None) != primary.description
    ):
        body["primaryAttribute"] = {**_primary_body(desired), "description": primary.description or ""}
    return body


def _primary_body(desired: CustomActivityTypeInputs) -> dict[str, Any]:
    return desired.primary_attribute.model_dump(by_alias=True, exclude_none=True)


def _update_body(wanted: dict[str, Any], current: LiveAttribute | None) -> dict[str, Any]:
    """An attribute update; a description that goes away is cleared explicitly."""
    body = dict(wanted)
    if current is not None and current.description and "description" not in body:
        body["description"] = ""
    return body


def _names(attributes: list[dict[str, Any]]) -> str:
    return ", ".join(str(a.get("apiName")) for a in attributes)
